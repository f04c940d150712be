/**
 * Small typed builders for Adaptive Card (1.5) elements, for cards whose shape depends on data (forms with
 * errors, lists). Inputs are rendered with what the officer typed and the problem next to them.
 */
import type { AdaptiveCard } from '@microsoft/teams-ai';

export type Element = Record<string, unknown>;
export type Choice = { title: string; value: string };
/** The data an Action.Execute carries: the button's own data and the card's inputs. */
export type CardData = Record<string, unknown>;

/** A built card as teams-ai's Action.Execute handlers return it. */
export const asCard = (card: Element) => card as unknown as AdaptiveCard;
/** A message carrying one built card. */
export const attach = (card: Element) => ({ attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }] });

export interface FormState {
  /** What the officer typed, by input id. */
  values: Record<string, string>;
  /** Problems by input id; `_form` is for the form as a whole. */
  errors: Record<string, string>;
}

export const emptyForm = (): FormState => ({ values: {}, errors: {} });

/** A form shown again after a problem: what was typed, and each field's message. */
export const formState = (errors: ReadonlyArray<{ field: string; message: string }>, values: Record<string, string>): FormState =>
  ({ values, errors: Object.fromEntries(errors.map((e) => [e.field, e.message])) });

export function card(body: Element[], actions: Element[] = []): Element {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: placeErrors(body),
    ...(actions.length > 0 ? { actions } : {}),
  };
}

export const text = (value: string, options: Element = {}): Element => ({ type: 'TextBlock', text: value, wrap: true, ...options });
export const heading = (value: string): Element => text(value, { size: 'Large', weight: 'Bolder' });
export const subheading = (value: string): Element => text(value, { weight: 'Bolder', spacing: 'Medium' });
export const warning = (value: string): Element => text(value, { color: 'Attention', weight: 'Bolder' });
/** A banner in the host's own attention (red) or warning (amber) style: Teams themes its contrast, light or dark. */
export const callout = (value: string, style: 'attention' | 'warning'): Element => ({ type: 'Container', style, items: [text(value, { weight: 'Bolder' })] });
/** A button for the card's overflow menu ("…"), keeping the primary buttons few. */
export const secondary = (action: Element): Element => ({ ...action, mode: 'secondary' });
export const note = (value: string): Element => text(value, { isSubtle: true, size: 'Small' });
export const facts = (pairs: Array<[string, string]>): Element => ({
  type: 'FactSet',
  facts: pairs.filter(([, value]) => value !== '').map(([title, value]) => ({ title, value })),
});
export const container = (items: Element[], options: Element = {}): Element => ({ type: 'Container', items, ...options });

export function execute(title: string, verb: string, data: Record<string, unknown> = {}, options: Element = {}): Element {
  return { type: 'Action.Execute', title, verb, data, ...options };
}

export const actionSet = (actions: Element[]): Element => ({ type: 'ActionSet', actions });

/** A button that shows or hides an optional section of a form. */
export const toggleSection = (title: string, targetId: string): Element => actionSet([{ type: 'Action.ToggleVisibility', title, targetElements: [targetId] }]);

const ERROR_SUFFIX = '__problem';
const CHECK_BELOW = 'Please check the fields marked below.';
/** The banner of a form shown again with problems, and those problems, for `placeErrors`. */
const banners = new WeakMap<Element, Record<string, string>>();

/** The problem with one input, shown right under it. */
function errorFor(form: FormState, id: string): Element[] {
  const message = form.errors[id];
  return message ? [text(message, { id: `${id}${ERROR_SUFFIX}`, color: 'Attention', size: 'Small', spacing: 'None' })] : [];
}

export function formErrors(form: FormState): Element[] {
  const message = form.errors._form;
  if (message) return [warning(message)];
  if (Object.keys(form.errors).length === 0) return [];
  const banner = warning(CHECK_BELOW);
  banners.set(banner, form.errors);
  return [banner];
}

type Walked = { shown: Set<string>; banner?: Element };

/**
 * No form may block without saying why: a section hidden behind a toggle is opened when it holds a problem, and a
 * problem with no input on the card (a field the form does not show) is spelt out in the banner instead.
 */
