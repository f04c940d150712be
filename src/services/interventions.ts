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
import { londonInstant, todayInLondon, type LocalDate } from '../domain/calendar/localDate.js';
import type { WorkingCalendar } from '../domain/calendar/workingCalendar.js';
import type { Clock } from '../domain/clock.js';
import { canAccessCase, canEditCase } from '../domain/cases/access.js';
import { changedFieldNames, type AuditAction } from '../domain/cases/audit.js';
import type { Case, PerpetratorDraft } from '../domain/cases/case.js';
import { newId } from '../domain/cases/ids.js';
import { writeNote } from '../domain/cases/notes.js';
import { under18Status } from '../domain/cases/people.js';
import type { Deadline } from '../domain/deadlines/deadline.js';
import {
  interventionDeadlines, InterventionInputError, recordIntervention, recordOutcome, type Intervention,
} from '../domain/interventions/intervention.js';
import { defaultInterventionTypes, type InterventionTypeId, type InterventionTypeTable } from '../domain/interventions/interventionTypes.js';
import { defaultPreventionTargets, preventionRates, type PreventionRates, type PreventionTargets } from '../domain/interventions/preventionRates.js';
import type { Reminders } from '../reminders/ports.js';
import type { Officer, Refusal } from './caseFile.js';

export interface InterventionServiceDeps {
  cases: Pick<CaseRepository, 'get'>;
  interventions: InterventionRepository;
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
}

export type InterventionRefusal =
  | Exclude<Refusal, { kind: 'conflict' } | { kind: 'status' }>
  | { kind: 'closed' }
  | { kind: 'no-perpetrator' }
  | { kind: 'unknown-person' }
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
  constructor(private readonly deps: InterventionServiceDeps) {}

  get types(): InterventionTypeTable {
    return this.deps.types ?? defaultInterventionTypes;
  }

  /** The case to record an intervention on, if the officer may change it, it is open and has a perpetrator. */
  async caseForIntervention(caseId: string, officer: Officer): Promise<InterventionOutcome<Case>> {
    const found = await this.deps.cases.get(caseId);
    if (!found) return refused({ kind: 'not-found' });
    if (!canAccessCase(officer, found)) return refused({ kind: 'no-access' });
    if (!canEditCase(officer, found)) return refused({ kind: 'no-edit' });
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
    const under18 = this.under18On(person, request.servedOn);
    const { interventionId, ...fields } = request;
    let recorded;
    try {
      recorded = recordIntervention({ ...fields, id: interventionId, caseId, personUnder18: under18 === 'yes' }, this.deps.calendar, this.deps.clock, this.types);
    } catch (error) {
      if (error instanceof InterventionInputError) return refused({ kind: 'rule', message: error.problems.join(' ') });
      throw error;
    }
    const stored = await this.deps.interventions.insert(recorded.intervention, current.teamId);
    const intervention = stored.intervention;
    const deadlines = interventionDeadlines(intervention, this.deps.calendar, this.types);
    if (stored.created) {
      await this.audit(officer, 'create', intervention.id, current.reference, changedFieldNames({}, intervention));
      await this.scheduleReminders(current, intervention, person.name, deadlines);
    }
    return { ok: true, value: { case: current, intervention, personName: person.name, under18, deadlines, created: stored.created } };
  }

  private async scheduleReminders(current: Case, intervention: Intervention, personName: string, deadlines: Deadline[]): Promise<void> {
    const today = todayInLondon(this.deps.clock);
    // The case owner is chased; until teams are configured a case's team is its organisation (tenant).
    const recipient = { tenantId: current.teamId, aadObjectId: current.ownerId };
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

  /** The intervention whose outcome is asked for, with its case, if the officer may change the case. */
  async forOutcome(interventionId: string, officer: Officer): Promise<InterventionOutcome<OutcomeView>> {
    const intervention = await this.deps.interventions.get(interventionId);
    if (!intervention) return refused({ kind: 'not-found' });
    const current = await this.deps.cases.get(intervention.caseId);
    if (!current) return refused({ kind: 'not-found' });
    if (!canAccessCase(officer, current)) return refused({ kind: 'no-access' });
    if (!canEditCase(officer, current)) return refused({ kind: 'no-edit' });
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
   * The deadlines the case's interventions still set: those whose reminder is open (a reminder marked done,
   * or one that was already past when the intervention was recorded, is not shown). None on a closed case.
   */
  async deadlinesForCase(current: Case): Promise<Deadline[]> {
    if (current.status === 'closed') return [];
    const interventions = await this.deps.interventions.forCase(current.id);
    const shown: Deadline[] = [];
    for (const intervention of interventions) {
      const personName = current.perpetrators.find((p) => p.id === intervention.personId)?.name;
      for (const { key, deadline } of keyed(intervention, interventionDeadlines(intervention, this.deps.calendar, this.types))) {
        const reminder = await this.deps.reminders.get(key);
        if (reminder?.status !== 'open') continue;
        shown.push(personName ? { ...deadline, label: `${personName}: ${deadline.label}` } : deadline);
      }
    }
    return shown;
  }

  /**
   * Interventions whose monitoring has ended with the question still unanswered, on cases the officer may change
   * (including closed ones, whose reminders stopped when they closed).
   */
  async awaitingOutcome(officer: Officer, limit: number): Promise<OutcomeView[]> {
    const due = await this.deps.interventions.awaitingOutcome(officer.teamIds, todayInLondon(this.deps.clock), limit);
    const views: OutcomeView[] = [];
    for (const intervention of due) {
      const current = await this.deps.cases.get(intervention.caseId);
      if (!current || !canEditCase(officer, current)) continue;
      const personName = current.perpetrators.find((p) => p.id === intervention.personId)?.name ?? 'The person';
      views.push({ case: current, intervention, personName });
    }
    return views;
  }

  /** How many people did not come to notice again after a warning, for the officer's teams. */
  async figures(officer: Officer): Promise<PreventionRates> {
    const monitored = await this.deps.interventions.monitoredForTeams(officer.teamIds);
    return preventionRates(monitored, { targets: this.deps.targets ?? defaultPreventionTargets, today: todayInLondon(this.deps.clock) });
  }

  private async audit(officer: Officer, action: AuditAction, entityId: string, caseReference: string, changedFields: string[]): Promise<void> {
    await this.deps.audit.record({ at: this.deps.clock.now(), actorId: officer.id, actorName: officer.name, action, entity: 'intervention', entityId, caseReference, changedFields, teamId: officer.teamIds[0] });
  }
}
