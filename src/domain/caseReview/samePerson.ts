/**
 * The same person across the team's cases, confirmed by an officer: the Case Review threshold counts qualifying
 * complaints per person, not per case (Anti-social Behaviour, Crime and Policing Act 2014 s.104; Home Office
 * statutory guidance on the ASB Case Review, 2023/2026). A victim on this case whose name is the same as, or
 * like, a victim on another case is offered; nothing is linked until the officer says it is the same person.
 */
import type { Case } from '../cases/case.js';
import { nameMatch, type NameMatch } from '../governance/subjectAccess.js';
import { personKeyOf } from '../cases/caseReview.js';

export interface PossibleSamePerson {
  victimId: string;
  victimName: string;
  otherCaseId: string;
  otherReference: string;
  otherVictimId: string;
  otherName: string;
  match: NameMatch;
}

/** Victims on other cases who may be one of this case's victims, not already linked to them. */
export function possibleSamePeople(current: Case, others: readonly Case[]): PossibleSamePerson[] {
  const found: PossibleSamePerson[] = [];
  for (const victim of current.victims) {
    for (const other of others) {
      if (other.id === current.id || other.teamId !== current.teamId) continue;
      for (const theirs of other.victims) {
        if (personKeyOf(theirs) === personKeyOf(victim)) continue;
        const match = nameMatch(victim.name, theirs.name);
        if (match) found.push({ victimId: victim.id, victimName: victim.name, otherCaseId: other.id, otherReference: other.reference, otherVictimId: theirs.id, otherName: theirs.name, match });
      }
    }
  }
  return found.sort((a, b) => (a.match === b.match ? a.otherReference.localeCompare(b.otherReference) : a.match === 'exact' ? -1 : 1));
}

/** The key both records share once confirmed: the other's if it is already linked to someone, otherwise its id. */
export function sharedPersonKey(victim: { id: string; personKey?: string }, other: { id: string; personKey?: string }): string {
  return other.personKey ?? victim.personKey ?? other.id;
}

/** The case with one victim given the person key (unchanged if it has it already). */
export function withPersonKey(current: Case, victimId: string, personKey: string): Case {
  return { ...current, victims: current.victims.map((v) => (v.id === victimId ? { ...v, personKey } : v)) };
}
