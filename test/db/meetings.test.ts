/** Target groups, meetings and meeting actions in a real (embedded) MongoDB: one group per channel, version-checked saves. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AreaCaseload } from '../../src/db/areaCaseload.js';
import { InterventionRepository } from '../../src/db/interventions.js';
import { ActionVersionConflict, MeetingActionRepository } from '../../src/db/meetingActions.js';
import { defaultAreas } from '../../src/domain/cases/areas.js';
import { defaultCaseReviewThresholds } from '../../src/domain/cases/caseReview.js';
import type { Intervention } from '../../src/domain/interventions/intervention.js';
import { MeetingRepository, MeetingVersionConflict } from '../../src/db/meetings.js';
import { ChannelAlreadyHasGroup, NominationRepository, TargetGroupRepository, type StoredTargetGroup } from '../../src/db/targetGroups.js';
import {
  addNote, approveMinutes, dropItem, endMeeting, markActionDone, markFinal, meetingChange, moveNext, recordAttendance, setAgenda, startMeeting, trackedActionsFromMeeting, type Meeting,
} from '../../src/domain/meetings/index.js';
import { group, runMeeting, scheduledMeeting } from '../domain/meetings/fixtures.js';
import { connectTarget, type TestTarget } from './target.js';

let target: TestTarget;
let groups: TargetGroupRepository;
let nominations: NominationRepository;
let meetings: MeetingRepository;
let actions: MeetingActionRepository;

beforeAll(async () => {
  target = await connectTarget();
  groups = new TargetGroupRepository(target.db);
  nominations = new NominationRepository(target.db);
  meetings = new MeetingRepository(target.db);
  actions = new MeetingActionRepository(target.db);
  for (const repository of [groups, nominations, meetings, actions]) await repository.ensureIndexes();
});
afterAll(async () => target.stop());

const stored: StoredTargetGroup = { ...group, tenantId: 'tenant-1', version: 1 };
const ok = (result: { ok: boolean }): Meeting => {
  if (!result.ok) throw new Error(JSON.stringify(result));
  return (result as unknown as { meeting: Meeting }).meeting;
};

describe('TargetGroupRepository', () => {
  it('binds one group to a channel and finds it there', async () => {
    await groups.insert(stored);
    expect(await groups.inChannel(group.channel.teamId, group.channel.channelId)).toEqual(stored);
    await expect(groups.insert({ ...stored, id: 'tg-other', name: 'Another group' })).rejects.toBeInstanceOf(ChannelAlreadyHasGroup);
    expect((await groups.inTenant('tenant-1')).map((g) => g.id)).toEqual([group.id]);
  });

  it('saves a change only over the version it was made from', async () => {
    await groups.save({ ...stored, name: 'Camborne and Pool ASB Target Group', version: 2 });
    await expect(groups.save({ ...stored, name: 'Lost update', version: 2 })).rejects.toThrow(/changed by someone else/);
    expect((await groups.get(group.id))?.name).toBe('Camborne and Pool ASB Target Group');
  });
});

describe('NominationRepository', () => {
  it('keeps nominations waiting until an agenda lists them', async () => {
    const base = { groupId: group.id, caseReference: 'ASB-2026-0001', reason: 'Escalating', nominatedBy: { id: 'u1', name: 'PC Moss' }, nominatedOn: '2026-11-02' };
    await nominations.insert({ ...base, id: 'n1', caseId: 'case-1' });
    await nominations.insert({ ...base, id: 'n2', caseId: 'case-2' });
    await nominations.markListed(['n1'], 'meeting-1');
    expect((await nominations.waiting(group.id)).map((n) => n.id)).toEqual(['n2']);
  });
});

describe('MeetingRepository', () => {
  it('stores a meeting, finds it by its card, and refuses a save made from an older version', async () => {
    const meeting = scheduledMeeting();
    await meetings.insert({ meeting, tenantId: 'tenant-1', conversationId: group.channel.conversationId, version: 1 });
    const started = ok(startMeeting(meeting, '2026-11-12T10:00:00.000Z'));
    await meetings.save({ meeting: started, tenantId: 'tenant-1', conversationId: group.channel.conversationId, cardActivityId: 'root-1', threadRootIds: ['root-1', 'command-post'], version: 2 });

    const stale = ok(addNote(started, 'apologies', 'Written on an old copy', { by: 'Tom', at: '2026-11-12T10:01:00.000Z' }, 0));
    const error = await meetings.save({ meeting: stale, tenantId: 'tenant-1', conversationId: group.channel.conversationId, version: 2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MeetingVersionConflict);
    expect((error as MeetingVersionConflict).current.version).toBe(2);

    expect((await meetings.byThreadRoot('root-1'))?.meeting).toEqual(started);
    expect((await meetings.byThreadRoot('command-post'))?.meeting).toEqual(started);
    expect(await meetings.byThreadRoot('another-post')).toBeUndefined();
    expect((await meetings.forGroup(group.id)).map((m) => m.meeting.id)).toEqual([meeting.id]);
  });
});

describe('MeetingRepository.saveChange', () => {
  it('saves each transition as the change only, and what it leaves stored is the meeting the transition made', async () => {
    let meeting: Meeting = { ...scheduledMeeting(), id: 'meeting-changes' };
    await meetings.insert({ meeting, tenantId: 'tenant-1', conversationId: group.channel.conversationId, cardActivityId: 'card-1', version: 1 });
    const edit = { by: 'Tom', at: '2026-11-12T10:01:00.000Z' };
    const dropped = dropItem(meeting.agenda, 'case:case-3');
    if (!dropped.ok) throw new Error(dropped.reason);
    const transitions: Array<[string, (m: Meeting) => { ok: boolean }]> = [
      ['agenda', (m) => setAgenda(m, dropped.agenda)],
      ['start', (m) => startMeeting(m, '2026-11-12T10:00:00.000Z')],
      ['attendance', (m) => recordAttendance(m, { present: [{ id: 'u-chair', name: 'Priya Shah', agency: 'Council' }] })],
      ['note', (m) => addNote(m, 'apologies', 'Apologies received from Housing.', edit, 0)],
      ['next', (m) => moveNext(m, m.currentItemIndex ?? 0)],
      ['end', (m) => endMeeting(m, '2026-11-12T11:30:00.000Z')],
      ['final', (m) => markFinal(m, '2026-11-13T09:00:00.000Z')],
      ['approved', (m) => approveMinutes(m, '2026-12-10T10:00:00.000Z', 'u-chair')],
    ];
    let version = 1;
    for (const [name, transition] of transitions) {
      const next = ok(transition(meeting));
      const change = meetingChange(meeting, next);
      await meetings.saveChange(meeting.id, ++version, `rev-${name}`, change);
      const saved = await meetings.get(meeting.id);
      expect({ name, meeting: saved?.meeting, version: saved?.version, revision: saved?.revision, card: saved?.cardActivityId }).toEqual({ name, meeting: next, version, revision: `rev-${name}`, card: 'card-1' });
      if (name === 'note') expect(change).toEqual({ fields: { seq: next.seq }, items: { apologies: next.items.apologies }, cleared: [] });
      meeting = next;
    }
    // Another change made from the version before the last one: that version is taken.
    const stale = meetingChange(meeting, { ...meeting, approvedBy: 'u-other' });
    const error = await meetings.saveChange(meeting.id, version, 'rev-stale', stale).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MeetingVersionConflict);
    expect((error as MeetingVersionConflict).current).toMatchObject({ version, revision: 'rev-approved' });
  });
});

describe('MeetingActionRepository', () => {
  it('stores the actions of a meeting once, lists them by owner, group and case, and guards each change', async () => {
    const agreed = trackedActionsFromMeeting(runMeeting());
    await actions.insertNew(agreed, 'tenant-1');
    await actions.insertNew(agreed, 'tenant-1');
    expect((await actions.openForGroup(group.id)).length).toBe(3);
    expect((await actions.ownedBy('tenant-1', 'u-chair')).map((a) => a.what)).toEqual(['Make the MARAC referral']);
    expect((await actions.openForCase('case-1')).length).toBe(2);

    const first = (await actions.get(agreed[0]!.id))!;
    const done = markActionDone(first.action, { by: 'Priya Shah', at: '2026-11-13T09:00:00.000Z' });
    if (!done.ok) throw new Error(done.reason);
    await actions.save({ ...first, action: done.action, version: 2 });
    await expect(actions.save({ ...first, action: done.action, version: 2 })).rejects.toBeInstanceOf(ActionVersionConflict);
    expect((await actions.openForGroup(group.id)).length).toBe(2);
  });
});

describe('AreaCaseload', () => {
  const now = new Date('2026-11-23T10:00:00Z');
  const tenantId = 'tenant-area';
  const at = (day: string) => new Date(`${day}T12:00:00Z`);
  const caseDoc = (id: string, area: string, status: string, createdAt = '2026-01-05') => ({
    _id: id, teamId: tenantId, area, status, reference: `ASB-2026-${id}`, riskLevel: 'medium', createdAt: at(createdAt),
    victims: [{ id: `${id}-v1`, name: 'Vera Vine', under18: false }, { id: `${id}-v2`, name: 'Walt Wren', under18: false }],
    perpetrators: [{ id: `${id}-p`, name: 'Pat Ames', ageBand: '14-17' }],
  });
  const areaOf: Record<string, string> = { E: 'porthaven' };
  const reports = (caseId: string, victim: 'v1' | 'v2', days: string[], category = 'noise') =>
    days.map((day, n) => ({ _id: `${caseId}-${victim}-${n}`, caseId, teamId: tenantId, area: areaOf[caseId] ?? 'kingsford', occurredAt: at(day), categories: [category], description: `Report on ${day}`, reportedBy: { personId: `${caseId}-${victim}` } }));
  const warning = (id: string, caseId: string, type: Intervention['type'], servedOn: string, monitoringEndsOn: string, extra: Partial<Intervention> = {}): Intervention => ({
    id, caseId, type, personId: `${caseId}-p`, personUnder18: caseId !== 'C', servedOn, officerId: 'aad-officer', monitoringEndsOn, ...extra,
  });

  it('lists the Case Review, warnings and figures of the area only, counted as the case file counts them', async () => {
    const interventions = new InterventionRepository(target.db);
    await interventions.ensureIndexes();
    const caseload = new AreaCaseload(target.db, defaultAreas, defaultCaseReviewThresholds, interventions);
    await caseload.ensureIndexes();
    await target.db.collection('cases').insertMany([
      caseDoc('A', 'kingsford', 'open'),
      caseDoc('B', 'kingsford', 'investigating', '2026-11-01'),
      caseDoc('C', 'kingsford', 'closed'),
      caseDoc('D', 'kingsford', 'open'),
      caseDoc('E', 'porthaven', 'open', '2026-11-02'),
    ] as never[]);
    await target.db.collection('incidents').insertMany([
      // A: one victim, 3 reports in the window: at the threshold.
      ...reports('A', 'v1', ['2026-06-01', '2026-09-01', '2026-11-01']),
      // B: 3 reports, but by two victims.
      ...reports('B', 'v1', ['2026-07-01', '2026-08-01']),
      ...reports('B', 'v2', ['2026-08-02']),
      // C: at the threshold, but closed; its report since the last meeting still counts in the figures.
      ...reports('C', 'v1', ['2026-07-01', '2026-08-01', '2026-11-05'], 'threats'),
      // D: one of its 3 reports is older than the 6-month window.
      ...reports('D', 'v1', ['2026-05-01', '2026-07-01', '2026-08-01']),
      // E: at the threshold, in another area.
      ...reports('E', 'v1', ['2026-10-25', '2026-10-26', '2026-10-27']),
    ] as never[]);
    for (const w of [
      warning('A-stage1', 'A', 'stage-1-warning-letter', '2026-10-25', '2027-01-25'),
      warning('A-verbal', 'A', 'verbal-warning', '2026-09-01', '2026-12-01', { outcome: { cameToNoticeAgain: false, recordedAt: at('2026-11-20'), recordedBy: 'aad-officer' } }),
      warning('A-abc', 'A', 'acceptable-behaviour-contract', '2026-06-10', '2026-12-10'),
      warning('A-ended', 'A', 'stage-1-warning-letter', '2026-08-20', '2026-11-20'),
      warning('C-verbal', 'C', 'verbal-warning', '2026-11-02', '2027-02-02'),
      warning('E-stage2', 'E', 'stage-2-final-warning', '2026-11-01', '2026-12-15'),
    ]) {
      await interventions.insert(w, tenantId);
    }

    const result = await caseload.forAgenda({ tenantId, areas: ['kingsford'], since: '2026-10-20', now, monitoringEndsBefore: '2027-01-14' });
    expect(result.caseReviewThresholdCases.map((c) => [c.case.caseId, c.detail])).toEqual([['A', '3 qualifying complaints in 6 months']]);
    expect(result.areaFigures).toEqual({
      newCases: 1,
      incidentsByCategory: { Noise: 1, Threats: 1 },
      warningsByStage: { Verbal: { under18: 0, adult: 1 }, 'Stage 1': { under18: 1, adult: 0 } },
    });
    expect(result.monitoringEndingBeforeNextMeeting.map(({ case: c, ...rest }) => ({ caseId: c.caseId, ...rest }))).toEqual([
      { caseId: 'A', interventionId: 'A-abc', type: 'Acceptable Behaviour Contract', stage: 'ABC', personInitials: 'P. A.', under18: true, endsOn: '2026-12-10' },
    ]);
  });

  it("lists the cases a team's local rules and a person's complaints on other cases put at the threshold, as the case card does", async () => {
    const team = 'tenant-rules';
    const caseload = new AreaCaseload(target.db, defaultAreas, defaultCaseReviewThresholds, new InterventionRepository(target.db));
    await caseload.ensureIndexes();
    const onTeam = (id: string, area: string, personKey?: string) => ({ ...caseDoc(`R${id}`, area, 'open'), teamId: team, victims: caseDoc(`R${id}`, area, 'open').victims.map((v, i) => (i === 0 && personKey ? { ...v, personKey } : v)) });
    await target.db.collection('cases').insertMany([onTeam('H', 'kingsford'), onTeam('I', 'kingsford'), onTeam('J', 'kingsford'), onTeam('K', 'kingsford', 'pk-1'), onTeam('L', 'porthaven', 'pk-1')] as never[]);
    const placed = (docs: Array<Record<string, unknown>>, area = 'kingsford') => docs.map((d) => ({ ...d, teamId: team, area }));
    await target.db.collection('incidents').insertMany([
      // H: one hate incident (the local rule meets the threshold with it).
      ...placed(reports('RH', 'v1', ['2026-11-01'], 'hate-incident')),
      // I: two people complaining about the same problem (the local rule of 2 individuals).
      ...placed([...reports('RI', 'v1', ['2026-10-01']), ...reports('RI', 'v2', ['2026-10-02'])]),
      // J: one complaint, nothing else.
      ...placed(reports('RJ', 'v1', ['2026-10-03'])),
      // K: one complaint here, two more by the same person (pk-1) on a case in another area.
      ...placed(reports('RK', 'v1', ['2026-09-01'])),
      ...placed(reports('RL', 'v1', ['2026-09-02', '2026-09-03']), 'porthaven'),
    ] as never[]);
    const thresholds = { ...defaultCaseReviewThresholds, hateIncidentMeetsThreshold: true, individualsAboutOneProblem: 2 };
    const result = await caseload.forAgenda({ tenantId: team, areas: ['kingsford'], since: '2026-10-20', now, monitoringEndsBefore: '2027-01-14', thresholds });
    expect(Object.fromEntries(result.caseReviewThresholdCases.map((c) => [c.case.caseId, c.detail]))).toEqual({
      RH: '1 qualifying complaint in 6 months (local rule: a hate incident)',
      RI: '1 qualifying complaint in 6 months (local rule: several people about one problem)',
      RK: '3 qualifying complaints in 6 months',
    });
  });
});

