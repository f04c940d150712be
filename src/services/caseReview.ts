/**
 * The ASB Case Review as people do it: record an application (from a case, or for someone not yet on one), run
 * the threshold check at once, and remind the Case Review lead (the managers, until the roster has the role) of
 * every step within the team's timescales; the lead's decision, the review meeting, the victim's views, the
 * outcome whose recommendations become reminders to the case owner, the appeal, and the yearly figures.
 * Each write is one document (the application) plus reminders keyed by application and step, so a retried
 * step schedules nothing twice. Knows nothing about Teams.
 */
import type { AuditLog } from '../db/audit.js';
import type { CaseReviewRepository } from '../db/caseReviews.js';
import { londonDate, todayInLondon, type LocalDate } from '../domain/calendar/localDate.js';
import type { WorkingCalendar } from '../domain/calendar/workingCalendar.js';
import type { Clock } from '../domain/clock.js';
import { hasRole, mayCase, teamScope } from '../domain/access/index.js';
import type { Case } from '../domain/cases/case.js';
import {
  acknowledge, appeal, CaseReviewRuleError, decide, defaultCaseReviewTimescales, openSteps, receiveApplication, recordOutcome, recordOutcomeSent, recordVictimViews,
  scheduleMeeting, type ApplicationChannel, type CaseReviewApplication, type CaseReviewStep, type CaseReviewTimescales, type Recommendation,
} from '../domain/caseReview/application.js';
import { stringify } from 'csv-stringify/sync';
import { caseReviewFigures, figureRows, type CaseReviewFigures } from '../domain/caseReview/figures.js';
import { contentTypes, type DownloadKind } from '../security/downloads.js';
import type { Reminders } from '../reminders/ports.js';
import type { CaseFile, Officer } from './caseFile.js';
import { CaseReviewMeetings, type CaseReviewMeetingDeps } from './caseReviewMeeting.js';
import { defaultCaseReviewThresholds } from '../domain/cases/caseReview.js';
import type { CaseReviewSettings } from '../domain/caseReview/settings.js';
import type { StoredTargetGroup } from '../db/targetGroups.js';

export interface CaseReviewServiceDeps {
  applications: CaseReviewRepository;
  caseFile: Pick<CaseFile, 'view'>;
  audit: AuditLog;
  reminders: Reminders;
  clock: Clock;
  calendar: WorkingCalendar;
  /** The Case Review leads of a team (Entra object ids): its managers on the roster. */
  leadsOf(teamId: string): Promise<string[]>;
  timescales?: CaseReviewTimescales;
  /** The team's own thresholds and timescales (its settings); without it, the defaults (or `timescales`). */
  settingsFor?: (teamId: string) => Promise<CaseReviewSettings>;
  /** The card action that opens an application: a step reminder's "Done" opens it to record the step. */
  showVerb: string;
  /** The meeting engine, to hold the review meeting in a target group with partner report actions. */
  meetingEngine?: Omit<CaseReviewMeetingDeps, 'applications' | 'audit' | 'reminders' | 'clock' | 'calendar'>;
}

export type CaseReviewOutcome<T> =
  | { ok: true; value: T }
  | { ok: false; kind: 'not-found' | 'no-access' | 'no-edit' | 'not-lead' }
  | { ok: false; kind: 'rule'; field: string; message: string };

export interface ApplicationRequest {
  applicationId: string;
  victimId?: string;
  /** For someone not on a case. */
  applicantName?: string;
  appliedOn: LocalDate;
  channel: ApplicationChannel;
  thirdPartyName?: string;
  singlePointOfContact?: string;
}

const stepWords: Record<CaseReviewStep, string> = {
  acknowledge: 'acknowledge the application',
  decide: 'decide whether the threshold is met',
  'hold-meeting': 'hold the Case Review meeting',
  'send-outcome': 'send the outcome to the victim',
  'decide-appeal': 'decide the appeal',
};

export const CASE_REVIEW_FIGURES_DOWNLOAD = 'case-review-figures';

export const caseReviewStepKey = (applicationId: string, step: CaseReviewStep, leadId: string) => `case-review:${applicationId}:${step}:${leadId}`;
export const recommendationKey = (applicationId: string, recommendationId: string) => `case-review:${applicationId}:recommendation:${recommendationId}`;

/** The Case Review lead is a manager of the team (src/domain/access). */
const isLead = (officer: Officer) => hasRole(officer, 'manager');

