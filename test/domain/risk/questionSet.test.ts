import { readFileSync } from 'node:fs';
import { defaultQuestionSet, loadQuestionSet, QuestionSetError } from '../../../src/domain/risk/index.js';

const shippedText = readFileSync(new URL('../../../src/domain/risk/default-questions.json', import.meta.url), 'utf8');

describe('the default question set', () => {
  test('loads and validates from the shipped JSON file', () => {
    const set = loadQuestionSet(shippedText);
    expect(set).toEqual(defaultQuestionSet);
    expect(set.questions.length).toBeGreaterThanOrEqual(12);
    expect(set.questions.length).toBeLessThanOrEqual(16);
    expect(set.thresholds).toEqual({ medium: 10, high: 20 });
  });

  test('covers every topic the procedure asks for', () => {
    const ids = defaultQuestionSet.questions.map((q) => q.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'health', 'age', 'support', 'repeat-victim', 'hate', 'fear-at-home', 'daily-life', 'moving',
        'children', 'frequency', 'perpetrator-nearby', 'threats-violence', 'property-damage', 'threat-to-life', 'self-harm',
      ]),
    );
  });

  test('only "yes" to threats to life and to self-harm are automatic high', () => {
    const automatic = defaultQuestionSet.questions.flatMap((q) =>
      q.answers.filter((a) => a.automaticHigh).map((a) => `${q.id}:${a.id}`),
    );
    expect(automatic).toEqual(['threat-to-life:yes', 'self-harm:yes']);
  });
});

describe('a broken question set gives a readable error listing every problem', () => {
  function problemsOf(json: unknown): string[] {
    try {
      loadQuestionSet(json);
    } catch (error) {
      expect(error).toBeInstanceOf(QuestionSetError);
      return (error as QuestionSetError).problems;
    }
    throw new Error('expected the set to be rejected');
  }

  test('several problems at once, each with its path', () => {
    const broken = JSON.parse(shippedText) as { thresholds: unknown; questions: Array<Record<string, unknown>> };
    broken.thresholds = { medium: 20, high: 10 };
    broken.questions[0].text = '';
    (broken.questions[1].answers as Array<Record<string, unknown>>)[0].weight = -2;
    broken.questions[2].id = 'health';
    (broken.questions[3].answers as Array<Record<string, unknown>>)[1].id = 'no';
    const problems = problemsOf(broken);
    expect(problems).toEqual(
      expect.arrayContaining([
        'thresholds: the medium threshold must be below the high threshold',
        'questions[0].text: text must not be empty',
        'questions[1].answers[0].weight: weight must not be negative',
        'questions[2].id: duplicate question id "health"',
        'questions[3].answers[1].id: duplicate answer id "no"',
      ]),
    );
  });

  test('the message itself lists the problems', () => {
    expect(() => loadQuestionSet({ version: 1, name: 'x', thresholds: { medium: 1, high: 2 }, questions: [] })).toThrow(
      /Invalid risk question set:\n- questions: at least one question is needed/,
    );
  });

  test('unreachable high threshold, bad ids, unknown fields and bad JSON text', () => {
    const set = {
      version: 1,
      name: 'tiny',
      thresholds: { medium: 1, high: 50 },
      questions: [{ id: 'Fear At Home', text: 'Scared?', answers: [{ id: 'no', label: 'No', weight: 0 }, { id: 'yes', label: 'Yes', weight: 5, colour: 'red' }] }],
    };
    const problems = problemsOf(set);
    expect(problems.some((p) => p.startsWith('questions[0].id: must be lower-case words'))).toBe(true);
    expect(problems.some((p) => p.startsWith('questions[0].answers[1]: Unrecognized key'))).toBe(true);
    expect(problemsOf('{ not json')[0]).toMatch(/^not valid JSON/);
    const fixed = { ...set, questions: [{ ...set.questions[0], id: 'fear-at-home', answers: [set.questions[0].answers[0], { id: 'yes', label: 'Yes', weight: 5 }] }] };
    expect(problemsOf(fixed)).toEqual(['thresholds.high: the high threshold (50) can never be reached: the highest possible score is 5']);
  });
});
