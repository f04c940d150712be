import { z } from 'zod';

const idSchema = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lower-case words joined by hyphens, e.g. "fear-at-home"');

export const answerOptionSchema = z
  .object({
    id: idSchema,
    label: z.string().trim().min(1, 'label must not be empty'),
    weight: z.number().int('weight must be a whole number').min(0, 'weight must not be negative').max(100),
    automaticHigh: z.boolean().optional(),
  })
  .strict();
export type AnswerOption = z.infer<typeof answerOptionSchema>;

export const riskQuestionSchema = z
  .object({
    id: idSchema,
    text: z.string().trim().min(1, 'text must not be empty'),
    help: z.string().trim().min(1).optional(),
    answers: z.array(answerOptionSchema).min(2, 'a question needs at least two answers'),
  })
  .strict()
  .superRefine((q, ctx) => {
    const seen = new Set<string>();
    q.answers.forEach((a, i) => {
      if (seen.has(a.id)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['answers', i, 'id'], message: `duplicate answer id "${a.id}"` });
      seen.add(a.id);
    });
  });
export type RiskQuestion = z.infer<typeof riskQuestionSchema>;

export const questionSetSchema = z
  .object({
    version: z.number().int().min(1),
    name: z.string().trim().min(1),
    notes: z.union([z.string(), z.array(z.string())]).optional(),
    thresholds: z
      .object({
        medium: z.number().int().min(1),
        high: z.number().int().min(1),
      })
      .strict()
      .refine((t) => t.medium < t.high, { message: 'the medium threshold must be below the high threshold' }),
    questions: z.array(riskQuestionSchema).min(1, 'at least one question is needed'),
  })
  .strict()
  .superRefine((set, ctx) => {
    const seen = new Set<string>();
    set.questions.forEach((q, i) => {
      if (seen.has(q.id)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['questions', i, 'id'], message: `duplicate question id "${q.id}"` });
      seen.add(q.id);
    });
    const maxScore = set.questions.reduce((sum, q) => sum + Math.max(...q.answers.map((a) => a.weight)), 0);
    if (maxScore < set.thresholds.high) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['thresholds', 'high'],
        message: `the high threshold (${set.thresholds.high}) can never be reached: the highest possible score is ${maxScore}`,
      });
    }
  });
export type QuestionSet = z.infer<typeof questionSetSchema>;

/** Thrown when a question set is invalid; `problems` lists each one as "path: message". */
export class QuestionSetError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid risk question set:\n- ${problems.join('\n- ')}`);
    this.name = 'QuestionSetError';
  }
}

/** Validates a question set (parsed JSON or JSON text). Throws QuestionSetError listing every problem. */
export function loadQuestionSet(json: unknown): QuestionSet {
  let value = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json) as unknown;
    } catch (error) {
      throw new QuestionSetError([`not valid JSON: ${(error as Error).message}`]);
    }
  }
  const parsed = questionSetSchema.safeParse(value);
  if (!parsed.success) {
    throw new QuestionSetError(parsed.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`));
  }
  return parsed.data;
}

function formatPath(path: ReadonlyArray<string | number>): string {
  if (path.length === 0) return '(top level)';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}
