/**
 * Who may see and change a case. Roles arrive in a later issue; until then:
 * - an officer sees and edits their own cases and their teams' cases;
 * - a manager sees and edits their teams' cases (and any they own);
 * - a partner (police, housing, ...) sees a case only if it is shared with their team AND every
 *   victim on it has consented to information being shared; partners never edit.
 */
import type { Case } from './case.js';

export const caseRoles = ['officer', 'manager', 'partner'] as const;
export type CaseRole = (typeof caseRoles)[number];

export interface CaseUser {
  /** AAD object id. */
  id: string;
  teamIds: readonly string[];
  role?: CaseRole;
}

type AccessFacts = Pick<Case, 'ownerId' | 'teamId' | 'victims'>;

export const ACCESS_REFUSED_MESSAGE =
  "Sorry, you can't see that case. If you need it, ask the case owner or your team manager.";
export const EDIT_REFUSED_MESSAGE = "Sorry, you can't change that case. Ask the case owner or your team manager.";

function ownsOrShares(user: CaseUser, current: AccessFacts): boolean {
  return current.ownerId === user.id || user.teamIds.includes(current.teamId);
}

export function everyVictimConsents(current: Pick<Case, 'victims'>): boolean {
  return current.victims.length > 0 && current.victims.every((victim) => victim.consentToShare.given);
}

export function canAccessCase(user: CaseUser, current: AccessFacts): boolean {
  const role = user.role ?? 'officer';
  if (role === 'partner') return user.teamIds.includes(current.teamId) && everyVictimConsents(current);
  return ownsOrShares(user, current);
}

export function canEditCase(user: CaseUser, current: AccessFacts): boolean {
  const role = user.role ?? 'officer';
  return role !== 'partner' && ownsOrShares(user, current);
}
