/**
 * When an officer asks to lower a high result, each manager (other than the officer) gets a card in their
 * personal chat to confirm it or keep the risk high. One message per request and manager, however often it is asked.
 */
import type { Outbox } from '../../reminders/ports.js';
import type { LoweringRequest } from '../../services/riskAssessments.js';
import { emptyForm } from '../cardKit.js';
import { loweringRequestCard } from './reviewCards.js';

export const loweringMessageKey = (assessmentId: string, managerId: string) => `risk-lowering:${assessmentId}:${managerId}`;

export function notifyManagersOfLowering(deps: { outbox: Outbox; managerIds: readonly string[] }): (request: LoweringRequest) => Promise<void> {
  return async ({ case: current, assessment, requestedBy }) => {
    const card = loweringRequestCard(current, assessment, emptyForm());
    for (const managerId of deps.managerIds) {
      if (managerId === requestedBy.id.toLowerCase()) continue;
      await deps.outbox.enqueue({
        key: loweringMessageKey(assessment.id, managerId),
        // Cases belong to one organisation's ASB team; its id is the tenant id (see teams/cases/officer.ts).
        to: { kind: 'user', tenantId: current.teamId, aadObjectId: managerId },
        card,
      });
    }
  };
}
