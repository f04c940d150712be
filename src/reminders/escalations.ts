/**
 * Escalations to the managers of the case's own team, from the roster (src/services/roster.ts). A reminder with
 * no case goes to the managers of its recipient's team.
 */
import type { CaseRepository } from '../db/cases.js';
import type { RosterService } from '../services/roster.js';
import type { Escalations, Recipient } from './ports.js';

export function teamEscalations(cases: Pick<CaseRepository, 'get'>, roster: Pick<RosterService, 'managersOf' | 'teamOf'>): Escalations {
  const managersOf = async (teamId: string): Promise<Recipient[]> => (await roster.managersOf(teamId)).map((m) => ({ tenantId: m.tenantId, aadObjectId: m.id }));
  return {
    managersOf,
    managersFor: async ({ caseId, recipient }) => {
      const teamId = (caseId ? (await cases.get(caseId))?.teamId : undefined) ?? (await roster.teamOf(recipient.tenantId, recipient.aadObjectId));
      return teamId ? managersOf(teamId) : [];
    },
  };
}
