/**
 * The case file: what an officer does to cases (open, log an incident, note, change status, close, reopen,
 * view, list, find), with the access check, the version check and the audit entry that each one needs.
 * Teams handlers call this; it calls the domain and the repositories and knows nothing about Teams.
 */
import type { AuditLog } from '../db/audit.js';
import { CaseVersionConflict, type CaseListFilter, type CaseRepository, type Page } from '../db/cases.js';
import type { IncidentRepository } from '../db/incidents.js';
import type { NoteRepository } from '../db/notes.js';
import { orderCases, type CaseListOrder } from '../domain/cases/caseOrder.js';
import type { RiskAssessmentRepository } from '../db/riskAssessments.js';
import type { ReminderRecord, ReminderStore } from '../db/reminders.js';
import { londonDate, type LocalDate } from '../domain/calendar/localDate.js';
import type { RiskAssessment } from '../domain/risk/riskAssessment.js';
import type { Clock } from '../domain/clock.js';
import { AccessRefused, decide, hasRole, mayCase, teamScope, type Actor } from '../domain/access/index.js';
import { caseSummaryOf, type CaseSummary } from '../domain/privacy/summary.js';
import { grantShare, type FullShareRefusal, type ShareBasis, type ShareScope } from '../domain/access/sharing.js';
import type { Agency } from '../domain/access/actor.js';
import type { PartnerRequest, PartnerRequestKind } from '../domain/access/partnerRequests.js';
import { withGuardianConsent, type GuardianConsentForm } from '../domain/access/guardianConsent.js';
import { changedFieldNames, type AuditAction, type AuditEntity, type AuditEntry } from '../domain/cases/audit.js';
import { addPerson, applyStatusChange, createCase, reassignCase, touchCase, type Case, type CasePlace, type NewCaseDraft, type PersonToAdd } from '../domain/cases/case.js';
import {
  caseReviewForCase, complaintsFrom, earliestCountedIncident, type CaseReviewThresholds, type Complaint, type VictimCaseReview,
} from '../domain/cases/caseReview.js';
import { findPossibleDuplicates, type PossibleDuplicate } from '../domain/cases/duplicates.js';
import { newId } from '../domain/cases/ids.js';
import { firstIncidentOf, logIncident, type FirstIncidentDraft, type Incident, type IncidentDraft } from '../domain/cases/incident.js';
import { writeNote, type CaseNote } from '../domain/cases/notes.js';
import { caseReferenceYear, formatCaseReference } from '../domain/cases/reference.js';
import { caseSearchKeys } from '../domain/cases/searchKeys.js';
import { changeStatus, type CaseStatus, type StatusRefusal } from '../domain/cases/status.js';
import type { Closure } from '../domain/cases/closure.js';
import type { VictimRiskSteps } from './riskAssessments.js';
import { StepRefused, type IntentKind, type Intents } from './intents.js';

/** The person acting, as the roster knows them (src/domain/access/actor.ts). */
export type Officer = Actor;

export type Refusal =
  | { kind: 'not-found' }
  | { kind: 'no-access' }
  | { kind: 'no-edit' }
  | { kind: 'conflict'; current: Case }
  /** The actor may see only the summary (a partner's summary share). */
  | { kind: 'summary-only'; summary: CaseSummary }
  | { kind: 'status'; refusal: StatusRefusal }
  /** The change cannot be made as asked; the message says why in plain words. */
  | { kind: 'invalid'; message: string };

/** Where a case's details were seen, for the audit trail. */
export type CaseDetailsView = 'chat' | 'channel-details';

export type Outcome<T> = { ok: true; value: T } | ({ ok: false } & Refusal);

export interface CaseView {
  case: Case;
  recentIncidents: Incident[];
  incidentCount: number;
  caseReview: VictimCaseReview[];
  /** The next deadlines (its stored reminders), earliest first. */
  deadlines?: CaseDeadline[];
  /** Each assessed victim's latest risk assessment and victims' meeting referral step. */
  risk?: VictimRiskSteps[];
  /** Open actions agreed on this case at target group meetings, earliest due first. */
  groupActions?: CaseGroupAction[];
  /** The viewer may read but not change the case (a partner): the card offers only a note or an update request. */
  readOnly?: boolean;
  /** False when the viewer may not share the case with partners (only its officer or a manager may). */
  mayShare?: boolean;
  /** The latest notes, newest first, and whether there are more than the card shows. */
  recentNotes?: CaseNote[];
  moreNotes?: boolean;
}

