/**
 * The retention cards: the review managers decide from (reference, area and dates only, so it is safe in any
 * chat), the Hold and Extend forms, and the team's retention period for admins.
 */
import { MAX_RETENTION_YEARS, MIN_RETENTION_YEARS, REVIEW_WINDOW_DAYS, retentionFormFields as f } from '../../domain/governance/retention.js';
import type { RetentionReview, ReviewItem } from '../../services/retention.js';
import {
  actionSet, card, choiceInput, container, dateInput, execute, formErrors, heading, note, text, textInput, type Element, type FormState,
} from '../cardKit.js';
import { GovernanceVerbs as V } from './verbs.js';

function stateText(item: ReviewItem): string {
  const state = item.state;
  switch (state.kind) {
    case 'undecided':
      return `Retention ends ${state.endsOn}. **No decision yet.**`;
    case 'held':
      return `Held until ${state.reviewOn} (retention ended ${state.endsOn}).`;
    case 'destroy-scheduled':
      return `To be destroyed on ${state.on}.`;
    case 'destroy-due':
      return `Being destroyed (due ${state.on}).`;
  }
}

function itemBlock(item: ReviewItem): Element {
  const data = { [f.caseId]: item.caseId };
  const destroyOn = item.state.kind === 'undecided' || item.state.kind === 'held' ? item.state.endsOn : undefined;
  const buttons = [
    ...(destroyOn ? [execute(`Destroy on ${destroyOn}`, V.retentionDestroy, data, { associatedInputs: 'none' })] : []),
    execute('Hold…', V.retentionHoldForm, data, { associatedInputs: 'none' }),
    execute('Extend…', V.retentionExtendForm, data, { associatedInputs: 'none' }),
  ];
  return container([
    text(`**${item.reference}** · ${item.area} · closed ${item.closedOn}`),
    text(stateText(item), { spacing: 'None' }),
    actionSet(buttons),
  ], { separator: true, spacing: 'Medium' });
}

/** The review: the first cases shown, those needing a decision first; "Only undecided" narrows it to them. */
export function retentionReviewCard(review: Pick<RetentionReview, 'items' | 'years' | 'total' | 'undecided' | 'show'>, banner?: string): Element {
  const { items, years, total, undecided, show } = review;
  const listed = show === 'undecided' ? undecided : total;
  const counts = show === 'undecided' ? `${undecided} need${undecided === 1 ? 's' : ''} a decision (held and scheduled cases not shown).` : `${undecided} of ${total} need a decision.`;
  return card([
    heading('Retention review'),
    ...(banner ? [text(banner, { color: 'Good', weight: 'Bolder' })] : []),
    text(`Your team keeps a closed case for ${years} year${years === 1 ? '' : 's'} after closure. These cases reach the end of that period within ${REVIEW_WINDOW_DAYS} days, or are held. Nothing is destroyed without a decision.`),
    ...(listed === 0 ? [text('No case needs a decision.')] : [text(counts, { weight: 'Bolder' }), ...items.map(itemBlock)]),
    ...(listed > items.length ? [note(`The first ${items.length} are shown; decide on these and the next ones follow.`)] : []),
  ], [
    execute('Refresh', V.retentionReview, { [f.show]: show }, { associatedInputs: 'none' }),
    show === 'undecided' ? execute('Show all', V.retentionReview, { [f.show]: 'all' }, { associatedInputs: 'none' }) : execute('Only undecided', V.retentionReview, { [f.show]: 'undecided' }, { associatedInputs: 'none' }),
  ]);
}

export function holdFormCard(caseId: string, reference: string, form: FormState): Element {
  return card([
    heading(`Hold ${reference}`),
    text('The case is kept until the review date, then put to the managers again.'),
    ...formErrors(form),
    ...textInput(form, f.holdReason, { label: 'Reason, e.g. pending litigation or an order still in force', multiline: true, maxLength: 500 }),
    ...dateInput(form, f.holdReviewOn, { label: 'Review on' }),
    note('Do not write names or addresses here: the reason is kept with the retention decision.'),
  ], [execute('Save hold', V.retentionHold, { [f.caseId]: caseId }), execute('Back', V.retentionReview, {}, { associatedInputs: 'none' })]);
}

export function extendFormCard(caseId: string, reference: string, form: FormState): Element {
  const years = [1, 2, 3, 4, 5].map((n) => ({ title: `${n} year${n === 1 ? '' : 's'}`, value: String(n) }));
  return card([
    heading(`Keep ${reference} longer`),
    ...formErrors(form),
    ...textInput(form, f.extendReason, { label: 'Reason', multiline: true, maxLength: 500 }),
    ...choiceInput({ ...form, values: { [f.extendYears]: '1', ...form.values } }, f.extendYears, years, { label: 'Keep for a further' }),
  ], [execute('Extend', V.retentionExtend, { [f.caseId]: caseId }), execute('Back', V.retentionReview, {}, { associatedInputs: 'none' })]);
}

export function retentionPeriodCard(years: number, form: FormState, banner?: string): Element {
  const choices = Array.from({ length: MAX_RETENTION_YEARS - MIN_RETENTION_YEARS + 1 }, (_, i) => String(i + MIN_RETENTION_YEARS)).map((n) => ({ title: `${n} years`, value: n }));
  return card([
    heading('Retention period'),
    ...(banner ? [text(banner, { color: 'Good', weight: 'Bolder' })] : []),
    text(`Closed cases are kept for **${years} years** after closure, then reviewed by the managers before destruction. A reopened case starts again from its next closure.`),
    ...formErrors(form),
    ...choiceInput({ ...form, values: { [f.years]: String(years), ...form.values } }, f.years, choices, { label: 'Keep closed cases for' }),
  ], [execute('Save', V.retentionSetPeriod)]);
}
