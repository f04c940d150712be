import { ManualClock } from '../../../src/domain/clock.js';
import { createWorkingCalendar } from '../../../src/domain/calendar/index.js';
import {
  preventionRates,
  recordIntervention,
  recordOutcome,
  type Intervention,
  type InterventionTypeId,
} from '../../../src/domain/interventions/index.js';

const ew = createWorkingCalendar('england-and-wales');
const servedClock = new ManualClock('2026-06-01T09:00:00Z');
const afterMonitoring = new ManualClock('2027-01-05T09:00:00Z');

let seq = 0;
function warned(under18: boolean, cameBack: boolean | undefined, type: InterventionTypeId = 'stage-1-warning-letter'): Intervention {
  seq++;
  const { intervention } = recordIntervention(
    { id: `i${seq}`, caseId: 'c', type, personId: `p${seq}`, personUnder18: under18, servedOn: '2026-06-01', officerId: 'o1' },
    ew,
    servedClock,
  );
  return cameBack === undefined ? intervention : recordOutcome(intervention, { cameToNoticeAgain: cameBack, recordedBy: 'o1' }, afterMonitoring);
}

test('under-18s and adults against the 80% / 70% targets', () => {
  const all = [
    // under-18s: 4 of 5 did not come to notice again = 80% (meets 80%)
    warned(true, false), warned(true, false), warned(true, false), warned(true, false), warned(true, true),
    // one still awaiting an answer
    warned(true, undefined),
    // adults: 2 of 3 = 66.7% (misses 70%)
    warned(false, false), warned(false, false), warned(false, true, 'stage-2-final-warning'),
    // not monitored: left out
    warned(false, undefined, 'referral-mediation-support'),
  ];
  const rates = preventionRates(all, { today: '2027-01-05' });
  expect(rates.under18).toEqual({
    monitored: 6,
    awaitingOutcome: 1,
    outcomeRecorded: 5,
    notComeToNoticeAgain: 4,
    ratePercent: 80,
    targetPercent: 80,
    meetsTarget: true,
  });
  expect(rates.adults).toEqual({
    monitored: 3,
    awaitingOutcome: 0,
    outcomeRecorded: 3,
    notComeToNoticeAgain: 2,
    ratePercent: 66.7,
    targetPercent: 70,
    meetsTarget: false,
  });
});

test('configured targets, nothing measured yet, and awaiting only counts ended monitoring', () => {
  const pending = warned(false, undefined, 'stage-2-final-warning'); // monitoring ends 2026-12-01
  const rates = preventionRates([pending], { targets: { under18Percent: 90, adultPercent: 60 }, today: '2026-11-30' });
  expect(rates.adults).toMatchObject({ monitored: 1, awaitingOutcome: 0, outcomeRecorded: 0, ratePercent: null, targetPercent: 60, meetsTarget: null });
  expect(preventionRates([pending], { today: '2026-12-01' }).adults.awaitingOutcome).toBe(1);
  expect(preventionRates([]).under18).toMatchObject({ monitored: 0, ratePercent: null, targetPercent: 80 });
});
