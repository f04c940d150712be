/**
 * Every multi-step action converges after a failure at any step: the action is interrupted after each of its
 * steps in turn, then finished by a retry with the same submission or by the sweep (as after a restart), and
 * the database must then hold exactly what an uninterrupted run leaves: the same documents, no duplicates, no
 * missing reminder.
 */
import { describe, expect, it } from '@jest/globals';
import type { Assistant } from '../../src/startup.js';
import { victimUpdateKey } from '../../src/reminders/caseFollowUp.js';
import { addAction, addNote, itemRecord } from '../../src/domain/meetings/meeting.js';
import { describeConvergence, type Opened, type Scenario, type State } from '../support/convergence.js';
import { FAULT_TENANT, FAULT_TEST_START, faultCaseDraft, faultIncident, faultOfficer, faultTargetGroup, startWithFaults } from '../support/faults.js';
import type { Officer } from '../../src/services/caseFile.js';

const TENANT = FAULT_TENANT;
const officer = faultOfficer;
const colleague = { id: 'aad-officer-2', name: 'Colin Colleague' };
const partner: Officer = { tenantId: TENANT, id: 'aad-pc', name: 'PC Pat', teamId: TENANT, roles: ['partner'], agency: 'police' };
const chair: Officer = { tenantId: TENANT, id: 'aad-chair', name: 'Chris Chair', teamId: TENANT, roles: ['officer'] };
const draft = faultCaseDraft;
const incident = faultIncident;

async function openCase(a: Assistant, key = 'open-1'): Promise<Opened> {
  const opened = (await a.deps.caseFile.openCase(draft, incident(20), officer, key)).case;
  return { caseId: opened.id, victimId: opened.victims[0]!.id, perpetratorId: opened.perpetrators[0]!.id };
}

