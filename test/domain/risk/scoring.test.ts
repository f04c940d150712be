import { defaultQuestionSet, levelForScore, loadQuestionSet, scoreAssessment, type RiskAnswers } from '../../../src/domain/risk/index.js';

/** Every question answered with its zero-weight first answer. */
const calm: RiskAnswers = Object.fromEntries(defaultQuestionSet.questions.map((q) => [q.id, q.answers[0].id]));

describe('scoring the default question set', () => {
  test('no risk factors: score 0, standard, complete', () => {
    expect(scoreAssessment(defaultQuestionSet, calm)).toEqual({
      score: 0,
      computedLevel: 'standard',
      automaticHighReasons: [],
      unanswered: [],
      invalid: [],
      complete: true,
    });
  });

  test('one-off nuisance with a little effect on sleep stays standard', () => {
    const r = scoreAssessment(defaultQuestionSet, { ...calm, 'daily-life': 'a-little', 'perpetrator-nearby': 'yes' });
    expect(r.score).toBe(4);
    expect(r.computedLevel).toBe('standard');
  });

  test('weekly nuisance from a neighbour that worries the victim reaches medium', () => {
    const r = scoreAssessment(defaultQuestionSet, {
      ...calm,
      frequency: 'weekly', // 3
      'perpetrator-nearby': 'yes', // 3
      'daily-life': 'a-little', // 1
      'repeat-victim': 'once', // 2
      'fear-at-home': 'sometimes', // 3
    });
    expect(r.score).toBe(12);
    expect(r.computedLevel).toBe('medium');
  });

  test('a typical high-harm profile reaches high without any automatic answer', () => {
    const r = scoreAssessment(defaultQuestionSet, {
      ...calm,
      'repeat-victim': 'repeatedly', // 4
      hate: 'yes', // 5
      frequency: 'daily', // 5
      'threats-violence': 'threats', // 3
      'fear-at-home': 'yes', // 5
      'perpetrator-nearby': 'yes', // 3
      'daily-life': 'a-lot', // 3
    });
    expect(r.score).toBe(28);
    expect(r.computedLevel).toBe('high');
    expect(r.automaticHighReasons).toEqual([]);
  });

  test('threat to life is automatically high even with an otherwise low score', () => {
    const r = scoreAssessment(defaultQuestionSet, { ...calm, 'threat-to-life': 'yes' });
    expect(r.score).toBe(10);
    expect(r.computedLevel).toBe('high');
    expect(r.automaticHighReasons).toEqual([
      {
        questionId: 'threat-to-life',
        answerId: 'yes',
        text: 'Has anyone threatened to kill the victim or cause serious injury, or used a weapon? Yes',
      },
    ]);
  });

  test('self-harm is automatically high, and both reasons are listed when both apply', () => {
    const r = scoreAssessment(defaultQuestionSet, { ...calm, 'self-harm': 'yes', 'threat-to-life': 'yes' });
    expect(r.computedLevel).toBe('high');
    expect(r.automaticHighReasons.map((x) => x.questionId)).toEqual(['threat-to-life', 'self-harm']);
  });

  test('unanswered and unknown answers are reported; automatic high still applies on a partial form', () => {
    const { health: _h, age: _a, ...partial } = calm;
    const r = scoreAssessment(defaultQuestionSet, { ...partial, 'self-harm': 'yes', hate: 'maybe', 'shoe-size': '9' });
    expect(r.unanswered).toEqual(['health', 'age']);
    expect(r.invalid).toEqual([
      { questionId: 'hate', answerId: 'maybe', problem: 'unknown answer' },
      { questionId: 'shoe-size', answerId: '9', problem: 'unknown question' },
    ]);
    expect(r.complete).toBe(false);
    expect(r.computedLevel).toBe('high');
  });
});

describe('threshold boundaries', () => {
  const thresholds = defaultQuestionSet.thresholds;
  test.each([
    [0, 'standard'],
    [9, 'standard'],
    [10, 'medium'],
    [19, 'medium'],
    [20, 'high'],
    [45, 'high'],
  ] as const)('score %i → %s', (score, level) => {
    expect(levelForScore(score, thresholds)).toBe(level);
  });

  test('configured thresholds are used by scoreAssessment', () => {
    const set = loadQuestionSet({
      version: 2,
      name: 'strict council',
      thresholds: { medium: 3, high: 6 },
      questions: [
        { id: 'fear', text: 'Scared at home?', answers: [{ id: 'no', label: 'No', weight: 0 }, { id: 'yes', label: 'Yes', weight: 3 }] },
        { id: 'repeat', text: 'Happened before?', answers: [{ id: 'no', label: 'No', weight: 0 }, { id: 'yes', label: 'Yes', weight: 3 }] },
      ],
    });
    expect(scoreAssessment(set, { fear: 'no', repeat: 'no' }).computedLevel).toBe('standard');
    expect(scoreAssessment(set, { fear: 'yes', repeat: 'no' }).computedLevel).toBe('medium');
    expect(scoreAssessment(set, { fear: 'yes', repeat: 'yes' }).computedLevel).toBe('high');
  });
});
