/**
 * Posts that belong at the top of a channel rather than in the thread of the message being answered: a new
 * top-level post is a new thread, named "<channel>;messageid=<the post's id>" (Teams' "start a new thread in a
 * channel", a createConversation with the channel's id). Uses the turn's own authenticated connector client.
 */
import type { Activity, TurnContext } from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';
import { tenantIdOf } from './activityContext.js';

const connectorOf = (context: TurnContext): ConnectorClient => {
  const client = context.turnState.get<ConnectorClient | undefined>(context.adapter.ConnectorClientKey);
  if (!client) throw new Error('No connector client on this turn');
  return client;
};

/** Posts a new top-level message in the channel; returns its id, which is also the root of its thread. */
export async function postInChannel(context: TurnContext, channelId: string, activity: Partial<Activity>): Promise<string | undefined> {
  const tenantId = tenantIdOf(context.activity);
  const created = await connectorOf(context).conversations.createConversation({
    isGroup: true,
    bot: context.activity.recipient,
    ...(tenantId ? { tenantId } : {}),
    channelData: { channel: { id: channelId }, ...(tenantId ? { tenant: { id: tenantId } } : {}) },
    activity: { type: 'message', ...activity } as Activity,
  });
  return created.activityId ?? created.id?.split(';messageid=')[1];
}

/** Replaces a message the bot posted at the top of a channel (the root of its own thread). */
export async function updateChannelPost(context: TurnContext, channelId: string, postId: string, activity: Partial<Activity>): Promise<void> {
  const conversationId = `${channelId};messageid=${postId}`;
  await connectorOf(context).conversations.updateActivity(conversationId, postId, { type: 'message', ...activity, id: postId, conversation: { id: conversationId } } as Activity);
}