const scenarios: Record<string, Scenario> = {
  'opening a case (case, first incident, audit, victim update reminder)': {
    kind: 'case.open',
    steps: ['case', 'first-incident', 'audit', 'reminders'],
    setup: async () => ({ caseId: '', victimId: '', perpetratorId: '' }),
    act: (a) => openCase(a),
    complete: (state) => {
      expect(state.cases).toHaveLength(1);
      expect(state.incidents).toHaveLength(1);
      expect(state.audit!.map((e) => e.entity)).toEqual(['case']);
      expect(state.reminders!.map((r) => [r.kind, r.status])).toEqual([['victim-update', 'open']]);
    },
  },
  'logging the incident that reaches the Case Review threshold': {
    kind: 'case.incident',
    steps: ['incident', 'touch', 'audit', 'case-review-notice'],
    setup: async (a) => {
      const opened = await openCase(a);
      await a.deps.caseFile.logIncident(opened.caseId, { ...incident(21), reportedBy: { personId: opened.victimId, name: 'Alice Smith' } }, officer, 'incident-2');
      return opened;
    },
    act: ({ deps }, { caseId, victimId }) => deps.caseFile.logIncident(caseId, { ...incident(22), reportedBy: { personId: victimId, name: 'Alice Smith' } }, officer, 'incident-3'),
    complete: (state) => {
      expect(state.incidents).toHaveLength(3);
      expect(state.outbox!.map((m) => String(m._id))).toEqual([expect.stringMatching(/^case-review-threshold:/)]);
      expect(state.cases![0]!.version).toBe(3);
    },
  },
  'closing a case (saved closed, its reminders cancelled, audited)': {
    kind: 'case.revise',
    steps: ['save', 'incidents', 'follow-ups', 'audit'],
    setup: (a) => openCase(a),
    act: (a, { caseId }) => a.deps.caseFile.changeStatus(caseId, 1, 'closed', { closure: { reason: 'asb-ceased', victimInformed: true } }, officer),
    complete: (state) => {
      expect(state.cases![0]!.status).toBe('closed');
      expect(state.reminders!.map((r) => r.status)).toEqual(['cancelled']);
      expect(state.audit!.filter((e) => e.action === 'status')).toHaveLength(1);
    },
  },
  'reassigning a case (saved, reminders moved to the new officer, audited)': {
    kind: 'case.revise',
    steps: ['save', 'incidents', 'follow-ups', 'audit'],
    setup: (a) => openCase(a),
    act: (a, { caseId }) => a.deps.caseFile.assign(caseId, 1, colleague, officer),
    complete: (state) => {
      expect(state.cases![0]!.ownerId).toBe(colleague.id);
      expect(state.reminders!.map((r) => (r.recipient as { aadObjectId: string }).aadObjectId)).toEqual([colleague.id]);
    },
  },
  "a partner's request for an update (audited, taken to the case officer)": {
    kind: 'case.partnerRequest',
    steps: ['audit', 'notify'],
    setup: async (a) => {
      const opened = await openCase(a);
      await a.deps.caseFile.share(opened.caseId, { agency: 'police', basis: 's115', scope: 'summary' }, officer);
      return opened;
    },
    act: (a, { caseId }) => a.deps.caseFile.partnerRequest(caseId, { kind: 'update' }, partner, 'request-1'),
    complete: (state) => {
      expect(state.audit!.filter((e) => e.action === 'request').map((e) => e.actorId)).toEqual([partner.id]);
      expect(state.outbox!.map((m) => String(m._id))).toEqual([expect.stringMatching(/^partner-request:/)]);
    },
  },
  'Done on a victim update (closed, audited, the next one set)': {
    kind: 'reminder.done',
    steps: ['complete', 'audit', 'next'],
    setup: (a) => openCase(a),
    act: async ({ deps }, { caseId, victimId }) => deps.caseFollowUp.markDone((await deps.reminders.get(victimUpdateKey(caseId, victimId)))!, officer),
    complete: (state) => {
      expect(state.reminders!.map((r) => [r.status, r.dueDate])).toEqual([['open', '2026-11-30']]);
      expect(state.audit!.filter((e) => e.entity === 'reminder')).toHaveLength(1);
    },
  },
  'recording a warning (the record, its audit entry, its monitoring reminders)': {
    kind: 'intervention.record',
    steps: ['record', 'audit', 'reminders'],
    setup: (a) => openCase(a),
    act: ({ deps }, { caseId, perpetratorId }) =>
      deps.interventions.record(caseId, { interventionId: 'warning-1', type: 'stage-1-warning-letter', personId: perpetratorId, servedOn: '2026-11-20', officerId: officer.id }, officer),
    complete: (state) => {
      expect(state.interventions).toHaveLength(1);
      expect(state.audit!.filter((e) => e.entity === 'intervention')).toHaveLength(1);
      expect(state.reminders!.map((r) => r.kind)).toContain('monitoring-end');
    },
  },
  'a note in a meeting (saved under the meeting\'s version, audited)': {
    kind: 'meeting.change',
    steps: ['save', 'audit'],
    setup: async (a) => ({ caseId: await startedMeeting(a), victimId: '', perpetratorId: '' }),
    // The card's item version (0: nothing on the item yet), so a retry of the same card adds no second note.
    act: ({ deps }, { caseId: meetingId }) =>
      deps.meetings.run(meetingId, chair, (m) => addNote(m, m.agenda.items[1]!.id, 'Police will patrol at night.', { by: chair.name, byId: chair.id, at: FAULT_TEST_START }, 0)),
    complete: (state) => {
      const items = Object.values(state.meetings![0]!.items as Record<string, { notes: Array<{ text: string }> }>);
      expect(items.flatMap((i) => i.notes.map((n) => n.text))).toEqual(['Police will patrol at night.']);
      expect(state.audit!.filter((e) => e.entity === 'meeting' && e.action === 'update')).toHaveLength(1);
    },
  },
  'ending a meeting (ended, audited, its tracked actions, their reminders, the owners told)': {
    kind: 'meeting.end',
    steps: ['end', 'audit', 'actions', 'reminders', 'owners', 'follow-up'],
    setup: async (a) => {
      const meetingId = await startedMeeting(a);
      const { deps } = a;
      const stored = (await deps.meetings.load(meetingId, chair))!.stored;
      const itemId = stored.meeting.agenda.items[1]!.id;
      const added = await deps.meetings.run(stored.meeting.id, chair, (m) =>
        addAction(m, itemId, { what: 'Visit the address', owner: { kind: 'member', id: officer.id, name: officer.name, agency: 'Council' }, dueDate: '2026-12-04' }, { by: chair.name, byId: chair.id, at: FAULT_TEST_START }, itemRecord(m, itemId).version),
      );
      if (!added.ok) throw new Error(`action not added: ${JSON.stringify(added)}`);
      return { caseId: stored.meeting.id, victimId: '', perpetratorId: '' };
    },
    act: async ({ deps }, { caseId: meetingId }) => {
      const ended = await deps.meetings.end(meetingId, chair);
      if (!ended.ok) throw new Error(`not ended: ${ended.message}`);
      return ended;
    },
    complete: (state) => {
      expect(state.meetings![0]).toMatchObject({ status: 'ended' });
      expect(state.meetingActions).toHaveLength(1);
      expect(state.reminders!.map((r) => r.kind).sort()).toEqual(['meeting-action', 'minutes-final']);
    },
  },
};

/** A target group with its meeting scheduled and started. */
async function startedMeeting(a: Assistant): Promise<string> {
  const { deps } = a;
  const group = await faultTargetGroup(a, chair, { nth: 1, weekday: 'tuesday', everyMonths: 1 });
  const { stored } = await deps.meetings.schedule(group, '2026-11-24', chair);
  await deps.meetings.start(stored.meeting.id, chair);
  return stored.meeting.id;
}

describeConvergence(scenarios);

describe('ids are scoped to their case', () => {
  it('refuses an intervention id already used on another case, and never returns that case’s record', async () => {
    const { assistant } = await startWithFaults();
    try {
      const first = await openCase(assistant, 'open-a');
      const second = await openCase(assistant, 'open-b');
      const request = (personId: string) => ({ interventionId: 'warning-1', type: 'stage-1-warning-letter' as const, personId, servedOn: '2026-11-20', officerId: officer.id });
      expect((await assistant.deps.interventions.record(first.caseId, request(first.perpetratorId), officer)).ok).toBe(true);
      const reused = await assistant.deps.interventions.record(second.caseId, request(second.perpetratorId), officer);
      expect(reused).toEqual({ ok: false, kind: 'rule', message: expect.stringContaining('already used for another case') });
      const stored = await assistant.deps.db.collection('interventions').find({}).toArray();
      expect(stored.map((i) => i.caseId)).toEqual([first.caseId]);
      expect(await assistant.deps.intents.unfinished()).toBe(0);
    } finally {
      await assistant.stop();
    }
  }, 30_000);
});
