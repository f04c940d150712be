import { describe, expect, it } from '@jest/globals';
import { createWorkingCalendar } from '../../src/domain/calendar/createWorkingCalendar.js';
import { nextNotice, noticesDue, noticesFor } from '../../src/domain/reminders/notices.js';

const calendar = createWorkingCalendar('england-and-wales');
const iso = (d: Date) => d.toISOString();

describe('when a reminder speaks up', () => {
  it('the working day before and the due day at 08:30 London time, then the overdue morning after', () => {
    // Due Wednesday 30 December 2026 (GMT): before = Tuesday 29th; overdue = Thursday 31st.
    expect(noticesFor({ dueDate: '2026-12-30' }, calendar).map((n) => [n.stage, iso(n.at)])).toEqual([
      ['before', '2026-12-29T08:30:00.000Z'],
      ['due', '2026-12-30T08:30:00.000Z'],
      ['overdue', '2026-12-31T08:30:00.000Z'],
    ]);
  });

  it('skips the weekend and bank holidays, in British Summer Time too', () => {
    // Due Tuesday 7 April 2026: the working day before is Thursday 2 April (Good Friday and Easter Monday).
    const [before, due] = noticesFor({ dueDate: '2026-04-07' }, calendar);
    expect(iso(before!.at)).toBe('2026-04-02T07:30:00.000Z');
    expect(iso(due!.at)).toBe('2026-04-07T07:30:00.000Z');
  });

  it('a snooze replaces every notice before the snooze day', () => {
    const notices = noticesFor({ dueDate: '2026-12-30', snoozedUntil: '2026-12-30' }, calendar);
    expect(notices.map((n) => n.id)).toEqual(['snoozed:2026-12-30', 'overdue:2026-12-30']);
  });

  it('sends only the latest of several passed notices, and counts them all as queued', () => {
    const state = { dueDate: '2026-12-30', noticesQueued: [] };
    const { send, passed } = noticesDue(state, new Date('2026-12-30T10:00:00Z'), calendar);
    expect(send?.stage).toBe('due');
    expect(passed.map((n) => n.stage)).toEqual(['before', 'due']);
    expect(nextNotice({ ...state, noticesQueued: passed.map((n) => n.id) }, calendar)?.stage).toBe('overdue');
  });
});
