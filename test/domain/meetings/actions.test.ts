import {
  actionReminderDates,
  actionsByOwner,
  actionsOwnedBy,
  addAction,
  buildAgenda,
  carryForward,
  changeDueDate,
  dropAction,
  endMeeting,
  isOverdue,
  markActionDone,
  reopenAction,
  startMeeting,
  trackedActionsFromMeeting,
  type TrackedAction,
} from '../../../src/domain/meetings/index.js';
import { agendaInput, scheduledMeeting } from './fixtures.js';

const edit = { by: 'Tom Reed', at: '2026-11-12T10:30:00.000Z' };

function meetingWithActions() {
  let m = scheduledMeeting();
  const step = (r: { ok: boolean }) => {
    if (!r.ok) throw new Error(JSON.stringify(r));
    m = (r as { ok: true; meeting: typeof m }).meeting;
  };
  step(startMeeting(m, '2026-11-12T10:00:00.000Z'));
  step(addAction(m, 'case:case-2', { what: 'Serve stage 1 warning', owner: { kind: 'member', id: 'u-pc', name: 'PC Alan Moss', agency: 'Police' }, dueDate: '2026-11-19' }, edit, 0));
  step(addAction(m, 'case:case-2', { what: 'Check tenancy', owner: { kind: 'agency', name: 'Housing' }, dueDate: '2026-11-26' }, edit, 1));
  step(addAction(m, 'any-other-business', { what: 'Book the room for December', owner: { kind: 'member', id: 'u-chair', name: 'Priya Shah', agency: 'Council' }, dueDate: '2026-11-13' }, edit, 0));
  step(endMeeting(m, '2026-11-12T12:00:00.000Z'));
  return m;
}

describe('an action agreed at a meeting', () => {
  test('cannot fall due before the day it was agreed (the day the meeting is held)', () => {
    const started = startMeeting(scheduledMeeting(), '2026-11-12T10:00:00.000Z');
    if (!started.ok) throw new Error('not started');
    const refused = addAction(started.meeting, 'case:case-2', { what: 'Serve stage 1 warning', owner: { kind: 'agency', name: 'Housing' }, dueDate: '2026-11-11' }, edit, 0);
    expect(refused).toEqual({ ok: false, reason: 'invalid', message: "Due date: it can't be before Thursday 12 November 2026, the day the action was agreed." });
    expect(addAction(started.meeting, 'case:case-2', { what: 'Serve stage 1 warning', owner: { kind: 'agency', name: 'Housing' }, dueDate: '2026-11-12' }, edit, 0).ok).toBe(true);
  });

  test('is agreed on the actual day when the meeting is started early', () => {
    const early = startMeeting(scheduledMeeting(), '2026-11-05T10:00:00.000Z', '2026-11-05');
    expect(early.ok && early.meeting.date).toBe('2026-11-05');
  });
});

describe('tracked actions', () => {
  const tracked = trackedActionsFromMeeting(meetingWithActions());

  test('each action agreed at the meeting becomes an open tracked record with owner, agency, case and meeting', () => {
    expect(tracked).toHaveLength(3);
    expect(tracked[0]).toEqual({
      id: 'm-nov/a1',
      meetingId: 'm-nov',
      groupId: 'tg-camborne',
      itemId: 'case:case-2',
      caseId: 'case-2',
      caseReference: 'ASB-2026-00002',
      what: 'Serve stage 1 warning',
      owner: { kind: 'member', id: 'u-pc', name: 'PC Alan Moss', agency: 'Police' },
      agency: 'Police',
      dueDate: '2026-11-19',
      agreedOn: '2026-11-12',
      status: 'open',
      history: [{ at: edit.at, by: 'Tom Reed', change: 'created' }],
    });
    expect(tracked[1].agency).toBe('Housing');
    expect(tracked[2].caseId).toBeUndefined();
  });

  test('done, dropped (with a reason), reopened, due date changed; each leaves history', () => {
    const a = tracked[0];
    const done = markActionDone(a, edit);
    if (!done.ok) throw new Error(done.reason);
    expect(done.action.status).toBe('done');
    expect(markActionDone(done.action, edit)).toEqual({ ok: false, reason: 'not-open' });
    expect(dropAction(a, edit, '  ')).toEqual({ ok: false, reason: 'reason-required' });
    const dropped = dropAction(a, edit, 'Perpetrator moved away');
    if (!dropped.ok) throw new Error(dropped.reason);
    expect(dropped.action).toMatchObject({ status: 'dropped', droppedReason: 'Perpetrator moved away' });
    const reopened = reopenAction(dropped.action, edit);
    if (!reopened.ok) throw new Error(reopened.reason);
    expect(reopened.action.status).toBe('open');
    expect(reopened.action.droppedReason).toBeUndefined();
    const moved = changeDueDate(reopened.action, edit, '2026-12-03');
    if (!moved.ok) throw new Error(moved.reason);
    expect(moved.action.history.map((h) => h.change)).toEqual(['created', 'dropped', 'reopened', 'due-date-changed']);
    expect(changeDueDate(a, edit, '2026-13-01')).toEqual({ ok: false, reason: 'bad-date' });
  });

  test('overdue and "my actions"', () => {
    expect(isOverdue(tracked[0], '2026-11-20')).toBe(true);
    expect(isOverdue(tracked[0], '2026-11-19')).toBe(false);
    const done = markActionDone(tracked[2], edit);
    if (!done.ok) throw new Error(done.reason);
    expect(actionsOwnedBy([tracked[0], tracked[1], done.action], 'u-pc').map((a) => a.id)).toEqual(['m-nov/a1']);
  });

  test('open actions carry forward onto the next agenda; done and dropped ones do not', () => {
    const done = markActionDone(tracked[2], edit);
    if (!done.ok) throw new Error(done.reason);
    const all: TrackedAction[] = [tracked[1], tracked[0], done.action];
    const carried = carryForward(all);
    expect(carried.map((c) => c.actionId)).toEqual(['m-nov/a1', 'm-nov/a2']);
    const next = buildAgenda({ ...agendaInput(), meetingDate: '2026-12-10', lastMeetingDate: '2026-11-12', nextMeetingDate: '2027-01-14', openActions: carried });
    const section2 = next.items.filter((i) => i.section === 2);
    expect(section2.map((i) => i.id)).toEqual(['previous-minutes', 'action:m-nov/a1', 'action:m-nov/a2']);
    expect(section2[1].title).toBe('Action: Serve stage 1 warning (PC Alan Moss, Police; due Thursday 19 November 2026)');
  });

  test('reminders: the working day before, the due day, the working day after', () => {
    const known: Record<string, string> = { '2026-11-16:-1': '2026-11-13', '2026-11-16:1': '2026-11-17' };
    const weekdays = (from: string, n: number) => known[`${from}:${n}`] ?? 'unexpected';
    expect(actionReminderDates('2026-11-16', weekdays)).toEqual([
      { kind: 'day-before', on: '2026-11-13' },
      { kind: 'due-today', on: '2026-11-16' },
      { kind: 'overdue', on: '2026-11-17' },
    ]);
  });

  test('owners who are Teams users get their own list; agency-owned actions are kept apart', () => {
    const { byUser, unassigned } = actionsByOwner(tracked);
    expect([...byUser.keys()]).toEqual(['u-pc', 'u-chair']);
    expect(byUser.get('u-pc')?.map((a) => a.what)).toEqual(['Serve stage 1 warning']);
    expect(unassigned.map((a) => a.what)).toEqual(['Check tenancy']);
  });
});
