/**
 * A team's ASB Case Review settings: the thresholds, the optional local rules and the timescales. Each
 * partnership sets and publishes its own (ASB, Crime and Policing Act 2014 s.104; statutory guidance of
 * September 2025; DOMAIN.md): by default explain at 2 and threshold at 3 qualifying complaints in 6 months, a
 * complaint qualifying if reported within 1 month, and Richmond's 2 / 21 / 28 / 7 working days with East Herts'
 * 15 for an appeal. An application keeps the values that applied when it was recorded.
 */
import { z } from 'zod';
import { caseReviewThresholdsSchema, defaultCaseReviewThresholds } from '../cases/caseReview.js';
import { formSchema } from '../cases/forms.js';
import { caseReviewTimescalesSchema, defaultCaseReviewTimescales } from './application.js';

export const caseReviewSettingsSchema = z.object({
  thresholds: caseReviewThresholdsSchema.default({}),
  timescales: caseReviewTimescalesSchema.default({}),
});
export type CaseReviewSettings = z.infer<typeof caseReviewSettingsSchema>;
export const defaultCaseReviewSettings: CaseReviewSettings = { thresholds: defaultCaseReviewThresholds, timescales: defaultCaseReviewTimescales };

/** The "individuals about one problem" local rule, when switched on without a number. */
export const defaultIndividualsAboutOneProblem = 5;

export const settingsFields = {
  explainAt: 'crExplainAt',
  thresholdAt: 'crThresholdAt',
  windowMonths: 'crWindowMonths',
  reportedWithinMonths: 'crReportedWithinMonths',
  hateRule: 'crHateRule',
  individualsRule: 'crIndividualsRule',
  individuals: 'crIndividuals',
  acknowledge: 'crAcknowledgeDays',
  decide: 'crDecideDays',
  holdMeeting: 'crHoldMeetingDays',
  sendOutcome: 'crSendOutcomeDays',
  appeal: 'crAppealDays',
} as const;
const f = settingsFields;

/** The form's values for the settings, as the card shows them. */
export function settingsFormValues(settings: CaseReviewSettings): Record<string, string> {
  const { thresholds: t, timescales: d } = settings;
  return {
    [f.explainAt]: String(t.explainAt), [f.thresholdAt]: String(t.thresholdAt), [f.windowMonths]: String(t.windowMonths), [f.reportedWithinMonths]: String(t.reportedWithinMonths),
    [f.hateRule]: String(t.hateIncidentMeetsThreshold), [f.individualsRule]: String(t.individualsAboutOneProblem !== undefined),
    [f.individuals]: String(t.individualsAboutOneProblem ?? defaultIndividualsAboutOneProblem),
    [f.acknowledge]: String(d.acknowledgeWorkingDays), [f.decide]: String(d.decideWorkingDays), [f.holdMeeting]: String(d.holdMeetingWorkingDays),
    [f.sendOutcome]: String(d.sendOutcomeWorkingDays), [f.appeal]: String(d.appealWorkingDays),
  };
}

/** Reads the settings card: each bad number gets its own message, in the words of the form. */
export const settingsFormSchema = formSchema((form): CaseReviewSettings => {
  const whole = (field: string, label: string, min: number, max: number): number => {
    const text = form.text(field, { required: `Enter ${label}`, max: 4 });
    if (text === undefined) return min;
    const n = Number(text);
    if (!Number.isInteger(n) || n < min || n > max) form.fail(field, `${label[0]!.toUpperCase()}${label.slice(1)} must be a whole number from ${min} to ${max}`);
    return n;
  };
  const explainAt = whole(f.explainAt, 'the complaints at which the Case Review is explained', 1, 20);
  const thresholdAt = whole(f.thresholdAt, 'the complaints that meet the threshold', 1, 20);
  if (Number.isInteger(explainAt) && Number.isInteger(thresholdAt) && explainAt > thresholdAt) form.fail(f.explainAt, 'Explain the Case Review at no more complaints than the threshold');
  const individualsRule = form.flag(f.individualsRule);
  const individuals = individualsRule ? whole(f.individuals, 'the number of individuals', 2, 50) : undefined;
  return {
    thresholds: {
      explainAt,
      thresholdAt,
      windowMonths: whole(f.windowMonths, 'the months counted', 1, 24),
      reportedWithinMonths: whole(f.reportedWithinMonths, 'the months within which a complaint must be reported', 1, 12),
      hateIncidentMeetsThreshold: form.flag(f.hateRule),
      ...(individuals !== undefined ? { individualsAboutOneProblem: individuals } : {}),
    },
    timescales: {
      acknowledgeWorkingDays: whole(f.acknowledge, 'the working days to acknowledge', 1, 60),
      decideWorkingDays: whole(f.decide, 'the working days to decide', 1, 90),
      holdMeetingWorkingDays: whole(f.holdMeeting, 'the working days to hold the meeting', 1, 90),
      sendOutcomeWorkingDays: whole(f.sendOutcome, 'the working days to send the outcome', 1, 60),
      appealWorkingDays: whole(f.appeal, 'the working days to decide an appeal', 1, 90),
    },
  };
});
