/**
 * The ASB Case Review from application to appeal (gov.uk ASB Case Review guidance, statutory guidance of
 * September 2025; DOMAIN.md). A victim, or a third party with their consent, applies by any route; the threshold
 * check runs at once on the qualifying complaints; the Case Review lead acknowledges, decides (met / not met, with
 * reasons), and where met holds a review meeting whose recommendations, with owners and dates, go to the victim
 * in an outcome. The victim may appeal a decision or outcome to a reviewer who was not part of it. Every step has
 * a local timescale in working days (Richmond's 2 / 21 / 28 / 7 by default; East Herts appeal in 15).
 */
import { z } from 'zod';
import { longDate } from '../calendar/format.js';
import { localDateSchema, type LocalDate } from '../calendar/localDate.js';
import type { WorkingCalendar } from '../calendar/workingCalendar.js';
import { caseReviewThresholdsSchema, defaultCaseReviewThresholds, type CaseReviewThresholds } from '../cases/caseReview.js';

export const applicationChannels = [
  { id: 'phone', label: 'Phone' },
  { id: 'email', label: 'Email' },
  { id: 'web-form', label: 'Web form' },
  { id: 'letter', label: 'Letter' },
  { id: 'in-person', label: 'In person' },
] as const;
export type ApplicationChannel = (typeof applicationChannels)[number]['id'];
const channelSchema = z.enum(applicationChannels.map((c) => c.id) as [ApplicationChannel, ...ApplicationChannel[]]);

export const caseReviewTimescalesSchema = z.object({
  /** From the application. */
  acknowledgeWorkingDays: z.number().int().min(1).max(60).default(2),
  /** From the application. */
  decideWorkingDays: z.number().int().min(1).max(90).default(21),
  /** From the decision that the threshold is met. */
  holdMeetingWorkingDays: z.number().int().min(1).max(90).default(28),
  /** From the review meeting. */
  sendOutcomeWorkingDays: z.number().int().min(1).max(60).default(7),
  /** From receiving the appeal. */
  appealWorkingDays: z.number().int().min(1).max(90).default(15),
});
export type CaseReviewTimescales = z.infer<typeof caseReviewTimescalesSchema>;
export const defaultCaseReviewTimescales: CaseReviewTimescales = caseReviewTimescalesSchema.parse({});

export const countedComplaintSchema = z.object({ incidentId: z.string(), caseId: z.string(), reportedOn: localDateSchema, occurredOn: localDateSchema });
export type CountedComplaint = z.infer<typeof countedComplaintSchema>;

export const recommendationSchema = z.object({
  id: z.string().min(1),
  text: z.string().trim().min(1).max(500),
  owner: z.string().trim().min(1).max(200),
  dueDate: localDateSchema,
});
export type Recommendation = z.infer<typeof recommendationSchema>;

export const caseReviewSteps = ['acknowledge', 'decide', 'hold-meeting', 'send-outcome', 'decide-appeal'] as const;
export type CaseReviewStep = (typeof caseReviewSteps)[number];

export const caseReviewApplicationSchema = z.object({
  id: z.string().min(1),
  teamId: z.string().min(1),
  /** The tenant of the team, where the lead's and officer's reminders go (the team id on older applications). */
  tenantId: z.string().min(1).optional(),
  /** The case it is about; unset when the applicant is not yet on a case (`case review` in chat). */
  caseId: z.string().min(1).optional(),
  caseReference: z.string().optional(),
  /** The victim on the case, and their identity across cases, when known. */
  victimId: z.string().optional(),
  personKey: z.string().optional(),
  applicantName: z.string().trim().min(1).max(120),
  appliedOn: localDateSchema,
  channel: channelSchema,
  /** Made by a third party for the victim: only with the victim's consent. */
  thirdParty: z.object({ name: z.string().trim().min(1).max(120), victimConsented: z.literal(true) }).optional(),
  thresholdCheck: z.object({ met: z.boolean(), count: z.number().int().min(0), rule: z.string().optional(), counted: z.array(countedComplaintSchema) }),
  /** The single point of contact for the victim through the review. */
  singlePointOfContact: z.string().trim().min(1).max(200).optional(),
  recordedBy: z.string().min(1),
  /** The team's thresholds and timescales when the application was recorded: its steps keep to these. */
  settingsApplied: z.object({ thresholds: caseReviewThresholdsSchema, timescales: caseReviewTimescalesSchema }).optional(),
  due: z.record(z.enum(caseReviewSteps), localDateSchema),
  acknowledgedOn: localDateSchema.optional(),
  decision: z.object({ met: z.boolean(), reasons: z.string().trim().min(1).max(2000), decidedBy: z.string().min(1), decidedOn: localDateSchema }).optional(),
  reviewMeetingOn: localDateSchema.optional(),
  /** The Case Review meeting held through the meeting engine, in a target group's channel. */
  reviewMeeting: z.object({ meetingId: z.string().min(1), groupId: z.string().min(1) }).optional(),
  victimViews: z.string().trim().min(1).max(2000).optional(),
  actionPlanConsulted: z.boolean().optional(),
  recommendations: z.array(recommendationSchema).default([]),
  outcomeSentOn: localDateSchema.optional(),
  appeal: z
    .object({ receivedOn: localDateSchema, reviewerId: z.string().min(1), grounds: z.string().trim().min(1).max(2000), upheld: z.boolean().optional(), decidedOn: localDateSchema.optional() })
    .optional(),
});
export type CaseReviewApplication = z.infer<typeof caseReviewApplicationSchema>;

