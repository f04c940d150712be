import {
  addAction,
  addDecision,
  addNote,
  appendCorrection,
  approveMinutes,
  captureThreadMessage,
  caseItemView,
  currentItem,
  endMeeting,
  initials,
  itemRecord,
  markFinal,
  messagePlainText,
  minutesDueBy,
  moveNext,
  movePrevious,
  recordAttendance,
  removeCapturedLine,
  revealNames,
  setAgenda,
  startMeeting,
  dropItem,
  type Meeting,
  type MeetingResult,
} from '../../../src/domain/meetings/index.js';
import { caseSummary, scheduledMeeting } from './fixtures.js';

function ok(result: MeetingResult | { ok: true; meeting: Meeting } | { ok: false; reason: string }): Meeting {
  if (!result.ok) throw new Error(`expected ok, got ${result.reason}`);
  return result.meeting;
}

const chair = { by: 'Priya Shah', byId: 'u-chair', at: '2026-11-12T10:00:00.000Z' };
const minuteTaker = { by: 'Tom Reed', byId: 'u-minutes', at: '2026-11-12T10:05:00.000Z' };

function started(): Meeting {
  return ok(startMeeting(scheduledMeeting(), '2026-11-12T10:00:00.000Z'));
}

/** Moves to an item by id. */
function openItem(meeting: Meeting, itemId: string): Meeting {
  let m = meeting;
  while (currentItem(m)?.id !== itemId) m = ok(moveNext(m));
  return m;
}

describe('running the meeting', () => {
  test('start opens the first item; next and previous move and stop at the ends', () => {
    const scheduled = scheduledMeeting();
    expect(currentItem(scheduled)).toBeUndefined();
    let m = started();
    expect(m.status).toBe('in-progress');
    expect(currentItem(m)?.id).toBe('apologies');
    m = ok(movePrevious(m));
    expect(m.currentItemIndex).toBe(0);
    m = ok(moveNext(ok(moveNext(m))));
    expect(currentItem(m)?.id).toBe('action:m-oct/a1');
    expect(startMeeting(m, chair.at)).toEqual({ ok: false, reason: 'wrong-status' });
    for (let i = 0; i < 30; i++) m = ok(moveNext(m));
    expect(currentItem(m)?.id).toBe('next-meeting');
  });

  test('a stale next click (someone else already moved) is refused rather than skipping an item', () => {
    const m = ok(moveNext(started(), 0));
    expect(moveNext(m, 0)).toEqual({ ok: false, reason: 'moved-on' });
    expect(ok(moveNext(m, 1)).currentItemIndex).toBe(2);
  });

  test('the agenda can change only before the start', () => {
    const scheduled = scheduledMeeting();
    const r = dropItem(scheduled.agenda, 'case:case-3');
    if (!r.ok) throw new Error(r.reason);
    expect(ok(setAgenda(scheduled, r.agenda)).agenda.items).toHaveLength(scheduled.agenda.items.length - 1);
    expect(setAgenda(started(), r.agenda).ok).toBe(false);
  });

  test('attendance: present, apologies, guests with their agency; nobody both present and absent', () => {
    const m = ok(recordAttendance(started(), {
      present: [{ id: 'u-chair', name: 'Priya Shah', agency: 'Council' }, { id: 'u-pc', name: 'PC Alan Moss', agency: 'Police' }],
      apologies: [{ id: 'u-housing', name: 'Dee Carter', agency: 'Housing' }],
      guests: [{ name: 'Ruth Penrose', agency: 'Victim Support' }],
    }));
    expect(m.attendance.guests).toEqual([{ name: 'Ruth Penrose', agency: 'Victim Support' }]);
    const clash = recordAttendance(m, { present: [{ id: 'u-pc', name: 'PC Alan Moss' }], apologies: [{ id: 'u-pc', name: 'PC Alan Moss' }] });
    expect(clash.ok).toBe(false);
    expect(recordAttendance(m, { guests: [{ name: 'No agency', agency: '' }] }).ok).toBe(false);
  });
});

