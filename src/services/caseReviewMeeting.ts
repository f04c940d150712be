/**
 * Scheduling the ASB Case Review meeting through the meeting engine, as one resumable action (services/intents.ts):
 * the meeting with its Case Review agenda in a target group, a tracked "Report for the Case Review" action for each
 * partner agency involved with its reminder, the application's meeting date, the audit entry, the lead's reminders
 * and the agenda posted in the group's channel. Ending that meeting (services/meetings.ts) hands its
 * recommendations back to the application. Knows nothing about Teams.
 */
import type { AuditLog } from '../db/audit.js';
import type { CaseReviewRepository } from '../db/caseReviews.js';
import type { MeetingActionRepository } from '../db/meetingActions.js';
import type { MeetingRepository, StoredMeeting } from '../db/meetings.js';
import type { StoredTargetGroup, TargetGroupRepository } from '../db/targetGroups.js';
import type { WorkingCalendar } from '../domain/calendar/workingCalendar.js';
import { todayInLondon, type LocalDate } from '../domain/calendar/localDate.js';
import type { Clock } from '../domain/clock.js';
import type { Case } from '../domain/cases/case.js';
import { newId } from '../domain/cases/ids.js';
import { recordMeetingRecommendations, scheduleMeeting, type CaseReviewApplication, type CaseReviewTimescales } from '../domain/caseReview/application.js';
import { caseReviewAgenda, caseReviewCaseSummary, partnerReportActions, recommendationsFrom, type ReportingAgency } from '../domain/caseReview/meeting.js';
import { createMeeting, groupsForArea, type Meeting, type TrackedAction } from '../domain/meetings/index.js';
import type { Reminders } from '../reminders/ports.js';
import type { IntentKind, Intents } from './intents.js';
import type { Officer } from './caseFile.js';

export interface CaseReviewMeetingDeps {
  applications: Pick<CaseReviewRepository, 'get' | 'save'>;
  groups: Pick<TargetGroupRepository, 'get' | 'inTenant'>;
  meetings: Pick<MeetingRepository, 'insertOnce'>;
  actions: Pick<MeetingActionRepository, 'insertNew'>;
  intents: Intents;
  reminders: Reminders;
  audit: AuditLog;
  clock: Clock;
  calendar: WorkingCalendar;
  /** The partner agencies involved: the team's partners, and the agencies the case is shared with. */
  reportingAgencies(teamId: string, current: Case | undefined): Promise<ReportingAgency[]>;
  /** The case an application is about, read without a view of it (the caller has checked access). */
  caseOf(caseId: string): Promise<Case | undefined>;
  /** The name of one of the team's areas. */
  areaName(teamId: string, areaId: string): Promise<string>;
  /** Posts the Case Review agenda (with its Start button) in the group's channel; a step, so it must be idempotent. */
  postAgenda?(stored: StoredMeeting, group: StoredTargetGroup): Promise<void>;
}

interface ScheduleIntent {
  application: CaseReviewApplication;
  stored: StoredMeeting;
  reports: TrackedAction[];
  actor: { id: string; name: string; teamId?: string };
}

export class CaseReviewMeetings {
  private readonly scheduling: IntentKind<ScheduleIntent>;

  constructor(private readonly deps: CaseReviewMeetingDeps, private readonly afterSave: (app: CaseReviewApplication, actor: { id: string }) => Promise<void>) {
    this.scheduling = deps.intents.define<ScheduleIntent>('caseReview.meeting', [
      { name: 'meeting', run: ({ stored }) => deps.meetings.insertOnce(stored) },
      { name: 'reports', run: ({ stored, reports }) => deps.actions.insertNew(reports, stored.tenantId) },
      { name: 'reminders', run: (intent) => this.remindReports(intent) },
      { name: 'application', run: ({ application }) => this.saveMeetingOn(application) },
      {
        name: 'audit',
        run: ({ application, stored, actor }) =>
          deps.audit.record(
            { at: deps.clock.now(), actorId: actor.id, actorName: actor.name, action: 'create', entity: 'meeting', entityId: stored.meeting.id, changedFields: ['caseReview.reviewMeeting', 'agenda', 'reportActions'], ...(application.caseReference ? { caseReference: application.caseReference } : {}), ...(actor.teamId ? { teamId: actor.teamId } : {}) },
            `caseReview.meeting:${application.id}`,
          ),
      },
      { name: 'leads', run: ({ application, actor }) => afterSave(application, actor) },
      {
        name: 'post',
        run: async ({ stored }) => {
          const group = await deps.groups.get(stored.meeting.groupId);
          if (group) await deps.postAgenda?.(stored, group);
        },
      },
    ]);
  }

  /** The target groups the meeting may be held in: the tenant's, those covering the case's area first. */
  async groupsFor(officer: Officer, area: string | undefined): Promise<StoredTargetGroup[]> {
    const groups = await this.deps.groups.inTenant(officer.tenantId);
    const covering = area ? groupsForArea(area, groups) : [];
    return [...covering, ...groups.filter((g) => !covering.includes(g))];
  }

  /** Finishes a scheduling left part-done (the same press again); nothing when there is none. */
  async resume(applicationId: string, officer: Officer): Promise<{ application: CaseReviewApplication; reports: TrackedAction[]; group: StoredTargetGroup } | undefined> {
    const app = await this.deps.applications.get(applicationId);
    if (!app || app.teamId !== officer.teamId) return undefined;
    const payload = await this.deps.intents.resume(this.scheduling, applicationId);
    const group = payload && (await this.deps.groups.get(payload.stored.meeting.groupId));
    return payload && group ? { application: (await this.deps.applications.get(applicationId)) ?? payload.application, reports: payload.reports, group } : undefined;
  }