/** An open target group action on a case, as the case card lists it. */
export interface CaseGroupAction {
  what: string;
  /** The member or agency who owns it, e.g. "PC Alan Moss (Police)" or "Housing". */
  owner: string;
  due: LocalDate;
}

/** A deadline of the case: one of its stored reminders, whoever it is for (see src/db/reminders.ts). */
export type CaseDeadline = Pick<ReminderRecord, '_id' | 'kind' | 'label' | 'dueDate' | 'caseId' | 'caseReference' | 'doneAction' | 'status' | 'recipient'>;

export interface CaseFileDeps {
  cases: CaseRepository;
  incidents: IncidentRepository;
  notes: NoteRepository;
  audit: AuditLog;
  nextCaseNumber(year: number): Promise<number>;
  clock: Clock;
  /** Records each multi-step change first, so a retry or the sweep finishes it (see services/intents.ts). */
  intents: Intents;
  caseReview: CaseReviewThresholds;
  /** The team's own Case Review thresholds (its settings); without it every team counts by `caseReview`. */
  caseReviewFor?: (teamId: string, turnActor?: Actor) => Promise<CaseReviewThresholds>;
  /** Each victim's risk assessments (for the risk steps). */
  riskAssessments?: Pick<RiskAssessmentRepository, 'historyForCase'>;
  /** Where a case's deadlines come from: every open reminder stored for it; without it the case shows none. */
  reminders?: Pick<ReminderStore, 'openForCase' | 'nextOpenForCases'>;
  /** Told of every saved change that other features follow (reminders, for one). */
  onChanged?: (change: CaseChange) => Promise<void>;
  /**
   * Where each victim's risk stands (referral step, a lowering waiting for or decided by a manager). Given
   * the case's assessment history when the case file has already read it, so it is read once per view.
   */
  riskSteps?: (current: Case, history?: Promise<RiskAssessment[]>) => Promise<VictimRiskSteps[]>;
  /** The case's open target group actions. */
  groupActions?: (current: Case) => Promise<CaseGroupAction[]>;
  /** Takes a partner's note or update request to the case officer (a step of the request, so it is never lost). */
  onPartnerRequest?: (request: PartnerRequest) => Promise<void>;
}

/** A change to a case that other features follow. */
export type CaseChange =
  | { kind: 'opened' | 'closed' | 'reopened' | 'assigned' | 'person-added'; case: Case }
  /** A victim's reports reached the ASB Case Review threshold with the incident just logged. */
  | { kind: 'case-review-threshold'; case: Case; victim: VictimCaseReview };

const refused = <T>(refusal: Refusal): Outcome<T> => ({ ok: false, ...refusal });
const RECENT_INCIDENTS = 5;
const DEADLINES_ON_CARD = 3;
const ALL_DEADLINES = 200;
const NOTES_ON_CARD = 3;
/** "Overdue first" reads this many of the officer's cases to sort them; beyond it the order is by last update. */
export const MAX_CASES_SORTED_BY_OVERDUE = 500;

export type { CaseListOrder };

export interface CaseListPage extends Page<Case> {
  /** The ids of the listed cases that have an overdue deadline. */
  overdue: Set<string>;
  /** The earliest deadline of each listed case that has one. */
  nextDeadlines: Map<string, CaseDeadline>;
}

interface OpenCaseIntent {
  key: string;
  case: Case;
  firstIncident?: Incident;
  officer: Officer;
}

interface IncidentIntent {
  key: string;
  incident: Incident;
  /** The case's team and area, stored with the incident (absent from intents recorded before it was kept). */
  place?: CasePlace;
  /** The case's version when the incident was logged: a later one saved since then has touched it. */
  caseVersion: number;
  reference: string;
  officer: Officer;
}

/** A note and its audit entry; the key is the note form's own, scoped to the case. */
interface NoteIntent {
  key: string;
  note: CaseNote;
  reference: string;
  officer: Officer;
}

/** A saved revision of a case and what follows it; `attempt` tells this request's revision from another's. */
interface ReviseIntent {
  key: string;
  attempt: string;
  next: Case;
  action: AuditAction;
  changedFields: string[];
  follows?: 'closed' | 'reopened' | 'assigned' | 'person-added';
  officer: Officer;
}

export class CaseFile {
  private readonly opening: IntentKind<OpenCaseIntent>;
  private readonly logging: IntentKind<IncidentIntent>;
  private readonly revising: IntentKind<ReviseIntent>;
  private readonly requesting: IntentKind<PartnerRequest & { partner: Officer }>;
  private readonly noting: IntentKind<NoteIntent>;

