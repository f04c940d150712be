/**
 * The ASB Case Review cards: the application form, the application with its threshold check and next step, and
 * the yearly figures. Applications name the victim, so handlers show them only in a personal chat.
 */
import { applicationChannels, localRuleNote, notMetExplanation, openSteps, thresholdsOf, type CaseReviewApplication, type CaseReviewTimescales } from '../../domain/caseReview/application.js';
import { figureRows, type CaseReviewFigures } from '../../domain/caseReview/figures.js';
import type { PossibleSamePerson } from '../../domain/caseReview/samePerson.js';
import type { Case } from '../../domain/cases/case.js';
import {
  actionSet, card, choiceInput, container, dateInput, execute, facts, formErrors, heading, note, options, secondary, subheading, text, textInput, toggleInput,
  type Choice, type Element, type FormState,
} from '../cardKit.js';
import { CaseVerbs } from '../cases/verbs.js';
import { longDate } from '../risk/dueDates.js';
import { caseReviewFields as f } from './form.js';
import { CaseReviewVerbs } from './verbs.js';

const backToCase = (caseId: string): Element => execute('Back to case', CaseVerbs.show, { caseId }, { associatedInputs: 'none' });

/** Victims on other cases who may be this one's: the officer confirms, so complaints are counted per person. */
function samePersonSection(current: Case, matches: readonly PossibleSamePerson[]): Element[] {
  if (matches.length === 0) return [];
  return [
    subheading('The same person on another case?'),
    note("The threshold counts a person's complaints across all the team's cases. Confirm only when you are sure it is the same person."),
    ...matches.map((m) => container([
      text(`**${m.victimName}** here and **${m.otherName}**, victim on ${m.otherReference} (${m.match === 'exact' ? 'same name' : 'similar name'})`),
      actionSet([execute('Same person', CaseReviewVerbs.samePerson, { [f.caseId]: current.id, victimId: m.victimId, otherCaseId: m.otherCaseId, otherVictimId: m.otherVictimId }, { associatedInputs: 'none' })]),
    ], { separator: true })),
  ];
}

export function applicationFormCard(current: Case | undefined, applicationId: string, form: FormState, matches: readonly PossibleSamePerson[] = [], banner?: string): Element {
  const victims: Choice[] = (current?.victims ?? []).map((v) => ({ title: v.name, value: v.id }));
  return card(
    [
      heading(current ? `ASB Case Review application: ${current.reference}` : 'ASB Case Review application'),
      ...(banner ? [text(banner, { color: 'Good', weight: 'Bolder' })] : []),
      ...(current ? samePersonSection(current, matches) : []),
      note('Victims can apply by any route, or a third party can apply for them with their consent. The threshold check runs as soon as it is saved.'),
      ...formErrors(form),
      ...(current
        ? choiceInput(form, f.victimId, victims, { label: 'Victim applying', required: true, expanded: victims.length <= 4 })
        : textInput(form, f.applicantName, { label: "Applicant's name", required: true, maxLength: 120 })),
      ...dateInput(form, f.appliedOn, { label: 'Date of application', required: true }),
      ...choiceInput(form, f.channel, options(applicationChannels), { label: 'How they applied', required: true }),
      ...textInput(form, f.thirdPartyName, { label: "Applied by a third party with the victim's consent: their name (if so)", maxLength: 120 }),
      ...textInput(form, f.singlePointOfContact, { label: 'Single point of contact for the victim', maxLength: 200 }),
    ],
    [
      execute('Record application', CaseReviewVerbs.apply, { ...(current ? { [f.caseId]: current.id } : {}), [f.applicationId]: applicationId }, { style: 'positive' }),
      ...(current ? [backToCase(current.id)] : []),
    ],
  );
}

const stepLabels: Record<string, string> = {
  acknowledge: 'Acknowledge',
  decide: 'Decide',
  'hold-meeting': 'Hold the review meeting',
  'send-outcome': 'Send the outcome',
  'decide-appeal': 'Decide the appeal',
};

