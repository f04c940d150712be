/**
 * Who may have figures, exports, returns, letters and visits, through the one access policy (src/domain/access):
 * - a manager sees the figures of their whole team, an officer their own caseload, a partner none;
 * - letters and visits are writes on a case: whoever the policy lets edit the case.
 */
import { hasRole, isStaff, mayCase, type Actor, type CaseFacts } from '../access/index.js';

/** Whose cases a person's figures count. */
export type FiguresScope = { teamIds: readonly string[]; ownerId?: string };

export function figuresScopeFor(actor: Actor): FiguresScope | undefined {
  if (!isStaff(actor) || !actor.teamId) return undefined;
  return hasRole(actor, 'manager') ? { teamIds: [actor.teamId] } : { teamIds: [actor.teamId], ownerId: actor.id };
}

export function mayWriteOnCase(actor: Actor, current: CaseFacts): boolean {
  return mayCase(actor, 'edit', current);
}