  constructor(private readonly deps: CaseFileDeps) {
    const { intents } = deps;
    this.opening = intents.define<OpenCaseIntent>('case.open', [
      { name: 'case', run: async ({ case: opened, key }) => void (await this.deps.cases.insert(opened, key)) },
      { name: 'first-incident', run: async ({ firstIncident, case: opened }) => void (firstIncident && (await this.deps.incidents.insertOnce(firstIncident, opened))) },
      { name: 'audit', run: ({ case: opened, officer, key }) => this.audit(officer, 'create', 'case', opened.id, opened.reference, changedFieldNames({}, opened), { key: `case.open:${key}` }) },
      { name: 'reminders', run: async ({ case: opened }) => this.deps.onChanged?.({ kind: 'opened', case: opened }) },
    ]);
    this.logging = intents.define<IncidentIntent>('case.incident', [
      { name: 'incident', run: (intent) => this.storeIncident(intent) },
      { name: 'touch', run: ({ incident, caseVersion }) => this.touchFor(incident, caseVersion) },
      { name: 'audit', run: ({ incident, reference, officer, key }) => this.audit(officer, 'create', 'incident', incident.id, reference, changedFieldNames({}, incident), { key: `case.incident:${key}` }) },
      { name: 'case-review-notice', run: ({ incident }) => this.noticeCaseReviewThreshold(incident) },
    ]);
    this.noting = intents.define<NoteIntent>('case.note', [
      { name: 'note', run: async ({ note }) => void (await this.deps.notes.insertOnce(note)) },
      { name: 'audit', run: ({ note, reference, officer, key }) => this.audit(officer, 'create', 'note', note.id, reference, ['text'], { key: `case.note:${key}` }) },
    ]);
    this.revising = intents.define<ReviseIntent>('case.revise', [
      { name: 'save', run: (intent) => this.saveRevision(intent) },
      { name: 'incidents', run: async ({ next, changedFields }) => void (changedFields.some((f) => f === 'teamId' || f === 'area') && (await this.deps.incidents.moveCase(next.id, next))) },
      { name: 'follow-ups', run: async ({ next, follows }) => void (follows && (await this.deps.onChanged?.({ kind: follows, case: next }))) },
      { name: 'audit', run: ({ next, officer, action, changedFields, key }) => this.audit(officer, action, 'case', next.id, next.reference, changedFields, { key: `case.revise:${key}` }) },
    ]);
    this.requesting = intents.define<PartnerRequest & { partner: Officer }>('case.partnerRequest', [
      { name: 'audit', run: ({ partner, caseId, reference, kind, key }) => this.audit(partner, 'request', 'case', caseId, reference, [kind], { key: `case.partnerRequest:${key}` }) },
      { name: 'notify', run: async ({ partner: _partner, ...request }) => this.deps.onPartnerRequest?.(request) },
    ]);
  }

  /**
   * Open cases that may already cover this report (same person, address or place). None when this very
   * submission already opened a case (a retry after an interruption): that case is not a duplicate of itself.
   */
  async possibleDuplicates(draft: NewCaseDraft, officer: Officer, idempotencyKey?: string): Promise<PossibleDuplicate[]> {
    if (idempotencyKey && (await this.deps.intents.resume(this.opening, idempotencyKey))) return [];
    const keys = caseSearchKeys({ reference: '', ...draft, victims: draft.victims.map((v) => ({ ...v, id: '' })), perpetrators: draft.perpetrators.map((p) => ({ ...p, id: '' })), witnesses: [] });
    const candidates = await this.deps.cases.openCasesSharingKeys(keys, teamScope(officer));
    return findPossibleDuplicates(draft, candidates);
  }

  /**
   * Opens a case, with its first incident when one was typed, its audit entry and its reminders. The same
   * submission twice (a double click, a retry after an error) yields the case made the first time, with any
   * step the first try did not reach done now.
   */
  async openCase(draft: NewCaseDraft, firstIncident: FirstIncidentDraft | undefined, officer: Officer, idempotencyKey: string): Promise<{ case: Case; created: boolean }> {
    const teamId = teamScope(officer)[0];
    if (!teamId) throw new AccessRefused();
    const { payload, first } = await this.deps.intents.run(this.opening, idempotencyKey, async () => {
      const now = this.deps.clock.now();
      const year = caseReferenceYear(now);
      const reference = formatCaseReference(year, await this.deps.nextCaseNumber(year));
      const opened = createCase(draft, { id: newId(), reference, ownerId: officer.id, ownerName: officer.name, teamId, tenantId: officer.tenantId, at: now }, newId);
      const incident = firstIncident
        ? logIncident(firstIncidentOf(opened, firstIncident), { id: `${idempotencyKey}:first`, caseId: opened.id, loggedBy: officer.id, loggedByName: officer.name, loggedAt: now })
        : undefined;
      return { key: idempotencyKey, case: opened, officer, ...(incident ? { firstIncident: incident } : {}) };
    });
    return { case: (await this.deps.cases.get(payload.case.id)) ?? payload.case, created: first };
  }