export class CaseReviewService {
  readonly meetings?: CaseReviewMeetings;

  constructor(private readonly deps: CaseReviewServiceDeps) {
    if (deps.meetingEngine) {
      const { applications, audit, reminders, clock, calendar } = deps;
      this.meetings = new CaseReviewMeetings({ ...deps.meetingEngine, applications, audit, reminders, clock, calendar }, (app, actor) => this.remindLeads(app, actor));
    }
  }

  get timescales(): CaseReviewTimescales {
    return this.deps.timescales ?? defaultCaseReviewTimescales;
  }

  /** The timescales an application keeps to: its team's when it was recorded. */
  timescalesOf(app: CaseReviewApplication): CaseReviewTimescales {
    return app.settingsApplied?.timescales ?? this.timescales;
  }

  private today(): LocalDate {
    return todayInLondon(this.deps.clock);
  }

  /** The case an application is recorded on, if the officer may change it. */
  async caseFor(caseId: string, officer: Officer): Promise<CaseReviewOutcome<Awaited<ReturnType<CaseFile['view']>> & { ok: true }>> {
    const view = await this.deps.caseFile.view(caseId, officer);
    if (!view.ok) return { ok: false, kind: view.kind === 'not-found' ? 'not-found' : 'no-access' };
    if (!mayCase(officer, 'edit', view.value.case)) return { ok: false, kind: 'no-edit' };
    return { ok: true, value: view };
  }

  /** Records an application and runs the threshold check on the victim's qualifying complaints at once. */
  async apply(caseId: string | undefined, request: ApplicationRequest, officer: Officer): Promise<CaseReviewOutcome<CaseReviewApplication>> {
    let current: Case | undefined;
    let check: CaseReviewApplication['thresholdCheck'] = { met: false, count: 0, counted: [] };
    let applicantName = request.applicantName;
    let personKey: string | undefined;
    if (caseId) {
      const found = await this.caseFor(caseId, officer);
      if (!found.ok) return found;
      current = found.value.value.case;
      const victim = current.victims.find((v) => v.id === request.victimId);
      if (!victim) return { ok: false, kind: 'rule', field: 'victimId', message: 'Choose the victim the application is for.' };
      applicantName = victim.name;
      personKey = victim.personKey ?? victim.id;
      const review = found.value.value.caseReview.find((r) => r.victimId === victim.id);
      if (review) {
        check = {
          met: review.level === 'threshold',
          count: review.count,
          ...(review.rule ? { rule: review.rule } : {}),
          counted: review.counted.map((c) => ({ incidentId: c.incidentId, caseId: c.caseId, reportedOn: londonDate(c.reportedAt), occurredOn: londonDate(c.occurredAt) })),
        };
      }
    }
    if (!applicantName) return { ok: false, kind: 'rule', field: 'applicantName', message: "Enter the applicant's name." };
    const teamId = current?.teamId ?? officer.teamId ?? 'local';
    const settings = (await this.deps.settingsFor?.(teamId)) ?? { thresholds: defaultCaseReviewThresholds, timescales: this.timescales };
    let application: CaseReviewApplication;
    try {
      application = receiveApplication(
        {
          id: request.applicationId,
          teamId,
          tenantId: officer.tenantId,
          ...(current ? { caseId: current.id, caseReference: current.reference, victimId: request.victimId, personKey } : {}),
          applicantName,
          appliedOn: request.appliedOn,
          channel: request.channel,
          ...(request.thirdPartyName ? { thirdParty: { name: request.thirdPartyName, victimConsented: true as const } } : {}),
          ...(request.singlePointOfContact ? { singlePointOfContact: request.singlePointOfContact } : {}),
          thresholdCheck: check,
          recordedBy: officer.id,
          settingsApplied: settings,
        },
        this.today(),
        this.deps.calendar,
        settings.timescales,
      );
    } catch (error) {
      return this.ruleRefusal(error);
    }
    const stored = await this.deps.applications.insert(application);
    if (stored.created) {
      await this.audit(officer, 'create', stored.application, ['appliedOn', 'channel', 'thresholdCheck']);
    }
    await this.remindLeads(stored.application, officer);
    return { ok: true, value: stored.application };
  }

