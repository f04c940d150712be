/**
 * The one people picker for cards. In Teams, Input.ChoiceSet with choices.data (Data.Query over
 * graph.microsoft.com/users) searches the whole organisation and answers with the person's Entra object id;
 * the Agents Playground has no people search, so there it is a static list of the people the assistant has
 * seen. Either way the card says which it is.
 */
import { choiceInput, note, type Element, type FormState } from './cardKit.js';

export interface PickerOptions {
  label: string;
  required?: boolean;
  /** Teams' organisation search (a real Teams client); otherwise only the people listed. */
  search: boolean;
}

export function peoplePicker(form: FormState, id: string, people: ReadonlyArray<{ id: string; name: string }>, options: PickerOptions): Element[] {
  const [input, ...rest] = choiceInput(form, id, people.map((p) => ({ title: p.name, value: p.id })), { label: options.label, ...(options.required ? { required: true } : {}) });
  const picker = options.search ? { ...input, 'choices.data': { type: 'Data.Query', dataset: 'graph.microsoft.com/users' } } : input!;
  return [
    picker,
    ...rest,
    note(options.search ? 'Type a name to search your organisation, or pick someone who has used the assistant.' : 'Only people who have used the assistant are listed here (this client has no people search).'),
  ];
}
