import { z } from 'zod';
import { localDateSchema, type LocalDate } from '../calendar/localDate.js';
import { housingTenureSchema } from '../cases/people.js';

export const interventionTypeIds = [
  'verbal-warning',
  'stage-1-warning-letter',
  'stage-2-final-warning',
  'acceptable-behaviour-contract',
  'parenting-contract',
  'community-protection-warning',
  'community-protection-notice',
  'respect-order',
  'youth-injunction',
  'housing-injunction',
  'civil-injunction',
  'closure-notice-order',
  'housing-closure-notice-order',
  'possession-proceedings',
  'referral-mediation-support',
] as const;
export const interventionTypeIdSchema = z.enum(interventionTypeIds);
export type InterventionTypeId = z.infer<typeof interventionTypeIdSchema>;

/** The dates an officer can give when recording an intervention (besides the date served). */
export const interventionDateFields = ['complianceDate', 'expiryDate', 'reviewDate', 'hearingDate', 'supervisorReportDate'] as const;
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
    /** What "date served" means for this type (an order is applied for, so its date is the application's). */
    servedOnLabel: z.string().min(1).optional(),
    /** Who may be the respondent, by whole years of age on the date of application (Crime and Policing Act 2026). */
    ageOnApplication: z.object({ min: z.number().int().min(0), max: z.number().int().min(0).optional() }).strict().optional(),
    /** The 2026 Act requires a risk assessment of the respondent before applying. */
    needsPreApplicationRiskAssessment: z.boolean().optional(),
    /** The order carries prohibitions and positive requirements (each requirement with a supervisor). */
    hasTerms: z.boolean().optional(),
    /** Only the respondent's landlord may use it: housing providers' closure powers are over their own stock. */
    respondentTenures: z.array(housingTenureSchema).optional(),
    /** Served on or after this date only (a power that came in with an Act's commencement). */
    servedFrom: localDateSchema.optional(),
    /** Served before this date only (a power replaced at an Act's commencement). */
    servedBefore: localDateSchema.optional(),
    /** The fixed penalty for a breach, in pounds (CPN and PSPO). */
    fixedPenaltyPounds: z.number().int().min(1).optional(),
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

/** The three orders of the Crime and Policing Act 2026: applied for at court, with a hearing, after a risk assessment. */
const courtOrder = {
  servedOnLabel: 'Date of application',
  requiredDates: ['hearingDate'],
  optionalDates: ['reviewDate', 'expiryDate', 'supervisorReportDate'],
  needsPreApplicationRiskAssessment: true,
} satisfies Partial<InterventionTypeRule>;

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
  'respect-order': {
    label: 'Respect Order',
    ...courtOrder,
    ageOnApplication: { min: 18 },
    hasTerms: true,
  },
  'youth-injunction': {
    label: 'Youth Injunction',
    ...courtOrder,
    ageOnApplication: { min: 10, max: 17 },
    hasTerms: true,
  },
  'housing-injunction': {
    label: 'Housing Injunction',
    ...courtOrder,
    hasTerms: true,
  },
  'civil-injunction': {
    label: 'Civil injunction',
    requiredDates: ['expiryDate', 'reviewDate'],
    optionalDates: ['hearingDate'],
  },
  'closure-notice-order': { label: 'Closure notice / order', requiredDates: ['hearingDate'], optionalDates: ['expiryDate'] },
  'housing-closure-notice-order': {
    label: 'Closure notice / order by a housing provider',
    requiredDates: ['hearingDate'],
    optionalDates: ['expiryDate'],
    respondentTenures: ['housing-association'],
  },
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

/** The settings of the Crime and Policing Act 2026 that shape the table. */
export interface PowersSettings {
  /** When the Act's ASB provisions came into force: Respect, Youth and Housing Injunctions from then, civil injunctions before. */
  act2026CommencedOn: LocalDate;
  /** The fixed penalty for breaching a CPN or PSPO, in pounds. */
  fixedPenaltyPounds: number;
}

/**
 * The Crime and Policing Act 2026: the first provisions commenced on 29 June 2026 (DOMAIN.md; PNLD, Cobb Warren,
 * Becket Chambers). Which ASB sections commenced on that date must be checked by each council before relying on
 * it, hence a setting. The CPN / PSPO fixed penalty rises to £500 under the same Act.
 */
export const defaultPowersSettings: PowersSettings = { act2026CommencedOn: '2026-06-29', fixedPenaltyPounds: 500 };

const from2026Act: readonly InterventionTypeId[] = ['respect-order', 'youth-injunction', 'housing-injunction', 'housing-closure-notice-order'];

/**
 * The table as a council runs it: the 2026 Act's powers from commencement, the civil injunction kept for orders
 * made before it (and labelled so), and the fixed penalty on the Community Protection Notice.
 */
export function interventionTypesFor(settings: PowersSettings, base: InterventionTypeTable = defaultInterventionTypes): InterventionTypeTable {
  const table: InterventionTypeTable = { ...base };
  for (const id of from2026Act) table[id] = { ...base[id], servedFrom: settings.act2026CommencedOn };
  table['civil-injunction'] = {
    ...base['civil-injunction'],
    label: `${base['civil-injunction'].label} (before ${longDateWords(settings.act2026CommencedOn)})`,
    servedBefore: settings.act2026CommencedOn,
  };
  table['community-protection-notice'] = { ...base['community-protection-notice'], fixedPenaltyPounds: settings.fixedPenaltyPounds };
  return loadInterventionTypes(table);
}

const dayMonthYear = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });
/** 29 June 2026. */
export const longDateWords = (date: LocalDate): string => dayMonthYear.format(new Date(`${date}T12:00:00Z`));
