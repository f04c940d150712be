/**
 * Warnings and other interventions: what an officer does (record one against a perpetrator on a case, answer
 * the end-of-monitoring question), with the access check, the audit entry, and a reminder for every deadline
 * the intervention sets. Also the deadlines a case card shows and the prevention-rate figures. Knows nothing
 * about Teams.
 */
import type { AuditLog } from '../db/audit.js';
import type { CaseRepository } from '../db/cases.js';
import type { InterventionRepository } from '../db/interventions.js';
import type { NoteRepository } from '../db/notes.js';
import type { PreApplicationAssessmentRepository } from '../db/preApplicationAssessments.js';
import { londonInstant, todayInLondon, type LocalDate } from '../domain/calendar/localDate.js';
import type { WorkingCalendar } from '../domain/calendar/workingCalendar.js';
import type { Clock } from '../domain/clock.js';
import { mayCase, teamScope } from '../domain/access/index.js';
import { changedFieldNames, type AuditAction } from '../domain/cases/audit.js';
import { tenantOf, type Case, type PerpetratorDraft } from '../domain/cases/case.js';
import { newId } from '../domain/cases/ids.js';
import { writeNote } from '../domain/cases/notes.js';
import { under18Status } from '../domain/cases/people.js';
import type { Deadline } from '../domain/deadlines/deadline.js';
import {
  interventionDeadlines, InterventionInputError, recordIntervention, recordOutcome, type Intervention,
} from '../domain/interventions/intervention.js';
import { respondentProblem } from '../domain/interventions/eligibility.js';
import { missingAssessmentProblem, preApplicationProblems, type PreApplicationAssessment } from '../domain/interventions/preApplication.js';
import { defaultInterventionTypes, type InterventionTypeId, type InterventionTypeTable } from '../domain/interventions/interventionTypes.js';
import { defaultPreventionTargets, preventionRates, type PreventionRates, type PreventionTargets } from '../domain/interventions/preventionRates.js';
import type { Reminders } from '../reminders/ports.js';
import type { Officer, Refusal } from './caseFile.js';
import { StepRefused, type IntentKind, type Intents } from './intents.js';

export interface InterventionServiceDeps {
  cases: Pick<CaseRepository, 'get'>;
  interventions: InterventionRepository;
  preApplication: PreApplicationAssessmentRepository;
  notes: Pick<NoteRepository, 'insert'>;
  audit: AuditLog;
  clock: Clock;
  calendar: WorkingCalendar;
  /** Chases each deadline; `get` tells which are still being chased (a reminder marked done drops off the case). */
  reminders: Reminders & { get(key: string): Promise<{ status: string } | null> };
  /** The card action that answers the end-of-monitoring question (the reminder's "Done" opens it). */
  outcomeVerb: string;
  types?: InterventionTypeTable;
  targets?: PreventionTargets;
  intents: Intents;
}

/** Recording an intervention: the record, its audit entry and its reminders, as one resumable intent. */
interface RecordIntent {
  key: string;
  intervention: Intervention;
  case: Pick<Case, 'id' | 'reference' | 'teamId' | 'ownerId'>;
  personName: string;
  officer: Officer;
}

export type InterventionRefusal =
  | Exclude<Refusal, { kind: 'conflict' } | { kind: 'status' }>
  | { kind: 'closed' }
  | { kind: 'no-perpetrator' }
  | { kind: 'unknown-person' }
  /** A 2026 Act order applied for before the person's pre-application risk assessment was recorded. */
  | { kind: 'no-risk-assessment'; message: string }
  /** A rule of the domain said no (a date in the wrong place, an outcome already recorded...); safe to show. */
  | { kind: 'rule'; message: string };

export type InterventionOutcome<T> = { ok: true; value: T } | ({ ok: false } & InterventionRefusal);

/** What the officer typed on the intervention form, already parsed. */
export interface InterventionRequest {
  interventionId: string;
  type: InterventionTypeId;
  personId: string;
  servedOn: LocalDate;
  officerId: string;
  complianceDate?: LocalDate;
  expiryDate?: LocalDate;
  reviewDate?: LocalDate;
  hearingDate?: LocalDate;
  supervisorReportDate?: LocalDate;
  prohibitions?: string[];
  requirements?: string[];
  requirementsSupervisor?: string;
}

