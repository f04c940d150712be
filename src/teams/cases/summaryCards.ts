/**
 * Cards for group chats and channels, built only from the case summary (src/domain/privacy/summary.ts):
 * reference, status, risk, area, categories and initials. "Show details" answers the presser alone (an
 * Action.Execute response replaces the card for the person who pressed it; everyone else keeps the summary).
 */
import { areaName, type Area } from '../../domain/cases/areas.js';
import { categoryLabel } from '../../domain/cases/categories.js';
import { caseFormFields as f } from '../../domain/cases/inputs.js';
import { statusLabels } from '../../domain/cases/status.js';
import type { CaseSummary } from '../../domain/privacy/summary.js';
import { card, execute, facts, heading, note, text, type Element } from '../cardKit.js';
import { CaseVerbs } from './verbs.js';

export const SHARED_SPACE_NOTE = 'Summary only: others can see this conversation. Show details opens the full case for you alone.';
export const SUMMARY_SHARE_NOTE = 'Shared with your agency as a summary only.';

const peopleLine = (summary: CaseSummary) => summary.people.map((p) => `${p.role} ${p.initials}`).join(', ');

/** The summary on one line, for a row in a list posted where others can read it. */
export function summaryLine(summary: CaseSummary, areas: readonly Area[]): string {
  const people = peopleLine(summary);
  return [summary.reference, statusLabels[summary.status], `Risk: ${summary.riskLevel ?? 'not assessed yet'}`, areaName(areas, summary.area), summary.categories.map(categoryLabel).join(', '), ...(people ? [people] : [])].join(' · ');
}

export function caseSummaryCard(summary: CaseSummary, options: { areas: readonly Area[]; detailsButton: boolean; note: string; actions?: Element[] }): Element {
  return card(
    [
      heading(summary.reference),
      text(`**${statusLabels[summary.status]}** · Risk: ${summary.riskLevel ?? 'not assessed yet'}`, { spacing: 'None' }),
      facts([
        ['Area', areaName(options.areas, summary.area)],
        ['Categories', summary.categories.map(categoryLabel).join(', ')],
        ['People', peopleLine(summary)],
      ]),
      note(options.note),
    ],
    [...(options.detailsButton ? [execute('Show details', CaseVerbs.details, { [f.caseId]: summary.caseId })] : []), ...(options.actions ?? [])],
  );
}
