import {
  caseReviewForCase,
  complaintsFrom,
  nonQualifyingReason,
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
    expect(defaultCaseReviewThresholds).toEqual({ explainAt: 2, thresholdAt: 3, windowMonths: 6, reportedWithinMonths: 1, hateIncidentMeetsThreshold: false });
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

describe('qualifying complaints', () => {
  const report = (c: ReturnType<typeof aCase>, victimIndex: number, occurredAt: string, extra: Partial<Incident> = {}): Incident => ({
    id: `i-${c.id}-${occurredAt}-${extra.reportedAt?.toISOString() ?? ''}`,
    caseId: c.id,
    occurredAt: d(occurredAt),
    categories: ['noise'],
    description: 'x',
    reportedBy: { personId: c.victims[victimIndex]!.id },
    evidence: [],
    loggedBy: 'aad',
    loggedAt: now,
    ...extra,
  });

  it('does not count a complaint reported 5 weeks after the behaviour', () => {
    const current = aCase({ victims: [aVictim('Alex')] });
    const late = report(current, 0, '2026-06-01T20:00:00Z', { reportedAt: d('2026-07-06T10:00:00Z') });
    const inTime = report(current, 0, '2026-06-01T20:00:00Z', { reportedAt: d('2026-06-30T10:00:00Z') });
    expect(nonQualifyingReason(complaintsFrom([current], [late])[0]!)).toBe('reported more than 1 month after the behaviour');
    expect(nonQualifyingReason(complaintsFrom([current], [inTime])[0]!)).toBeUndefined();
    const incidents = [late, report(current, 0, '2026-07-01T20:00:00Z'), report(current, 0, '2026-08-01T20:00:00Z')];
    expect(caseReviewForCase(current, incidents, now)[0]).toMatchObject({ level: 'explain', count: 2 });
  });

  it('counts complaints about one person across two cases together', () => {
    const first = aCase({ victims: [aVictim('Alex', { personKey: 'person-alex' })] });
    const second = aCase({ victims: [aVictim('Alex Jones', { personKey: 'person-alex' })] });
    const onSecond = [report(second, 0, '2026-05-01T20:00:00Z'), report(second, 0, '2026-06-01T20:00:00Z')];
    const [review] = caseReviewForCase(first, [report(first, 0, '2026-08-01T20:00:00Z')], now, defaultCaseReviewThresholds, complaintsFrom([second], onSecond));
    expect(review).toMatchObject({ level: 'threshold', count: 3, rule: 'count' });
    expect(review!.counted.map((c) => c.caseId)).toEqual([second.id, second.id, first.id]);
    // Without the confirmed identity, the same name on another case is someone else.
    const stranger = aCase({ victims: [aVictim('Alex')] });
    expect(caseReviewForCase(stranger, [], now, defaultCaseReviewThresholds, complaintsFrom([second], onSecond))[0]).toMatchObject({ count: 0 });
  });

  it("counts a third party's complaint with the victim's consent, and not without it", () => {
    const current = aCase({ victims: [aVictim('Alex')] });
    const byNeighbour = (consented: boolean) =>
      report(current, 0, '2026-07-01T20:00:00Z', { id: `n-${consented}`, reportedBy: { personId: current.victims[0]!.id, name: 'Neighbour', role: 'third-party', victimConsented: consented } });
    const own = [report(current, 0, '2026-06-01T20:00:00Z'), report(current, 0, '2026-08-01T20:00:00Z')];
    expect(caseReviewForCase(current, [...own, byNeighbour(true)], now)[0]).toMatchObject({ level: 'threshold', count: 3 });
    expect(caseReviewForCase(current, [...own, byNeighbour(false)], now)[0]).toMatchObject({ level: 'explain', count: 2 });
    const byAgency = report(current, 0, '2026-07-01T20:00:00Z', { id: 'agency', reportedBy: { personId: current.victims[0]!.id, name: 'Housing', role: 'agency' } });
    expect(caseReviewForCase(current, [...own, byAgency], now)[0]).toMatchObject({ count: 3 });
  });

  it('fires a local hate-incident rule on one incident', () => {
    const current = aCase({ victims: [aVictim('Alex')] });
    const hate = report(current, 0, '2026-08-01T20:00:00Z', { categories: ['hate-incident'] });
    expect(caseReviewForCase(current, [hate], now)[0]).toMatchObject({ level: 'none', count: 1 });
    const local = caseReviewThresholdsSchema.parse({ hateIncidentMeetsThreshold: true });
    expect(caseReviewForCase(current, [hate], now, local)[0]).toMatchObject({ level: 'threshold', count: 1, rule: 'hate-incident' });
  });

  it('fires a local rule when 5 individuals complain about the same problem', () => {
    const current = aCase({ victims: ['A', 'B', 'C', 'D', 'E'].map((name) => aVictim(name)) });
    const incidents = current.victims.map((_, i) => report(current, i, `2026-08-0${i + 1}T20:00:00Z`));
    const local = caseReviewThresholdsSchema.parse({ individualsAboutOneProblem: 5 });
    expect(caseReviewForCase(current, incidents.slice(0, 4), now, local).map((r) => r.level)).toEqual(['none', 'none', 'none', 'none', 'none']);
    expect(caseReviewForCase(current, incidents, now, local).every((r) => r.level === 'threshold' && r.rule === 'individuals')).toBe(true);
  });
});
