/**
 * The one masking function for free text shown where others can read it (meeting cards, minutes, the .docx,
 * channels): every recorded name of a person on the case (full name, first name, surname, any part, in any
 * case, with a possessive) becomes that person's initials, and postcodes become "[postcode]".
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
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Parts this short ("Al", "Jo" are kept) are still names; single letters are not. */
const MIN_PART_LENGTH = 2;

/** The text with every name of these people replaced by their initials, and postcodes masked. */
export function maskNames(text: string, names: readonly string[]): string {
  const replacement = new Map<string, string>();
  for (const name of names) {
    const shown = initials(name);
    if (!shown) continue;
    const whole = name.trim().replace(/\s+/g, ' ');
    const parts = whole.split(/[\s]+/).flatMap((part) => [part, ...part.split('-')]).map((p) => p.replace(/[^\p{L}'’-]/gu, ''));
    for (const token of [whole, ...parts]) {
      const key = token.toLowerCase();
      if (token.length >= MIN_PART_LENGTH && !replacement.has(key)) replacement.set(key, shown);
    }
  }
  const masked = text.replace(ukPostcode, '[postcode]');
  if (replacement.size === 0) return masked;
  const tokens = [...replacement.keys()].sort((a, b) => b.length - a.length).map((t) => escape(t).replace(/ /g, '\\s+'));
  const pattern = new RegExp(`(?<![\\p{L}])(${tokens.join('|')})(?![\\p{L}])`, 'giu');
  return masked.replace(pattern, (found: string) => replacement.get(found.toLowerCase().replace(/\s+/g, ' ')) ?? found);
}