export interface RecordedInterventionView {
  case: Case;
  intervention: Intervention;
  personName: string;
  /** From the person's date of birth or age band on the date served; 'unknown' is counted with adults. */
  under18: 'yes' | 'no' | 'unknown';
  deadlines: Deadline[];
  /** False when the same form was submitted twice and the first record is shown again. */
  created: boolean;
}

export interface OutcomeView {
  case: Case;
  intervention: Intervention;
  personName: string;
}

const refused = <T>(refusal: InterventionRefusal): InterventionOutcome<T> => ({ ok: false, ...refusal });

/** The reminder key of one deadline; periodic ones (several of a kind) carry their date. */
export function reminderKey(interventionId: string, deadline: Deadline, repeated: boolean): string {
  return `intervention:${interventionId}:${deadline.kind}${repeated ? `:${deadline.dueDate}` : ''}`;
}

export const monitoringEndKey = (interventionId: string) => `intervention:${interventionId}:monitoring-end`;

/** Each deadline with its reminder key. */
function keyed(intervention: Intervention, deadlines: readonly Deadline[]): Array<{ key: string; deadline: Deadline }> {
  const perKind = new Map<string, number>();
  for (const d of deadlines) perKind.set(d.kind, (perKind.get(d.kind) ?? 0) + 1);
  return deadlines.map((deadline) => ({ key: reminderKey(intervention.id, deadline, (perKind.get(deadline.kind) ?? 0) > 1), deadline }));
}

export class InterventionService {
  private readonly recording: IntentKind<RecordIntent>;

  constructor(private readonly deps: InterventionServiceDeps) {
    this.recording = deps.intents.define<RecordIntent>('intervention.record', [
      { name: 'record', run: (intent) => this.store(intent) },
      {
        name: 'audit',
        run: ({ key, intervention, case: current, officer }) => this.audit(officer, 'create', intervention.id, current.reference, changedFieldNames({}, intervention), `intervention.record:${key}`),
      },
      { name: 'reminders', run: ({ intervention, case: current, personName }) => this.scheduleReminders(current, intervention, personName, interventionDeadlines(intervention, this.deps.calendar, this.types)) },
    ]);
  }

  /** Stores the record; an id already used on another case is refused, never answered with that case's record. */
  private async store({ intervention, case: current }: RecordIntent): Promise<void> {
    const stored = await this.deps.interventions.insert(intervention, current.teamId);
    if (stored.intervention.caseId !== current.id) throw new StepRefused<InterventionRefusal>({ kind: 'rule', message: 'This form was already used for another case. Open the intervention form again from this case.' });
  }

  get types(): InterventionTypeTable {
    return this.deps.types ?? defaultInterventionTypes;
  }

  /** The case to record an intervention on, if the officer may change it, it is open and has a perpetrator. */
  async caseForIntervention(caseId: string, officer: Officer): Promise<InterventionOutcome<Case>> {
    const found = await this.deps.cases.get(caseId);
    if (!found) return refused({ kind: 'not-found' });
    if (!mayCase(officer, 'view', found)) return refused({ kind: 'not-found' });
    if (!mayCase(officer, 'edit', found)) return refused({ kind: 'no-edit' });
    if (found.status === 'closed') return refused({ kind: 'closed' });
    if (found.perpetrators.length === 0) return refused({ kind: 'no-perpetrator' });
    return { ok: true, value: found };
  }

  /** Whether a perpetrator was under 18 on the day served (London), from their date of birth or age band. */
  under18On(person: Pick<PerpetratorDraft, 'dateOfBirth' | 'ageBand'>, servedOn: LocalDate): 'yes' | 'no' | 'unknown' {
    return under18Status(person, londonInstant(servedOn, '12:00'));
  }

