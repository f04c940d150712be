/**
 * Checks a card the way Teams' client library reads it: the `adaptivecards` parser must report no errors or
 * warnings, no element or action may carry a property the library does not know (a typo such as "wieght"
 * is silently dropped by Teams), the card must be version 1.5, and its JSON must stay under 28 KB.
 */
import { expect } from '@jest/globals';
import { createRequire } from 'node:module';
import { MAX_CARD_BYTES } from '../../src/teams/cards.js';

interface ParseEvent {
  message: string;
}
interface SchemaProperty {
  name: string;
}
interface CardObject {
  getJsonTypeName(): string;
  getSchema(): { getCount(): number; getItemAt(index: number): SchemaProperty };
}
type ParseHook = (parsed: CardObject, source: Record<string, unknown>) => void;
interface SerializationContext {
  eventCount: number;
  getEventAt(index: number): ParseEvent;
  onParseElement?: ParseHook;
  onParseAction?: ParseHook;
}
interface AdaptiveCardsLibrary {
  AdaptiveCard: new () => CardObject & { parse(json: unknown, context: SerializationContext): void };
  SerializationContext: new () => SerializationContext;
}

// The package's ES module entry does not load in Node; its bundled build does.
const AC = createRequire(import.meta.url)('adaptivecards/dist/adaptivecards.js') as AdaptiveCardsLibrary;

/** Keys the library reads outside an object's property schema (children, fallback) or that Teams adds. */
const structuralKeys: Record<string, readonly string[]> = {
  '*': ['fallback'],
  AdaptiveCard: ['body', 'actions', 'msteams', '$schema'],
  Container: ['items'],
  Column: ['items'],
  ColumnSet: ['columns'],
  ActionSet: ['actions'],
  FactSet: ['facts'],
  'Input.ChoiceSet': ['choices'],
  RichTextBlock: ['inlines'],
  ImageSet: ['images'],
  'Action.ShowCard': ['card'],
  'Action.ToggleVisibility': ['targetElements'],
};

function unknownProperties(parsed: CardObject, source: Record<string, unknown>): string[] {
  const schema = parsed.getSchema();
  const known = new Set<string>(Array.from({ length: schema.getCount() }, (_, i) => schema.getItemAt(i).name));
  const typeName = parsed.getJsonTypeName();
  for (const key of [...structuralKeys['*'], ...(structuralKeys[typeName] ?? [])]) known.add(key);
  return Object.keys(source)
    .filter((key) => !known.has(key))
    .map((key) => `${typeName}: unknown property "${key}"`);
}

/** Every parse error, warning and unknown property, as readable messages. */
export function cardProblems(card: unknown): string[] {
  const problems: string[] = [];
  const context = new AC.SerializationContext();
  const collect: ParseHook = (parsed, source) => problems.push(...unknownProperties(parsed, source));
  context.onParseElement = collect;
  context.onParseAction = collect;
  const parsedCard = new AC.AdaptiveCard();
  parsedCard.parse(card, context);
  problems.push(...unknownProperties(parsedCard, card as Record<string, unknown>));
  for (let i = 0; i < context.eventCount; i++) problems.push(context.getEventAt(i).message);
  return problems;
}

/**
 * Inputs marked isRequired that start out of sight: inside an element with isVisible false, or in an
 * Action.ShowCard's card. Teams' renderer validates every input of the card before it sends a button's
 * action, hidden or not, and shows no error for one it cannot show: the form silently never goes.
 */
export function hiddenRequiredInputs(card: unknown): string[] {
  const found: string[] = [];
  const walk = (node: unknown, hidden: boolean): void => {
    if (Array.isArray(node)) return node.forEach((item) => walk(item, hidden));
    if (!node || typeof node !== 'object') return;
    const element = node as Record<string, unknown>;
    const here = hidden || element.isVisible === false;
    if (here && element.isRequired === true && typeof element.type === 'string' && element.type.startsWith('Input.')) found.push(String(element.id));
    for (const [key, value] of Object.entries(element)) walk(value, here || (element.type === 'Action.ShowCard' && key === 'card'));
  };
  walk(card, false);
  return found;
}

/** Accepts a card or an attachment holding one; returns the card. */
export function expectValidCard(cardOrAttachment: unknown): Record<string, unknown> {
  const value = cardOrAttachment as { contentType?: string; content?: unknown };
  const card = (value.contentType === 'application/vnd.microsoft.card.adaptive' ? value.content : cardOrAttachment) as Record<string, unknown>;
  expect(card.type).toBe('AdaptiveCard');
  expect(card.version).toBe('1.5');
  expect(cardProblems(card)).toEqual([]);
  expect(hiddenRequiredInputs(card)).toEqual([]);
  // adaptivecards-templating leaves an expression as written when the model lacks the field.
  expect(JSON.stringify(card)).not.toContain('${');
  expect(Buffer.byteLength(JSON.stringify(card), 'utf8')).toBeLessThan(MAX_CARD_BYTES);
  return card;
}

const actionTypes = new Set(['Action.Execute', 'Action.Submit', 'Action.ShowCard', 'Action.OpenUrl']);

/** The buttons a card shows without opening its overflow menu ("…"): every action not in mode "secondary". */
export function primaryButtons(card: unknown): string[] {
  const titles: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const element = node as Record<string, unknown>;
    if (typeof element.type === 'string' && actionTypes.has(element.type) && element.mode !== 'secondary') titles.push(String(element.title));
    for (const [key, value] of Object.entries(element)) if (key !== 'selectAction') walk(value);
  };
  walk(card);
  return titles;
}
