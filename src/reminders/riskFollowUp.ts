/**
 * What a risk assessment sets in motion: the first visit and case review reminders for the case's officer
 * (moved when the level changes), and, for a high risk, an immediate message to the managers.
 */
import { tenantOf } from '../domain/cases/case.js';
import type { WorkingCalendar } from '../domain/calendar/workingCalendar.js';
import { defaultDeadlineRules } from '../domain/deadlines/deadlineRules.js';
import { riskAssessmentDeadlines } from '../domain/deadlines/riskDeadlines.js';
import type { AssessmentResult } from '../services/riskAssessments.js';
import { highRiskReviewCard } from '../teams/reminders/cards.js';
import type { Escalations, Outbox } from './ports.js';
import type { ReminderStore } from '../db/reminders.js';

export interface RiskFollowUpDeps {
  reminders: ReminderStore;
  outbox: Outbox;
  calendar: WorkingCalendar;
  escalations: Pick<Escalations, 'managersOf'>;
}

/** "Visit Dora Reed (high risk, within 3 working days)": the officer's own reminder names the victim. */
function firstVisitLabel(current: AssessmentResult['case'], assessment: AssessmentResult['assessment']): string {
  const victim = current.victims.find((v) => v.id === assessment.victimId)?.name ?? 'the victim';
  return `Visit ${victim} (${assessment.finalLevel} risk, within ${defaultDeadlineRules.firstVisitWithinWorkingDays[assessment.finalLevel]} working days)`;
}

export const riskReminderKey = (caseId: string, kind: string, subjectId?: string) => `risk:${caseId}:${kind}${subjectId ? `:${subjectId}` : ''}`;

export function riskFollowUp(deps: RiskFollowUpDeps): (result: AssessmentResult) => Promise<void> {
  return async ({ case: current, assessment, created }) => {
    // Cases belong to one organisation's ASB team; its id is the tenant id (see teams/cases/officer.ts).
    const recipient = { tenantId: tenantOf(current), aadObjectId: current.ownerId };
    const visitKey = riskReminderKey(current.id, 'first-visit', assessment.victimId);
    const visited = (await deps.reminders.get(visitKey))?.status === 'done';
    for (const deadline of riskAssessmentDeadlines(assessment, deps.calendar, { victimAlreadyVisited: visited })) {
      await deps.reminders.schedule({
        key: riskReminderKey(current.id, deadline.kind, deadline.kind === 'first-visit' ? deadline.subjectId : undefined),
        kind: deadline.kind,
        label: deadline.kind === 'first-visit' ? firstVisitLabel(current, assessment) : deadline.label,
        dueDate: deadline.dueDate,
        recipient,
        caseId: current.id,
        caseReference: current.reference,
      });
    }
    if (created && assessment.finalLevel === 'high') {
      for (const manager of await deps.escalations.managersOf(current.teamId)) {
        await deps.outbox.enqueue({
          key: `high-risk:${assessment.id}:${manager.aadObjectId}`,
          to: { kind: 'user', ...manager },
          card: highRiskReviewCard(current, defaultDeadlineRules.firstVisitWithinWorkingDays.high),
        });
      }
    }
  };
}
