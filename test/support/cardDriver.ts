/**
 * Drives real cards the way Teams does: find a button on a card by its title, fill the card's own inputs
 * (refusing ids the card does not have), and send the Action.Execute invoke with the inputs merged into
 * the button's data. Returns the card the bot answered with.
 */
import type { ActivityOptions, TestActivity } from './activities.js';
import { invokeAction, messageActivity } from './activities.js';
import type { TestBot } from './bot.js';
import { expectValidCard } from './cards.js';

type Node = Record<string, unknown>;

/** What driving cards needs of a bot: sending activities and reading what it sent (an in-process or a compiled bot). */
export type DrivenBot = Pick<TestBot, 'send' | 'connector'>;

function walk(node: unknown, visit: (node: Node) => void): void {
  if (Array.isArray(node)) node.forEach((item) => walk(item, visit));
  else if (node && typeof node === 'object') {
    visit(node as Node);
    Object.values(node).forEach((value) => walk(value, visit));
  }
}

/** Every input on the card with the value it currently shows. */
export function cardInputs(card: unknown): Record<string, string> {
  const inputs: Record<string, string> = {};
  walk(card, (node) => {
    if (typeof node.type === 'string' && node.type.startsWith('Input.') && typeof node.id === 'string') {
      inputs[node.id] = typeof node.value === 'string' ? node.value : '';
    }
  });
  return inputs;
}

export function findButton(card: unknown, title: string | RegExp): Node {
  const found: Node[] = [];
  walk(card, (node) => {
    if (node.type === 'Action.Execute' && typeof node.title === 'string' && (typeof title === 'string' ? node.title === title : title.test(node.title))) found.push(node);
  });
  if (found.length === 0) throw new Error(`No button "${String(title)}" on the card`);
  return found[0]!;
}

/** An Action.ToggleVisibility by its title. */
export function findToggle(card: unknown, title: string | RegExp): Node {
  const found: Node[] = [];
  walk(card, (node) => {
    if (node.type === 'Action.ToggleVisibility' && typeof node.title === 'string' && (typeof title === 'string' ? node.title === title : title.test(node.title))) found.push(node);
  });
  if (!found[0]) throw new Error(`No toggle "${String(title)}" on the card`);
  return found[0];
}

/** The element with this id. */
export function findElement(card: unknown, id: string): Node {
  const found: Node[] = [];
  walk(card, (node) => {
    if (node.id === id) found.push(node);
  });
  if (!found[0]) throw new Error(`No element "${id}" on the card`);
  return found[0];
}

export function cardText(card: unknown): string {
  const texts: string[] = [];
  walk(card, (node) => {
    if (node.type === 'TextBlock' && typeof node.text === 'string') texts.push(node.text);
    if (node.type === 'FactSet' && Array.isArray(node.facts)) for (const fact of node.facts as Node[]) texts.push(`${String(fact.title)}: ${String(fact.value)}`);
  });
  return texts.join('\n');
}

/** The problem shown under an input (the Attention TextBlock that follows it), if any. */
export function errorsOn(card: unknown): string[] {
  const errors: string[] = [];
  walk(card, (node) => {
    if (node.type === 'TextBlock' && node.color === 'Attention' && typeof node.text === 'string') errors.push(node.text);
  });
  return errors;
}

/** The invoke Teams sends when this button is pressed with these inputs typed (e.g. to send it twice). */
export function pressing(card: unknown, button: string | RegExp, typed: Record<string, string> = {}, options: ActivityOptions = {}): TestActivity {
  const inputs = cardInputs(card);
  for (const id of Object.keys(typed)) {
    if (!(id in inputs)) throw new Error(`The card has no input "${id}"; it has: ${Object.keys(inputs).join(', ')}`);
  }
  const action = findButton(card, button);
  // Teams sends no inputs with a button marked associatedInputs: 'none'.
  const filled = action.associatedInputs === 'none' ? {} : Object.fromEntries(Object.entries({ ...inputs, ...typed }).filter(([, value]) => value !== ''));
  const data = { ...(action.data as Node | undefined), ...filled };
  return invokeAction(String(action.verb), data, options);
}

export async function press(bot: DrivenBot, card: unknown, button: string | RegExp, typed: Record<string, string> = {}, options: ActivityOptions = {}): Promise<Node> {
  return answerCard(await bot.send(pressing(card, button, typed, options)));
}

/** The card an invoke was answered with. */
export function answerCard(response: { status: number; body: unknown }): Node {
  if (response.status !== 200) throw new Error(`The invoke failed with HTTP ${response.status}`);
  const body = response.body as { statusCode?: number; type?: string; value?: unknown };
  if (body.type !== 'application/vnd.microsoft.card.adaptive') throw new Error(`Expected a card back, got ${JSON.stringify(body)}`);
  return expectValidCard(body.value) as Node;
}

/** The card in the last message the bot sent. */
export function lastCardSent(bot: DrivenBot): Node {
  const sent = bot.connector.sent();
  const attachments = (sent[sent.length - 1]?.attachments ?? []) as Array<{ content: unknown }>;
  if (!attachments[0]) throw new Error('The last message had no card');
  return expectValidCard(attachments[0].content) as Node;
}

/** Types a message to the bot and returns the card it answered with. */
export async function sayTo(bot: DrivenBot, text: string, options: ActivityOptions = {}): Promise<Node> {
  const activity = messageActivity(text, options);
  const response = await bot.send(activity);
  if (response.status !== 200) throw new Error(`The message failed with HTTP ${response.status}`);
  // The answer to this message, not a reminder the outbox happened to deliver meanwhile; a new top-level post
  // (the meeting card) is not a reply, so then the last card sent.
  const answer = bot.connector.sent().filter((sent) => sent.replyToId === activity.id && (sent.attachments as unknown[] | undefined)?.length).at(-1);
  const attachments = (answer?.attachments ?? []) as Array<{ content: unknown }>;
  return attachments[0] ? (expectValidCard(attachments[0].content) as Node) : lastCardSent(bot);
}

/** The value of the choice with this title in a choice input (Input.ChoiceSet) of the card. */
export function choiceValue(card: unknown, inputId: string, title: string): string {
  let value = '';
  JSON.stringify(card, (_key, node: { id?: string; choices?: Array<{ title: string; value: string }> }) => {
    if (node && node.id === inputId && node.choices) value = node.choices.find((c) => c.title === title)?.value ?? '';
    return node;
  });
  if (!value) throw new Error(`No choice "${title}" for ${inputId}`);
  return value;
}

/** The card of the first new top-level channel post (a createConversation) the bot made after call number `since`. */
export function newChannelPost(bot: TestBot, since: number): Node {
  const post = bot.connector.calls.slice(since).find((c) => c.method === 'POST' && c.path === '/v3/conversations');
  if (!post) throw new Error('The bot made no new channel post');
  const activity = post.body?.activity as { attachments?: Array<{ content: unknown }> } | undefined;
  return expectValidCard(activity?.attachments?.[0]?.content);
}
