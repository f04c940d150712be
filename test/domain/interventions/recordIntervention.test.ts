import { ManualClock } from '../../../src/domain/clock.js';
import { createWorkingCalendar } from '../../../src/domain/calendar/index.js';
import {
  defaultInterventionTypes,
  interventionDeadlines,
  InterventionInputError,
  interventionTypeIds,
  loadInterventionTypes,
  monitoringEnd,
  recordIntervention,
  recordOutcome,
  type InterventionTypeId,
  type NewIntervention,
} from '../../../src/domain/interventions/index.js';

const ew = createWorkingCalendar('england-and-wales');
const scot = createWorkingCalendar('scotland');
const clock = new ManualClock('2026-12-23T10:00:00Z');

function input(type: InterventionTypeId, servedOn: string, extra: Partial<NewIntervention> = {}): NewIntervention {
  return { id: `int-${type}`, caseId: 'case-1', type, personId: 'person-1', personUnder18: false, servedOn, officerId: 'officer-1', ...extra };
}

/** [kind, dueDate] pairs of the derived deadlines. */
function derived(type: InterventionTypeId, servedOn: string, extra: Partial<NewIntervention> = {}, calendar = ew): string[][] {
  return recordIntervention(input(type, servedOn, extra), calendar, clock).deadlines.map((d) => [d.kind, d.dueDate]);
}

describe('monitoring end dates: served + N calendar months, clamped to the month end', () => {
  test.each([
    ['2026-08-31', 3, '2026-11-30'],
    ['2026-08-31', 6, '2027-02-28'],
    ['2027-08-31', 6, '2028-02-29'],
    ['2026-11-30', 3, '2027-02-28'],
    ['2026-05-31', 1, '2026-06-30'],
    ['2026-10-15', 3, '2027-01-15'],
    ['2026-12-31', 6, '2027-06-30'],
  ])('%s + %i months = %s', (served, months, end) => {
    expect(monitoringEnd(served, months)).toBe(end);
  });
});

