/**
 * Keeps conversation references current: every activity refreshes the reference of its conversation (and of
 * the officer, in a personal chat); removing the bot marks them inactive. Also sends the one-time welcome.
 * The sender's name comes from the Teams roster first (src/teams/roster.ts), so the stored name is current.
 */
import { ActivityTypes, type TurnContext } from 'botbuilder';
import type { Deps } from '../deps.js';
import { botWasAdded, botWasRemoved, conversationIdOf, conversationTypeOf, seenConversation } from './activityContext.js';
import type { AssistantApp } from './app.js';
import { guarded } from './routes.js';
import { teamWelcomeText, welcomeCard } from './help/cards.js';

/** A conversation heard from this recently is not written again; lastSeenAt only needs to be roughly right. */
const REFRESH_AFTER_MS = 10 * 60 * 1000;

export function registerConversationTracking(app: AssistantApp, deps: Deps): void {
  const { references, clock } = deps;
  const lastWritten = new Map<string, number>();

  app.turn('beforeTurn', async (context) => {
    const activity = context.activity;
    if (botWasRemoved(activity)) {
      const conversationId = conversationIdOf(activity);
      await references.markInactive(conversationId, clock.now());
      for (const key of lastWritten.keys()) if (key.startsWith(`${conversationId}|`)) lastWritten.delete(key);
      return true;
    }
    const seen = seenConversation(activity);
    const added = botWasAdded(activity);
    if (seen) {
      const key = `${seen.conversationId}|${seen.user?.aadObjectId ?? ''}|${seen.user?.name ?? ''}|${seen.reference.serviceUrl}`;
      const now = clock.now().getTime();
      if (added || now - (lastWritten.get(key) ?? -Infinity) > REFRESH_AFTER_MS) {
        // Not awaited (the reply does not depend on it) except for an install, whose welcome claim needs the record.
        if (added) await references.recordSeen(seen, clock.now());
        else references.recordSeenLater(seen, clock.now(), (error) => deps.logger.error({ err: error instanceof Error ? error.message : String(error) }, 'conversation reference write failed'));
        if (lastWritten.size > 50_000) lastWritten.clear();
        lastWritten.set(key, now);
      }
    }
    if (added) await welcome(context, deps);
    return true;
  });

  // Install events are fully handled above; these routes stop teams-ai from treating them as unhandled.
  app.activity(ActivityTypes.InstallationUpdate, guarded(app, 'installation update', 'public', async () => undefined));
  app.conversationUpdate('membersAdded', guarded(app, 'members added', 'public', async () => undefined));
  app.conversationUpdate('membersRemoved', guarded(app, 'members removed', 'public', async () => undefined));
}

/** The welcome goes out once per conversation, however often Teams (or the Playground) repeats the install. */
async function welcome(context: TurnContext, deps: Deps): Promise<void> {
  if (!(await deps.references.claimWelcome(conversationIdOf(context.activity), deps.clock.now()))) return;
  if (conversationTypeOf(context.activity) === 'personal') {
    await context.sendActivity({ attachments: [welcomeCard()] });
  } else {
    await context.sendActivity(teamWelcomeText());
  }
}

