/**
 * Recording a visit to a victim: the visit is stored, the contact agreed with the victim is kept on the case,
 * the first-visit reminder is done and the next agreed update is chased from the visit date. Each step is
 * idempotent and keyed by the form's visit id, so submitting the same form again finishes whatever a failure
 * left undone, and does nothing twice.
 */
import type { AuditLog } from '../db/audit.js';
import { CaseVersionConflict, type CaseRepository } from '../db/cases.js';
import type { VisitRepository } from '../db/visits.js';
import { londonDate, type LocalDate } from '../domain/calendar/localDate.js';
import type { Case } from '../domain/cases/case.js';
import type { Clock } from '../domain/clock.js';
import { mayWriteOnCase } from '../domain/figures/access.js';
import { agreeContact, visitProblems, type AgreedContact, type Visit } from '../domain/visits/visit.js';
import type { Officer } from './caseFile.js';

export interface VisitRequest {
  visitId: string;
  victimId: string;
  visitedOn: LocalDate;
  seen: boolean;
  agreedContact?: AgreedContact;
}

export type VisitRefusal =
  | { kind: 'not-found' | 'no-edit' | 'closed' | 'unknown-victim' }
  | { kind: 'rule'; problems: Array<{ field: 'visitedOn' | 'frequency'; message: string }> };

export type VisitOutcome = { ok: true; case: Case; visit: Visit } | ({ ok: false } & VisitRefusal);

export interface VisitServiceDeps {
  cases: Pick<CaseRepository, 'get' | 'save'>;
  visits: VisitRepository;
  audit: AuditLog;
  clock: Clock;
  /** Marks the victim's first visit done and chases the agreed update from the visit date. */
  afterVisit(current: Case, visit: Visit): Promise<void>;
}

export class VisitService {
  constructor(private readonly deps: VisitServiceDeps) {}

  async record(caseId: string, request: VisitRequest, officer: Officer): Promise<VisitOutcome> {
    const current = await this.deps.cases.get(caseId);
    if (!current) return { ok: false, kind: 'not-found' };
    if (!mayWriteOnCase(officer, current)) return { ok: false, kind: 'no-edit' };
    if (current.status === 'closed') return { ok: false, kind: 'closed' };
    if (!current.victims.some((v) => v.id === request.victimId)) return { ok: false, kind: 'unknown-victim' };
    const now = this.deps.clock.now();
    const problems = visitProblems(request, londonDate(now), londonDate(current.createdAt));
    if (problems.length > 0) return { ok: false, kind: 'rule', problems };

    const { visit, created } = await this.deps.visits.insertOnce({
      id: request.visitId, caseId, victimId: request.victimId, visitedOn: request.visitedOn, seen: request.seen,
      ...(request.agreedContact ? { agreedContact: request.agreedContact } : {}), recordedBy: officer.id, recordedAt: now,
    });
    if (created) await this.audit(officer, 'create', visit.id, current.reference, ['visitedOn', 'seen', ...(visit.agreedContact ? ['agreedContact'] : [])]);
    const updated = visit.agreedContact ? await this.keepAgreedContact(current, visit.victimId, visit.agreedContact) : current;
    await this.deps.afterVisit(updated, visit);
    return { ok: true, case: updated, visit };
  }

  /** Saves the agreed contact on the victim unless it is already there; retried once over a concurrent save. */
  private async keepAgreedContact(current: Case, victimId: string, contact: AgreedContact): Promise<Case> {
    const already = (c: Case) => c.victims.some((v) => v.id === victimId && v.updateFrequency === contact.frequency && v.preferredContact === contact.method);
    if (already(current)) return current;
    try {
      return await this.deps.cases.save(agreeContact(current, victimId, contact, this.deps.clock.now()));
    } catch (error) {
      if (!(error instanceof CaseVersionConflict)) throw error;
      if (already(error.current)) return error.current;
      return this.deps.cases.save(agreeContact(error.current, victimId, contact, this.deps.clock.now()));
    }
  }

  async forCase(caseId: string): Promise<Visit[]> {
    return this.deps.visits.forCase(caseId);
  }

  private async audit(officer: Officer, action: 'create', entityId: string, caseReference: string, changedFields: string[]): Promise<void> {
    await this.deps.audit.record({ at: this.deps.clock.now(), actorId: officer.id, actorName: officer.name, action, entity: 'visit', entityId, caseReference, changedFields });
  }
}