  async view(caseId: string, officer: Officer, where: CaseDetailsView = 'chat'): Promise<Outcome<CaseView>> {
    return this.viewOf(await this.deps.cases.get(caseId), officer, where);
  }

  async viewByReference(reference: string, officer: Officer, where: CaseDetailsView = 'chat'): Promise<Outcome<CaseView>> {
    return this.viewOf(await this.deps.cases.findByReference(reference), officer, where);
  }

  /** The case's audit trail, for its team's managers and admins. */
  async auditTrail(reference: string, officer: Officer, page: number, pageSize: number): Promise<Outcome<{ case: Case; entries: AuditEntry[]; total: number }>> {
    const found = await this.deps.cases.findByReference(reference);
    if (!found || !mayCase(officer, 'view-summary', found)) return refused({ kind: 'not-found' });
    if (!mayCase(officer, 'audit', found)) return refused({ kind: 'no-access' });
    const trail = await this.deps.audit.forCase(found.reference, page, pageSize);
    return { ok: true, value: { case: found, ...trail } };
  }

  /** The case summary, for a group chat or channel: no personal details, so not an audited view. */
  async summaryByReference(reference: string, officer: Officer): Promise<Outcome<CaseSummary>> {
    const found = await this.deps.cases.findByReference(reference);
    if (!found || !decide(officer, 'view-summary', { kind: 'case', case: found }).allow) return refused({ kind: 'not-found' });
    return { ok: true, value: caseSummaryOf(found) };
  }

  /** The summaries of those of these cases the actor may see: rows of a list posted in a group chat or channel. */
  async summariesOf(caseIds: readonly string[], officer: Officer): Promise<Map<string, CaseSummary>> {
    const found = await Promise.all([...new Set(caseIds)].map((id) => this.deps.cases.get(id)));
    const visible = found.filter((c): c is Case => c !== undefined && decide(officer, 'view-summary', { kind: 'case', case: c }).allow);
    return new Map(visible.map((c) => [c.id, caseSummaryOf(c)]));
  }

  /** Opening a case's details is audited, like every change: who, when, which case and where it was seen. */
  private async viewOf(found: Case | undefined, officer: Officer, where: CaseDetailsView): Promise<Outcome<CaseView>> {
    if (!found) return refused({ kind: 'not-found' });
    const decision = decide(officer, 'view', { kind: 'case', case: found });
    if (!decision.allow) return refused({ kind: 'not-found' });
    if (decision.scope === 'summary') return refused({ kind: 'summary-only', summary: caseSummaryOf(found) });
    const seen = hasRole(officer, 'partner') ? 'partner' : where;
    // The audit entry is written while the card's reads run; a failed audit write still fails the view.
    const [, view] = await Promise.all([this.audit(officer, 'view', 'case', found.id, found.reference, [], { view: seen }), this.caseView(found, officer)]);
    if (!mayCase(officer, 'edit', found)) return { ok: true, value: { ...view, readOnly: true } };
    return { ok: true, value: mayCase(officer, 'share', found) ? view : { ...view, mayShare: false } };
  }

  /** Everything the case card shows; `turnActor` is the officer of the turn that opens it (see RosterService.areasOf). */
  async caseView(current: Case, turnActor?: Officer): Promise<CaseView> {
    const now = this.deps.clock.now();
    // One read of the case's incidents (newest first) serves the list, the count and the Case Review window;
    // one read of its risk assessments serves the risk deadlines and the risk steps.
    let history: Promise<RiskAssessment[]> | undefined;
    const riskHistory = () => (history ??= this.riskHistory(current));
    const [incidents, notes, deadlines, risk, groupActions, thresholds] = await Promise.all([
      this.deps.incidents.forCase(current.id),
      this.deps.notes.forCase(current.id, NOTES_ON_CARD + 1),
      this.deadlines(current, DEADLINES_ON_CARD),
      this.deps.riskSteps?.(current, riskHistory()),
      this.deps.groupActions?.(current),
      this.thresholdsOf(current.teamId, turnActor),
    ]);
    return {
      case: current,
      recentIncidents: incidents.slice(0, RECENT_INCIDENTS),
      incidentCount: incidents.length,
      recentNotes: notes.slice(0, NOTES_ON_CARD),
      moreNotes: notes.length > NOTES_ON_CARD,
      caseReview: caseReviewForCase(current, incidents, now, thresholds, await this.complaintsElsewhere(current, now, thresholds)),
      ...(deadlines ? { deadlines } : {}),
      ...(risk ? { risk } : {}),
      ...(groupActions ? { groupActions } : {}),
    };
  }

