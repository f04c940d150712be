/**
 * Linked and repeat reports: before a new case is created, find open cases that name the
 * same person at the same postcode/street, or that are about the same address or place.
 * The officer then chooses "Add as incident to ASB-…" or "Create a new case anyway".
 */
import type { Case, CaseLocation } from './case.js';
import { normalisePostcode } from './postcode.js';
import { isActiveStatus } from './status.js';

/** What a new case would contain, as far as matching is concerned. */
export interface DuplicateProbe {
  location: CaseLocation;
  victims: readonly { name: string; contact?: { address?: string } }[];
  perpetrators: readonly { name: string; address?: string }[];
}

export type DuplicateReasonKind = 'same-person' | 'same-address' | 'same-place';
export interface DuplicateReason {
  kind: DuplicateReasonKind;
  /** Plain English for the confirmation card, e.g. "Perpetrator Jay Bloggs is named on this case (same postcode SW1A 1AA)". */
  detail: string;
}
export interface PossibleDuplicate {
  caseId: string;
  reference: string;
  reasons: DuplicateReason[];
}

/** Case-, whitespace-, accent- and punctuation-insensitive: "O'Brien,  Mary-Jane" = "obrien maryjane" = "OBRIENMARYJANE". */
export function normaliseName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

const streetWords: Record<string, string> = {
  rd: 'road', st: 'street', ave: 'avenue', av: 'avenue', ln: 'lane', cl: 'close', cres: 'crescent', ct: 'court',
  dr: 'drive', gdns: 'gardens', gr: 'grove', pl: 'place', sq: 'square', ter: 'terrace', terr: 'terrace',
};

function words(text: string): string[] {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .split(/\s+/)
    .filter((w) => w !== '')
    .map((w) => streetWords[w] ?? w);
}

const flatWords = new Set(['flat', 'apartment', 'apt', 'unit', 'room']);
const houseNumber = /^\d+[a-z]?$/;

export interface AddressKey {
  /** House number and flat, e.g. "flat 2 12", or '' when none. */
  house: string;
  /** The street, normalised: "acacia avenue". */
  street: string;
  postcode?: string;
}

/** Pulls the house, street and any postcode out of a free-text address. */
export function addressKey(address: string, postcode?: string): AddressKey | undefined {
  const found = postcode ?? findPostcode(address);
  const segments = address.split(/[,\n]/).map(words).filter((segment) => segment.length > 0);
  const house: string[] = [];
  for (const segment of segments) {
    let rest = [...segment];
    if (flatWords.has(rest[0]) && rest.length >= 2) {
      house.push(rest[0], rest[1]);
      rest = rest.slice(2);
    }
    while (rest.length > 0 && houseNumber.test(rest[0])) {
      house.push(rest[0]);
      rest = rest.slice(1);
    }
    if (rest.length > 0 && !isPostcodeWords(rest)) {
      const key: AddressKey = { house: house.join(' '), street: rest.join(' ') };
      if (found) key.postcode = found;
      return key;
    }
  }
  return undefined;
}

function isPostcodeWords(rest: string[]): boolean {
  return normalisePostcode(rest.join('')) !== undefined;
}

function findPostcode(text: string): string | undefined {
  const match = /\b([A-Za-z]{1,2}\d[A-Za-z\d]?\s*\d[A-Za-z]{2})\b/.exec(text);
  return match ? normalisePostcode(match[1]) : undefined;
}

/** Where a person or case is: postcodes and streets to compare. */
interface Whereabouts {
  postcodes: Set<string>;
  streets: Set<string>;
}

function whereabouts(...addresses: (AddressKey | undefined)[]): Whereabouts {
  const result: Whereabouts = { postcodes: new Set(), streets: new Set() };
  for (const key of addresses) {
    if (!key) continue;
    if (key.postcode) result.postcodes.add(key.postcode);
    if (key.street) result.streets.add(key.street);
  }
  return result;
}

function locationKey(location: CaseLocation): AddressKey | undefined {
  if (location.address) return addressKey(location.address, location.postcode);
  return location.postcode ? { house: '', street: '', postcode: location.postcode } : undefined;
}

function sharedPlace(a: Whereabouts, b: Whereabouts): string | undefined {
  for (const postcode of a.postcodes) if (b.postcodes.has(postcode)) return `same postcode ${postcode}`;
  for (const street of a.streets) if (b.streets.has(street)) return `same street, ${street}`;
  return undefined;
}

interface NamedPerson {
  role: 'Victim' | 'Perpetrator';
  name: string;
  key: string;
  where: Whereabouts;
}

function probePeople(probe: DuplicateProbe, caseKey: AddressKey | undefined): NamedPerson[] {
  return [
    ...probe.victims.map((v) => ({ role: 'Victim' as const, name: v.name, address: v.contact?.address })),
    ...probe.perpetrators.map((p) => ({ role: 'Perpetrator' as const, name: p.name, address: p.address })),
  ]
    .map((p) => ({ role: p.role, name: p.name, key: normaliseName(p.name), where: whereabouts(caseKey, p.address ? addressKey(p.address) : undefined) }))
    .filter((p) => p.key !== '');
}

function casePeople(existing: Case, caseKey: AddressKey | undefined): NamedPerson[] {
  return [
    ...existing.victims.map((v) => ({ role: 'Victim' as const, name: v.name, address: v.contact.address })),
    ...existing.perpetrators.map((p) => ({ role: 'Perpetrator' as const, name: p.name, address: p.address })),
  ].map((p) => ({ role: p.role, name: p.name, key: normaliseName(p.name), where: whereabouts(caseKey, p.address ? addressKey(p.address) : undefined) }));
}

/** Open cases that may be the same matter as the new one, each with why. */
export function findPossibleDuplicates(probe: DuplicateProbe, openCases: readonly Case[]): PossibleDuplicate[] {
  const probeKey = locationKey(probe.location);
  const probePlace = probe.location.place ? normaliseName(probe.location.place) : '';
  const people = probePeople(probe, probeKey);
  const found: PossibleDuplicate[] = [];

  for (const existing of openCases) {
    if (!isActiveStatus(existing.status)) continue;
    const reasons: DuplicateReason[] = [];
    const existingKey = locationKey(existing.location);

    const seen = new Set<string>();
    for (const theirs of casePeople(existing, existingKey)) {
      for (const ours of people) {
        if (ours.key !== theirs.key || seen.has(ours.key)) continue;
        const shared = sharedPlace(ours.where, theirs.where);
        if (!shared) continue;
        seen.add(ours.key);
        reasons.push({ kind: 'same-person', detail: `${theirs.role} ${theirs.name} is named on this case (${shared})` });
      }
    }

    if (probeKey?.postcode && existingKey?.postcode === probeKey.postcode && probeKey.street && existingKey.street === probeKey.street && probeKey.house === existingKey.house) {
      reasons.push({ kind: 'same-address', detail: `Same address: ${existing.location.address ?? ''}, ${existingKey.postcode}` });
    }
    if (probePlace && existing.location.place && normaliseName(existing.location.place) === probePlace) {
      reasons.push({ kind: 'same-place', detail: `Same place: ${existing.location.place}` });
    }

    if (reasons.length > 0) found.push({ caseId: existing.id, reference: existing.reference, reasons });
  }
  return found;
}
