/**
 * Scheduling the ASB Case Review meeting is one resumable action: interrupted after each of its steps (the
 * meeting, the partners' report actions, their reminders, the application, the audit entry, the lead's
 * reminders, the agenda posted in the channel) and finished by a retry or by the sweep, it leaves exactly what an
 * uninterrupted run leaves: one meeting, one report action per agency, no reminder missing or twice.
 */
import { expect } from '@jest/globals';
import type { Assistant } from '../../src/startup.js';
import type { Officer } from '../../src/services/caseFile.js';
import { describeConvergence, type Opened } from '../support/convergence.js';
import { FAULT_TENANT, faultCaseDraft, faultIncident, faultOfficer, faultTargetGroup } from '../support/faults.js';

const lead: Officer = { ...faultOfficer, roles: ['officer', 'manager'] };
const chair: Officer = { tenantId: FAULT_TENANT, id: 'aad-chair', name: 'Chris Chair', teamId: FAULT_TENANT, roles: ['officer'] };
let groupId = '';

async function decidedApplication(a: Assistant): Promise<Opened> {
  const { deps } = a;
  const opened = (await deps.caseFile.openCase(faultCaseDraft, faultIncident(20), lead, 'open-1')).case;
  await deps.caseFile.share(opened.id, { agency: 'police', basis: 's115', scope: 'summary' }, lead);
  const applied = await deps.caseReview.apply(opened.id, { applicationId: 'application-1', victimId: opened.victims[0]!.id, appliedOn: '2026-11-23', channel: 'phone' }, lead);
  if (!applied.ok) throw new Error(`not applied: ${JSON.stringify(applied)}`);
  const decided = await deps.caseReview.decide('application-1', { met: true, reasons: 'Persistent noise; vulnerable victim.' }, lead);
  if (!decided.ok) throw new Error('not decided');
  groupId = (await faultTargetGroup(a, chair, { nth: 2, weekday: 'thursday', everyMonths: 1 })).id;
  return { caseId: opened.id, victimId: opened.victims[0]!.id, perpetratorId: '' };
}

describeConvergence({
  'scheduling a Case Review meeting (meeting, report actions, reminders, application, audit, lead reminders, agenda post)': {
    kind: 'caseReview.meeting',
    steps: ['meeting', 'reports', 'reminders', 'application', 'audit', 'leads', 'post'],
    setup: decidedApplication,
    act: async ({ deps }) => {
      const held = await deps.caseReview.scheduleReviewMeeting('application-1', groupId, '2026-12-10', lead);
      if (!held.ok) throw new Error(`not scheduled: ${JSON.stringify(held)}`);
      return held;
    },
    complete: (state) => {
      expect(state.meetings).toHaveLength(1);
      expect(state.meetings![0]).toMatchObject({ status: 'scheduled', caseReview: { applicationId: 'application-1' } });
      expect(state.meetingActions!.map((a) => [a.agency, a.dueDate, a.status])).toEqual([['Police', '2026-12-09', 'open']]);
      expect(state.reminders!.filter((r) => r.kind === 'meeting-action').map((r) => [r.dueDate, (r.recipient as { aadObjectId: string }).aadObjectId])).toEqual([['2026-12-09', lead.id]]);
      expect(state.caseReviews![0]).toMatchObject({ reviewMeetingOn: '2026-12-10', reviewMeeting: { groupId: expect.any(String) } });
      expect(state.outbox!.map((m) => String(m._id))).toContain(`case-review-agenda:${String((state.meetings![0] as { _id: string })._id)}`);
    },
  },
});
