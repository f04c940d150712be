/**
 * The one people picker for cards. In Teams, Input.ChoiceSet with choices.data (Data.Query over
 * graph.microsoft.com/users) searches the whole organisation and answers with the person's Entra object id;
 * the Agents Playground has no people search, so there it is a static list of the people the assistant has
 * seen. Either way the card says which it is.
 */
import type { TurnContext } from 'botbuilder';
import { choiceInput, note, type Element, type FormState } from './cardKit.js';
import type { TeamsRoster } from './roster.js';

export interface PickerOptions {
  label: string;
  required?: boolean;
  /** Teams' organisation search (a real Teams client); otherwise only the people listed. */
  search: boolean;
  /** Say under the picker which kind it is (off where one line above several pickers says it: `pickerHint`). */
  hint?: boolean;
}

/** What the card says about its pickers: Teams' search, or only the people listed. */
export const pickerHint = (search: boolean): Element =>
  note(search ? 'Type a name to search your organisation, or pick someone who has used the assistant.' : 'Only people who have used the assistant are listed here (this client has no people search).');

export function peoplePicker(form: FormState, id: string, people: ReadonlyArray<{ id: string; name: string }>, options: PickerOptions): Element[] {
  const [input, ...rest] = choiceInput(form, id, people.map((p) => ({ title: p.name, value: p.id })), { label: options.label, ...(options.required ? { required: true } : {}) });
  const picker = options.search ? { ...input, 'choices.data': { type: 'Data.Query', dataset: 'graph.microsoft.com/users' } } : input!;
  return [picker, ...rest, ...(options.hint === false ? [] : [pickerHint(options.search)])];
}

/** An Entra object id (or sign-in name) as a picker sends it: one word, never a name with spaces. */
const PICKED = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,99}$/;

/**
 * The person a picker sent: someone on its static list, or else (Teams' organisation search answers with an
 * object id) whom the Teams roster knows, under the roster's name. A typed name is never taken as a person.
 */
export async function pickedPerson(
  roster: Pick<TeamsRoster, 'person'>,
  context: TurnContext,
  value: string,
  listed: ReadonlyArray<{ id: string; name: string }>,
): Promise<{ id: string; name: string } | undefined> {
  const known = listed.find((p) => p.id === value);
  if (known) return known;
  return PICKED.test(value) ? roster.person(context, value) : undefined;
}