export class CaseReviewRuleError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
    this.name = 'CaseReviewRuleError';
  }
}
const refuse = (field: string, message: string): never => {
  throw new CaseReviewRuleError(field, message);
};

export type NewApplication = Omit<CaseReviewApplication, 'due' | 'recommendations' | 'acknowledgedOn' | 'decision' | 'reviewMeetingOn' | 'reviewMeeting' | 'victimViews' | 'actionPlanConsulted' | 'outcomeSentOn' | 'appeal'>;

/** Receives an application: the acknowledgement and decision are due within the team's working days. */
export function receiveApplication(input: NewApplication, today: LocalDate, calendar: WorkingCalendar, timescales: CaseReviewTimescales = defaultCaseReviewTimescales): CaseReviewApplication {
  if (input.appliedOn > today) refuse('appliedOn', 'The date of application cannot be in the future.');
  return caseReviewApplicationSchema.parse({
    ...input,
    due: {
      acknowledge: calendar.addWorkingDays(input.appliedOn, timescales.acknowledgeWorkingDays),
      decide: calendar.addWorkingDays(input.appliedOn, timescales.decideWorkingDays),
    },
    recommendations: [],
  });
}

export function acknowledge(app: CaseReviewApplication, on: LocalDate): CaseReviewApplication {
  if (on < app.appliedOn) refuse('acknowledgedOn', 'An application cannot be acknowledged before it was made.');
  return app.acknowledgedOn ? app : { ...app, acknowledgedOn: on };
}

/** Threshold met or not, with reasons; met sets the date the review meeting is due by. */
export function decide(
  app: CaseReviewApplication,
  decision: { met: boolean; reasons: string; decidedBy: string },
  on: LocalDate,
  calendar: WorkingCalendar,
  timescales: CaseReviewTimescales = defaultCaseReviewTimescales,
): CaseReviewApplication {
  if (app.decision) refuse('met', 'The decision on this application has already been recorded.');
  if (!decision.reasons.trim()) refuse('reasons', 'Give the reasons for the decision: the applicant is told them.');
  // The decision letter tells the applicant their application was received, so it acknowledges one not yet acknowledged.
  const decided = { ...app, acknowledgedOn: app.acknowledgedOn ?? on, decision: { ...decision, decidedOn: on } };
  return decision.met ? { ...decided, due: { ...app.due, 'hold-meeting': calendar.addWorkingDays(on, timescales.holdMeetingWorkingDays) } } : decided;
}

/** The thresholds an application was checked against: its team's when it was recorded (the defaults on older ones). */
export function thresholdsOf(app: Pick<CaseReviewApplication, 'settingsApplied'>): CaseReviewThresholds {
  return app.settingsApplied?.thresholds ?? defaultCaseReviewThresholds;
}

/** The local rule that met the threshold, as the application card and the Case Review agenda name it; '' for the count. */
export function localRuleNote(rule: string | undefined): string {
  return rule === 'hate-incident' ? ' (local rule: a hate incident)' : rule === 'individuals' ? ' (local rule: several people about one problem)' : '';
}

