/**
 * Reading the intervention and outcome forms. Each bad input becomes a message keyed by its own input id, so
 * the card shows it under that input; the date rules come from the domain (interventionDateProblems).
 */
import type { z } from 'zod';
import type { LocalDate } from '../../domain/calendar/localDate.js';
import { formSchema, type FormReader } from '../../domain/cases/forms.js';
import { formatIsoDate } from '../../domain/cases/londonTime.js';
import type { Perpetrator } from '../../domain/cases/people.js';
import { respondentProblem } from '../../domain/interventions/eligibility.js';
import { interventionDateProblems, termsProblems } from '../../domain/interventions/intervention.js';
import { preApplicationProblems } from '../../domain/interventions/preApplication.js';
import {
  interventionDateFields, interventionTypeIds, type InterventionDateField, type InterventionTypeId, type InterventionTypeTable,
} from '../../domain/interventions/interventionTypes.js';
import type { InterventionRequest } from '../../services/interventions.js';

export const interventionFormFields = {
  caseId: 'caseId',
  interventionId: 'interventionId',
  type: 'interventionType',
  /** Carried by the type picker's Continue button, so a Continue with no type chosen is told so. */
  typeChosen: 'typeChosen',
  personId: 'personId',
  servedOn: 'servedOn',
  servedBy: 'servedBy',
  complianceDate: 'complianceDate',
  expiryDate: 'expiryDate',
  reviewDate: 'reviewDate',
  hearingDate: 'hearingDate',
  supervisorReportDate: 'supervisorReportDate',
  prohibitions: 'prohibitions',
  requirements: 'requirements',
  requirementsSupervisor: 'requirementsSupervisor',
  assessmentId: 'assessmentId',
  assessedOn: 'assessedOn',
  risksToRespondent: 'risksToRespondent',
  risksToOthers: 'risksToOthers',
  vulnerabilities: 'vulnerabilities',
  exclusionFromHomeSought: 'exclusionFromHomeSought',
  violenceOrRiskOfHarm: 'violenceOrRiskOfHarm',
  cameToNoticeAgain: 'cameToNoticeAgain',
  outcomeNote: 'outcomeNote',
} as const;
const f = interventionFormFields;

/** The type-specific dates a type asks for, required ones first. */
export function datesFor(types: InterventionTypeTable, type: InterventionTypeId): Array<{ field: InterventionDateField; required: boolean }> {
  const rule = types[type];
  return interventionDateFields
    .filter((field) => rule.requiredDates.includes(field) || rule.optionalDates.includes(field))
    .map((field) => ({ field, required: rule.requiredDates.includes(field) }));
}

export const readInterventionType = (form: FormReader): InterventionTypeId | undefined =>
  form.choice(f.type, interventionTypeIds, { required: 'Choose the type of intervention', invalid: 'Choose one of the types listed' });

function localDate(form: FormReader, field: string, required?: string): LocalDate | undefined {
  const date = form.date(field, { required });
  return date ? formatIsoDate(date.year, date.month, date.day) : undefined;
}

export interface InterventionFormContext {
  types: InterventionTypeTable;
  today: LocalDate;
  /** The case's alleged perpetrators: who the intervention may be for, and their age and tenure for eligibility. */
  people: ReadonlyArray<Pick<Perpetrator, 'id' | 'name' | 'dateOfBirth' | 'ageBand' | 'tenure'>>;
  officerIds: readonly string[];
}

export function interventionFormSchema(context: InterventionFormContext): z.ZodType<{ caseId: string; request: InterventionRequest }, z.ZodTypeDef, unknown> {
  return formSchema((form) => {
    const caseId = form.text(f.caseId, { required: 'This card has lost track of its case. Open the case again.', max: 100 });
    const interventionId = form.text(f.interventionId, { required: 'This form is incomplete. Open it again from the case card.', max: 100 });
    const type = readInterventionType(form);
    const personId = form.choice(f.personId, context.people.map((p) => p.id), { required: 'Choose the person this applies to', invalid: 'Choose one of the people on this case' });
    const servedOn = localDate(form, f.servedOn, 'Enter the date it was served');
    const officerId = form.choice(f.servedBy, context.officerIds, { required: 'Choose the officer who served it', invalid: 'Choose one of the officers listed' });
    const dates: Partial<Record<InterventionDateField, LocalDate>> = {};
    for (const { field, required } of type ? datesFor(context.types, type) : []) {
      const value = localDate(form, f[field], required ? `Enter the ${dateWords[field]}` : undefined);
      if (value) dates[field] = value;
    }
    if (type && servedOn) {
      for (const problem of interventionDateProblems({ type, servedOn, ...dates }, context.today, context.types)) {
        if (!form.has(f[problem.field]) && problem.field !== 'servedOn') continue; // already asked for above
        form.fail(f[problem.field], problem.message);
      }
    }
    const person = context.people.find((p) => p.id === personId);
    const ineligible = type && person && servedOn ? respondentProblem(context.types[type], person, servedOn) : undefined;
    if (ineligible) form.fail(f.personId, ineligible);
    const terms = type && context.types[type].hasTerms ? readTerms(form) : {};
    if (type) for (const problem of termsProblems({ type, ...terms }, context.types)) form.fail(f[problem.field], problem.message);
    return { caseId: caseId!, request: { interventionId: interventionId!, type: type!, personId: personId!, servedOn: servedOn!, officerId: officerId!, ...dates, ...terms } };
  });
}

