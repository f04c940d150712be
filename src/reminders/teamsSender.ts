/**
 * Sends one proactive message through the Bot Connector: into the person's stored personal chat, or, when the
 * bot has never talked with them, into a new 1:1 chat created from their Entra ID object id (Teams allows this for
 * users who have the app). Failures come back classified, never thrown, so the dispatcher decides what next.
 */
import { TurnContext, type Activity, type CloudAdapter, type ConversationReference } from 'botbuilder';
import type { ConversationReferences, StoredReference } from '../db/conversationReferences.js';
import type { Clock } from '../domain/clock.js';
import type { Destination } from './ports.js';

export type SendOutcome =
  | { kind: 'sent' }
  /** Worth trying again later (throttled or a transient connector fault). */
  | { kind: 'retry'; error: string; retryAfterMs?: number }
  /** The person or conversation cannot be reached any more (app removed, user gone). */
  | { kind: 'gone'; error: string }
  | { kind: 'failed'; error: string };

/** Where a message goes once the destination is looked up; `throttleKey` names the conversation for rate limits. */
export type Target =
  | { kind: 'conversation'; throttleKey: string; tenantId: string; reference: StoredReference }
  | { kind: 'new-personal-chat'; throttleKey: string; tenantId: string; aadObjectId: string; serviceUrl: string };

const RETRYABLE = new Set([412, 429, 502, 503, 504]);
const GONE = new Set([403, 404]);

export class TeamsSender {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly botAppId: string,
    private readonly references: ConversationReferences,
    private readonly clock: Clock,
  ) {}

  /** Finds how to reach the destination, or says why it cannot be reached. */
  async resolve(to: Destination): Promise<Target | { kind: 'gone'; error: string }> {
    if (to.kind === 'conversation') {
      const ref = await this.references.findConversationReference(to.conversationId);
      if (!ref) return { kind: 'gone', error: 'no-conversation-reference' };
      return { kind: 'conversation', throttleKey: ref.conversationId, tenantId: ref.tenantId, reference: ref.reference };
    }
    const ref = await this.references.findUserReference(to.aadObjectId, to.tenantId);
    if (ref) return { kind: 'conversation', throttleKey: ref.conversationId, tenantId: ref.tenantId, reference: ref.reference };
    const serviceUrl = await this.references.serviceUrlForTenant(to.tenantId);
    if (!serviceUrl) return { kind: 'gone', error: 'no-service-url-for-tenant' };
    return { kind: 'new-personal-chat', throttleKey: `user:${to.aadObjectId}`, tenantId: to.tenantId, aadObjectId: to.aadObjectId, serviceUrl };
  }

  async send(target: Target, activity: Partial<Activity>): Promise<SendOutcome> {
    try {
      if (target.kind === 'conversation') {
        await this.adapter.continueConversationAsync(this.botAppId, target.reference as Partial<ConversationReference>, async (context) => {
          await context.sendActivity(activity);
        });
      } else {
        await this.createPersonalChat(target, activity);
      }
      return { kind: 'sent' };
    } catch (error) {
      return classify(error);
    }
  }

  private async createPersonalChat(target: Extract<Target, { kind: 'new-personal-chat' }>, activity: Partial<Activity>): Promise<void> {
    const parameters = {
      isGroup: false,
      bot: { id: this.botAppId || 'asb-case-assistant', name: 'ASB Case Assistant' },
      members: [{ id: target.aadObjectId, name: '' }],
      tenantId: target.tenantId,
      channelData: { tenant: { id: target.tenantId } },
    };
    await this.adapter.createConversationAsync(this.botAppId, 'msteams', target.serviceUrl, 'https://api.botframework.com', parameters as never, async (context) => {
      const reference = TurnContext.getConversationReference(context.activity);
      await this.references.recordSeen(
        {
          tenantId: target.tenantId,
          conversationId: context.activity.conversation.id,
          conversationType: 'personal',
          user: { aadObjectId: target.aadObjectId },
          reference: { ...reference, conversation: { ...reference.conversation, tenantId: target.tenantId, conversationType: 'personal' } } as never,
        },
        this.clock.now(),
      );
      await context.sendActivity(activity);
    });
  }
}

function classify(error: unknown): SendOutcome {
  const status = (error as { statusCode?: number }).statusCode;
  if (status === undefined) return { kind: 'retry', error: (error as { code?: string }).code ?? 'network' };
  const label = `http-${status}`;
  if (RETRYABLE.has(status)) return { kind: 'retry', error: label, retryAfterMs: retryAfterOf(error) };
  if (GONE.has(status)) return { kind: 'gone', error: label };
  return { kind: 'failed', error: label };
}

/** Retry-After in ms, from seconds or an HTTP date. */
function retryAfterOf(error: unknown): number | undefined {
  const headers = (error as { response?: { headers?: { get?(name: string): string | undefined } } }).response?.headers;
  const value = headers?.get?.('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}
