import {
  agendaPostOn,
  currentItemView,
  meetingSchema,
  moveToItem,
  revealNames,
  startMeeting,
  type Meeting,
} from '../../../src/domain/meetings/index.js';
import { runMeeting, scheduledMeeting } from './fixtures.js';

describe('stored meetings', () => {
  test('a whole meeting survives a JSON round trip through meetingSchema unchanged', () => {
    const meeting = runMeeting();
    const stored = JSON.parse(JSON.stringify(meeting)) as unknown;
    expect(meetingSchema.parse(stored)).toEqual(meeting);
  });

  test('a damaged document is refused', () => {
    const meeting = JSON.parse(JSON.stringify(runMeeting())) as Record<string, unknown>;
    expect(meetingSchema.safeParse({ ...meeting, status: 'lost' }).success).toBe(false);
    expect(meetingSchema.safeParse({ ...meeting, date: '2026-13-40' }).success).toBe(false);
  });
});

describe('the current item as the meeting card shows it', () => {
  function atCase(): Meeting {
    const r = startMeeting(scheduledMeeting(), '2026-11-12T10:00:00.000Z');
    if (!r.ok) throw new Error(r.reason);
    const index = r.meeting.agenda.items.findIndex((i) => i.id === 'case:case-1');
    const moved = moveToItem(r.meeting, index);
    if (!moved.ok) throw new Error(moved.reason);
    return moved.meeting;
  }

  test('a case item shows initials and its reasons; names only after the chair reveals them', () => {
    const view = currentItemView(atCase());
    expect(view?.item).toMatchObject({ id: 'case:case-1', kind: 'case', section: 3, sectionTitle: 'New high-risk victims since the last meeting' });
    expect(view?.item.reasons).toEqual(['New high-risk victim (assessed Tuesday 20 October 2026)', 'Nominated by Sam Lowe: Victim is isolated']);
    expect(view?.caseView?.people.map((p) => p.shownAs)).toEqual(['J. M. S.', 'K. B.']);
    expect(JSON.stringify(view)).not.toContain('Smith1');
    const revealed = revealNames(atCase(), 'case-1', 'u-chair');
    if (!revealed.ok) throw new Error(revealed.reason);
    expect(currentItemView(revealed.meeting)?.caseView?.people[0].shownAs).toBe('Jane Mary Smith1');
  });

  test('no current item before the start', () => {
    expect(currentItemView(scheduledMeeting())).toBeUndefined();
  });
});

test('the agenda is posted the group notice in working days before the meeting', () => {
  // Monday to Friday only, enough to show the rule without the bank holiday calendar.
  const addWeekdays = (from: string, n: number): string => {
    const d = new Date(`${from}T00:00:00Z`);
    let left = Math.abs(n);
    while (left > 0) {
      d.setUTCDate(d.getUTCDate() + Math.sign(n));
      if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) left--;
    }
    return d.toISOString().slice(0, 10);
  };
  expect(agendaPostOn('2026-11-12', 3, addWeekdays)).toBe('2026-11-09');
  expect(agendaPostOn('2026-11-16', 3, addWeekdays)).toBe('2026-11-11');
  expect(agendaPostOn('2026-11-16', 0, addWeekdays)).toBe('2026-11-16');
});