  /**
   * Schedules the meeting in the group on `on`, chaired by the lead who schedules it. An application has one
   * Case Review meeting, so its id keys the action: pressing again finishes what was left, never a second meeting.
   */
  async schedule(
    app: CaseReviewApplication, current: Case | undefined, groupId: string, on: LocalDate, officer: Officer, timescales: CaseReviewTimescales,
  ): Promise<{ ok: true; application: CaseReviewApplication; reports: TrackedAction[]; group: StoredTargetGroup } | { ok: false; field: string; message: string }> {
    const group = await this.deps.groups.get(groupId);
    if (!group || group.tenantId !== officer.tenantId) return { ok: false, field: 'reviewGroupId', message: 'Choose the target group that holds the meeting.' };
    const { payload } = await this.deps.intents.run(this.scheduling, app.id, async () => {
      const application = scheduleMeeting(app, on, this.deps.calendar, timescales);
      const today = todayInLondon(this.deps.clock);
      const dayBefore = this.deps.calendar.addWorkingDays(on, -1);
      const meetingId = newId();
      const at = this.deps.clock.now().toISOString();
      const reports = partnerReportActions(application, await this.deps.reportingAgencies(app.teamId, current), {
        meetingId, groupId: group.id, meetingDate: on, today, reportsDueOn: dayBefore > today ? dayBefore : today, by: officer.name, at,
      });
      const caseSummary = current ? caseReviewCaseSummary(current, await this.deps.areaName(app.teamId, current.area)) : undefined;
      const references = new Map(current ? [[current.id, current.reference]] : []);
      const agenda = caseReviewAgenda(application, { meetingDate: on, ...(caseSummary ? { caseSummary } : {}), references, reports });
      const meeting: Meeting = { ...createMeeting({ id: meetingId, group, date: on, agenda }), chair: { id: officer.id, name: officer.name }, caseReview: { applicationId: app.id } };
      return {
        application: { ...application, reviewMeeting: { meetingId, groupId: group.id } },
        stored: { meeting, tenantId: group.tenantId, conversationId: group.channel.conversationId, version: 1 },
        reports,
        actor: { id: officer.id, name: officer.name, ...(officer.teamId ? { teamId: officer.teamId } : {}) },
      };
    });
    return { ok: true, application: (await this.deps.applications.get(app.id)) ?? payload.application, reports: payload.reports, group };
  }

  /** Each agency's report is chased like a meeting action: its partner on the team, or the meeting's chair. */
  private async remindReports({ stored, reports }: ScheduleIntent): Promise<void> {
    for (const report of reports) {
      await this.deps.reminders.schedule({
        key: `meeting-action:${report.id}`,
        kind: 'meeting-action',
        label: `${report.agency}: ${report.what}`.slice(0, 300),
        dueDate: report.dueDate,
        recipient: { tenantId: stored.tenantId, aadObjectId: report.owner.id ?? stored.meeting.chair.id },
        ...(report.caseId ? { caseId: report.caseId } : {}),
        ...(report.caseReference ? { caseReference: report.caseReference } : {}),
      });
    }
  }

  /** Writes only what scheduling changes, over the application as stored (a step resumed later keeps others' changes). */
  private async saveMeetingOn(scheduled: CaseReviewApplication): Promise<void> {
    const stored = (await this.deps.applications.get(scheduled.id)) ?? scheduled;
    const { reviewMeetingOn, reviewMeeting } = scheduled;
    await this.deps.applications.save({ ...stored, ...(reviewMeetingOn ? { reviewMeetingOn } : {}), ...(reviewMeeting ? { reviewMeeting } : {}), due: { ...stored.due, ...scheduled.due } });
  }

  /**
   * A Case Review meeting has ended: what was agreed under Recommendations becomes the application's
   * recommendations, and a meeting held on another day than planned moves the date and the outcome's due date.
   */
  async meetingEnded(meeting: Meeting): Promise<void> {
    if (!meeting.caseReview) return;
    const app = await this.deps.applications.get(meeting.caseReview.applicationId);
    if (!app) return;
    let next = recordMeetingRecommendations(app, recommendationsFrom(meeting));
    // The minutes carry the day it was really held; one held before the decision (not possible in Teams) keeps its plan.
    const moved = app.reviewMeetingOn !== meeting.date && !!app.decision && meeting.date >= app.decision.decidedOn;
    if (moved) {
      next = scheduleMeeting(next, meeting.date, this.deps.calendar, app.settingsApplied?.timescales);
    }
    if (next === app) return;
    await this.deps.applications.save(next);
    await this.afterSave(next, { id: meeting.chair.id });
    await this.deps.audit.record(
      { at: this.deps.clock.now(), actorId: meeting.chair.id, actorName: meeting.chair.name, action: 'update', entity: 'case', entityId: app.id, changedFields: ['caseReview.recommendations', ...(moved ? ['caseReview.reviewMeetingOn'] : [])], ...(app.caseReference ? { caseReference: app.caseReference } : {}), teamId: app.teamId },
      `caseReview.recommendations:${app.id}`,
    );
  }
}
