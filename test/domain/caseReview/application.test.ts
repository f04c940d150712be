import { describe, expect, it } from '@jest/globals';
import { createWorkingCalendar } from '../../../src/domain/calendar/createWorkingCalendar.js';
import {
  appeal, caseReviewTimescalesSchema, decide, localRuleNote, notMetExplanation, openSteps, receiveApplication, recordOutcome, scheduleMeeting, type CaseReviewApplication,
} from '../../../src/domain/caseReview/application.js';
import { caseReviewFigures } from '../../../src/domain/caseReview/figures.js';
import { defaultCaseReviewThresholds } from '../../../src/domain/cases/caseReview.js';

const calendar = createWorkingCalendar();
const received = (appliedOn = '2026-11-23'): CaseReviewApplication =>
  receiveApplication(
    { id: `a-${appliedOn}`, teamId: 't', applicantName: 'Alice', appliedOn, channel: 'email', recordedBy: 'o1', thresholdCheck: { met: true, count: 3, counted: [] } },
    '2026-11-23',
    calendar,
  );

describe('ASB Case Review application', () => {
  it("uses Richmond's timescales in working days by default, and a team's own when set", () => {
    expect(received().due).toEqual({ acknowledge: '2026-11-25', decide: '2026-12-22' });
    const eastHerts = caseReviewTimescalesSchema.parse({ decideWorkingDays: 14, appealWorkingDays: 15 });
    const app = receiveApplication({ ...received(), id: 'x' }, '2026-11-23', calendar, eastHerts);
    expect(app.due.decide).toBe('2026-12-11');
  });

  it('refuses an application dated in the future', () => {
    expect(() => received('2026-11-24')).toThrow('The date of application cannot be in the future.');
  });

  it('needs reasons for a decision, and a not-met decision gives a letter with the appeal route', () => {
    expect(() => decide(received(), { met: false, reasons: ' ', decidedBy: 'm1' }, '2026-11-24', calendar)).toThrow(/Give the reasons/);
    const notMet = decide(received(), { met: false, reasons: 'The complaints were more than a month old.', decidedBy: 'm1' }, '2026-11-24', calendar);
    expect(notMet.due['hold-meeting']).toBeUndefined();
    expect(notMetExplanation(notMet)).toContain('The complaints were more than a month old.');
    expect(notMetExplanation(notMet)).toContain('within 15 working days');
  });

  it('counts a decision as the acknowledgement when none was recorded, and keeps an earlier one', () => {
    const decided = decide(received(), { met: false, reasons: 'Too few.', decidedBy: 'm1' }, '2026-11-24', calendar);
    expect(decided.acknowledgedOn).toBe('2026-11-24');
    expect(openSteps(decided).map((s) => s.step)).not.toContain('acknowledge');
    const early = decide({ ...received(), acknowledgedOn: '2026-11-23' }, { met: true, reasons: 'r', decidedBy: 'm1' }, '2026-11-24', calendar);
    expect(early.acknowledgedOn).toBe('2026-11-23');
  });

  it('writes dates in the letter as the applicant reads them, and no empty list of complaints', () => {
    const none = decide(received(), { met: false, reasons: 'Too few.', decidedBy: 'm1' }, '2026-11-24', calendar);
    expect(notMetExplanation(none)).toContain('received on Monday 23 November 2026, has been considered');
    expect(notMetExplanation(none)).toContain('in the last 6 months: 3.');
    expect(notMetExplanation(none)).not.toMatch(/reported on|\d{4}-\d{2}-\d{2}/);
    const two = { ...none, thresholdCheck: { ...none.thresholdCheck, count: 2, counted: ['2026-10-05', '2026-11-02'].map((on, i) => ({ incidentId: `i${i}`, caseId: 'c', reportedOn: on, occurredOn: on })) } };
    expect(notMetExplanation(two)).toContain('2 (reported on Monday 5 October 2026, Monday 2 November 2026).');
  });

  it("explains by the team's own window, and names the local rule that met the threshold", () => {
    const notMet = decide(received(), { met: false, reasons: 'Too few.', decidedBy: 'm1' }, '2026-11-24', calendar);
    expect(notMetExplanation(notMet)).toContain('in the last 6 months');
    const twelve = { ...notMet, settingsApplied: { thresholds: { ...defaultCaseReviewThresholds, windowMonths: 12 }, timescales: caseReviewTimescalesSchema.parse({}) } };
    expect(notMetExplanation(twelve)).toContain('in the last 12 months');
    expect([localRuleNote('hate-incident'), localRuleNote('individuals'), localRuleNote('count'), localRuleNote(undefined)])
      .toEqual([' (local rule: a hate incident)', ' (local rule: several people about one problem)', '', '']);
  });

  it('holds a meeting only when met, and an outcome needs recommendations after the meeting', () => {
    const notMet = decide(received(), { met: false, reasons: 'r', decidedBy: 'm1' }, '2026-11-24', calendar);
    expect(() => scheduleMeeting(notMet, '2026-12-01', calendar)).toThrow(/only once the threshold is met/);
    const met = scheduleMeeting(decide(received(), { met: true, reasons: 'r', decidedBy: 'm1' }, '2026-11-24', calendar), '2026-12-01', calendar);
    expect(met.due['send-outcome']).toBe('2026-12-10');
    expect(() => recordOutcome(met, [], undefined)).toThrow(/at least one recommendation/);
    expect(() => recordOutcome(met, [{ id: 'r1', text: 'x', owner: 'EH', dueDate: '2027-01-01' }], '2026-11-30')).toThrow(/before the review meeting/);
    const done = recordOutcome(met, [{ id: 'r1', text: 'x', owner: 'EH', dueDate: '2027-01-01' }], '2026-12-03');
    expect(openSteps(done).map((s) => s.step)).toEqual([]);
  });

  it('sends an appeal to someone outside the first decision', () => {
    const decided = decide(received(), { met: false, reasons: 'r', decidedBy: 'm1' }, '2026-11-24', calendar);
    expect(() => appeal(decided, { receivedOn: '2026-11-25', reviewerId: 'm1', grounds: 'g' }, calendar)).toThrow(/not part of the first decision/);
    expect(appeal(decided, { receivedOn: '2026-11-25', reviewerId: 'm2', grounds: 'g' }, calendar).due['decide-appeal']).toBe('2026-12-16');
  });

  it('counts the year’s figures, with the working days to a decision', () => {
    const a = decide(received('2026-11-02'), { met: true, reasons: 'r', decidedBy: 'm1' }, '2026-11-06', calendar);
    const b = decide(received('2026-11-09'), { met: false, reasons: 'r', decidedBy: 'm1' }, '2026-11-11', calendar);
    const c = received('2026-11-23');
    const figures = caseReviewFigures([a, b, c, { ...received('2026-11-16'), appliedOn: '2025-12-30' }], 2026, calendar);
    expect(figures).toMatchObject({ applications: 3, thresholdMet: 1, thresholdNotMet: 1, awaitingDecision: 1, averageWorkingDaysToDecision: 3, decidedWithinTimescale: 2 });
  });
});
