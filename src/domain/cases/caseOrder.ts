/**
 * The order of an officer's case list. By default the highest risk comes first (a high-risk victim's case must
 * stand out: its response time is the shortest, DOMAIN.md "Risk and response times", seed 004; issue 13), and
 * within a risk level the
 * earliest next deadline, overdue ones first by nature; cases with no deadline follow. "Overdue first" and
 * "recently updated" remain as choices. The input list is in last-update order, and every sort keeps it.
 */
import type { LocalDate } from '../calendar/localDate.js';
import { riskRank, type RiskLevel } from '../riskLevel.js';

export const caseListOrders = ['risk-first', 'overdue-first', 'updated'] as const;
export type CaseListOrder = (typeof caseListOrders)[number];
export const defaultCaseListOrder: CaseListOrder = 'risk-first';

export interface OrderedCase {
  riskLevel?: RiskLevel;
  /** The case's earliest open deadline, if it has one. */
  nextDue?: LocalDate;
}

const riskOf = (c: OrderedCase) => (c.riskLevel ? riskRank(c.riskLevel) + 1 : 0);
const NO_DEADLINE = '9999-12-31';

/** Sorts a copy of the list (given most recently updated first) into the chosen order. */
export function orderCases<T extends OrderedCase>(cases: readonly T[], order: CaseListOrder, today: LocalDate): T[] {
  if (order === 'updated') return [...cases];
  const overdue = (c: OrderedCase) => (c.nextDue !== undefined && c.nextDue < today ? 1 : 0);
  const due = (c: OrderedCase) => c.nextDue ?? NO_DEADLINE;
  return [...cases].sort((a, b) =>
    order === 'risk-first' ? riskOf(b) - riskOf(a) || due(a).localeCompare(due(b)) : overdue(b) - overdue(a),
  );
}