  async get(applicationId: string, officer: Officer): Promise<CaseReviewOutcome<CaseReviewApplication>> {
    const application = await this.deps.applications.get(applicationId);
    if (!application || officer.teamId !== application.teamId) return { ok: false, kind: 'not-found' };
    if (application.caseId) {
      const found = await this.caseFor(application.caseId, officer);
      if (!found.ok && found.kind !== 'no-edit') return found;
    }
    return { ok: true, value: application };
  }

  /** The application recorded last on a case the officer has (from caseFor), if any: the case card opens it. */
  async latestOn(current: Pick<Case, 'id' | 'teamId'>, officer: Officer): Promise<CaseReviewApplication | undefined> {
    if (current.teamId !== officer.teamId) return undefined;
    return (await this.deps.applications.forCase(current.id)).filter((a) => a.teamId === current.teamId).at(-1);
  }

  acknowledge(id: string, officer: Officer) {
    return this.step(id, officer, (app) => acknowledge(app, this.today()), ['acknowledgedOn']);
  }

  decide(id: string, decision: { met: boolean; reasons: string }, officer: Officer) {
    return this.step(id, officer, (app) => decide(app, { ...decision, decidedBy: officer.id }, this.today(), this.deps.calendar, this.timescalesOf(app)), ['decision'], true);
  }

  scheduleMeeting(id: string, on: LocalDate, officer: Officer) {
    return this.step(id, officer, (app) => scheduleMeeting(app, on, this.deps.calendar, this.timescalesOf(app)), ['reviewMeetingOn'], true);
  }

  /** The target groups that may hold an application's review meeting, those covering its case's area first. */
  async meetingGroups(app: CaseReviewApplication, officer: Officer): Promise<StoredTargetGroup[]> {
    if (!this.meetings || !this.deps.meetingEngine) return [];
    const current = app.caseId ? await this.deps.meetingEngine.caseOf(app.caseId) : undefined;
    return this.meetings.groupsFor(officer, current?.area);
  }

  /**
   * The review meeting held through the meeting engine in a target group: its Case Review agenda, and a report
   * asked of each partner agency involved by a tracked action due before the meeting.
   */
  async scheduleReviewMeeting(id: string, groupId: string, on: LocalDate, officer: Officer): Promise<CaseReviewOutcome<{ application: CaseReviewApplication; agencies: string[]; groupName: string }>> {
    if (!this.meetings || !this.deps.meetingEngine) return { ok: false, kind: 'rule', field: 'reviewMeetingOn', message: 'Meetings are not available.' };
    if (!isLead(officer)) return { ok: false, kind: 'not-lead' };
    const scheduled = (held: { application: CaseReviewApplication; reports: Array<{ agency: string }>; group: { name: string } }) =>
      ({ ok: true, value: { application: held.application, agencies: held.reports.map((r) => r.agency), groupName: held.group.name } }) as const;
    const left = await this.meetings.resume(id, officer);
    if (left) return scheduled(left);
    const found = await this.get(id, officer);
    if (!found.ok) return found;
    const current = found.value.caseId ? await this.deps.meetingEngine.caseOf(found.value.caseId) : undefined;
    try {
      const held = await this.meetings.schedule(found.value, current, groupId, on, officer, this.timescalesOf(found.value));
      return held.ok ? scheduled(held) : { ok: false, kind: 'rule', field: held.field, message: held.message };
    } catch (error) {
      return this.ruleRefusal(error);
    }
  }

  recordVictimViews(id: string, views: string, consulted: boolean, officer: Officer) {
    return this.step(id, officer, (app) => recordVictimViews(app, views, consulted), ['victimViews', 'actionPlanConsulted']);
  }

  /** The outcome; each recommendation is chased with the officer who owns the case, by its date. */
  async recordOutcome(id: string, recommendations: Recommendation[], sentOn: LocalDate | undefined, officer: Officer) {
    const done = await this.step(id, officer, (app) => recordOutcome(app, recommendations, sentOn), ['recommendations', 'outcomeSentOn'], true);
    if (done.ok) {
      for (const r of done.value.recommendations) {
        await this.deps.reminders.schedule({
          key: recommendationKey(id, r.id),
          kind: 'case-review-step',
          label: `Case Review recommendation (${r.owner}): ${r.text}`,
          dueDate: r.dueDate,
          recipient: { tenantId: done.value.tenantId ?? done.value.teamId, aadObjectId: done.value.recordedBy },
          ...(done.value.caseId ? { caseId: done.value.caseId, caseReference: done.value.caseReference } : {}),
        });
      }
    }
    return done;
  }