export const dateWords: Record<InterventionDateField, string> = {
  complianceDate: 'compliance date',
  expiryDate: 'expiry date',
  reviewDate: 'review date',
  hearingDate: 'court hearing date',
  supervisorReportDate: "date the supervisor reports on the requirements",
};

/** One prohibition or requirement a line (they may hold commas). */
function lines(form: FormReader, field: string): string[] {
  const value = form.text(field, { max: 4000 });
  const items = (value ?? '').split('\n').map((line) => line.trim()).filter((line) => line !== '');
  if (items.length > 20) form.fail(field, 'Give at most 20, one a line');
  if (items.some((line) => line.length > 500)) form.fail(field, 'Keep each line under 500 characters');
  return items;
}

function readTerms(form: FormReader): Pick<InterventionRequest, 'prohibitions' | 'requirements' | 'requirementsSupervisor'> {
  const prohibitions = lines(form, f.prohibitions);
  const requirements = lines(form, f.requirements);
  const requirementsSupervisor = form.text(f.requirementsSupervisor, { max: 200 });
  return {
    ...(prohibitions.length ? { prohibitions } : {}),
    ...(requirements.length ? { requirements } : {}),
    ...(requirementsSupervisor ? { requirementsSupervisor } : {}),
  };
}

/** The pre-application risk assessment form (2026 Act orders). */
export function preApplicationFormSchema(context: { today: LocalDate; perpetratorIds: readonly string[] }) {
  return formSchema((form) => {
    const caseId = form.text(f.caseId, { required: 'This card has lost track of its case. Open the case again.', max: 100 });
    const assessmentId = form.text(f.assessmentId, { required: 'This form is incomplete. Open it again from the case card.', max: 100 });
    const personId = form.choice(f.personId, context.perpetratorIds, { required: 'Choose the person assessed', invalid: 'Choose one of the people on this case' });
    const assessedOn = localDate(form, f.assessedOn, 'Enter the date of the assessment');
    const answer = (field: string, what: string) => form.text(field, { required: `Describe the ${what} (write "none identified" if there are none)`, max: 2000 });
    const risksToRespondent = answer(f.risksToRespondent, 'risks to the person');
    const risksToOthers = answer(f.risksToOthers, 'risks to others');
    const vulnerabilities = answer(f.vulnerabilities, "person's vulnerabilities");
    const exclusion = form.choice(f.exclusionFromHomeSought, ['yes', 'no'] as const, { required: 'Say whether an exclusion from home is sought', invalid: 'Answer yes or no' });
    const violence = form.choice(f.violenceOrRiskOfHarm, ['yes', 'no'] as const, { required: 'Say whether there is violence or a risk of harm', invalid: 'Answer yes or no' });
    if (assessedOn && exclusion && violence) {
      const answers = { assessedOn, exclusionFromHomeSought: exclusion === 'yes', violenceOrRiskOfHarm: violence === 'yes' };
      for (const problem of preApplicationProblems(answers, context.today)) form.fail(f[problem.field], problem.message);
    }
    return {
      caseId: caseId!,
      assessment: {
        id: assessmentId!, personId: personId!, assessedOn: assessedOn!, risksToRespondent: risksToRespondent!, risksToOthers: risksToOthers!,
        vulnerabilities: vulnerabilities!, exclusionFromHomeSought: exclusion === 'yes', violenceOrRiskOfHarm: violence === 'yes',
      },
    };
  });
}

export const outcomeFormSchema = formSchema((form) => {
  const interventionId = form.text(f.interventionId, { required: 'This form is incomplete. Open it again from the reminder or the case.', max: 100 });
  const answer = form.choice(f.cameToNoticeAgain, ['yes', 'no'] as const, { required: 'Answer yes or no', invalid: 'Answer yes or no' });
  const note = form.text(f.outcomeNote, { max: 2000 });
  return { interventionId: interventionId!, cameToNoticeAgain: answer === 'yes', ...(note ? { note } : {}) };
});
