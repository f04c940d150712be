/** The subject access rules: who is offered as the person, when the answer is due, and what is redacted. */
import { describe, expect, it } from '@jest/globals';
import { createWorkingCalendar } from '../../../src/domain/calendar/index.js';
import { nameMatch, redactThirdParties, responseDue } from '../../../src/domain/governance/subjectAccess.js';

describe('nameMatch', () => {
  it.each([
    ['Jane Smith', 'Jane Smith', 'exact'],
    ['jane  SMITH', 'Jane Smith', 'exact'],
    ['Smith Jane', 'Jane Smith', 'exact'],
    ['Jane Smith', 'Jayne Smith', 'close'],
    ['Jane Smith', 'Jane Smyth', 'close'],
    ['Jon Smith', 'Jonathan Smith', 'close'],
    ['Zoë Ellis', 'Zoe Ellis', 'exact'],
    ['Jane Smith', 'John Smith', undefined],
    ['Jane Smith', 'Jane Brown', undefined],
    ['Al', 'Ali', undefined],
  ])('%s against %s: %s', (query, candidate, expected) => {
    expect(nameMatch(query, candidate)).toBe(expected);
  });
});

describe('responseDue (one calendar month, on a working day)', () => {
  const calendar = createWorkingCalendar('england-and-wales');
  it.each([
    ['2026-11-03', '2026-12-03'],
    ['2026-01-31', '2026-03-02'], // no 31 February: the month's last day, Saturday 28th, then the next working day
    ['2026-11-25', '2026-12-29'], // Christmas Day, then the Boxing Day substitute
    ['2026-03-28', '2026-04-28'],
  ])('received %s: due %s', (received, due) => {
    expect(responseDue(received, calendar)).toBe(due);
  });
});

describe('redactThirdParties', () => {
  it('keeps the requester\'s own words when a family shares a surname', () => {
    expect(redactThirdParties("Tom Smith shouted at his mother Jane Smith; Tom's friend Kai Lee joined in.", ['Jane Smith'], ['Tom Smith', 'Kai Lee']))
      .toBe("[third party] shouted at his mother Jane Smith; [third party]'s friend [third party] joined in.");
  });
});