const qualifyingComplaints = (n: number): string => `${n} qualifying complaint${n === 1 ? '' : 's'}`;

function thresholdLines(app: CaseReviewApplication): Element[] {
  const check = app.thresholdCheck;
  const window = thresholdsOf(app).windowMonths;
  const months = window === 6 ? 'six months' : `${window} month${window === 1 ? '' : 's'}`;
  return [
    subheading('Threshold check'),
    text(check.met
      ? `**Threshold met**${localRuleNote(check.rule)}: ${qualifyingComplaints(check.count)} in the last ${months}.`
      : `The count alone does not meet the threshold: ${qualifyingComplaints(check.count)} in the last ${months}. The Case Review lead decides.`, check.met ? { color: 'Good' } : {}),
    ...check.counted.map((c) => text(`Reported ${longDate(c.reportedOn)} (happened ${longDate(c.occurredOn)})`, { spacing: 'Small' })),
  ];
}

export interface ApplicationCardOptions {
  lead: boolean;
  reviewers: Array<{ id: string; name: string }>;
  timescales: CaseReviewTimescales;
  /** The target groups that may hold the review meeting (the meeting engine); none: the date alone is recorded. */
  groups?: Array<{ id: string; name: string }>;
  banner?: string;
}

/** The application, where it stands, and the form for its next step. */
export function applicationCard(app: CaseReviewApplication, form: FormState, options: ApplicationCardOptions): Element {
  const ids = { [f.applicationId]: app.id };
  const body: Element[] = [
    ...(options.banner ? [text(options.banner, { color: 'Good', weight: 'Bolder' })] : []),
    heading(`ASB Case Review: ${app.applicantName}`),
    facts([
      ['Case', app.caseReference ?? 'not on a case yet'],
      ['Applied', `${longDate(app.appliedOn)} by ${applicationChannels.find((c) => c.id === app.channel)?.label.toLowerCase() ?? app.channel}`],
      ['Third party', app.thirdParty ? `${app.thirdParty.name} (victim consented)` : ''],
      ['Single point of contact', app.singlePointOfContact ?? ''],
      ['Acknowledged', app.acknowledgedOn ? longDate(app.acknowledgedOn) : ''],
      ['Decision', app.decision ? `${app.decision.met ? 'Threshold met' : 'Threshold not met'} on ${longDate(app.decision.decidedOn)}` : ''],
      // The lead's own words, which may name people: this card opens only in a personal chat.
      ['Reasons', app.decision?.reasons ?? ''],
      ['Review meeting', app.reviewMeetingOn ? longDate(app.reviewMeetingOn) : ''],
      ['Victim consulted on the action plan', app.victimViews ? (app.actionPlanConsulted ? 'Yes' : 'Not yet') : ''],
      ['Outcome sent', app.outcomeSentOn ? longDate(app.outcomeSentOn) : ''],
      ['Appeal', app.appeal ? `received ${longDate(app.appeal.receivedOn)}` : ''],
    ]),
    ...thresholdLines(app),
    subheading('Due'),
    ...(openSteps(app).map((s) => text(`${stepLabels[s.step]} by ${longDate(s.dueDate)}`, { spacing: 'Small' }))),
    ...formErrors(form),
  ];
  const actions: Element[] = [];
  if (!app.acknowledgedOn) actions.push(execute('Acknowledge', CaseReviewVerbs.acknowledge, ids, { associatedInputs: 'none' }));
  if (!app.decision && options.lead) {
    body.push(
      subheading('Decision (Case Review lead)'),
      ...choiceInput(form, f.met, [{ title: 'Threshold met', value: 'met' }, { title: 'Threshold not met', value: 'not-met' }], { label: 'Is the threshold met?', expanded: true }),
      ...textInput(form, f.reasons, { label: 'Reasons (the applicant is told them)', multiline: true, maxLength: 2000 }),
    );
    actions.push(execute('Record decision', CaseReviewVerbs.decide, ids, { style: 'positive' }));
  }
  if (app.decision && !app.decision.met) {
    body.push(subheading('Letter to the applicant'), text(notMetExplanation(app, options.timescales)));
  }
  if (app.decision?.met && !app.reviewMeetingOn && options.lead) {
    const groups = (options.groups ?? []).map((g) => ({ title: g.name, value: g.id }));
    body.push(
      subheading('Case Review meeting'),
      ...(groups.length
        ? [note("Held by a target group, in its channel. Each partner agency involved is asked for a report, due the working day before."), ...choiceInput(form, f.meetingGroupId, groups, { label: 'Target group holding the meeting' })]
        : []),
      ...dateInput(form, f.meetingOn, { label: 'Date of the review meeting' }),
    );
    actions.push(execute('Schedule review meeting', CaseReviewVerbs.scheduleMeeting, ids));
  }
  if (app.decision?.met && !app.victimViews) {
    body.push(
      subheading("The victim's views"),
      ...textInput(form, f.victimViews, { label: "The victim's views, in their words", multiline: true, maxLength: 2000 }),
      ...toggleInput(form, f.consulted, 'The victim was consulted on the action plan'),
    );
    actions.push(execute("Record victim's views", CaseReviewVerbs.victimViews, ids));
  }
  if (app.reviewMeetingOn && app.recommendations.length === 0 && options.lead) {
    body.push(
      subheading('Outcome'),
      ...textInput(form, f.recommendations, { label: 'Recommendations, one a line: what | owner | YYYY-MM-DD', multiline: true, maxLength: 4000 }),
      ...dateInput(form, f.outcomeSentOn, { label: 'Outcome sent to the victim on (if sent)' }),
    );
    actions.push(execute('Record outcome', CaseReviewVerbs.outcome, ids));
  }
  if (app.recommendations.length) {
    body.push(subheading('Recommendations'), ...app.recommendations.map((r) => text(`${r.text}: ${r.owner}, by ${longDate(r.dueDate)}`, { spacing: 'Small' })));
  }
  if (app.recommendations.length && !app.outcomeSentOn && options.lead) {
    body.push(...dateInput(form, f.outcomeSentOn, { label: 'Outcome sent to the victim on' }));
    actions.push(execute('Record outcome sent', CaseReviewVerbs.outcomeSent, ids));
  }
  if (app.decision && !app.appeal) {
    const reviewers = options.reviewers.filter((r) => r.id !== app.decision!.decidedBy).map((r) => ({ title: r.name, value: r.id }));
    body.push(
      subheading('Appeal'),
      ...dateInput(form, f.appealReceivedOn, { label: 'Appeal received on' }),
      ...choiceInput(form, f.reviewerId, reviewers, { label: 'Reviewed by (not part of the first decision)' }),
      ...textInput(form, f.grounds, { label: 'Why the applicant disagrees', multiline: true, maxLength: 2000 }),
    );
    actions.push(execute('Record appeal', CaseReviewVerbs.appeal, ids));
  }
  if (app.caseId) {
    actions.push(backToCase(app.caseId), secondary(execute('Another application on this case', CaseReviewVerbs.applicationForm, { [f.caseId]: app.caseId, [f.another]: 'true' }, { associatedInputs: 'none' })));
  }
  return card(body, actions);
}

/** The statutory yearly figures; counts only, so it may be shown anywhere. */
export function caseReviewFiguresCard(figures: CaseReviewFigures, csvUrl: string): Element {
  return card(
    [
      heading(`ASB Case Review figures ${figures.year}`),
      note('Applications made in the year, for publication (at least yearly). The CSV link works for you for 7 days.'),
      facts(figureRows(figures)),
    ],
    [{ type: 'Action.OpenUrl', title: 'Download CSV', url: csvUrl }],
  );
}
