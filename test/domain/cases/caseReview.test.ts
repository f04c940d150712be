import {
  caseReviewForCase,
  caseReviewStatus,
  caseReviewThresholdsSchema,
  defaultCaseReviewThresholds,
} from '../../../src/domain/cases/caseReview.js';
import type { Incident } from '../../../src/domain/cases/incident.js';
import { aCase, aVictim } from './caseFixtures.js';

// 10:00 BST, 15 August 2026: six calendar months ago is 15 February 2026 (GMT).
const now = new Date('2026-08-15T09:00:00Z');
const d = (iso: string): Date => new Date(iso);

describe('Case Review counter', () => {
  it('has the statutory defaults', () => {
    expect(defaultCaseReviewThresholds).toEqual({ explainAt: 2, thresholdAt: 3, windowMonths: 6 });
    expect(caseReviewThresholdsSchema.safeParse({ explainAt: 4, thresholdAt: 3 }).success).toBe(false);
  });

  it('starts the window at London midnight on the same date six months ago', () => {
    expect(caseReviewStatus([], now).windowStart).toEqual(d('2026-02-15T00:00:00Z'));
    // In summer London midnight is 23:00 UTC the day before.
    expect(caseReviewStatus([], d('2026-12-01T12:00:00Z')).windowStart).toEqual(d('2026-05-31T23:00:00Z'));
  });

  it('clamps to the end of a shorter month', () => {
    expect(caseReviewStatus([], d('2026-08-31T12:00:00Z')).windowStart).toEqual(d('2026-02-28T00:00:00Z'));
  });

  it('counts 1 as none, 2 as explain and 3 as threshold', () => {
    expect(caseReviewStatus([d('2026-08-01T20:00:00Z')], now)).toMatchObject({ level: 'none', count: 1 });
    expect(caseReviewStatus([d('2026-08-01T20:00:00Z'), d('2026-07-01T20:00:00Z')], now)).toMatchObject({ level: 'explain', count: 2 });
    expect(caseReviewStatus([d('2026-08-01T20:00:00Z'), d('2026-07-01T20:00:00Z'), d('2026-03-01T20:00:00Z')], now)).toMatchObject({
      level: 'threshold',
      count: 3,
    });
  });

  it('includes an incident exactly six months ago and ignores one the day before', () => {
    const exactly = d('2026-02-15T00:00:00Z');
    const justBefore = d('2026-02-14T23:59:00Z');
    const recent = [d('2026-08-01T20:00:00Z'), d('2026-07-01T20:00:00Z')];
    expect(caseReviewStatus([...recent, exactly], now)).toMatchObject({ level: 'threshold', count: 3 });
    expect(caseReviewStatus([...recent, justBefore], now)).toMatchObject({ level: 'explain', count: 2 });
  });

  it('ignores incidents outside the window', () => {
    const old = [d('2025-01-01T10:00:00Z'), d('2025-12-25T10:00:00Z'), d('2026-01-31T10:00:00Z')];
    expect(caseReviewStatus(old, now)).toMatchObject({ level: 'none', count: 0 });
  });

  it('uses configured thresholds', () => {
    const thresholds = caseReviewThresholdsSchema.parse({ explainAt: 3, thresholdAt: 5, windowMonths: 12 });
    const dates = [d('2025-09-01T10:00:00Z'), d('2026-01-01T10:00:00Z'), d('2026-06-01T10:00:00Z')];
    expect(caseReviewStatus(dates, now, thresholds)).toMatchObject({ level: 'explain', count: 3 });
  });

  it('counts per victim on a case, by who reported each incident', () => {
    const current = aCase({ victims: [aVictim('Alex'), aVictim('Jo')] });
    const [alex, jo] = current.victims;
    const incident = (occurredAt: string, personId: string | undefined): Incident => ({
      id: `i-${occurredAt}`,
      caseId: current.id,
      occurredAt: d(occurredAt),
      categories: ['noise'],
      description: 'x',
      reportedBy: personId ? { personId } : { name: 'PC Jones' },
      evidence: [],
      loggedBy: 'aad',
      loggedAt: now,
    });
    const incidents = [
      incident('2026-08-01T20:00:00Z', alex.id),
      incident('2026-07-01T20:00:00Z', alex.id),
      incident('2026-06-01T20:00:00Z', alex.id),
      incident('2026-06-02T20:00:00Z', jo.id),
      incident('2026-06-03T20:00:00Z', undefined),
    ];
    const review = caseReviewForCase(current, incidents, now);
    expect(review.map((r) => [r.victimName, r.level, r.count])).toEqual([
      ['Alex', 'threshold', 3],
      ['Jo', 'none', 1],
    ]);
  });
});