describe('recording an item', () => {
  test('notes, decisions and several actions land on the item, each bumping its version', () => {
    let m = openItem(started(), 'case:case-2');
    m = ok(addNote(m, 'case:case-2', 'Noise continues after midnight.', minuteTaker, 0));
    m = ok(addDecision(m, 'case:case-2', 'Issue a stage 1 warning.', minuteTaker, 1));
    m = ok(addAction(m, 'case:case-2', { what: 'Serve the warning letter', owner: { kind: 'member', id: 'u-pc', name: 'PC Alan Moss', agency: 'Police' }, dueDate: '2026-11-19' }, minuteTaker, 2));
    m = ok(addAction(m, 'case:case-2', { what: 'Check tenancy conditions', owner: { kind: 'agency', name: 'Housing' }, dueDate: '2026-11-26' }, minuteTaker, 3));
    const record = itemRecord(m, 'case:case-2');
    expect(record.version).toBe(4);
    expect(record.notes).toEqual([{ id: 'm-nov/n1', text: 'Noise continues after midnight.', author: 'Tom Reed', authorId: 'u-minutes', at: minuteTaker.at, source: 'card' }]);
    expect(record.decisions.map((d) => d.text)).toEqual(['Issue a stage 1 warning.']);
    expect(record.actions.map((a) => [a.id, a.caseId])).toEqual([['m-nov/a3', 'case-2'], ['m-nov/a4', 'case-2']]);
  });

  test('an edit made on an old version is a conflict and changes nothing', () => {
    let m = started();
    m = ok(addNote(m, 'case:case-1', 'First note', minuteTaker, 0));
    const stale = addNote(m, 'case:case-1', 'Written on a stale card', chair, 0);
    expect(stale).toMatchObject({ ok: false, reason: 'conflict', itemId: 'case:case-1', currentVersion: 1 });
    if (!stale.ok && stale.reason === 'conflict') expect(stale.current.notes.map((n) => n.text)).toEqual(['First note']);
    expect(addDecision(m, 'case:case-1', 'x', chair, 0)).toMatchObject({ reason: 'conflict' });
    expect(addAction(m, 'case:case-1', { what: 'x', owner: { kind: 'agency', name: 'Police' }, dueDate: '2026-12-01' }, chair, 0)).toMatchObject({ reason: 'conflict' });
    expect(removeCapturedLine(m, 'case:case-1', 'm-nov/n1', 0)).toMatchObject({ reason: 'conflict' });
    expect(itemRecord(m, 'case:case-1').notes).toHaveLength(1);
  });

  test('bad input is refused: empty text, unknown item, action without a real due date', () => {
    const m = started();
    expect(addNote(m, 'case:case-1', '   ', minuteTaker, 0)).toMatchObject({ ok: false, reason: 'invalid' });
    expect(addNote(m, 'nope', 'x', minuteTaker, 0)).toMatchObject({ ok: false, reason: 'not-found' });
    expect(addAction(m, 'case:case-1', { what: 'x', owner: { kind: 'agency', name: 'Police' }, dueDate: '2026-02-30' }, minuteTaker, 0)).toMatchObject({ ok: false, reason: 'invalid' });
    expect(addNote(scheduledMeeting(), 'case:case-1', 'x', minuteTaker, 0)).toMatchObject({ ok: false, reason: 'wrong-status' });
  });
});

describe('thread capture', () => {
  test('a reply becomes a note on the open item with its author and time; the bot mention is stripped', () => {
    const m = openItem(started(), 'case:case-3');
    const r = captureThreadMessage(m, '<at>ASB Assistant</at> Housing will visit on <b>Monday</b> &amp; report back', { name: 'Dee Carter', id: 'u-housing' }, '2026-11-12T10:20:00.000Z');
    if (!r.ok) throw new Error(r.reason);
    expect(r.note).toEqual({ id: 'm-nov/n1', text: 'Housing will visit on Monday & report back', author: 'Dee Carter', authorId: 'u-housing', at: '2026-11-12T10:20:00.000Z', source: 'thread' });
    expect(itemRecord(r.meeting, 'case:case-3').notes).toEqual([r.note]);
    expect(itemRecord(r.meeting, 'case:case-3').version).toBe(1);
  });

  test.each(['/off this is not for the minutes', '  /OFF quiet please', '<at>ASB Assistant</at> /Off aside', '<p>/off</p>'])('"%s" stays out of the minutes', (text) => {
    const m = openItem(started(), 'case:case-3');
    expect(captureThreadMessage(m, text, { name: 'Dee Carter' }, '2026-11-12T10:21:00.000Z')).toEqual({ ok: false, reason: 'off-the-record' });
  });

  test('nothing is captured before the start, after the end, or from an empty message', () => {
    const at = '2026-11-12T10:22:00.000Z';
    expect(captureThreadMessage(scheduledMeeting(), 'hello', { name: 'A' }, at)).toEqual({ ok: false, reason: 'no-open-item' });
    const ended = ok(endMeeting(started(), at));
    expect(captureThreadMessage(ended, 'hello', { name: 'A' }, at)).toEqual({ ok: false, reason: 'no-open-item' });
    expect(captureThreadMessage(started(), '<at>ASB Assistant</at>', { name: 'A' }, at)).toEqual({ ok: false, reason: 'empty' });
  });

  test('the minute-taker removes a captured line', () => {
    const m = openItem(started(), 'case:case-3');
    const r = captureThreadMessage(m, 'Said something wrong', { name: 'Sam Lowe' }, '2026-11-12T10:23:00.000Z');
    if (!r.ok) throw new Error(r.reason);
    const removed = ok(removeCapturedLine(r.meeting, 'case:case-3', r.note.id, 1));
    expect(itemRecord(removed, 'case:case-3')).toMatchObject({ notes: [], version: 2 });
    expect(removeCapturedLine(removed, 'case:case-3', r.note.id, 2)).toMatchObject({ ok: false, reason: 'not-found' });
  });

  test('messagePlainText keeps line breaks and drops markup', () => {
    expect(messagePlainText('<div><at id="0">Bot</at>  one<br>two</div>')).toBe('one\ntwo');
  });
});

