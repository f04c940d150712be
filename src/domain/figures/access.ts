/**
 * Who may have figures, exports, returns, letters and visits: the one check this feature makes, built on the
 * case access rules (src/domain/cases/access.ts) so it can be routed through the team's access policy.
 * - A manager sees the figures of their whole team; an officer sees their own caseload; a partner sees none.
 * - Letters and visits are writes on a case: whoever may edit the case.
 */
import { canEditCase, type CaseUser } from '../cases/access.js';
import type { Case } from '../cases/case.js';

/** Whose cases a person's figures count. */
export type FiguresScope = { teamIds: readonly string[]; ownerId?: string };

export function figuresScopeFor(user: CaseUser): FiguresScope | undefined {
  const role = user.role ?? 'officer';
  if (role === 'partner') return undefined;
  return role === 'manager' ? { teamIds: user.teamIds } : { teamIds: user.teamIds, ownerId: user.id };
}

export function mayWriteOnCase(user: CaseUser, current: Pick<Case, 'ownerId' | 'teamId' | 'victims'>): boolean {
  return canEditCase(user, current);
}