describe('derived deadlines for every intervention type (England & Wales)', () => {
  test('verbal warning: monitoring 3 months', () => {
    const r = recordIntervention(input('verbal-warning', '2026-08-31'), ew, clock);
    expect(r.intervention.monitoringEndsOn).toBe('2026-11-30');
    expect(r.deadlines).toEqual([
      {
        kind: 'monitoring-end',
        dueDate: '2026-11-30',
        caseId: 'case-1',
        subjectId: 'int-verbal-warning',
        label: "Verbal warning: monitoring ends. Has this person come to the team's attention again since the warning?",
      },
    ]);
  });

  test('stage 1 warning letter on an under-18: 3 months; a monitoring end on a holiday is asked the next working day', () => {
    const r = recordIntervention(input('stage-1-warning-letter', '2026-09-28', { personUnder18: true }), ew, clock);
    expect(r.intervention).toMatchObject({ personUnder18: true, monitoringEndsOn: '2026-12-28' });
    expect(r.deadlines.map((d) => [d.kind, d.dueDate])).toEqual([['monitoring-end', '2026-12-29']]);
  });

  test('stage 2 final warning: 6 months, clamped 31 Aug → 28 Feb (a Sunday → Mon 1 Mar)', () => {
    const r = recordIntervention(input('stage-2-final-warning', '2026-08-31'), ew, clock);
    expect(r.intervention.monitoringEndsOn).toBe('2027-02-28');
    expect(r.deadlines.map((d) => [d.kind, d.dueDate])).toEqual([['monitoring-end', '2027-03-01']]);
  });

  test('Acceptable Behaviour Contract: runs 6 months, reviews every 28 days until expiry, monitoring and expiry', () => {
    const r = recordIntervention(input('acceptable-behaviour-contract', '2026-07-06'), ew, clock);
    expect(r.intervention).toMatchObject({ expiryDate: '2027-01-06', monitoringEndsOn: '2027-01-06' });
    expect(r.deadlines.map((d) => [d.kind, d.dueDate])).toEqual([
      ['abc-review', '2026-08-03'],
      ['abc-review', '2026-08-28'], // 31 Aug is the summer bank holiday: the Friday before
      ['abc-review', '2026-09-28'],
      ['abc-review', '2026-10-26'],
      ['abc-review', '2026-11-23'],
      ['abc-review', '2026-12-21'],
      ['monitoring-end', '2027-01-06'],
      ['intervention-expiry', '2027-01-06'],
    ]);
    expect(r.deadlines.filter((d) => d.kind === 'abc-review').map((d) => d.label)).toEqual(
      [1, 2, 3, 4, 5, 6].map((n) => `Acceptable Behaviour Contract: review ${n}`),
    );
  });

  test('ABC in Scotland: the 3 August holiday moves the first review back to Fri 31 July; 31 August stays', () => {
    const reviews = derived('acceptable-behaviour-contract', '2026-07-06', {}, scot).filter(([k]) => k === 'abc-review');
    expect(reviews.slice(0, 2)).toEqual([
      ['abc-review', '2026-07-31'],
      ['abc-review', '2026-08-31'],
    ]);
  });

  test('ABC with an earlier expiry given by the officer stops reviewing there', () => {
    expect(derived('acceptable-behaviour-contract', '2026-07-06', { expiryDate: '2026-10-06' })).toEqual([
      ['abc-review', '2026-08-03'],
      ['abc-review', '2026-08-28'],
      ['abc-review', '2026-09-28'],
      ['intervention-expiry', '2026-10-06'],
      ['monitoring-end', '2027-01-06'],
    ]);
  });

  test('parenting contract: review and expiry when given, no monitoring', () => {
    const r = recordIntervention(input('parenting-contract', '2026-11-02', { reviewDate: '2027-02-01', expiryDate: '2027-11-01' }), ew, clock);
    expect(r.intervention.monitoringEndsOn).toBeUndefined();
    expect(r.deadlines.map((d) => [d.kind, d.dueDate])).toEqual([
      ['intervention-review', '2027-02-01'],
      ['intervention-expiry', '2027-11-01'],
    ]);
    expect(derived('parenting-contract', '2026-11-02')).toEqual([]);
  });

  test('Community Protection Warning: compliance date and 6 months monitoring', () => {
    expect(derived('community-protection-warning', '2026-12-01', { complianceDate: '2026-12-15' })).toEqual([
      ['compliance', '2026-12-15'],
      ['monitoring-end', '2027-06-01'],
    ]);
  });

  test('Community Protection Notice: compliance when given', () => {
    expect(derived('community-protection-notice', '2026-12-01')).toEqual([]);
    expect(derived('community-protection-notice', '2026-12-01', { complianceDate: '2027-01-15' })).toEqual([['compliance', '2027-01-15']]);
  });

  test('civil injunction: review and expiry (both required), hearing optional', () => {
    expect(derived('civil-injunction', '2026-10-01', { reviewDate: '2027-01-04', expiryDate: '2027-10-01', hearingDate: '2026-10-01' })).toEqual([
      ['court-hearing', '2026-10-01'],
      ['intervention-review', '2027-01-04'],
      ['intervention-expiry', '2027-10-01'],
    ]);
  });

  test('closure notice / order: court hearing date', () => {
    expect(derived('closure-notice-order', '2026-12-22', { hearingDate: '2026-12-24' })).toEqual([['court-hearing', '2026-12-24']]);
    expect(derived('closure-notice-order', '2026-12-22', { hearingDate: '2026-12-24', expiryDate: '2027-03-24' })).toEqual([
      ['court-hearing', '2026-12-24'],
      ['intervention-expiry', '2027-03-24'],
    ]);
  });

  test('possession proceedings: hearing when known', () => {
    expect(derived('possession-proceedings', '2026-11-10')).toEqual([]);
    expect(derived('possession-proceedings', '2026-11-10', { hearingDate: '2027-02-15' })).toEqual([['court-hearing', '2027-02-15']]);
  });

  test('referral to mediation or support: nothing to chase', () => {
    const r = recordIntervention(input('referral-mediation-support', '2026-12-23'), ew, clock);
    expect(r.deadlines).toEqual([]);
    expect(r.intervention.monitoringEndsOn).toBeUndefined();
  });

  test('every type in the table is covered above', () => {
    expect(Object.keys(defaultInterventionTypes).sort()).toEqual([...interventionTypeIds].sort());
  });
});

