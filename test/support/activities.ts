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
}

export const TEST_TENANT = '11111111-2222-3333-4444-555555555555';
export const BOT_ACCOUNT = { id: '28:asb-case-assistant', name: 'ASB Case Assistant' };

export type TestActivity = Record<string, unknown> & { type: string };

function base(type: string, options: ActivityOptions): TestActivity {
  const kind = options.conversation ?? 'personal';
  const aadObjectId = options.aadObjectId ?? 'aad-officer-1';
  const tenantId = options.tenantId ?? TEST_TENANT;
  const conversationId =
    options.conversationId ?? (kind === 'personal' ? `a:personal-${aadObjectId}` : kind === 'channel' ? '19:channel@thread.tacv2' : '19:group@thread.v2');
  return {
    type,
    id: randomUUID(),
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
      ...(kind === 'channel' ? { team: { id: options.teamId ?? '19:team@thread.tacv2', name: 'ASB Team' }, channel: { id: conversationId, name: 'General' } } : {}),
    },
    locale: 'en-GB',
  };
}

export function messageActivity(text: string, options: ActivityOptions = {}): TestActivity {
  const activity = base('message', options);
  const mentioned = options.conversation && options.conversation !== 'personal';
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

export function conversationUpdate(change: { botAdded?: boolean; botRemoved?: boolean }, options: ActivityOptions = {}): TestActivity {
  const activity = base('conversationUpdate', options);
  const member = [{ id: BOT_ACCOUNT.id }];
  return {
    ...activity,
    ...(change.botAdded ? { membersAdded: member } : {}),
    ...(change.botRemoved ? { membersRemoved: member } : {}),
  };
}

export function installationUpdate(action: 'add' | 'remove', options: ActivityOptions = {}): TestActivity {
  return { ...base('installationUpdate', options), action };
}
