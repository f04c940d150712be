/**
 * "Is this the same person?": victims on the team's other cases whose names are the same as or like a victim
 * here, and the officer's confirmation, which gives both records one person key (both case saves and the audit
 * entry as one resumable intent). The Case Review then counts their complaints together.
 */
import type { AuditLog } from '../db/audit.js';
import { CaseVersionConflict, type CaseRepository } from '../db/cases.js';
import { mayCase, type Actor } from '../domain/access/index.js';
import { possibleSamePeople, sharedPersonKey, withPersonKey, type PossibleSamePerson } from '../domain/caseReview/samePerson.js';
import type { Case } from '../domain/cases/case.js';
import type { Clock } from '../domain/clock.js';
import type { IntentKind, Intents } from './intents.js';

export interface SamePersonDeps {
  cases: CaseRepository;
  intents: Intents;
  audit: AuditLog;
  clock: Clock;
}

interface Linking { caseId: string; victimId: string; otherCaseId: string; otherVictimId: string; personKey: string; by: { id: string; name: string }; teamId: string; reference: string }

export type LinkOutcome = { ok: true; otherReference: string } | { ok: false; message: string };

const NOT_FOUND = "I couldn't find those records on your team's cases. Open the form again.";

export class SamePersonService {
  private readonly linking: IntentKind<Linking>;

  constructor(private readonly deps: SamePersonDeps) {
    this.linking = deps.intents.define<Linking>('case.samePerson', [
      { name: 'other', run: (l) => this.setKey(l.otherCaseId, l.otherVictimId, l.personKey) },
      { name: 'this', run: (l) => this.setKey(l.caseId, l.victimId, l.personKey) },
      {
        name: 'audit', run: (l) => deps.audit.record({
          at: deps.clock.now(), actorId: l.by.id, actorName: l.by.name, action: 'update', entity: 'person', entityId: l.victimId, caseReference: l.reference, changedFields: ['personKey'], teamId: l.teamId,
        }, `same-person:${l.caseId}:${l.victimId}:${l.otherVictimId}`),
      },
    ]);
  }

  /** Victims on other cases of the team who may be one of this case's victims (for an officer who may edit it). */
  async candidates(current: Case, officer: Actor): Promise<PossibleSamePerson[]> {
    if (!mayCase(officer, 'edit', current)) return [];
    const others = new Map<string, Case>();
    for (const victim of current.victims) {
      for (const other of await this.deps.cases.withVictimsNamedLike(victim.name, current.teamId, current.id)) others.set(other.id, other);
    }
    const visible = [...others.values()].filter((other) => mayCase(officer, 'view', other));
    return possibleSamePeople(current, visible).slice(0, 10);
  }

  /** The officer says the two victims are one person: both records get the same person key. */
  async confirm(officer: Actor, caseId: string, victimId: string, otherCaseId: string, otherVictimId: string): Promise<LinkOutcome> {
    const [current, other] = await Promise.all([this.deps.cases.get(caseId), this.deps.cases.get(otherCaseId)]);
    const victim = current?.victims.find((v) => v.id === victimId);
    const theirs = other?.victims.find((v) => v.id === otherVictimId);
    if (!current || !other || !victim || !theirs || other.teamId !== current.teamId || !mayCase(officer, 'edit', current) || !mayCase(officer, 'view', other)) return { ok: false, message: NOT_FOUND };
    if (victim.personKey && theirs.personKey && victim.personKey !== theirs.personKey) {
      return { ok: false, message: 'Each of these is already confirmed as the same person as someone else on another case, so they are left as they are. Ask a manager to check them.' };
    }
    await this.deps.intents.run(this.linking, `${caseId}:${victimId}:${otherVictimId}`, () => ({
      caseId, victimId, otherCaseId, otherVictimId, personKey: sharedPersonKey(victim, theirs), by: { id: officer.id, name: officer.name }, teamId: current.teamId, reference: current.reference,
    }));
    return { ok: true, otherReference: other.reference };
  }

  private async setKey(caseId: string, victimId: string, personKey: string): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const found = await this.deps.cases.get(caseId);
      const victim = found?.victims.find((v) => v.id === victimId);
      if (!found || !victim || victim.personKey === personKey) return;
      try {
        await this.deps.cases.save({ ...withPersonKey(found, victimId, personKey), updatedAt: this.deps.clock.now(), version: found.version + 1 });
        return;
      } catch (error) {
        if (!(error instanceof CaseVersionConflict)) throw error;
      }
    }
    throw new Error('The case kept changing; the link will be finished by the sweep');
  }
}