describe('validation of what the officer enters', () => {
  function problems(i: NewIntervention, c = clock): string[] {
    try {
      recordIntervention(i, ew, c);
    } catch (error) {
      expect(error).toBeInstanceOf(InterventionInputError);
      return (error as InterventionInputError).problems;
    }
    throw new Error('expected a rejection');
  }

  test('served in the future is refused; "today" is the London date', () => {
    expect(problems(input('verbal-warning', '2026-12-24'))).toEqual(['The date served (2026-12-24) cannot be in the future.']);
    const lateBstEvening = new ManualClock('2026-06-30T23:30:00Z'); // already 1 July in London
    expect(recordIntervention(input('verbal-warning', '2026-07-01'), ew, lateBstEvening).intervention.servedOn).toBe('2026-07-01');
  });

  test('missing required dates, dates the type does not have, and dates in the wrong order are all listed', () => {
    expect(problems(input('civil-injunction', '2026-10-01', { expiryDate: '2026-09-01', hearingDate: '2026-09-30' }))).toEqual([
      'A Civil injunction needs a review date.',
      'The expiry date must be after the date served.',
      'The court hearing date cannot be before the date served.',
    ]);
    expect(problems(input('verbal-warning', '2026-10-01', { hearingDate: '2026-11-01' }))).toEqual(['A Verbal warning has no court hearing date.']);
    expect(problems(input('closure-notice-order', '2026-10-01'))).toEqual(['A Closure notice / order needs a court hearing date.']);
    expect(problems(input('community-protection-warning', '2026-10-01', { complianceDate: '2026-10-01' }))).toEqual([
      'The compliance date must be after the date served.',
    ]);
    expect(problems(input('civil-injunction', '2026-10-01', { reviewDate: '2027-12-01', expiryDate: '2027-10-01' }))).toEqual([
      'The review date must not be after the expiry date.',
    ]);
  });

  test('malformed input is refused with the field named', () => {
    const bad = problems({ ...input('verbal-warning', '2026-02-30'), personId: '' });
    expect(bad.some((p) => p.startsWith('servedOn:'))).toBe(true);
    expect(bad.some((p) => p.startsWith('personId:'))).toBe(true);
    expect(problems({ ...input('verbal-warning', '2026-10-01'), type: 'asbo' as InterventionTypeId })[0]).toMatch(/^type:/);
  });
});

describe('recording the outcome at the end of monitoring', () => {
  const served = recordIntervention(input('stage-1-warning-letter', '2026-08-31', { personUnder18: true }), ew, clock).intervention;

  test('"not come to notice again" from the monitoring end date; the monitoring deadline then goes away', () => {
    const done = recordOutcome(served, { cameToNoticeAgain: false, recordedBy: 'officer-1' }, clock);
    expect(done.outcome).toEqual({ cameToNoticeAgain: false, recordedAt: new Date('2026-12-23T10:00:00Z'), recordedBy: 'officer-1' });
    expect(interventionDeadlines(done, ew)).toEqual([]);
    expect(served.outcome).toBeUndefined();
  });

  test('"not come to notice" before monitoring ends is refused; "came to notice again" is allowed early', () => {
    const early = new ManualClock('2026-11-29T12:00:00Z');
    expect(() => recordOutcome(served, { cameToNoticeAgain: false, recordedBy: 'officer-1' }, early)).toThrow(/Monitoring runs until 2026-11-30/);
    expect(recordOutcome(served, { cameToNoticeAgain: true, recordedBy: 'officer-1' }, early).outcome?.cameToNoticeAgain).toBe(true);
  });

  test('recorded once only, and only for monitored interventions', () => {
    const done = recordOutcome(served, { cameToNoticeAgain: true, recordedBy: 'officer-1' }, clock);
    expect(() => recordOutcome(done, { cameToNoticeAgain: false, recordedBy: 'officer-1' }, clock)).toThrow(/already been recorded/);
    const referral = recordIntervention(input('referral-mediation-support', '2026-10-01'), ew, clock).intervention;
    expect(() => recordOutcome(referral, { cameToNoticeAgain: false, recordedBy: 'officer-1' }, clock)).toThrow(/not monitored/);
  });
});

describe('intervention type table', () => {
  test('the defaults validate', () => {
    expect(loadInterventionTypes(defaultInterventionTypes)).toEqual(defaultInterventionTypes);
  });

  test('monitoring beyond the 6-month cap, or reviews with no expiry, are refused', () => {
    const broken = {
      ...defaultInterventionTypes,
      'stage-2-final-warning': { ...defaultInterventionTypes['stage-2-final-warning'], monitoringMonths: 12 },
      'parenting-contract': { label: 'Parenting contract', reviewEveryDays: 28, requiredDates: [], optionalDates: [] },
    };
    expect(() => loadInterventionTypes(broken)).toThrow(/stage-2-final-warning\.monitoringMonths: monitoring is capped at 6 months/);
    expect(() => loadInterventionTypes(broken)).toThrow(/parenting-contract: periodic reviews need an expiry date/);
  });
});