/** The letter-ready explanation for an application that did not meet the threshold, with the appeal route. */
export function notMetExplanation(app: CaseReviewApplication, timescales: CaseReviewTimescales = defaultCaseReviewTimescales): string {
  // Dates as the applicant reads them in a letter; with none counted, no empty "reported on" list.
  const counted = app.thresholdCheck.counted.map((c) => longDate(c.reportedOn));
  return [
    `Your application for an ASB Case Review, received on ${longDate(app.appliedOn)}, has been considered.`,
    `The partnership decided that the threshold for a Case Review is not met. ${app.decision?.reasons ?? ''}`.trim(),
    `Qualifying complaints counted in the last ${thresholdsOf(app).windowMonths} months: ${app.thresholdCheck.count}${counted.length > 0 ? ` (reported on ${counted.join(', ')})` : ''}.`,
    `If you are unhappy with this decision you can appeal. Tell us within ${timescales.appealWorkingDays} working days why you disagree; a senior officer who was not part of this decision will review it.`,
  ].join('\n\n');
}

export function scheduleMeeting(app: CaseReviewApplication, on: LocalDate, calendar: WorkingCalendar, timescales: CaseReviewTimescales = defaultCaseReviewTimescales): CaseReviewApplication {
  if (!app.decision?.met) refuse('reviewMeetingOn', 'A review meeting is held only once the threshold is met.');
  if (on < app.decision!.decidedOn) refuse('reviewMeetingOn', 'The review meeting cannot be before the decision.');
  return { ...app, reviewMeetingOn: on, due: { ...app.due, 'send-outcome': calendar.addWorkingDays(on, timescales.sendOutcomeWorkingDays) } };
}

/** The recommendations agreed in the Case Review meeting (src/domain/caseReview/meeting.ts), once it has ended. */
export function recordMeetingRecommendations(app: CaseReviewApplication, recommendations: Recommendation[]): CaseReviewApplication {
  return recommendations.length === 0 || app.recommendations.length > 0 ? app : { ...app, recommendations };
}

/** The outcome (the recommendations already recorded) was sent to the victim on a date. */
export function recordOutcomeSent(app: CaseReviewApplication, on: LocalDate): CaseReviewApplication {
  if (app.recommendations.length === 0) refuse('outcomeSentOn', 'Record the recommendations before the outcome is sent.');
  if (app.reviewMeetingOn && on < app.reviewMeetingOn) refuse('outcomeSentOn', 'The outcome cannot be sent before the review meeting.');
  return { ...app, outcomeSentOn: on };
}

export function recordVictimViews(app: CaseReviewApplication, views: string, actionPlanConsulted: boolean): CaseReviewApplication {
  if (!app.decision?.met) refuse('victimViews', "The victim's views are recorded for a review whose threshold is met.");
  return { ...app, victimViews: views, actionPlanConsulted };
}

/** The outcome: recommendations with owners and dates, sent to the victim on a date. */
export function recordOutcome(app: CaseReviewApplication, recommendations: Recommendation[], sentOn: LocalDate | undefined): CaseReviewApplication {
  if (!app.reviewMeetingOn) refuse('recommendations', 'Record the review meeting before its outcome.');
  if (recommendations.length === 0) refuse('recommendations', 'Give at least one recommendation, with its owner and date.');
  if (sentOn && sentOn < app.reviewMeetingOn!) refuse('outcomeSentOn', 'The outcome cannot be sent before the review meeting.');
  return { ...app, recommendations, ...(sentOn ? { outcomeSentOn: sentOn } : {}) };
}

/** An appeal goes to a reviewer who was not part of the first decision, with its own timescale. */
export function appeal(
  app: CaseReviewApplication,
  input: { receivedOn: LocalDate; reviewerId: string; grounds: string },
  calendar: WorkingCalendar,
  timescales: CaseReviewTimescales = defaultCaseReviewTimescales,
): CaseReviewApplication {
  if (!app.decision) refuse('grounds', 'There is no decision to appeal yet.');
  if (app.appeal) refuse('grounds', 'An appeal has already been recorded.');
  if (input.reviewerId === app.decision!.decidedBy) refuse('reviewerId', 'The appeal must be reviewed by someone who was not part of the first decision.');
  return { ...app, appeal: input, due: { ...app.due, 'decide-appeal': calendar.addWorkingDays(input.receivedOn, timescales.appealWorkingDays) } };
}

/** The steps still open, each with the date it is due: what the Case Review lead is reminded of. */
export function openSteps(app: CaseReviewApplication): Array<{ step: CaseReviewStep; dueDate: LocalDate }> {
  const done: Record<CaseReviewStep, boolean> = {
    acknowledge: !!app.acknowledgedOn,
    decide: !!app.decision,
    'hold-meeting': !!app.reviewMeetingOn,
    'send-outcome': !!app.outcomeSentOn,
    'decide-appeal': app.appeal?.upheld !== undefined,
  };
  return caseReviewSteps.flatMap((step) => (app.due[step] && !done[step] ? [{ step, dueDate: app.due[step]! }] : []));
}