  /**
   * Complaints on the team's other cases by the people who are victims here (confirmed as the same person), from
   * the start of the Case Review window less the time a complaint may take to be reported.
   */
  async complaintsElsewhere(current: Case, now: Date, thresholds?: CaseReviewThresholds): Promise<Complaint[]> {
    const keys = current.victims.flatMap((v) => (v.personKey ? [v.personKey] : []));
    const others = await this.deps.cases.withVictimPersons(keys, current.teamId, current.id);
    if (others.length === 0) return [];
    const since = earliestCountedIncident(now, thresholds ?? (await this.thresholdsOf(current.teamId)));
    return complaintsFrom(others, await this.deps.incidents.forCasesSince(others.map((c) => c.id), since));
  }

  /** Every deadline still ahead of the case (and those overdue), earliest first. */
  async allDeadlines(caseId: string, officer: Officer): Promise<Outcome<{ case: Case; deadlines: CaseDeadline[] }>> {
    const found = await this.readable(caseId, officer);
    if (!found.ok) return found;
    return { ok: true, value: { case: found.value, deadlines: (await this.deadlines(found.value, ALL_DEADLINES)) ?? [] } };
  }

  /** The first `limit` deadlines of the case: its open reminders, earliest first; none once it is closed. */
  private async deadlines(current: Case, limit: number): Promise<CaseDeadline[] | undefined> {
    if (current.status === 'closed' || !this.deps.reminders) return undefined;
    return this.deps.reminders.openForCase(current.id, limit);
  }

  /** The case's risk assessments, newest first; undefined when the case file is not given them. */
  private riskHistory(current: Case): Promise<RiskAssessment[]> | undefined {
    return this.deps.riskAssessments?.historyForCase(current.id);
  }

  async allIncidents(caseId: string, officer: Officer): Promise<Outcome<{ case: Case; incidents: Incident[] }>> {
    const found = await this.readable(caseId, officer);
    if (!found.ok) return found;
    return { ok: true, value: { case: found.value, incidents: await this.deps.incidents.forCase(caseId) } };
  }

  /**
   * Logs an incident, touches the case, audits it and tells the owner when a victim reaches the Case Review
   * threshold. Incidents are appended, so officers logging at the same time never conflict.
   */
  async logIncident(caseId: string, draft: IncidentDraft, officer: Officer, idempotencyKey: string): Promise<Outcome<CaseView>> {
    const found = await this.editable(caseId, officer);
    if (!found.ok) return found;
    await this.deps.intents.run(this.logging, idempotencyKey, () => ({
      key: idempotencyKey,
      reference: found.value.reference,
      caseVersion: found.value.version,
      place: { teamId: found.value.teamId, area: found.value.area },
      officer,
      incident: logIncident(draft, { id: idempotencyKey, caseId, loggedBy: officer.id, loggedByName: officer.name, loggedAt: this.deps.clock.now() }),
    }));
    return { ok: true, value: await this.caseView((await this.deps.cases.get(caseId)) ?? found.value) };
  }

  private async storeIncident({ incident, place }: IncidentIntent): Promise<void> {
    const at = place ?? (await this.deps.cases.get(incident.caseId));
    if (at) await this.deps.incidents.insertOnce(incident, at);
  }

