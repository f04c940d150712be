/**
 * The ASB Case Review meeting, held through the target group meeting engine (src/domain/meetings/). Its agenda
 * follows the statutory guidance's review (gov.uk ASB Case Review guidance; DOMAIN.md): the application, the
 * history of complaints and responses, the agencies' reports (each agency asked for one by a tracked action due
 * before the meeting), the victim's views, the recommendations, and the action plan. What is agreed under
 * Recommendations becomes the application's recommendations. The agenda carries no name or address: the case's
 * people travel only in the case summary, which the meeting engine shows as initials in a channel.
 */
import { daysBetween, type LocalDate } from '../calendar/localDate.js';
import { describeDate } from '../meetings/dates.js';
import { agendaSections, standingItemIds, type Agenda, type AgendaItem, type AgendaSectionNumber } from '../meetings/agenda.js';
import type { AgendaCaseSummary } from '../meetings/caseSummary.js';
import type { ActionOwner, TrackedAction } from '../meetings/actions.js';
import type { Meeting } from '../meetings/meeting.js';
import type { Case } from '../cases/case.js';
import { agencies, agencyLabels, type Agency } from '../access/actor.js';
import { localRuleNote, type CaseReviewApplication, type Recommendation } from './application.js';

/** The review's six sections, then Any other business: where the chair's own items go, as at any meeting. */
export const caseReviewSections: Record<1 | 2 | 3 | 4 | 5 | 6 | 7, string> = {
  1: 'The application',
  2: 'History of complaints and responses',
  3: "Agencies' reports",
  4: "The victim's views",
  5: 'Recommendations',
  6: 'The action plan',
  7: agendaSections[8],
};

export const caseReviewItemIds = {
  application: 'case-review:application',
  complaints: 'case-review:complaints',
  reports: 'case-review:reports',
  victimViews: 'case-review:victim-views',
  recommendations: 'case-review:recommendations',
  actionPlan: 'case-review:action-plan',
} as const;

/** What the meeting may know about the case: reference, area, risk and its people (shown as initials until revealed). */
export function caseReviewCaseSummary(current: Pick<Case, 'id' | 'reference' | 'area' | 'riskLevel' | 'victims' | 'perpetrators'>, areaName: string): AgendaCaseSummary {
  return {
    caseId: current.id,
    reference: current.reference,
    area: areaName,
    riskLevel: current.riskLevel ?? 'standard',
    summary: '',
    people: [
      ...current.victims.map((v) => ({ role: 'victim' as const, name: v.name, ...(v.under18 === undefined ? {} : { under18: v.under18 }) })),
      ...current.perpetrators.map((p) => ({ role: 'perpetrator' as const, name: p.name })),
    ],
  };
}

/** A partner agency asked for its report: the agency's name, and the partner on the team who answers for it, if any. */
export interface ReportingAgency {
  agency: string;
  partner?: { id: string; name: string };
}

/** The agencies involved: the team's partners and the agencies the case is shared with, each once, in the usual order. */
export function reportingAgencies(partners: ReadonlyArray<{ id: string; name: string; agency: Agency }>, current: Pick<Case, 'shares'> | undefined): ReportingAgency[] {
  const involved = new Set<Agency>([...partners.map((p) => p.agency), ...(current?.shares ?? []).map((s) => s.agency)]);
  return agencies.filter((a) => involved.has(a)).map((a) => {
    const partner = partners.find((p) => p.agency === a);
    return { agency: agencyLabels[a], ...(partner ? { partner: { id: partner.id, name: partner.name } } : {}) };
  });
}

export interface CaseReviewMeetingPlan {
  meetingId: string;
  groupId: string;
  meetingDate: LocalDate;
  today: LocalDate;
  /** The day the reports are due: the working day before the meeting (or today, when the meeting is that close). */
  reportsDueOn: LocalDate;
  by: string;
  at: string;
}

/** One tracked action per agency: "Report for the Case Review", due before the meeting, chased like any meeting action. */
export function partnerReportActions(app: CaseReviewApplication, agencies: readonly ReportingAgency[], plan: CaseReviewMeetingPlan): TrackedAction[] {
  const reference = app.caseReference ? ` (${app.caseReference})` : '';
  return agencies.map((a) => {
    const owner: ActionOwner = { kind: 'agency', name: a.agency, ...(a.partner ? { id: a.partner.id } : {}) };
    return {
      id: `${plan.meetingId}/report:${a.agency.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`,
      meetingId: plan.meetingId,
      groupId: plan.groupId,
      itemId: caseReviewItemIds.reports,
      ...(app.caseId ? { caseId: app.caseId } : {}),
      ...(app.caseReference ? { caseReference: app.caseReference } : {}),
      what: `Report for the Case Review${reference} on ${describeDate(plan.meetingDate)}`,
      owner,
      agency: a.agency,
      dueDate: plan.reportsDueOn,
      agreedOn: plan.today,
      status: 'open',
      history: [{ at: plan.at, by: plan.by, change: 'created' }],
      caseReview: { applicationId: app.id },
    };
  });
}

