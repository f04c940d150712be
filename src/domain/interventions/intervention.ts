import { z } from 'zod';
import type { Clock } from '../clock.js';
import { addDays, addMonths, localDateSchema, todayInLondon, type LocalDate } from '../calendar/localDate.js';
import type { WorkingCalendar } from '../calendar/workingCalendar.js';
import type { Deadline } from '../deadlines/deadline.js';
import {
  defaultInterventionTypes,
  interventionDateFields,
  interventionTypeIdSchema,
  longDateWords,
  type InterventionDateField,
  type InterventionTypeId,
  type InterventionTypeTable,
} from './interventionTypes.js';

/** Asked at the end of monitoring; the yes/no answer feeds the prevention-rate figures. */
export const outcomeQuestion = "Has this person come to the team's attention again since the warning?";

export const interventionOutcomeSchema = z.object({
  cameToNoticeAgain: z.boolean(),
  recordedAt: z.coerce.date(),
  recordedBy: z.string().min(1),
});
export type InterventionOutcome = z.infer<typeof interventionOutcomeSchema>;

export const interventionSchema = z.object({
  id: z.string().min(1),
  caseId: z.string().min(1),
  type: interventionTypeIdSchema,
  personId: z.string().min(1),
  /** Under 18 on the date served: the split used by the prevention-rate targets. */
  personUnder18: z.boolean(),
  servedOn: localDateSchema,
  officerId: z.string().min(1),
  complianceDate: localDateSchema.optional(),
  expiryDate: localDateSchema.optional(),
  reviewDate: localDateSchema.optional(),
  hearingDate: localDateSchema.optional(),
  /** When the supervisor of the positive requirements reports on compliance and any breach. */
  supervisorReportDate: localDateSchema.optional(),
  /** The order's prohibitions and positive requirements (2026 Act orders), as the officer wrote them. */
  prohibitions: z.array(z.string().trim().min(1).max(500)).max(20).optional(),
  requirements: z.array(z.string().trim().min(1).max(500)).max(20).optional(),
  /** The person or agency supervising the positive requirements. */
  requirementsSupervisor: z.string().trim().min(1).max(200).optional(),
  monitoringEndsOn: localDateSchema.optional(),
  outcome: interventionOutcomeSchema.optional(),
});
export type Intervention = z.infer<typeof interventionSchema>;

export const newInterventionSchema = interventionSchema.omit({ monitoringEndsOn: true, outcome: true });
export type NewIntervention = z.input<typeof newInterventionSchema>;

/** Thrown when an intervention or outcome breaks a rule; `problems` are readable sentences for the card. */
export class InterventionInputError extends Error {
  constructor(readonly problems: string[]) {
    super(`The intervention cannot be recorded:\n- ${problems.join('\n- ')}`);
    this.name = 'InterventionInputError';
  }
}

const dateWords: Record<(typeof interventionDateFields)[number], string> = {
  complianceDate: 'compliance date',
  expiryDate: 'expiry date',
  reviewDate: 'review date',
  hearingDate: 'court hearing date',
  supervisorReportDate: "supervisor's report date",
};

/** A problem with one of an intervention's dates, keyed by the date it is about (so a form can show it there). */
export interface InterventionDateProblem {
  field: 'servedOn' | InterventionDateField;
  message: string;
}

export type InterventionDates = Pick<z.infer<typeof newInterventionSchema>, 'type' | 'servedOn' | InterventionDateField>;

/** The terms of an order: a positive requirement needs someone to supervise it (as under the 2014 Act, s.3). */
export function termsProblems(
  data: Pick<NewIntervention, 'type' | 'prohibitions' | 'requirements' | 'requirementsSupervisor'>,
  types: InterventionTypeTable = defaultInterventionTypes,
): Array<{ field: 'requirementsSupervisor' | 'requirements'; message: string }> {
  const rule = types[data.type];
  const hasRequirements = (data.requirements?.length ?? 0) > 0;
  if (!rule.hasTerms) return hasRequirements || data.prohibitions?.length ? [{ field: 'requirements', message: `A ${rule.label} has no prohibitions or requirements.` }] : [];
  return hasRequirements && !data.requirementsSupervisor
    ? [{ field: 'requirementsSupervisor', message: 'Name who supervises the positive requirements (a person or agency).' }]
    : [];
}

