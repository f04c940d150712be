/** The risk assessment history in a real (embedded) MongoDB: validated writes, newest first, one per form. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { RiskAssessmentRepository } from '../../src/db/riskAssessments.js';
import { defaultQuestionSet } from '../../src/domain/risk/defaultQuestionSet.js';
import { assessRisk, overrideAssessment, type RiskAssessment } from '../../src/domain/risk/riskAssessment.js';
import { connectTarget, type TestTarget } from './target.js';

let target: TestTarget;
let repository: RiskAssessmentRepository;

beforeAll(async () => {
  target = await connectTarget();
  repository = new RiskAssessmentRepository(target.db);
  await repository.ensureIndexes();
});
afterAll(async () => target.stop());

const lowest = Object.fromEntries(defaultQuestionSet.questions.map((q) => [q.id, [...q.answers].sort((a, b) => a.weight - b.weight)[0]!.id]));
const assessed = (id: string, at: string): RiskAssessment =>
  assessRisk({ id, caseId: 'case-1', victimId: 'victim-1', assessedBy: 'officer-1', assessedAt: new Date(at), answers: lowest }, defaultQuestionSet);

describe('RiskAssessmentRepository', () => {
  it('keeps every assessment and lists them newest first', async () => {
    await repository.insert(assessed('a1', '2026-12-01T10:00:00Z'));
    await repository.insert(assessed('a2', '2026-12-20T10:00:00Z'));
    await repository.insert({ ...assessed('other', '2026-12-21T10:00:00Z'), caseId: 'case-2' });
    expect((await repository.historyForCase('case-1')).map((a) => a.id)).toEqual(['a2', 'a1']);
    const latest = await repository.latestForCase('case-1');
    expect(latest?.id).toBe('a2');
    expect(latest?.assessedAt).toEqual(new Date('2026-12-20T10:00:00Z'));
    expect(latest?.answers).toEqual(lowest);
  });

  it('stores one assessment when the same form is saved twice', async () => {
    const again = await repository.insert({ ...assessed('a1', '2026-12-02T10:00:00Z') });
    expect(again.created).toBe(false);
    expect(again.assessment.assessedAt).toEqual(new Date('2026-12-01T10:00:00Z'));
  });

  it('refuses an invalid record', async () => {
    await expect(repository.insert({ ...assessed('bad', '2026-12-03T10:00:00Z'), score: -1 })).rejects.toThrow();
    expect(await repository.get('bad')).toBeUndefined();
  });

  it('saves a change of level on the assessment', async () => {
    const current = (await repository.get('a2'))!;
    expect(await repository.saveOverride(overrideAssessment(current, 'medium', 'Known history of harassment.', 'officer-1', new Date('2026-12-21T09:00:00Z')), current)).toBe(true);
    const saved = (await repository.get('a2'))!;
    expect(saved.finalLevel).toBe('medium');
    expect(saved.override).toMatchObject({ status: 'applied', computedLevel: 'standard', requestedLevel: 'medium' });
    expect(saved.score).toBe(current.score);
  });

  it('refuses an override made from a stale read, so it never overwrites what was saved in between', async () => {
    const stale = (await repository.get('a2'))!;
    const current = (await repository.get('a2'))!;
    expect(await repository.saveOverride(overrideAssessment(current, 'high', 'Threats escalated.', 'officer-2', new Date('2026-12-22T09:00:00Z')), current)).toBe(true);
    expect(await repository.saveOverride(overrideAssessment(stale, 'medium', 'Known history of harassment.', 'officer-1', new Date('2026-12-22T09:05:00Z')), stale)).toBe(false);
    expect((await repository.get('a2'))!.finalLevel).toBe('high');
  });
});
