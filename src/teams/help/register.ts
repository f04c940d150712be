/** `help`, the help button, and the reply to anything the bot does not understand: the help card. */
import { ActivityTypes } from 'botbuilder';
import type { Deps } from '../../deps.js';
import type { AssistantApp } from '../app.js';
import { Verbs } from '../verbs.js';
import { helpCard } from './cards.js';

export function registerHelp(app: AssistantApp, _deps: Deps): void {
  app.message(/^\s*help\s*$/i, async (context) => {
    await context.sendActivity({ attachments: [helpCard()] });
  });
  app.adaptiveCards.actionExecute(Verbs.helpShow, async (context) => {
    await context.sendActivity({ attachments: [helpCard()] });
    return 'Help is below.';
  });
  // Clients without Action.Execute send the card's fallback Action.Submit, routed by its data.verb.
  app.adaptiveCards.actionSubmit(Verbs.helpShow, async (context) => {
    await context.sendActivity({ attachments: [helpCard()] });
  });
}

/** Registered after every feature: any message no other route took gets the help card. */
export function registerHelpFallback(app: AssistantApp, _deps: Deps): void {
  app.activity(ActivityTypes.Message, async (context) => {
    await context.sendActivity({ text: "Sorry, I didn't recognise that. Here is what I can do:", attachments: [helpCard()] });
  });
}
