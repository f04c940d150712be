import { createWorkingCalendar, londonDate } from '../../../src/domain/calendar/index.js';
import {
  defaultDeadlineRules,
  firstVisitDeadline,
  isOverdue,
  loadDeadlineRules,
  nextCaseReview,
  nextDeadlines,
  nextVictimUpdate,
  reminderTimesFor,
  type Deadline,
} from '../../../src/domain/deadlines/index.js';

const ew = createWorkingCalendar('england-and-wales');
const scot = createWorkingCalendar('scotland');

describe('first visit', () => {
  test('high risk assessed Wed 23 Dec 2026 (E&W) → Wed 30 Dec 2026', () => {
    expect(firstVisitDeadline('high', new Date('2026-12-23T14:00:00Z'), ew)).toBe('2026-12-30');
    expect(firstVisitDeadline('high', '2026-12-23', ew)).toBe('2026-12-30');
  });

  test('medium and standard: 10 working days', () => {
    expect(firstVisitDeadline('medium', '2026-12-23', ew)).toBe('2027-01-11');
    expect(firstVisitDeadline('standard', '2026-12-23', ew)).toBe('2027-01-11');
    expect(firstVisitDeadline('standard', '2026-12-23', scot)).toBe('2027-01-12');
  });

  test('the assessment day is taken in London: 23:30 UTC on 31 Jul is 1 Aug in BST', () => {
    // Sat 1 Aug 2026 London → Mon 3 (1), Tue 4 (2), Wed 5 (3)
    expect(firstVisitDeadline('high', new Date('2026-07-31T23:30:00Z'), ew)).toBe('2026-08-05');
    // Scotland's 3 August holiday pushes it a day
    expect(firstVisitDeadline('high', new Date('2026-07-31T23:30:00Z'), scot)).toBe('2026-08-06');
  });

  test('a configured table changes the answer', () => {
    const rules = loadDeadlineRules({ ...defaultDeadlineRules, firstVisitWithinWorkingDays: { high: 1, medium: 5, standard: 10 } });
    expect(firstVisitDeadline('high', '2026-12-23', ew, rules)).toBe('2026-12-24');
    expect(firstVisitDeadline('medium', '2026-12-23', ew, rules)).toBe('2027-01-04'); // 24, 29, 30, 31 Dec, 4 Jan
  });
});

describe('case review and victim updates', () => {
  test('case review every 14 / 28 / 56 days', () => {
    expect(nextCaseReview('high', '2026-12-23')).toBe('2027-01-06');
    expect(nextCaseReview('medium', '2026-12-23')).toBe('2027-01-20');
    expect(nextCaseReview('standard', '2026-12-23')).toBe('2027-02-17');
  });

  test('with a calendar, a review that lands on a holiday moves back to the working day before', () => {
    // 14 Dec 2026 + 14 = Mon 28 Dec (Boxing Day substitute) → Thu 24 Dec
    expect(nextCaseReview('high', '2026-12-14')).toBe('2026-12-28');
    expect(nextCaseReview('high', '2026-12-14', defaultDeadlineRules, ew)).toBe('2026-12-24');
  });

  test('victim update weekly, fortnightly, monthly (calendar month, clamped)', () => {
    expect(nextVictimUpdate('weekly', '2026-12-23')).toBe('2026-12-30');
    expect(nextVictimUpdate('fortnightly', '2026-12-23')).toBe('2027-01-06');
    expect(nextVictimUpdate('monthly', '2026-12-23')).toBe('2027-01-23');
    expect(nextVictimUpdate('monthly', '2027-01-31')).toBe('2027-02-28');
    expect(nextVictimUpdate('monthly', '2026-12-23', defaultDeadlineRules, ew)).toBe('2027-01-22'); // Sat 23 Jan → Fri 22 Jan
  });
});

describe('reminder times', () => {
  test('the working day before and the due day, both 08:30 London', () => {
    // due Wed 30 Dec 2026 (GMT)
    expect(reminderTimesFor('2026-12-30', ew).map((d) => d.toISOString())).toEqual([
      '2026-12-29T08:30:00.000Z',
      '2026-12-30T08:30:00.000Z',
    ]);
    // due Tue 29 Dec: the working day before is Thu 24 Dec
    expect(reminderTimesFor('2026-12-29', ew).map((d) => d.toISOString())).toEqual([
      '2026-12-24T08:30:00.000Z',
      '2026-12-29T08:30:00.000Z',
    ]);
  });

  test('across the spring clock change: due Mon 30 Mar 2026 → Fri 27 Mar 08:30 GMT, Mon 08:30 BST', () => {
    expect(reminderTimesFor('2026-03-30', ew).map((d) => d.toISOString())).toEqual([
      '2026-03-27T08:30:00.000Z',
      '2026-03-30T07:30:00.000Z',
    ]);
  });

  test('after Easter 2026 the early reminder skips Good Friday and Easter Monday', () => {
    expect(reminderTimesFor('2026-04-07', ew)[0].toISOString()).toBe('2026-04-02T07:30:00.000Z');
    expect(reminderTimesFor('2026-04-07', scot)[0].toISOString()).toBe('2026-04-06T07:30:00.000Z');
  });
});

describe('overdue and the next deadlines', () => {
  test('overdue only after the due day has passed in London', () => {
    expect(isOverdue('2026-12-30', new Date('2026-12-30T23:59:00Z'))).toBe(false);
    expect(isOverdue('2026-12-30', new Date('2026-12-31T00:00:00Z'))).toBe(true);
    // 23:30 UTC on 30 June is already 1 July in London
    expect(isOverdue('2026-06-30', new Date('2026-06-30T23:30:00Z'))).toBe(true);
    expect(londonDate(new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01');
  });

  test('nextDeadlines sorts, takes n and marks overdue', () => {
    const list: Deadline[] = [
      { kind: 'case-review', dueDate: '2027-01-06', caseId: 'c1', label: 'Case review' },
      { kind: 'first-visit', dueDate: '2026-12-30', caseId: 'c1', subjectId: 'v1', label: 'Visit victim' },
      { kind: 'victim-update', dueDate: '2026-12-20', caseId: 'c1', subjectId: 'v1', label: 'Update victim' },
      { kind: 'abc-review', dueDate: '2027-02-01', caseId: 'c1', label: 'ABC review' },
    ];
    const now = new Date('2026-12-24T09:00:00Z');
    const next = nextDeadlines(list, now);
    expect(next.map((d) => [d.kind, d.overdue])).toEqual([
      ['victim-update', true],
      ['first-visit', false],
      ['case-review', false],
    ]);
    expect(nextDeadlines(list, now, 10)).toHaveLength(4);
    expect(list[0].kind).toBe('case-review'); // input untouched
  });
});

describe('deadline rules table', () => {
  test('defaults are valid', () => {
    expect(loadDeadlineRules(defaultDeadlineRules)).toEqual(defaultDeadlineRules);
  });

  test('a broken table gives a readable error listing each problem', () => {
    const broken = {
      ...defaultDeadlineRules,
      firstVisitWithinWorkingDays: { high: 0, medium: 10 },
      reminders: { workingDaysBefore: 1, at: '8.30' },
    };
    expect(() => loadDeadlineRules(broken)).toThrow(/firstVisitWithinWorkingDays\.high/);
    expect(() => loadDeadlineRules(broken)).toThrow(/firstVisitWithinWorkingDays\.standard/);
    expect(() => loadDeadlineRules(broken)).toThrow(/reminders\.at: must be HH:mm/);
  });
});