  /** The case shows the incident as its latest activity; done once, whoever saved the case in between. */
  private async touchFor(incident: Incident, caseVersion: number): Promise<void> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const current = await this.deps.cases.get(incident.caseId);
      if (!current || (current.version > caseVersion && current.updatedAt >= incident.loggedAt)) return;
      try {
        await this.deps.cases.save(touchCase(current, incident.loggedAt));
        return;
      } catch (error) {
        if (!(error instanceof CaseVersionConflict)) throw error;
      }
    }
  }

  private async thresholdsOf(teamId: string, turnActor?: Officer): Promise<CaseReviewThresholds> {
    return (await this.deps.caseReviewFor?.(teamId, turnActor)) ?? this.deps.caseReview;
  }

  /** Tells the owner once when the incident brought its reporter to the Case Review threshold. */
  private async noticeCaseReviewThreshold(incident: Incident): Promise<void> {
    const current = await this.deps.cases.get(incident.caseId);
    if (!current || !this.deps.onChanged) return;
    // Counted as things stood when the incident was logged, so a resumed step decides as the first try did.
    const counted = (await this.deps.incidents.forCase(current.id)).filter((i) => i.loggedAt <= incident.loggedAt);
    const thresholds = await this.thresholdsOf(current.teamId);
    const elsewhere = await this.complaintsElsewhere(current, incident.loggedAt, thresholds);
    const reporter = caseReviewForCase(current, counted, incident.loggedAt, thresholds, elsewhere).find((v) => v.victimId === incident.reportedBy.personId);
    // Told once: when the count first reaches the threshold, or when a local rule fires on this very complaint.
    const reached = reporter?.rule === 'count' ? reporter.count === thresholds.thresholdAt : !!reporter?.counted.some((c) => c.incidentId === incident.id);
    if (reporter?.level === 'threshold' && reached) {
      await this.deps.onChanged({ kind: 'case-review-threshold', case: current, victim: reporter });
    }
  }

  /**
   * Adds a note. The same form submitted twice (a double click, a replayed submit) adds one note: its id comes
   * from the form's key, scoped to the case.
   */
  async addNote(caseId: string, text: string, officer: Officer, correctsNoteId?: string, submitKey: string = newId()): Promise<Outcome<CaseNote>> {
    const found = await this.editable(caseId, officer);
    if (!found.ok) return found;
    const key = `${caseId}:${submitKey}`;
    const { payload } = await this.deps.intents.run(this.noting, key, () => {
      const note = writeNote(caseId, text, { id: officer.id, name: officer.name }, this.deps.clock.now(), key);
      if (correctsNoteId) note.correctsNoteId = correctsNoteId;
      return { key, note, reference: found.value.reference, officer };
    });
    return { ok: true, value: payload.note };
  }

  async notes(caseId: string, officer: Officer): Promise<Outcome<CaseNote[]>> {
    const found = await this.readable(caseId, officer);
    return found.ok ? { ok: true, value: await this.deps.notes.forCase(caseId) } : found;
  }

  /** Moves the case to another status (closing needs a closure, reopening a reason), guarded by its version. */
  async changeStatus(caseId: string, version: number | undefined, to: CaseStatus, request: { reason?: string; closure?: Closure }, officer: Officer): Promise<Outcome<CaseView>> {
    return this.revise(caseId, version, officer, 'status', to === 'closed' || to === 'reopened' ? to : undefined, (current) => {
      const result = changeStatus(current.status, to, { by: officer.id, byName: officer.name, at: this.deps.clock.now(), ...request });
      return result.ok ? applyStatusChange(current, result.change) : { kind: 'status', refusal: result.refusal };
    });
  }

  /**
   * Shares the case with a partner agency (or changes its share). A full share narrows to summary unless every
   * victim consents (an under-18's consent confirmed by a parent or guardian); the outcome says why.
   */
  async share(caseId: string, request: { agency: Agency; basis: ShareBasis; scope: ShareScope }, officer: Officer): Promise<Outcome<CaseView & { narrowedBecause?: FullShareRefusal }>> {
    const found = await this.readable(caseId, officer);
    if (!found.ok) return found;
    if (!mayCase(officer, 'share', found.value)) return refused({ kind: 'no-edit' });
    const granted = grantShare(request, found.value.victims, officer, this.deps.clock.now());
    const shared = await this.revise(caseId, undefined, officer, 'share', undefined, (current: Case) => ({
      ...touchCase(current, this.deps.clock.now()), shares: [...(current.shares ?? []).filter((s) => s.agency !== request.agency), granted.share],
    }));
    return shared.ok && granted.narrowedBecause ? { ok: true, value: { ...shared.value, narrowedBecause: granted.narrowedBecause } } : shared;
  }

  /** Stops sharing with the agency; its partners lose access at once. */
  async unshare(caseId: string, agency: Agency, officer: Officer): Promise<Outcome<CaseView>> {
    const found = await this.readable(caseId, officer);
    if (!found.ok) return found;
    if (!mayCase(officer, 'share', found.value)) return refused({ kind: 'no-edit' });
    return this.revise(caseId, undefined, officer, 'unshare', undefined, (current: Case) => ({ ...touchCase(current, this.deps.clock.now()), shares: (current.shares ?? []).filter((s) => s.agency !== agency) }));
  }

  /**
   * A partner's note to the case officer, or their request for an update: audited (no text) and taken to the
   * officer. The same request key twice sends it once.
   */
  /** May this partner send the case officer a note or ask for an update? */
  async mayRequest(caseId: string, partner: Officer): Promise<boolean> {
    const found = await this.deps.cases.get(caseId);
    return !!found && decide(partner, 'partner-request', { kind: 'case', case: found }).allow;
  }

  async partnerRequest(caseId: string, request: { kind: PartnerRequestKind; text?: string }, partner: Officer, requestKey: string): Promise<Outcome<{ reference: string; ownerName: string }>> {
    const found = await this.deps.cases.get(caseId);
    if (!found || !decide(partner, 'partner-request', { kind: 'case', case: found }).allow) return refused({ kind: 'not-found' });
    const key = `${caseId}:${partner.id}:${requestKey}`;
    await this.deps.intents.run(this.requesting, key, () => ({
      key, partner, kind: request.kind, caseId, reference: found.reference, to: { tenantId: partner.tenantId, id: found.ownerId },
      from: { id: partner.id, name: partner.name, ...(partner.agency ? { agency: partner.agency } : {}) }, ...(request.text ? { text: request.text } : {}),
    }));
    return { ok: true, value: { reference: found.reference, ownerName: found.ownerName } };
  }

  /** Records a parent's or guardian's answer on an under-18 victim's consent to share. */
  async recordGuardianConsent(form: GuardianConsentForm, officer: Officer): Promise<Outcome<CaseView>> {
    return this.revise(form.caseId, form.version, officer, 'update', undefined, (current) => {
      const victims = withGuardianConsent(current.victims, form);
      return 'message' in victims ? { kind: 'invalid', message: victims.message } : { ...touchCase(current, this.deps.clock.now()), victims };
    });
  }

  async addPerson(caseId: string, version: number | undefined, toAdd: PersonToAdd, officer: Officer): Promise<Outcome<CaseView>> {
    return this.revise(caseId, version, officer, 'update', 'person-added', (current) => addPerson(current, toAdd, newId(), this.deps.clock.now()));
  }

  async assign(caseId: string, version: number | undefined, to: { id: string; name: string }, officer: Officer): Promise<Outcome<CaseView>> {
    return this.revise(caseId, version, officer, 'assign', 'assigned', (current) => reassignCase(current, to, this.deps.clock.now()));
  }

  /**
   * Saves the next version of a case made from the version the officer saw, then what follows from it
   * (reminders cancelled on closing, moved on reassigning...) and its audit entry, as one resumable intent.
   * If someone saved it in between, nothing is written and the officer is shown the current case.
   */
  private async revise(
    caseId: string, version: number | undefined, officer: Officer, action: AuditAction, follows: ReviseIntent['follows'], makeNext: (current: Case) => Case | Refusal,
  ): Promise<Outcome<CaseView>> {
    const found = await this.editable(caseId, officer);
    if (!found.ok) return found;
    const current = found.value;
    if (version !== undefined && version !== current.version) {
      // The card is out of date; if the latest revision was interrupted (perhaps this officer's own), finish it first.
      await this.deps.intents.resume(this.revising, `${caseId}:${current.version}`);
      return refused({ kind: 'conflict', current });
    }
    const next = makeNext(current);
    if ('kind' in next) return refused(next);
    // Only one revision can make version n+1 of a case, so that version keys the intent.
    const key = `${caseId}:${next.version}`;
    const attempt = newId();
    try {
      const { payload } = await this.deps.intents.run(this.revising, key, () => ({
        key, attempt, next, action, changedFields: changedFieldNames(current, next), officer, ...(follows ? { follows } : {}),
      }));
      if (payload.attempt !== attempt) return refused({ kind: 'conflict', current: (await this.deps.cases.get(caseId)) ?? payload.next });
    } catch (error) {
      if (error instanceof StepRefused) return refused(error.refusal as Refusal);
      throw error;
    }
    return { ok: true, value: await this.caseView(next) };
  }

  /** Saves the revision unless it is already saved (a resumed intent); refuses when someone else saved first. */
  private async saveRevision({ next }: ReviseIntent): Promise<void> {
    try {
      await this.deps.cases.save(next);
    } catch (error) {
      if (!(error instanceof CaseVersionConflict)) throw error;
      // Saved by an earlier run of this intent: the stored case is this very revision.
      if (error.current.version === next.version && error.current.updatedAt.getTime() === next.updatedAt.getTime()) return;
      throw new StepRefused<Refusal>({ kind: 'conflict', current: error.current });
    }
  }

  async list(filter: CaseListFilter, officer: Officer, page: number, pageSize: number): Promise<Page<Case>> {
    return this.deps.cases.list({ ...filter, teamIds: teamScope(officer) }, page, pageSize);
  }

  /**
   * A page of cases in the chosen order (domain/cases/caseOrder.ts: highest risk first by default, overdue first,
   * or most recently updated). Each listed case says whether it has an overdue deadline, as the case card does.
   */
  async listWithDeadlines(filter: CaseListFilter, officer: Officer, page: number, pageSize: number, order: CaseListOrder): Promise<CaseListPage> {
    const now = this.deps.clock.now();
    const withDeadlines = async (listed: Page<Case>): Promise<CaseListPage> => {
      const next = await this.nextDeadlines(listed.items);
      return { ...listed, overdue: overdueIds(next, londonDate(now)), nextDeadlines: next };
    };
    if (order === 'updated') return withDeadlines(await this.list(filter, officer, page, pageSize));
    const all = await this.deps.cases.listForOrdering({ ...filter, teamIds: teamScope(officer) }, MAX_CASES_SORTED_BY_OVERDUE);
    // Beyond the cases that were sorted, the rest follow by last update.
    if (page * pageSize >= all.items.length && all.total > all.items.length) return withDeadlines(await this.list(filter, officer, page, pageSize));
    const next = await this.nextDeadlines(all.items);
    const today = londonDate(now);
    const ordered = orderCases(all.items.map((c) => ({ case: c, ...(c.riskLevel ? { riskLevel: c.riskLevel } : {}), ...(next.has(c.id) ? { nextDue: next.get(c.id)!.dueDate } : {}) })), order, today);
    // Only the page shown is read whole.
    const items = await this.deps.cases.getMany(ordered.slice(page * pageSize, (page + 1) * pageSize).map((o) => o.case.id));
    const shown = new Map(items.flatMap((c) => (next.has(c.id) ? [[c.id, next.get(c.id)!] as const] : [])));
    return { items, total: all.total, page, pageSize, overdue: overdueIds(shown, today), nextDeadlines: shown };
  }

  /** The earliest deadline of each case that has one (its open reminders; overdue whenever any of them is). */
  private async nextDeadlines(cases: ReadonlyArray<Pick<Case, 'id' | 'status'>>): Promise<Map<string, CaseDeadline>> {
    const active = cases.filter((c) => c.status !== 'closed');
    if (!this.deps.reminders || active.length === 0) return new Map();
    return this.deps.reminders.nextOpenForCases(active.map((c) => c.id));
  }

  /** The areas and wards the team's open cases use (the team card keeps them). */
  areasInUse(teamId: string): Promise<Array<{ area: string; ward: string }>> {
    return this.deps.cases.areasInUse(teamId);
  }

  async find(text: string, officer: Officer, limit: number): Promise<Case[]> {
    const found = await this.deps.cases.search(text, { teamIds: teamScope(officer) }, limit);
    return found.filter((c) => mayCase(officer, 'view', c));
  }

  /** The case, when the actor may read its details (a partner's summary share does not let them). */
  private async readable(caseId: string, officer: Officer): Promise<Outcome<Case>> {
    const found = await this.deps.cases.get(caseId);
    const decision = found && decide(officer, 'view', { kind: 'case', case: found });
    if (!found || !decision?.allow) return refused({ kind: 'not-found' });
    return decision.scope === 'full' ? { ok: true, value: found } : refused({ kind: 'summary-only', summary: caseSummaryOf(found) });
  }

  private async editable(caseId: string, officer: Officer): Promise<Outcome<Case>> {
    const found = await this.readable(caseId, officer);
    if (!found.ok) return found;
    return mayCase(officer, 'edit', found.value) ? found : refused({ kind: 'no-edit' });
  }

  private async audit(
    officer: Officer, action: AuditAction, entity: AuditEntity, entityId: string, caseReference: string, changedFields: string[],
    extra: { key?: string; view?: CaseDetailsView | 'partner' } = {},
  ): Promise<void> {
    const { key, view } = extra;
    await this.deps.audit.record({ at: this.deps.clock.now(), actorId: officer.id, actorName: officer.name, action, entity, entityId, caseReference, changedFields, teamId: officer.teamId, ...(view ? { view } : {}) }, key);
  }
}

const overdueIds = (next: ReadonlyMap<string, CaseDeadline>, today: string): Set<string> => new Set([...next].filter(([, d]) => d.dueDate < today).map(([id]) => id));
