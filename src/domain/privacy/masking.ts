/**
 * The one masking function for free text shown where others can read it (meeting cards, minutes, the .docx,
 * channels): every recorded name of a person on the case (full name, first name, surname, any part, in any
 * case, with a possessive) becomes that person's initials; postcodes, house-numbered street addresses, phone
 * numbers and email addresses become "[postcode]", "[address]", "[phone]" and "[email]".
 * UK GDPR Art. 5(1)(c) data minimisation; ICO data sharing code: share only what the purpose needs.
 */

/**
 * "Jane Mary Smith" → "J. M. S."; "Anne-Marie O'Neil" → "A. M. O."
 * Every part of the name, hyphenated parts included, gives one initial.
 */
export function initials(fullName: string): string {
  return fullName
    .split(/[\s\-]+/)
    .map((part) => part.replace(/[^\p{L}]/gu, ''))
    .filter((part) => part.length > 0)
    .map((part) => `${part[0]!.toUpperCase()}.`)
    .join(' ');
}

const ukPostcode = /\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b/gi;
/**
 * "14 Mill Lane", "3a St John's Road", "Flat 2, 7 High Street": a number, up to three words, a street word. The
 * words are never "the", "on", "down"…, so "3 times down the road" and "2 lads on the green" are left as written.
 */
const streetAddress = /(?:\bflat\s+\d+[a-z]?,?\s+)?\b\d{1,4}[a-z]?,?\s+(?:(?!(?:the|a|an|and|or|of|on|in|at|to|by|from|down|up|along|near|into|across|round|around|outside|behind)\b)[\p{L}'’.-]+\s+){0,3}(?:road|rd|street|st|lane|ln|avenue|ave|close|drive|dr|way|court|ct|crescent|place|grove|gardens|terrace|walk|row|hill|green|square|mews|park|parade|view|rise|estate)\b\.?/giu;
/** UK numbers: 0 or +44, then ten or nine more digits, spaces or hyphens between (07700 900123, +44 1632 960000). */
const phoneNumber = /(?<![\d+])(?:\+44[\s-]?(?:\(0\)[\s-]?)?|0)\d(?:[\s-]?\d){8,9}(?!\d)/g;
const emailAddress = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;

/** Postcodes, street addresses, phone numbers and email addresses, masked (the contact details free text holds). */
const maskContactDetails = (text: string) =>
  text.replace(emailAddress, '[email]').replace(phoneNumber, '[phone]').replace(ukPostcode, '[postcode]').replace(streetAddress, '[address]');
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Parts this short ("Al", "Jo" are kept) are still names; single letters are not. */
const MIN_PART_LENGTH = 2;

/** The text with every name of these people replaced by their initials, and contact details masked. */
export function maskNames(text: string, names: readonly string[]): string {
  return replaceNames(maskContactDetails(text), names, initials);
}

export interface ReplaceOptions {
  /** Only whole names, not their parts ("Jane Smith", not "Jane"). */
  wholeNamesOnly?: boolean;
  /** Words never replaced, e.g. the requester's own names in a subject access pack (a shared surname). */
  keep?: readonly string[];
}

/**
 * The text with every name of these people (whole, or any part of two letters or more, any case, with a
 * possessive) replaced by `replacement(name)`: initials where others can read it, "[third party]" in a subject
 * access pack, "[removed]" after erasure or destruction.
 */
export function replaceNames(text: string, names: readonly string[], replacement: (name: string) => string, options: ReplaceOptions = {}): string {
  const kept = new Set((options.keep ?? []).map((word) => word.toLowerCase()));
  const replaced = new Map<string, string>();
  for (const name of names) {
    const shown = replacement(name);
    if (!shown) continue;
    const whole = name.trim().replace(/\s+/g, ' ');
    const parts = options.wholeNamesOnly ? [] : whole.split(/[\s]+/).flatMap((part) => [part, ...part.split('-')]).map((p) => p.replace(/[^\p{L}'’-]/gu, ''));
    for (const token of [whole, ...parts]) {
      const key = token.toLowerCase();
      if (token.length >= MIN_PART_LENGTH && !replaced.has(key) && !kept.has(key)) replaced.set(key, shown);
    }
  }
  if (replaced.size === 0) return text;
  const tokens = [...replaced.keys()].sort((a, b) => b.length - a.length).map((t) => escape(t).replace(/ /g, '\\s+'));
  const pattern = new RegExp(`(?<![\\p{L}])(${tokens.join('|')})(?![\\p{L}])`, 'giu');
  return text.replace(pattern, (found: string) => replaced.get(found.toLowerCase().replace(/\s+/g, ' ')) ?? found);
}

/** True when the text names the person as whole words, any case (not "Annex" for "Ann"). */
export function namesPerson(text: string, name: string): boolean {
  const words = name.trim().split(/\s+/).filter((w) => w !== '').map(escape);
  if (words.length === 0) return false;
  return new RegExp(`(?<![\\p{L}])${words.join('\\s+')}(?![\\p{L}])`, 'iu').test(text);
}
