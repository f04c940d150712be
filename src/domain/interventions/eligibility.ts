/**
 * Who an order may be sought against. The Crime and Policing Act 2026 splits the old civil injunction by age on the
 * date of application: a Respect Order for adults (18+), a Youth Injunction for 10 to 17 year olds. Housing
 * providers' closure powers reach only their own stock (DOMAIN.md; PNLD, Cobb Warren, Becket Chambers).
 */
import { londonInstant, type LocalDate } from '../calendar/localDate.js';
import { ageBands, ageOn, tenureLabel, type Perpetrator } from '../cases/people.js';
import type { InterventionTypeRule } from './interventionTypes.js';

/** The youngest and oldest the person can be on a day, from their date of birth (exact) or age band. */
export function ageRangeOn(person: Pick<Perpetrator, 'dateOfBirth' | 'ageBand'>, on: LocalDate): { min: number; max: number } | undefined {
  if (person.dateOfBirth) {
    const age = ageOn(person.dateOfBirth, londonInstant(on, '12:00'));
    if (age !== undefined) return { min: age, max: age };
  }
  const band = ageBands.find((b) => b.id === person.ageBand);
  const bounds: Record<string, { min: number; max: number }> = {
    'under-10': { min: 0, max: 9 },
    '10-13': { min: 10, max: 13 },
    '14-17': { min: 14, max: 17 },
    '18-24': { min: 18, max: 24 },
    '25-plus': { min: 25, max: 150 },
  };
  return band ? bounds[band.id] : undefined;
}

const ageWords = (range: { min: number; max?: number }) =>
  range.max === undefined ? `people aged ${range.min} or over` : `people aged ${range.min} to ${range.max}`;

/** Why this person cannot be the respondent of this type on the date of application, or nothing when they can. */
export function respondentProblem(
  rule: InterventionTypeRule,
  person: Pick<Perpetrator, 'name' | 'dateOfBirth' | 'ageBand' | 'tenure'>,
  appliedOn: LocalDate,
): string | undefined {
  const wanted = rule.ageOnApplication;
  if (wanted) {
    const age = ageRangeOn(person, appliedOn);
    if (!age) return `A ${rule.label} is for ${ageWords(wanted)}. Add ${person.name}'s date of birth or age band to the case first.`;
    const tooYoung = age.max < wanted.min;
    const tooOld = wanted.max !== undefined && age.min > wanted.max;
    const unsure = age.min < wanted.min || (wanted.max !== undefined && age.max > wanted.max);
    const told = age.min === age.max ? `${person.name} is ${age.min} on the date of application` : `${person.name}'s age band is ${age.min} to ${age.max}`;
    if (tooYoung || tooOld) {
      const instead = tooOld && rule.label === 'Youth Injunction' ? ' Apply for a Respect Order instead.' : age.max < 18 && age.min >= 10 ? ' Apply for a Youth Injunction instead.' : '';
      return `A ${rule.label} is for ${ageWords(wanted)}; ${told}.${instead}`;
    }
    if (unsure) return `A ${rule.label} is for ${ageWords(wanted)}; ${told}. Add their date of birth to the case first.`;
  }
  if (rule.respondentTenures && !rule.respondentTenures.includes(person.tenure)) {
    return `A ${rule.label} is only for the provider's own homes; ${person.name}'s tenure is recorded as ${tenureLabel(person.tenure).toLowerCase()}.`;
  }
  return undefined;
}
