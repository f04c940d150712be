/** `help`, the help button, and the reply to anything the bot does not understand: the help card. */
import { ActivityTypes } from 'botbuilder';
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

/** Registered after every feature: any message no other route took gets the help card. */
export function registerHelpFallback(app: AssistantApp, _deps: Deps): void {
  app.activity(ActivityTypes.Message, guarded(app, 'help fallback', 'public', async (context) => {
    await context.sendActivity({ text: "Sorry, I didn't recognise that. Here is what I can do:", attachments: [helpCard()] });
  }));
}