function placeErrors(body: Element[]): Element[] {
  const walked: Walked = { shown: new Set() };
  const placed = body.map((element) => openIfItHoldsAProblem(element, walked));
  const { banner } = walked;
  const errors = banner ? banners.get(banner) : undefined;
  if (!banner || !errors) return placed;
  const unplaced = Object.entries(errors).filter(([field]) => field !== '_form' && !walked.shown.has(field)).map(([, message]) => message);
  if (unplaced.length === 0) return placed;
  const spelt = { ...banner, text: walked.shown.size > 0 ? `${unplaced.join(' ')} ${CHECK_BELOW}` : unplaced.join(' ') };
  return placed.map((element) => (element === banner ? spelt : element));
}

function openIfItHoldsAProblem(element: Element, walked: Walked): Element {
  if (banners.has(element)) walked.banner = element;
  if (typeof element.id === 'string' && element.id.endsWith(ERROR_SUFFIX)) walked.shown.add(element.id.slice(0, -ERROR_SUFFIX.length));
  const children = (['items', 'columns'] as const).find((key) => Array.isArray(element[key]));
  if (!children) return element;
  const before = walked.shown.size;
  const inner = (element[children] as Element[]).map((child) => openIfItHoldsAProblem(child, walked));
  const holdsProblem = walked.shown.size > before;
  return { ...element, [children]: inner, ...(holdsProblem && element.isVisible === false ? { isVisible: true } : {}) };
}

interface InputOptions {
  label: string;
  required?: boolean;
  placeholder?: string;
  /** What Teams shows under an empty required input; by default a plain "Fill in …" of the label. */
  errorMessage?: string;
}

const labelled = (options: InputOptions): Element => ({
  label: options.label,
  ...(options.required ? { isRequired: true, errorMessage: options.errorMessage ?? `Fill in ${options.label.replace(/[?:]$/, '').toLowerCase()}` } : {}),
  ...(options.placeholder ? { placeholder: options.placeholder } : {}),
});

const valueOf = (form: FormState, id: string): Element => (form.values[id] !== undefined ? { value: form.values[id] } : {});

export function textInput(form: FormState, id: string, options: InputOptions & { multiline?: boolean; maxLength?: number }): Element[] {
  return [
    {
      type: 'Input.Text',
      id,
      ...labelled(options),
      ...(options.multiline ? { isMultiline: true } : {}),
      ...(options.maxLength ? { maxLength: options.maxLength } : {}),
      ...valueOf(form, id),
    },
    ...errorFor(form, id),
  ];
}

export function dateInput(form: FormState, id: string, options: InputOptions): Element[] {
  return [{ type: 'Input.Date', id, ...labelled(options), ...valueOf(form, id) }, ...errorFor(form, id)];
}

export function timeInput(form: FormState, id: string, options: InputOptions): Element[] {
  return [{ type: 'Input.Time', id, ...labelled(options), ...valueOf(form, id) }, ...errorFor(form, id)];
}

export function choiceInput(form: FormState, id: string, choices: readonly Choice[], options: InputOptions & { multi?: boolean; expanded?: boolean }): Element[] {
  return [
    {
      type: 'Input.ChoiceSet',
      id,
      ...labelled(options),
      choices: choices.map((c) => ({ title: c.title, value: c.value })),
      style: options.expanded ? 'expanded' : 'compact',
      ...(options.multi ? { isMultiSelect: true } : {}),
      ...valueOf(form, id),
    },
    ...errorFor(form, id),
  ];
}

export function toggleInput(form: FormState, id: string, title: string): Element[] {
  return [{ type: 'Input.Toggle', id, title, valueOn: 'true', valueOff: 'false', value: form.values[id] === 'true' ? 'true' : 'false' }, ...errorFor(form, id)];
}

/** True when any of these inputs has a value or a problem: its optional section must stay open. */
export const sectionInUse = (form: FormState, ids: readonly string[]) =>
  ids.some((id) => (form.values[id] ?? '') !== '' && form.values[id] !== 'false') || ids.some((id) => form.errors[id] !== undefined);

export const options = <T extends { id: string; label: string }>(list: readonly T[]): Choice[] => list.map((item) => ({ title: item.label, value: item.id }));