/** The rules for an intervention's dates: served not in the future, the type's dates given, and in order. */
export function interventionDateProblems(data: InterventionDates, today: LocalDate, types: InterventionTypeTable = defaultInterventionTypes): InterventionDateProblem[] {
  const rule = types[data.type];
  const problems: InterventionDateProblem[] = [];
  const problem = (field: InterventionDateProblem['field'], message: string) => problems.push({ field, message });
  const served = rule.servedOnLabel?.toLowerCase() ?? 'date served';
  if (data.servedOn > today) problem('servedOn', `The ${served} (${data.servedOn}) cannot be in the future.`);
  if (rule.servedFrom && data.servedOn < rule.servedFrom) {
    problem('servedOn', `A ${rule.label} can only be used from ${longDateWords(rule.servedFrom)}, when the Crime and Policing Act 2026 came into force.`);
  }
  if (rule.servedBefore && data.servedOn >= rule.servedBefore) {
    problem('servedOn', `From ${longDateWords(rule.servedBefore)} apply for a Respect Order, Youth Injunction or Housing Injunction instead of a civil injunction.`);
  }
  for (const field of interventionDateFields) {
    const value = data[field];
    if (rule.requiredDates.includes(field) && !value) problem(field, `A ${rule.label} needs a ${dateWords[field]}.`);
    if (value && !rule.requiredDates.includes(field) && !rule.optionalDates.includes(field)) {
      problem(field, `A ${rule.label} has no ${dateWords[field]}.`);
    }
  }
  const { servedOn, complianceDate, expiryDate, reviewDate, hearingDate, supervisorReportDate } = data;
  if (supervisorReportDate && supervisorReportDate <= servedOn) problem('supervisorReportDate', "The supervisor's report date must be after the " + served + '.');
  if (expiryDate && expiryDate <= servedOn) problem('expiryDate', 'The expiry date must be after the date served.');
  if (complianceDate && complianceDate <= servedOn) problem('complianceDate', 'The compliance date must be after the date served.');
  if (reviewDate && reviewDate <= servedOn) problem('reviewDate', 'The review date must be after the date served.');
  if (reviewDate && expiryDate && reviewDate > expiryDate) problem('reviewDate', 'The review date must not be after the expiry date.');
  if (complianceDate && expiryDate && complianceDate > expiryDate) problem('complianceDate', 'The compliance date must not be after the expiry date.');
  if (hearingDate && hearingDate < servedOn) problem('hearingDate', `The court hearing date cannot be before the ${served}.`);
  return problems;
}

export interface RecordedIntervention {
  intervention: Intervention;
  deadlines: Deadline[];
}

/**
 * Validates a new intervention, fills in its monitoring end (served + N months, clamped to the month end) and a
 * default expiry where the type runs for a fixed time, and derives its deadlines.
 */
export function recordIntervention(
  input: NewIntervention,
  calendar: WorkingCalendar,
  clock: Clock,
  types: InterventionTypeTable = defaultInterventionTypes,
): RecordedIntervention {
  const parsed = newInterventionSchema.safeParse(input);
  if (!parsed.success) {
    throw new InterventionInputError(parsed.error.issues.map((i) => `${i.path.join('.') || '(input)'}: ${i.message}`));
  }
  const data = parsed.data;
  const problems = [...interventionDateProblems(data, todayInLondon(clock), types), ...termsProblems(data, types)].map((p) => p.message);
  if (problems.length) throw new InterventionInputError(problems);

  const rule = types[data.type];
  const expiryDate = data.expiryDate ?? (rule.runsMonths ? addMonths(data.servedOn, rule.runsMonths) : undefined);
  const intervention: Intervention = {
    ...data,
    ...(expiryDate ? { expiryDate } : {}),
    ...(rule.monitoringMonths ? { monitoringEndsOn: monitoringEnd(data.servedOn, rule.monitoringMonths) } : {}),
  };
  return { intervention, deadlines: interventionDeadlines(intervention, calendar, types) };
}

/** Served + months, clamped to the month end (31 Aug + 3 months = 30 Nov). */
export function monitoringEnd(servedOn: LocalDate, months: number): LocalDate {
  return addMonths(servedOn, months);
}

