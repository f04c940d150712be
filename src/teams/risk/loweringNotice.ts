/**
 * When an officer asks to lower a high result, each manager of the case's team (other than the officer) gets a card in their
 * personal chat to confirm it or keep the risk high. One message per request and manager, however often it is asked.
 */
import type { Escalations, Outbox } from '../../reminders/ports.js';
import type { LoweringRequest } from '../../services/riskAssessments.js';
import { emptyForm } from '../cardKit.js';
import { loweringRequestCard } from './reviewCards.js';

export const loweringMessageKey = (assessmentId: string, managerId: string) => `risk-lowering:${assessmentId}:${managerId}`;

export function notifyManagersOfLowering(deps: { outbox: Outbox; escalations: Pick<Escalations, 'managersOf'> }): (request: LoweringRequest) => Promise<void> {
  return async ({ case: current, assessment, requestedBy }) => {
    const card = loweringRequestCard(current, assessment, emptyForm());
    for (const manager of await deps.escalations.managersOf(current.teamId)) {
      if (manager.aadObjectId === requestedBy.id.toLowerCase()) continue;
      await deps.outbox.enqueue({
        key: loweringMessageKey(assessment.id, manager.aadObjectId),
        to: { kind: 'user', ...manager },
        card,
      });
    }
  };
}
