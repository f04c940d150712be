/** What the rest of the app needs to know about where an activity came from, read from Teams' activity shape. */
import { TurnContext, type Activity } from 'botbuilder';
import type { ConversationType, SeenConversation } from '../db/conversationReferences.js';

interface TeamsChannelData {
  tenant?: { id?: string };
  team?: { id?: string; name?: string };
  channel?: { id?: string; name?: string };
}

const channelData = (activity: Partial<Activity>) => (activity.channelData ?? {}) as TeamsChannelData;

export function tenantIdOf(activity: Partial<Activity>): string | undefined {
  return channelData(activity).tenant?.id ?? activity.conversation?.tenantId ?? undefined;
}

export function conversationTypeOf(activity: Partial<Activity>): ConversationType {
  const type = activity.conversation?.conversationType;
  return type === 'channel' || type === 'groupChat' ? type : 'personal';
}

/**
 * A group chat or a channel: everyone present sees every card, so personal data is masked there and some forms
 * open only in the personal chat.
 */
export const inSharedSpace = (context: Pick<TurnContext, 'activity'>): boolean => conversationTypeOf(context.activity) !== 'personal';

const threadTag = /;messageid=([^;]+)/;

/**
 * The conversation without its thread: Teams names each channel thread "<channel>;messageid=<root post id>",
 * and a message sent to the bare channel id starts a new top-level post.
 */
export function conversationIdOf(activity: Partial<Activity>): string {
  const id = activity.conversation?.id ?? '';
  return conversationTypeOf(activity) === 'channel' ? id.replace(threadTag, '') : id;
}

/** In a channel, the id of the root post of the thread this activity belongs to. */
export function threadRootOf(activity: Partial<Activity>): string | undefined {
  return conversationTypeOf(activity) === 'channel' ? threadTag.exec(activity.conversation?.id ?? '')?.[1] : undefined;
}

/** The conversation and person an activity came from, for storing its conversation reference. */
export function seenConversation(activity: Activity): SeenConversation | undefined {
  const tenantId = tenantIdOf(activity);
  if (!tenantId || !activity.conversation?.id || !activity.serviceUrl) return undefined;
  const reference = TurnContext.getConversationReference(activity);
  const data = channelData(activity);
  const conversationId = conversationIdOf(activity);
  return {
    tenantId,
    conversationId,
    conversationType: conversationTypeOf(activity),
    teamId: data.team?.id,
    conversationName: data.channel?.name ?? activity.conversation.name ?? undefined,
    user: activity.from?.aadObjectId ? { aadObjectId: activity.from.aadObjectId, name: activity.from.name } : undefined,
    reference: {
      channelId: reference.channelId!,
      serviceUrl: reference.serviceUrl!,
      conversation: {
        id: conversationId,
        conversationType: reference.conversation!.conversationType,
        tenantId,
        isGroup: reference.conversation!.isGroup,
      },
      bot: { id: reference.bot!.id, name: reference.bot!.name },
      user: reference.user ? { id: reference.user.id, name: reference.user.name, aadObjectId: reference.user.aadObjectId } : undefined,
    },
  };
}

/** True when this conversationUpdate/installationUpdate says the bot itself was added. */
export function botWasAdded(activity: Activity): boolean {
  if (activity.type === 'installationUpdate') return activity.action === 'add' || activity.action === 'add-upgrade';
  return (activity.membersAdded ?? []).some((member) => member.id === activity.recipient?.id);
}

export function botWasRemoved(activity: Activity): boolean {
  if (activity.type === 'installationUpdate') return activity.action === 'remove' || activity.action === 'remove-upgrade';
  return (activity.membersRemoved ?? []).some((member) => member.id === activity.recipient?.id);
}