function afterBehaviour(occurredOn: LocalDate, reportedOn: LocalDate): string {
  const days = daysBetween(occurredOn, reportedOn);
  return days <= 0 ? 'the day it happened' : `${days} day${days === 1 ? '' : 's'} after it happened`;
}

/**
 * The Case Review agenda. The complaints counted are listed by date and case reference only, and the
 * victim's views (when already recorded) go in as the item's detail, which the minutes mask.
 */
export function caseReviewAgenda(
  app: CaseReviewApplication,
  input: { meetingDate: LocalDate; caseSummary?: AgendaCaseSummary; references: ReadonlyMap<string, string>; reports: readonly TrackedAction[] },
): Agenda {
  const section = (n: keyof typeof caseReviewSections) => n as AgendaSectionNumber;
  const check = app.thresholdCheck;
  const counted = `${check.count} qualifying complaint${check.count === 1 ? '' : 's'} counted${localRuleNote(check.rule)}`;
  const detail = `${counted}; ${app.decision ? `the lead decided on ${describeDate(app.decision.decidedOn)} that the threshold is ${app.decision.met ? 'met' : 'not met'}` : 'not yet decided'}`;
  const title = `ASB Case Review application received ${describeDate(app.appliedOn)}`;
  const items: AgendaItem[] = [
    input.caseSummary
      ? { id: caseReviewItemIds.application, section: section(1), kind: 'case', title: `${title}: ${input.caseSummary.reference}`, caseId: input.caseSummary.caseId, case: input.caseSummary, reasons: [{ kind: 'case-review-threshold', detail }] }
      : { id: caseReviewItemIds.application, section: section(1), kind: 'custom', title, detail },
    ...(check.counted.length
      ? check.counted.map((c, k): AgendaItem => ({
        id: `${caseReviewItemIds.complaints}:${k + 1}`, section: section(2), kind: 'custom', caseId: c.caseId,
        // Reference first and short enough for the card's 90 characters: a qualifying complaint is at most a month late.
        title: `${input.references.get(c.caseId) ? `${input.references.get(c.caseId)}: r` : 'R'}eported ${describeDate(c.reportedOn)}, ${afterBehaviour(c.occurredOn, c.reportedOn)}`,
      }))
      : [{ id: caseReviewItemIds.complaints, section: section(2), kind: 'custom', title: 'No qualifying complaints were counted' } as AgendaItem]),
    ...(input.reports.length
      ? input.reports.map((r): AgendaItem => ({
        id: `action:${r.id}`, section: section(3), kind: 'action-review', ...(r.caseId ? { caseId: r.caseId } : {}),
        title: `${r.agency}: report due ${describeDate(r.dueDate)}`,
        action: { actionId: r.id, what: r.what, ownerName: r.owner.name, agency: r.agency, dueDate: r.dueDate, agreedOn: r.agreedOn, ...(r.caseId ? { caseId: r.caseId } : {}), ...(r.caseReference ? { caseReference: r.caseReference } : {}) },
      }))
      : [{ id: caseReviewItemIds.reports, section: section(3), kind: 'custom', title: 'No partner agency was asked for a report' } as AgendaItem]),
    { id: caseReviewItemIds.victimViews, section: section(4), kind: 'custom', title: caseReviewSections[4], ...(app.caseId ? { caseId: app.caseId } : {}), ...(app.victimViews ? { detail: app.victimViews } : {}) },
    { id: caseReviewItemIds.recommendations, section: section(5), kind: 'custom', title: 'Recommendations: add each as an action with its owner and date', ...(app.caseId ? { caseId: app.caseId } : {}) },
    { id: caseReviewItemIds.actionPlan, section: section(6), kind: 'custom', title: caseReviewSections[6], ...(app.caseId ? { caseId: app.caseId } : {}) },
    { id: standingItemIds.anyOtherBusiness, section: section(7), kind: 'standing', title: caseReviewSections[7] },
  ];
  return { meetingDate: input.meetingDate, lastMeetingDate: null, nextMeetingDate: input.meetingDate, items, sectionTitles: caseReviewSections };
}

/** The actions agreed under Recommendations, as the application's recommendations (owner with their agency). */
export function recommendationsFrom(meeting: Pick<Meeting, 'items'>): Recommendation[] {
  return (meeting.items[caseReviewItemIds.recommendations]?.actions ?? []).map((a) => ({
    id: a.id.replace(/[^A-Za-z0-9-]/g, '-'),
    text: a.what.slice(0, 500),
    owner: (a.owner.kind === 'member' ? `${a.owner.name} (${a.owner.agency})` : a.owner.name).slice(0, 200),
    dueDate: a.dueDate,
  }));
}
