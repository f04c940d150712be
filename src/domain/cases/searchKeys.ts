/**
 * What `find <text>` matches on a case: the reference, people's names, streets, postcodes
 * and police references. Storage keeps these keys on the case document and indexes them;
 * the same normalisation is applied to what the officer types.
 */
import type { Case } from './case.js';
import { addressKey } from './duplicates.js';
import { normalisePostcode } from './postcode.js';
import { normaliseCaseReference } from './reference.js';

/** Lower case, single spaces, no punctuation other than '/' and '-' (common in police references). */
export function normaliseSearchText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s/-]/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export function caseSearchKeys(current: Pick<Case, 'reference' | 'victims' | 'perpetrators' | 'witnesses' | 'location' | 'policeReferences'>): string[] {
  const keys = new Set<string>();
  const add = (text: string | undefined): void => {
    const key = text === undefined ? '' : normaliseSearchText(text);
    if (key !== '') keys.add(key);
  };
  add(current.reference);
  for (const person of [...current.victims, ...current.perpetrators, ...current.witnesses]) add(person.name);
  const addresses = [
    current.location.address,
    ...current.victims.map((v) => v.contact.address),
    ...current.perpetrators.map((p) => p.address),
  ];
  for (const address of addresses) {
    if (!address) continue;
    const key = addressKey(address);
    add(key?.street);
    add(key?.postcode);
  }
  add(current.location.place);
  add(current.location.postcode);
  for (const reference of current.policeReferences) add(reference);
  return [...keys];
}

/**
 * Turns what the officer typed after `find` into the key to look for: a case reference or a
 * postcode in canonical form when it is one (so "sw1a1aa" finds "SW1A 1AA"), otherwise normalised text.
 */
export function searchKeyFor(typed: string): { kind: 'reference' | 'postcode' | 'text'; key: string } {
  const reference = normaliseCaseReference(typed);
  if (reference) return { kind: 'reference', key: normaliseSearchText(reference) };
  const postcode = normalisePostcode(typed);
  if (postcode) return { kind: 'postcode', key: normaliseSearchText(postcode) };
  return { kind: 'text', key: normaliseSearchText(typed) };
}
