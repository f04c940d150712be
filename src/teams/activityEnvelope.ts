/**
 * The shape of an activity Teams posts to /api/messages, checked before anything else reads it. Bot Framework
 * and teams-ai assume these fields are there and of the right type (a number as the activity id, or no
 * recipient, failed deep inside the reply with HTTP 500), so anything else is refused with a 400 that names
 * the field, never its value. Only the envelope is checked: card data (`value`) is each handler's zod schema's.
 * Source: Bot Framework Activity schema (botframework-sdk/specs/botframework-activity/botframework-activity.md)
 * and what Teams sends (learn.microsoft.com/microsoftteams/platform/bots/how-to/conversations/conversation-messages).
 */
import { z } from 'zod';

/** Bot Framework activity types are short camelCase words ("message", "invoke", "conversationUpdate"). */
export const ACTIVITY_TYPE = /^[A-Za-z]{1,40}$/;

const id = (max: number) => z.string().min(1).max(max);
/** A timestamp the adapter turns into a Date; one that is not a date would be an Invalid Date in every handler. */
const timestamp = z.string().max(64).refine((text) => !Number.isNaN(Date.parse(text)), 'is not a date');
const account = z.object({ id: id(512), name: z.string().max(512).optional(), aadObjectId: z.string().max(128).optional() }).passthrough();
const object = z.record(z.unknown());

const activityEnvelope = z
  .object({
    // An unknown type is ignored by the app, not refused.
    type: z.string().regex(ACTIVITY_TYPE, 'is not an activity type'),
    id: id(256).optional(),
    channelId: id(64),
    serviceUrl: z.string().max(2048).url().refine((url) => /^https?:\/\//i.test(url), 'is not an http(s) address'),
    from: account,
    recipient: account,
    conversation: z
      .object({ id: id(1024), tenantId: z.string().max(128).optional(), conversationType: z.string().max(64).optional(), isGroup: z.boolean().optional(), name: z.string().max(512).optional() })
      .passthrough(),
    replyToId: id(256).optional(),
    timestamp: timestamp.optional(),
    localTimestamp: timestamp.optional(),
    locale: z.string().max(35).optional(),
    text: z.string().optional(),
    textFormat: z.string().max(32).optional(),
    name: z.string().max(256).optional(),
    action: z.string().max(64).optional(),
    channelData: z.object({ tenant: z.object({ id: z.string().max(128) }).passthrough().optional() }).passthrough().optional(),
    entities: z.array(object).max(64).optional(),
    attachments: z.array(object).max(64).optional(),
    membersAdded: z.array(account).max(1000).optional(),
    membersRemoved: z.array(account).max(1000).optional(),
  })
  .passthrough();

/** Why the body is not an activity Teams could have sent, as "field: problem" (no values), or undefined. */
export function activityProblem(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'the body must be a JSON activity';
  const parsed = activityEnvelope.safeParse(body);
  if (parsed.success) return undefined;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.length > 0 ? issue.path.join('.') : 'activity';
  const problem = issue.code === 'invalid_type' && issue.received === 'undefined' ? 'is missing' : issue.message.replace(/^String /, '').toLowerCase();
  return `${field}: ${problem}`.slice(0, 200);
}
