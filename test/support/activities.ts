/** Builders for the Bot Framework activities Teams sends, in personal, group chat and channel conversations. */
import { randomUUID } from 'node:crypto';

export type ConversationKind = 'personal' | 'groupChat' | 'channel';

export interface ActivityOptions {
  conversation?: ConversationKind;
  conversationId?: string;
  /** Entra ID object id of the sender. */
  aadObjectId?: string;
  userName?: string;
  tenantId?: string;
  teamId?: string;
  serviceUrl?: string;
  /**
   * In a channel: the id of the thread's root post this is a reply in. Without it a channel message is a new
   * top-level post, which Teams also tags with ";messageid=<its own id>".
   */
  threadRoot?: string;
  /** In a group chat or channel, whether the message @mentions the bot (default true). */
  mention?: boolean;
}

export const TEST_TENANT = '11111111-2222-3333-4444-555555555555';
export const BOT_ACCOUNT = { id: '28:asb-case-assistant', name: 'ASB Case Assistant' };

export type TestActivity = Record<string, unknown> & { type: string };

export const TEST_CHANNEL = '19:channel@thread.tacv2';
const threadTag = /;messageid=([^;]+)$/;

/**
 * Teams names a channel conversation per thread: "<channel>;messageid=<root post id>", both for a new post
 * (its own id) and for every reply in its thread (which also carries replyToId = the root).
 */
function channelConversation(channelId: string, activityId: string, threadRoot: string | undefined): { id: string; replyToId?: string } {
  const root = threadRoot ?? threadTag.exec(channelId)?.[1];
  const bare = channelId.replace(threadTag, '');
  return root ? { id: `${bare};messageid=${root}`, replyToId: root } : { id: `${bare};messageid=${activityId}` };
}

function base(type: string, options: ActivityOptions): TestActivity {
  const kind = options.conversation ?? 'personal';
  const aadObjectId = options.aadObjectId ?? 'aad-officer-1';
  const tenantId = options.tenantId ?? TEST_TENANT;
  const id = randomUUID();
  const given = options.conversationId ?? (kind === 'personal' ? `a:personal-${aadObjectId}` : kind === 'channel' ? TEST_CHANNEL : '19:group@thread.v2');
  // Install and membership events name the channel itself; messages, invokes and events name their thread.
  const perThread = kind === 'channel' && type !== 'conversationUpdate' && type !== 'installationUpdate';
  const thread = perThread ? channelConversation(given, id, options.threadRoot) : { id: given.replace(threadTag, '') };
  const conversationId = thread.id;
  return {
    type,
    id,
    ...(thread.replyToId ? { replyToId: thread.replyToId } : {}),
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl: options.serviceUrl ?? '',
    from: { id: `29:${aadObjectId}`, name: options.userName ?? 'Test Officer', aadObjectId },
    recipient: BOT_ACCOUNT,
    conversation: {
      id: conversationId,
      conversationType: kind,
      tenantId,
      ...(kind === 'personal' ? {} : { isGroup: true }),
    },
    channelData: {
      tenant: { id: tenantId },
      ...(kind === 'channel' ? { team: { id: options.teamId ?? '19:team@thread.tacv2', name: 'ASB Team' }, channel: { id: given.replace(threadTag, ''), name: 'General' } } : {}),
    },
    locale: 'en-GB',
  };
}

export function messageActivity(text: string, options: ActivityOptions = {}): TestActivity {
  const activity = base('message', options);
  const mentioned = options.conversation && options.conversation !== 'personal' && options.mention !== false;
  return mentioned
    ? {
        ...activity,
        text: `<at>${BOT_ACCOUNT.name}</at> ${text}`,
        entities: [{ type: 'mention', text: `<at>${BOT_ACCOUNT.name}</at>`, mentioned: BOT_ACCOUNT }],
      }
    : { ...activity, text };
}

/** The invoke Teams sends when a user presses an Action.Execute button. */
export function invokeAction(verb: string, data: Record<string, unknown> = {}, options: ActivityOptions = {}): TestActivity {
  return {
    ...base('invoke', options),
    name: 'adaptiveCard/action',
    value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
  };
}

/**
 * A typeahead search as Teams sends it from an Input.ChoiceSet with Data.Query: the typed text, the dataset,
 * and (with associatedInputs "auto") the card's other inputs in `data`.
 */
export function searchInvoke(dataset: string, queryText: string, inputs: Record<string, string> = {}, options: ActivityOptions = {}): TestActivity {
  return {
    ...base('invoke', options),
    name: 'application/search',
    value: { queryText, queryOptions: { skip: 0, top: 15 }, dataset, data: inputs },
  };
}

/** Install and membership events carry no user name: names come from the roster API. */
function nameless(activity: TestActivity): TestActivity {
  const { name: _name, ...from } = activity.from as Record<string, unknown>;
  return { ...activity, from };
}

export function conversationUpdate(change: { botAdded?: boolean; botRemoved?: boolean }, options: ActivityOptions = {}): TestActivity {
  const activity = nameless(base('conversationUpdate', options));
  const member = [{ id: BOT_ACCOUNT.id }];
  return {
    ...activity,
    ...(change.botAdded ? { membersAdded: member } : {}),
    ...(change.botRemoved ? { membersRemoved: member } : {}),
  };
}

export function installationUpdate(action: 'add' | 'remove', options: ActivityOptions = {}): TestActivity {
  return { ...nameless(base('installationUpdate', options)), action };
}
