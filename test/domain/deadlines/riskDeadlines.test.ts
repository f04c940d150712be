import { createWorkingCalendar } from '../../../src/domain/calendar/index.js';
import { riskAssessmentDeadlines, victimUpdateDeadline } from '../../../src/domain/deadlines/index.js';
import { assessRisk, defaultQuestionSet, type RiskAnswers } from '../../../src/domain/risk/index.js';

const ew = createWorkingCalendar('england-and-wales');
const calm: RiskAnswers = Object.fromEntries(defaultQuestionSet.questions.map((q) => [q.id, q.answers[0].id]));

test('a high-risk assessment on Wed 23 Dec 2026 (E&W): visit by Wed 30 Dec, review 14 days on (6 Jan 2027)', () => {
  const assessment = assessRisk(
    {
      id: 'ra-1',
      caseId: 'case-1',
      victimId: 'victim-1',
      assessedBy: 'officer-1',
      assessedAt: new Date('2026-12-23T11:15:00Z'),
      answers: { ...calm, 'threat-to-life': 'yes' },
    },
    defaultQuestionSet,
  );
  expect(riskAssessmentDeadlines(assessment, ew)).toEqual([
    { kind: 'first-visit', dueDate: '2026-12-30', caseId: 'case-1', subjectId: 'victim-1', label: 'Visit the high-risk victim (within 3 working days)' },
    { kind: 'case-review', dueDate: '2027-01-06', caseId: 'case-1', label: 'Review the high-risk case (every 14 days)' },
  ]);
});

test('a reassessment after the visit sets only the review; standard risk reviews after 56 days', () => {
  const d = riskAssessmentDeadlines(
    { caseId: 'c', victimId: 'v', assessedAt: new Date('2026-11-02T09:00:00Z'), finalLevel: 'standard' },
    ew,
    { victimAlreadyVisited: true },
  );
  // 2 Nov + 56 days = Mon 28 Dec (Boxing Day substitute) → Thu 24 Dec, never late
  expect(d).toEqual([{ kind: 'case-review', dueDate: '2026-12-24', caseId: 'c', label: 'Review the standard-risk case (every 56 days)' }]);
});

test('victim update deadline', () => {
  expect(victimUpdateDeadline('c', 'v', 'fortnightly', '2026-12-16', ew)).toEqual({
    kind: 'victim-update',
    dueDate: '2026-12-30',
    caseId: 'c',
    subjectId: 'v',
    label: 'Update the victim (fortnightly)',
  });
  // weekly from Mon 21 Dec → Mon 28 Dec is a holiday → Thu 24 Dec
  expect(victimUpdateDeadline('c', 'v', 'weekly', new Date('2026-12-21T16:00:00Z'), ew).dueDate).toBe('2026-12-24');
});