function workingDayOnOrAfter(d: LocalDate, calendar: WorkingCalendar): LocalDate {
  return calendar.isWorkingDay(d) ? d : calendar.nextWorkingDay(d);
}
function workingDayOnOrBefore(d: LocalDate, calendar: WorkingCalendar): LocalDate {
  return calendar.isWorkingDay(d) ? d : calendar.previousWorkingDay(d);
}

/**
 * The deadlines an intervention creates. Dates set by the officer or a court (compliance, review, expiry, hearing)
 * are kept exactly. Periodic ABC reviews on a weekend or holiday move back to the working day before (never late);
 * the end-of-monitoring question moves forward to the next working day (asking early would cut monitoring short).
 * Once the outcome is recorded, the monitoring deadline is gone.
 */
export function interventionDeadlines(
  intervention: Intervention,
  calendar: WorkingCalendar,
  types: InterventionTypeTable = defaultInterventionTypes,
): Deadline[] {
  const rule = types[intervention.type];
  const base = { caseId: intervention.caseId, subjectId: intervention.id };
  const deadlines: Deadline[] = [];

  if (intervention.monitoringEndsOn && !intervention.outcome) {
    deadlines.push({
      ...base,
      kind: 'monitoring-end',
      dueDate: workingDayOnOrAfter(intervention.monitoringEndsOn, calendar),
      label: `${rule.label}: monitoring ends. ${outcomeQuestion}`,
    });
  }
  if (rule.reviewEveryDays && intervention.expiryDate) {
    const kind = intervention.type === 'acceptable-behaviour-contract' ? 'abc-review' : 'intervention-review';
    // Counted from the date served each time, so a moved review does not shift the ones after it.
    for (let n = 1; ; n++) {
      const due = addDays(intervention.servedOn, rule.reviewEveryDays * n);
      if (due >= intervention.expiryDate) break;
      deadlines.push({ ...base, kind, dueDate: workingDayOnOrBefore(due, calendar), label: `${rule.label}: review ${n}` });
    }
  }
  if (intervention.reviewDate) {
    deadlines.push({ ...base, kind: 'intervention-review', dueDate: intervention.reviewDate, label: `${rule.label}: review` });
  }
  if (intervention.complianceDate) {
    deadlines.push({ ...base, kind: 'compliance', dueDate: intervention.complianceDate, label: `${rule.label}: check compliance` });
  }
  if (intervention.supervisorReportDate) {
    deadlines.push({ ...base, kind: 'supervisor-report', dueDate: intervention.supervisorReportDate, label: `${rule.label}: supervisor reports on the requirements and any breach` });
  }
  if (intervention.hearingDate) {
    deadlines.push({ ...base, kind: 'court-hearing', dueDate: intervention.hearingDate, label: `${rule.label}: court hearing` });
  }
  if (intervention.expiryDate) {
    deadlines.push({ ...base, kind: 'intervention-expiry', dueDate: intervention.expiryDate, label: `${rule.label}: expires` });
  }
  return deadlines.sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0));
}

/**
 * Stores the answer to the outcome question. "Came to notice again" may be recorded at any time after serving;
 * "did not" only once monitoring has ended, since until then the answer is not known.
 */
export function recordOutcome(
  intervention: Intervention,
  answer: { cameToNoticeAgain: boolean; recordedBy: string },
  clock: Clock,
): Intervention {
  const problems: string[] = [];
  const today = todayInLondon(clock);
  if (!intervention.monitoringEndsOn) problems.push('This intervention is not monitored, so it has no outcome to record.');
  if (intervention.outcome) problems.push('The outcome has already been recorded.');
  if (!answer.recordedBy.trim()) problems.push('The officer recording the outcome must be known.');
  if (intervention.monitoringEndsOn && !answer.cameToNoticeAgain && today < intervention.monitoringEndsOn) {
    problems.push(`Monitoring runs until ${intervention.monitoringEndsOn}; "not come to notice again" can be recorded from then.`);
  }
  if (problems.length) throw new InterventionInputError(problems);
  return {
    ...intervention,
    outcome: { cameToNoticeAgain: answer.cameToNoticeAgain, recordedAt: clock.now(), recordedBy: answer.recordedBy },
  };
}