  /** The outcome whose recommendations were agreed in the review meeting was sent to the victim. */
  outcomeSent(id: string, on: LocalDate, officer: Officer) {
    return this.step(id, officer, (app) => recordOutcomeSent(app, on), ['outcomeSentOn'], true);
  }

  appeal(id: string, input: { receivedOn: LocalDate; reviewerId: string; grounds: string }, officer: Officer) {
    return this.step(id, officer, (app) => appeal(app, input, this.deps.calendar, this.timescalesOf(app)), ['appeal']);
  }

  async figures(officer: Officer, year: number): Promise<CaseReviewFigures> {
    return caseReviewFigures(await this.deps.applications.madeIn(teamScope(officer), year), year, this.deps.calendar);
  }

  /** The id of a figures download: the team and the year (counts only, no one named). */
  static figuresDownloadId = (teamId: string, year: number) => `${teamId}~${year}`;

  /**
   * The figures as CSV. A link names its team and is issued only to an officer of that team (the handler checks),
   * and its signature binds both, so the producer needs no further lookup.
   */
  figuresDownload(): DownloadKind {
    return {
      name: CASE_REVIEW_FIGURES_DOWNLOAD,
      extension: 'csv',
      produce: async (id) => {
        const [teamId, yearText] = id.split('~');
        const year = Number(yearText);
        if (!teamId || !Number.isInteger(year)) return undefined;
        const figures = caseReviewFigures(await this.deps.applications.madeIn([teamId], year), year, this.deps.calendar);
        const body = Buffer.from(stringify([['Figure', String(year)], ...figureRows(figures)]), 'utf8');
        return { filename: `asb-case-review-figures-${year}.csv`, contentType: contentTypes.csv, body };
      },
    };
  }

  private async step(
    id: string,
    officer: Officer,
    change: (app: CaseReviewApplication) => CaseReviewApplication,
    fields: string[],
    leadOnly = false,
  ): Promise<CaseReviewOutcome<CaseReviewApplication>> {
    const found = await this.get(id, officer);
    if (!found.ok) return found;
    if (leadOnly && !isLead(officer)) return { ok: false, kind: 'not-lead' };
    let next: CaseReviewApplication;
    try {
      next = change(found.value);
    } catch (error) {
      return this.ruleRefusal(error);
    }
    await this.deps.applications.save(next);
    await this.audit(officer, 'update', next, fields);
    await this.remindLeads(next, officer);
    return { ok: true, value: next };
  }

  /** Each open step is a reminder to every lead; finished steps stop being chased. */
  private async remindLeads(app: CaseReviewApplication, officer: Pick<Officer, 'id'>): Promise<void> {
    const managers = await this.deps.leadsOf(app.teamId);
    const leads = managers.length ? managers : [officer.id];
    const open = new Map(openSteps(app).map((s) => [s.step, s.dueDate]));
    for (const step of Object.keys(app.due) as CaseReviewStep[]) {
      for (const lead of leads) {
        const key = caseReviewStepKey(app.id, step, lead);
        const dueDate = open.get(step);
        if (!dueDate) {
          await this.deps.reminders.complete(key);
          continue;
        }
        await this.deps.reminders.schedule({
          key,
          kind: 'case-review-step',
          label: `ASB Case Review${app.caseReference ? ` (${app.caseReference})` : ''}: ${stepWords[step]}`,
          dueDate,
          recipient: { tenantId: app.tenantId ?? app.teamId, aadObjectId: lead },
          ...(app.caseId ? { caseId: app.caseId, caseReference: app.caseReference } : {}),
          doneAction: { verb: this.deps.showVerb, data: { applicationId: app.id } },
        });
      }
    }
  }

  private ruleRefusal(error: unknown): CaseReviewOutcome<never> {
    if (error instanceof CaseReviewRuleError) return { ok: false, kind: 'rule', field: error.field, message: error.message };
    throw error;
  }

  private async audit(officer: Officer, action: 'create' | 'update', app: CaseReviewApplication, changedFields: string[]): Promise<void> {
    await this.deps.audit.record({
      at: this.deps.clock.now(), actorId: officer.id, actorName: officer.name, action, entity: 'case', entityId: app.id,
      ...(app.caseReference ? { caseReference: app.caseReference } : {}), changedFields: changedFields.map((f) => `caseReview.${f}`),
    });
  }
}