describe('finishing and approval', () => {
  test('end → final → approved; approved minutes refuse edits and take corrections', () => {
    let m = ok(addNote(started(), 'apologies', 'Apologies from Housing.', minuteTaker, 0));
    m = ok(endMeeting(m, '2026-11-12T12:00:00.000Z'));
    expect(m.status).toBe('ended');
    m = ok(addNote(m, 'apologies', 'Tidied after the meeting.', minuteTaker, 1)); // still editable
    expect(approveMinutes(m, '2026-12-10T10:05:00.000Z', 'u-minutes')).toMatchObject({ ok: false, reason: 'not-allowed' });
    m = ok(markFinal(m, '2026-11-16T09:00:00.000Z'));
    expect(m.status).toBe('final');
    m = ok(approveMinutes(m, '2026-12-10T10:05:00.000Z', 'u-chair'));
    expect(m).toMatchObject({ status: 'approved', approvedBy: 'u-chair' });
    expect(addNote(m, 'apologies', 'late change', minuteTaker, 2)).toMatchObject({ ok: false, reason: 'read-only' });
    expect(addAction(m, 'apologies', { what: 'x', owner: { kind: 'agency', name: 'Police' }, dueDate: '2026-12-20' }, minuteTaker, 2)).toMatchObject({ ok: false, reason: 'read-only' });
    expect(recordAttendance(m, {})).toMatchObject({ ok: false, reason: 'read-only' });
    m = ok(appendCorrection(m, 'Dee Carter was present, not absent.', chair));
    expect(m.corrections.map((c) => c.text)).toEqual(['Dee Carter was present, not absent.']);
    expect(itemRecord(m, 'apologies').notes).toHaveLength(2);
  });

  test('minutes are due 10 working days after the meeting, by the calendar passed in', () => {
    const calls: [string, number][] = [];
    const addWorkingDays = (from: string, days: number) => {
      calls.push([from, days]);
      return '2026-11-26';
    };
    expect(minutesDueBy('2026-11-12', addWorkingDays)).toBe('2026-11-26');
    expect(calls).toEqual([['2026-11-12', 10]]);
  });
});

describe('privacy on the card', () => {
  test('initials, one consistent style', () => {
    expect(initials('Jane Mary Smith')).toBe('J. M. S.');
    expect(initials("  anne-marie o'neil ")).toBe('A. M. O.');
    expect(initials('')).toBe('');
  });

  test('a case item shows reference, risk, area and a short summary; initials until the chair reveals; never an address', () => {
    const c = { ...caseSummary(7, { summary: 'Shouting outside 12 Trevu Road, TR14 8PP, most nights. '.repeat(10) }), address: '12 Trevu Road' };
    const hidden = caseItemView(c, false);
    expect(hidden.people.map((p) => p.shownAs)).toEqual(['J. M. S.', 'K. B.']);
    expect(hidden.summary.length).toBeLessThanOrEqual(280);
    expect(hidden.summary).not.toContain('TR14');
    expect(JSON.stringify(hidden)).not.toContain('Smith7');
    expect(Object.keys(hidden)).not.toContain('address');
    expect(caseItemView(c, true).people[0].shownAs).toBe('Jane Mary Smith7');
  });

  test('only the chair reveals names, and only for a case on the agenda', () => {
    const m = started();
    expect(revealNames(m, 'case-1', 'u-minutes')).toMatchObject({ ok: false, reason: 'not-allowed' });
    expect(revealNames(m, 'case-999', 'u-chair')).toMatchObject({ ok: false, reason: 'not-found' });
    expect(ok(revealNames(m, 'case-1', 'u-chair')).revealedCaseIds).toEqual(['case-1']);
  });
});
