import { z } from 'zod';

const workingDays = z.number().int().min(1).max(60);
const calendarDays = z.number().int().min(1).max(366);
const perRiskLevel = <T extends z.ZodTypeAny>(value: T) => z.object({ high: value, medium: value, standard: value });

/** An agreed victim-update interval: a number of days, or whole calendar months (clamped to month end). */
export const updateIntervalSchema = z.union([
  z.object({ everyDays: calendarDays }).strict(),
  z.object({ everyMonths: z.number().int().min(1).max(12) }).strict(),
]);
export type UpdateInterval = z.infer<typeof updateIntervalSchema>;

/** The one table of deadline timings. Every number is a council-configurable default (see DOMAIN.md). */
export const deadlineRulesSchema = z
  .object({
    firstVisitWithinWorkingDays: perRiskLevel(workingDays),
    caseReviewEveryDays: perRiskLevel(calendarDays),
    victimUpdate: z.object({
      weekly: updateIntervalSchema,
      fortnightly: updateIntervalSchema,
      monthly: updateIntervalSchema,
    }),
    abcReviewEveryDays: calendarDays,
    reminders: z.object({
      /** The early reminder goes this many working days before the due day. */
      workingDaysBefore: z.number().int().min(0).max(10),
      /** London wall-clock time of both reminders, 'HH:mm'. */
      at: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:mm'),
    }),
  })
  .strict();
export type DeadlineRules = z.infer<typeof deadlineRulesSchema>;

export const defaultDeadlineRules: DeadlineRules = Object.freeze({
  firstVisitWithinWorkingDays: { high: 3, medium: 10, standard: 10 },
  caseReviewEveryDays: { high: 14, medium: 28, standard: 56 },
  victimUpdate: { weekly: { everyDays: 7 }, fortnightly: { everyDays: 14 }, monthly: { everyMonths: 1 } },
  abcReviewEveryDays: 28,
  reminders: { workingDaysBefore: 1, at: '08:30' },
}) as DeadlineRules;

/** Validates a deadline table from config; throws one readable message listing every problem. */
export function loadDeadlineRules(input: unknown): DeadlineRules {
  const parsed = deadlineRulesSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`Invalid deadline rules:\n- ${problems.join('\n- ')}`);
  }
  return parsed.data;
}
