/**
 * The text commands officers can type, in one place: the help card, the Teams manifest's command menu and
 * the message handlers all come from here. A command shows in help (and in the packaged manifest) only once
 * its feature is built and `available` is true.
 */
export type CommandScope = 'personal' | 'team' | 'groupChat';

export interface Command {
  /** The words that start the command, as Teams' command menu inserts them (max 32 characters). */
  name: string;
  /**
   * How to type it, as a real example for the help card. No <placeholders>: Teams reads text in angle brackets
   * as an HTML tag and shows nothing.
   */
  usage: string;
  /** Plain English for the help card and the manifest (max 128 characters). */
  description: string;
  /** Where the command makes sense. */
  scopes: readonly CommandScope[];
  available: boolean;
}

const everywhere = ['personal', 'team', 'groupChat'] as const;
const meetingPlaces = ['team', 'groupChat'] as const;

export const commands: readonly Command[] = [
  { name: 'new case', usage: 'new case', description: 'Open a new ASB case: victims, perpetrators, location and what happened', scopes: everywhere, available: true },
  { name: 'case', usage: 'case ASB-2026-0001', description: 'Show a case by its reference', scopes: everywhere, available: true },
  { name: 'log incident', usage: 'log incident ASB-2026-0001', description: 'Log a new incident on a case', scopes: everywhere, available: true },
  { name: 'my cases', usage: 'my cases', description: 'List the open cases you are the officer for', scopes: ['personal'], available: true },
  { name: 'find', usage: 'find Mill Lane', description: 'Search the cases you are allowed to see by name, street, postcode or reference', scopes: everywhere, available: true },
  // Still answered when typed; its menu slot went to `figures`, whose card shows the prevention rates too (Teams shows 10 commands a list).
  { name: 'prevention figures', usage: 'prevention figures', description: 'How many people given a warning did not come to notice again, against the targets', scopes: everywhere, available: false },
  { name: 'figures', usage: 'figures', description: "The month's figures with charts, CSV and Excel: the team's for managers, your caseload's for officers", scopes: everywhere, available: true },
  { name: 'my deadlines', usage: 'my deadlines', description: 'What is overdue, due today and coming up (the next 14 days unless set otherwise), each with Done and Snooze', scopes: ['personal'], available: true },
  { name: 'digest', usage: 'digest', description: 'Your morning summary now: overdue, due today, high-risk first visits due within 3 working days, and the count for the week', scopes: ['personal'], available: true },
  { name: 'my actions', usage: 'my actions', description: 'Actions given to you at target group meetings', scopes: ['personal'], available: true },
  { name: 'set up target group', usage: 'set up target group', description: 'Set up a multi-agency target group in this channel', scopes: meetingPlaces, available: true },
  { name: 'schedule meeting', usage: 'schedule meeting', description: 'Schedule the next target group meeting and its agenda', scopes: meetingPlaces, available: true },
  { name: 'start meeting', usage: 'start meeting', description: 'Start taking minutes for the target group meeting', scopes: meetingPlaces, available: true },
  { name: 'end meeting', usage: 'end meeting', description: 'Finish the meeting: post the minutes and send everyone their actions', scopes: meetingPlaces, available: true },
  { name: 'help', usage: 'help', description: 'Show what the assistant can do', scopes: everywhere, available: true },
];

export function availableCommands(): Command[] {
  return commands.filter((command) => command.available);
}

export function findCommand(name: string): Command | undefined {
  const wanted = name.trim().toLowerCase();
  return commands.find((command) => command.name === wanted);
}