  /**
   * Records an intervention: works out its monitoring end and deadlines, stores it, audits it, and schedules
   * a reminder to the case owner for every deadline still ahead (and always for the end of monitoring, whose
   * answer the figures need).
   */
  async record(caseId: string, request: InterventionRequest, officer: Officer): Promise<InterventionOutcome<RecordedInterventionView>> {
    const found = await this.caseForIntervention(caseId, officer);
    if (!found.ok) return found;
    const current = found.value;
    const person = current.perpetrators.find((p) => p.id === request.personId);
    if (!person) return refused({ kind: 'unknown-person' });
    const rule = this.types[request.type];
    const ineligible = respondentProblem(rule, person, request.servedOn);
    if (ineligible) return refused({ kind: 'rule', message: ineligible });
    const assessments = rule.needsPreApplicationRiskAssessment ? await this.deps.preApplication.forPerson(caseId, person.id) : [];
    const unassessed = missingAssessmentProblem(rule, person.name, assessments, request.servedOn);
    if (unassessed) return refused({ kind: 'no-risk-assessment', message: unassessed });
    const under18 = this.under18On(person, request.servedOn);
    const { interventionId, ...fields } = request;
    let recorded;
    try {
      recorded = recordIntervention({ ...fields, id: interventionId, caseId, personUnder18: under18 === 'yes' }, this.deps.calendar, this.deps.clock, this.types);
    } catch (error) {
      if (error instanceof InterventionInputError) return refused({ kind: 'rule', message: error.problems.join(' ') });
      throw error;
    }
    // The form's id is scoped to its case, so the same id sent for another case is a different intent (and refused).
    const key = `${caseId}:${interventionId}`;
    let first: boolean;
    try {
      ({ first } = await this.deps.intents.run(this.recording, key, () => ({
        key, intervention: recorded.intervention, personName: person.name, officer,
        case: { id: current.id, reference: current.reference, teamId: current.teamId, ownerId: current.ownerId },
      })));
    } catch (error) {
      if (error instanceof StepRefused) return refused(error.refusal as InterventionRefusal);
      throw error;
    }
    const intervention = (await this.deps.interventions.get(interventionId)) ?? recorded.intervention;
    const deadlines = interventionDeadlines(intervention, this.deps.calendar, this.types);
    return { ok: true, value: { case: current, intervention, personName: person.name, under18, deadlines, created: first } };
  }

  private async scheduleReminders(current: RecordIntent['case'], intervention: Intervention, personName: string, deadlines: Deadline[]): Promise<void> {
    const today = todayInLondon(this.deps.clock);
    // The case owner is chased; until teams are configured a case's team is its organisation (tenant).
    const recipient = { tenantId: tenantOf(current), aadObjectId: current.ownerId };
    for (const { key, deadline } of keyed(intervention, deadlines)) {
      const monitoringEnd = deadline.kind === 'monitoring-end';
      if (!monitoringEnd && deadline.dueDate < today) continue;
      await this.deps.reminders.schedule({
        key,
        kind: deadline.kind,
        label: `${personName}: ${deadline.label}`,
        dueDate: deadline.dueDate,
        recipient,
        caseId: current.id,
        caseReference: current.reference,
        ...(monitoringEnd ? { doneAction: { verb: this.deps.outcomeVerb, data: { interventionId: intervention.id } } } : {}),
      });
    }
  }

  /**
   * Records the risk assessment the 2026 Act requires before applying for an order, for a perpetrator on a case the
   * officer may change. Audited without its answers.
   */
  async recordPreApplicationAssessment(
    caseId: string,
    input: Omit<PreApplicationAssessment, 'caseId' | 'assessedBy' | 'recordedAt'>,
    officer: Officer,
  ): Promise<InterventionOutcome<{ case: Case; assessment: PreApplicationAssessment; personName: string; created: boolean }>> {
    const found = await this.caseForIntervention(caseId, officer);
    if (!found.ok) return found;
    const current = found.value;
    const person = current.perpetrators.find((p) => p.id === input.personId);
    if (!person) return refused({ kind: 'unknown-person' });
    const problems = preApplicationProblems(input, todayInLondon(this.deps.clock));
    if (problems.length) return refused({ kind: 'rule', message: problems.map((p) => p.message).join(' ') });
    const stored = await this.deps.preApplication.insert({ ...input, caseId, assessedBy: officer.id, recordedAt: this.deps.clock.now() });
    if (stored.created) {
      await this.deps.audit.record({
        at: this.deps.clock.now(), actorId: officer.id, actorName: officer.name, action: 'create', entity: 'risk-assessment',
        entityId: stored.assessment.id, caseReference: current.reference, changedFields: ['risksToRespondent', 'risksToOthers', 'vulnerabilities', 'exclusionFromHomeSought'],
      });
    }
    return { ok: true, value: { case: current, assessment: stored.assessment, personName: person.name, created: stored.created } };
  }

