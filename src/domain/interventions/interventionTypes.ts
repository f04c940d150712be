import { z } from 'zod';

export const interventionTypeIds = [
  'verbal-warning',
  'stage-1-warning-letter',
  'stage-2-final-warning',
  'acceptable-behaviour-contract',
  'parenting-contract',
  'community-protection-warning',
  'community-protection-notice',
  'civil-injunction',
  'closure-notice-order',
  'possession-proceedings',
  'referral-mediation-support',
] as const;
export const interventionTypeIdSchema = z.enum(interventionTypeIds);
export type InterventionTypeId = z.infer<typeof interventionTypeIdSchema>;

/** The dates an officer can give when recording an intervention (besides the date served). */
export const interventionDateFields = ['complianceDate', 'expiryDate', 'reviewDate', 'hearingDate'] as const;
export type InterventionDateField = (typeof interventionDateFields)[number];

/** A person who receives a warning is monitored for up to 6 months (Cornwall). */
export const monitoringCapMonths = 6;

const dateFieldSchema = z.enum(interventionDateFields);

export const interventionTypeRuleSchema = z
  .object({
    label: z.string().min(1),
    /** Months after the date served at which monitoring ends and the outcome question is asked. */
    monitoringMonths: z.number().int().min(1).max(monitoringCapMonths, `monitoring is capped at ${monitoringCapMonths} months`).optional(),
    /** How long it runs when the officer gives no expiry date (the expiry defaults to served + this). */
    runsMonths: z.number().int().min(1).max(36).optional(),
    reviewEveryDays: z.number().int().min(1).max(366).optional(),
    requiredDates: z.array(dateFieldSchema),
    optionalDates: z.array(dateFieldSchema),
  })
  .strict()
  .superRefine((rule, ctx) => {
    const overlap = rule.requiredDates.filter((d) => rule.optionalDates.includes(d));
    if (overlap.length) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `dates both required and optional: ${overlap.join(', ')}` });
    const expiryKnown = rule.requiredDates.includes('expiryDate') || rule.optionalDates.includes('expiryDate');
    if (rule.runsMonths !== undefined && !expiryKnown) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'runsMonths needs expiryDate among the dates' });
    }
    if (rule.reviewEveryDays !== undefined && !expiryKnown) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'periodic reviews need an expiry date to stop at' });
    }
  });
export type InterventionTypeRule = z.infer<typeof interventionTypeRuleSchema>;

export const interventionTypeTableSchema = z.object(
  Object.fromEntries(interventionTypeIds.map((id) => [id, interventionTypeRuleSchema])) as Record<
    InterventionTypeId,
    typeof interventionTypeRuleSchema
  >,
);
export type InterventionTypeTable = Record<InterventionTypeId, InterventionTypeRule>;

/**
 * Defaults from the staged approach (DOMAIN.md, seed 002): stage 1 live 3 months, stage 2 six, ABC runs 6 months
 * reviewed every 4 weeks. Verbal warnings are monitored 3 months and Community Protection Warnings 6 (our choice:
 * both are warnings, and every warning is monitored for up to 6 months).
 */
export const defaultInterventionTypes: InterventionTypeTable = {
  'verbal-warning': { label: 'Verbal warning', monitoringMonths: 3, requiredDates: [], optionalDates: [] },
  'stage-1-warning-letter': { label: 'Stage 1 warning letter', monitoringMonths: 3, requiredDates: [], optionalDates: [] },
  'stage-2-final-warning': { label: 'Stage 2 final warning', monitoringMonths: 6, requiredDates: [], optionalDates: [] },
  'acceptable-behaviour-contract': {
    label: 'Acceptable Behaviour Contract',
    monitoringMonths: 6,
    runsMonths: 6,
    reviewEveryDays: 28,
    requiredDates: [],
    optionalDates: ['expiryDate'],
  },
  'parenting-contract': { label: 'Parenting contract', requiredDates: [], optionalDates: ['expiryDate', 'reviewDate'] },
  'community-protection-warning': {
    label: 'Community Protection Warning',
    monitoringMonths: 6,
    requiredDates: ['complianceDate'],
    optionalDates: [],
  },
  'community-protection-notice': {
    label: 'Community Protection Notice',
    requiredDates: [],
    optionalDates: ['complianceDate', 'expiryDate'],
  },
  'civil-injunction': {
    label: 'Civil injunction',
    requiredDates: ['expiryDate', 'reviewDate'],
    optionalDates: ['hearingDate'],
  },
  'closure-notice-order': { label: 'Closure notice / order', requiredDates: ['hearingDate'], optionalDates: ['expiryDate'] },
  'possession-proceedings': { label: 'Possession proceedings', requiredDates: [], optionalDates: ['hearingDate'] },
  'referral-mediation-support': { label: 'Referral to mediation or support', requiredDates: [], optionalDates: [] },
};

/** Validates a configured table (e.g. a council's changes); throws one message listing every problem. */
export function loadInterventionTypes(input: unknown): InterventionTypeTable {
  const parsed = interventionTypeTableSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`);
    throw new Error(`Invalid intervention types:\n- ${problems.join('\n- ')}`);
  }
  return parsed.data as InterventionTypeTable;
}
