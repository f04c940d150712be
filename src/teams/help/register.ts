/** `help`, the help button, and the reply to anything the bot does not understand: the help card. */
import { ACTION_INVOKE_NAME } from '@microsoft/teams-ai/lib/AdaptiveCards.js';
import { ActivityTypes, type TurnContext } from 'botbuilder';
import type { Deps } from '../../deps.js';
import type { AssistantApp } from '../app.js';
import { guarded, onCommand, onExecute, onSubmit } from '../routes.js';
import { Verbs } from '../verbs.js';
import { helpCard } from './cards.js';

export function registerHelp(app: AssistantApp, _deps: Deps): void {
  onCommand(app, /^\s*help\s*$/i, 'help', 'public', async (context) => {
    await context.sendActivity({ attachments: [helpCard()] });
  });
  onExecute(app, Verbs.helpShow, 'public', async (context) => {
    await context.sendActivity({ attachments: [helpCard()] });
    return 'Help is below.';
  });
  // Clients without Action.Execute send the card's fallback Action.Submit, routed by its data.verb.
  onSubmit(app, Verbs.helpShow, 'public', async (context) => {
    await context.sendActivity({ attachments: [helpCard()] });
  });
}

export const UNKNOWN_BUTTON = 'That button is no longer available. Type help to see what I can do.';

/** Any Action.Execute, whatever its verb: only reached when no feature's route took it. */
const anyExecute = async (context: TurnContext) => {
  const activity = context.activity;
  return activity.type === ActivityTypes.Invoke && activity.name === ACTION_INVOKE_NAME && activity.value?.action?.type === 'Action.Execute';
};

/**
 * Registered after every feature: any message no other route took gets the help card, and a button whose verb
 * nothing handles (an old card, or a forged one) a short message instead of an invoke error.
 */
export function registerHelpFallback(app: AssistantApp, _deps: Deps): void {
  onExecute(app, anyExecute, 'public', async () => UNKNOWN_BUTTON);
  app.activity(ActivityTypes.Message, guarded(app, 'help fallback', 'public', async (context) => {
    await context.sendActivity({ text: "Sorry, I didn't recognise that. Here is what I can do:", attachments: [helpCard()] });
  }));
}