  /** The intervention whose outcome is asked for, with its case, if the officer may change the case. */
  async forOutcome(interventionId: string, officer: Officer): Promise<InterventionOutcome<OutcomeView>> {
    const intervention = await this.deps.interventions.get(interventionId);
    if (!intervention) return refused({ kind: 'not-found' });
    const current = await this.deps.cases.get(intervention.caseId);
    if (!current) return refused({ kind: 'not-found' });
    if (!mayCase(officer, 'view', current)) return refused({ kind: 'not-found' });
    if (!mayCase(officer, 'edit', current)) return refused({ kind: 'no-edit' });
    const personName = current.perpetrators.find((p) => p.id === intervention.personId)?.name ?? 'The person';
    return { ok: true, value: { case: current, intervention, personName } };
  }

  /**
   * Answers "Has this person come to the team's attention again since the warning?". The answer is stored
   * for the figures, an optional note goes on the case file, and the end-of-monitoring reminder stops.
   */
  async recordOutcome(interventionId: string, cameToNoticeAgain: boolean, note: string | undefined, officer: Officer): Promise<InterventionOutcome<OutcomeView>> {
    const found = await this.forOutcome(interventionId, officer);
    if (!found.ok) return found;
    const { case: current, intervention, personName } = found.value;
    let answered: Intervention;
    try {
      answered = recordOutcome(intervention, { cameToNoticeAgain, recordedBy: officer.id }, this.deps.clock);
    } catch (error) {
      if (error instanceof InterventionInputError) return refused({ kind: 'rule', message: error.problems.join(' ') });
      throw error;
    }
    if (!(await this.deps.interventions.saveOutcome(intervention.id, answered.outcome!))) {
      return refused({ kind: 'rule', message: 'The outcome has already been recorded.' });
    }
    await this.audit(officer, 'update', intervention.id, current.reference, changedFieldNames(intervention, answered));
    if (note) {
      const label = this.types[intervention.type].label;
      const answer = cameToNoticeAgain ? 'has come to notice again' : 'has not come to notice again';
      const written = writeNote(current.id, `End of monitoring (${label}): ${personName} ${answer}. ${note}`, { id: officer.id, name: officer.name }, this.deps.clock.now(), newId());
      await this.deps.notes.insert(written);
      await this.deps.audit.record({ at: this.deps.clock.now(), actorId: officer.id, actorName: officer.name, action: 'create', entity: 'note', entityId: written.id, caseReference: current.reference, changedFields: ['text'], teamId: current.teamId });
    }
    await this.deps.reminders.complete(monitoringEndKey(intervention.id));
    return { ok: true, value: { case: current, intervention: answered, personName } };
  }


  /**
   * Interventions whose monitoring has ended with the question still unanswered, on cases the officer may change
   * (including closed ones, whose reminders stopped when they closed).
   */
  async awaitingOutcome(officer: Officer, limit: number): Promise<OutcomeView[]> {
    const due = await this.deps.interventions.awaitingOutcome(teamScope(officer), todayInLondon(this.deps.clock), limit);
    const views: OutcomeView[] = [];
    for (const intervention of due) {
      const current = await this.deps.cases.get(intervention.caseId);
      if (!current || !mayCase(officer, 'edit', current)) continue;
      const personName = current.perpetrators.find((p) => p.id === intervention.personId)?.name ?? 'The person';
      views.push({ case: current, intervention, personName });
    }
    return views;
  }

  /** How many people did not come to notice again after a warning, for the officer's teams. */
  async figures(officer: Officer): Promise<PreventionRates> {
    const monitored = await this.deps.interventions.monitoredForTeams(teamScope(officer));
    return preventionRates(monitored, { targets: this.deps.targets ?? defaultPreventionTargets, today: todayInLondon(this.deps.clock) });
  }

  private async audit(officer: Officer, action: AuditAction, entityId: string, caseReference: string, changedFields: string[], key?: string): Promise<void> {
    await this.deps.audit.record({ at: this.deps.clock.now(), actorId: officer.id, actorName: officer.name, action, entity: 'intervention', entityId, caseReference, changedFields, teamId: officer.teamId }, key);
  }
}
