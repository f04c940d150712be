/** The welcome card (personal install), the help card, and the short welcome posted in a team channel. */
import type { Attachment } from 'botbuilder';
import { cardAttachment, renderCard } from '../cards.js';
import { availableCommands } from '../commands.js';
import { Verbs } from '../verbs.js';

export function welcomeCard(): Attachment {
  return cardAttachment(renderCard('welcome', { verbs: Verbs }));
}

let renderedHelp: Attachment | undefined;

/** The help card only changes when the code does, so it is rendered once. */
export function helpCard(): Attachment {
  renderedHelp ??= cardAttachment(renderCard('help', { commands: availableCommands(), verbs: Verbs }));
  return renderedHelp;
}

export function teamWelcomeText(): string {
  return (
    'Hello, I am the ASB Case Assistant. I help this team run its anti-social behaviour work from Teams: ' +
    'case files, risk assessments, deadline reminders and target group meetings. Mention me with "help" to see what I can do.'
  );
}
