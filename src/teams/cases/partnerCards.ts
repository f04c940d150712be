/**
 * What a partner's cards offer: they read and never edit, so a shared case shows them only "Send a note to the
 * officer" and "Ask for an update", and each reaches the case officer in their personal chat.
 */
import { randomUUID } from 'node:crypto';
import { agencyLabels, agencySchema } from '../../domain/access/actor.js';
import { MAX_PARTNER_NOTE_LENGTH, partnerFields as p, type PartnerRequest } from '../../domain/access/partnerRequests.js';
import { caseFormFields as f } from '../../domain/cases/inputs.js';
import type { Outbox } from '../../reminders/ports.js';
import { card, emptyForm, execute, formErrors, heading, note, text, textInput, type Element, type FormState } from '../cardKit.js';
import { CaseVerbs } from './verbs.js';

/** Buttons that only read: the rest are taken off a partner's copy of the case card. */
const READ_ONLY_VERBS: ReadonlySet<string> = new Set([CaseVerbs.show, CaseVerbs.incidents, CaseVerbs.deadlines, CaseVerbs.partnerNoteForm, CaseVerbs.askUpdate]);

export function partnerActions(caseId: string): Element[] {
  return [
    execute('Send a note to the officer', CaseVerbs.partnerNoteForm, { [f.caseId]: caseId }),
    // A fresh key per card: pressing the same card twice asks once.
    execute('Ask for an update', CaseVerbs.askUpdate, { [f.caseId]: caseId, [p.requestKey]: randomUUID() }),
  ];
}

const isElement = (value: unknown): value is Element => !!value && typeof value === 'object' && !Array.isArray(value);

/** Every button that could change something removed, and empty button rows with it. */
function withoutEditing(node: unknown): unknown {
  if (Array.isArray(node)) {
    return node.map(withoutEditing).filter((item) => !(isElement(item) && ((item.type === 'Action.Execute' && !READ_ONLY_VERBS.has(String(item.verb))) || (item.type === 'ActionSet' && (item.actions as unknown[]).length === 0))));
  }
  if (!isElement(node)) return node;
  const copy: Element = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'selectAction' && isElement(value) && !READ_ONLY_VERBS.has(String(value.verb))) continue;
    copy[key] = withoutEditing(value);
  }
  return copy;
}

/** A partner's copy of the full case card: its reading buttons, and the partner's two. */
export function readOnlyCaseCard(full: Element, caseId: string): Element {
  const body = withoutEditing(full.body) as Element[];
  return card([...body, note('Shared with your agency: you can read this case. Ask the officer for anything else.')], partnerActions(caseId));
}

export function partnerNoteFormCard(caseId: string, form: FormState = emptyForm()): Element {
  const key = form.values[p.requestKey] || randomUUID();
  return card(
    [
      heading('Note to the case officer'),
      note('It goes to the officer in their private chat with the assistant, and is not added to the case.'),
      ...formErrors(form),
      ...textInput(form, p.note, { label: 'Your note', multiline: true, maxLength: MAX_PARTNER_NOTE_LENGTH }),
    ],
    [execute('Send note', CaseVerbs.partnerNote, { [f.caseId]: caseId, [p.requestKey]: key }, { style: 'positive' }), execute('Back to case', CaseVerbs.show, { [f.caseId]: caseId }, { associatedInputs: 'none' })],
  );
}

/** What the case officer receives, in their personal chat. */
export function partnerRequestCard(request: PartnerRequest): Element {
  const agency = agencySchema.safeParse(request.from.agency);
  const from = `${request.from.name}${agency.success ? ` (${agencyLabels[agency.data]})` : ''}`;
  return card(
    [
      heading(request.kind === 'note' ? `Note from a partner on ${request.reference}` : `Update requested on ${request.reference}`),
      text(request.kind === 'note' ? `${from} sent you a note:` : `${from} asks for an update on this case.`),
      ...(request.text ? [text(request.text)] : []),
    ],
    [execute('Open case', CaseVerbs.show, { [f.caseId]: request.caseId })],
  );
}

/** The notify step of a partner request: one message to the case officer, however often the step runs. */
export const tellCaseOfficer = (outbox: Outbox) => async (request: PartnerRequest): Promise<void> =>
  outbox.enqueue({ key: `partner-request:${request.key}`, to: { kind: 'user', tenantId: request.to.tenantId, aadObjectId: request.to.id }, card: partnerRequestCard(request) });
