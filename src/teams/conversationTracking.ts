/**
 * Keeps conversation references current: every activity refreshes the reference of its conversation (and of
 * the officer, in a personal chat); removing the bot marks them inactive. Also sends the one-time welcome.
 */
import { ActivityTypes, type TurnContext } from 'botbuilder';
import type { Deps } from '../deps.js';
import { botWasAdded, botWasRemoved, conversationTypeOf, seenConversation } from './activityContext.js';
import type { AssistantApp } from './app.js';
import { teamWelcomeText, welcomeCard } from './help/cards.js';

export function registerConversationTracking(app: AssistantApp, deps: Deps): void {
  const { references, clock } = deps;

  app.turn('beforeTurn', async (context) => {
    const activity = context.activity;
    if (botWasRemoved(activity)) {
      await references.markInactive(activity.conversation.id, clock.now());
      return true;
    }
    const seen = seenConversation(activity);
    if (seen) await references.recordSeen(seen, clock.now());
    if (botWasAdded(activity)) await welcome(context, deps);
    return true;
  });

  // Install events are fully handled above; these routes stop teams-ai from treating them as unhandled.
  app.activity(ActivityTypes.InstallationUpdate, async () => undefined);
  app.conversationUpdate('membersAdded', async () => undefined);
  app.conversationUpdate('membersRemoved', async () => undefined);
}

/** The welcome goes out once per conversation, however often Teams (or the Playground) repeats the install. */
async function welcome(context: TurnContext, deps: Deps): Promise<void> {
  if (!(await deps.references.claimWelcome(context.activity.conversation.id, deps.clock.now()))) return;
  if (conversationTypeOf(context.activity) === 'personal') {
    await context.sendActivity({ attachments: [welcomeCard()] });
  } else {
    await context.sendActivity(teamWelcomeText());
  }
}

