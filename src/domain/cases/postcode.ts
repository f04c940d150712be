/** UK postcodes: accepted in any case and spacing, stored as "SW1A 1AA". */
import { z } from 'zod';

// Outward code (area letters, district digit, optional digit/letter) + inward code (digit, two letters).
const postcodePattern = /^(GIR0AA|[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2})$/;

export const POSTCODE_EXAMPLE = 'SW1A 1AA';

/** The postcode in standard form, or undefined if it does not look like a UK postcode. */
export function normalisePostcode(text: string): string | undefined {
  const compact = text.toUpperCase().replace(/[^A-Z0-9]/g, '');
  if (!postcodePattern.test(compact)) return undefined;
  return `${compact.slice(0, -3)} ${compact.slice(-3)}`;
}

export function isValidPostcode(text: string): boolean {
  return normalisePostcode(text) !== undefined;
}

export const postcodeSchema = z.string().transform((text, ctx) => {
  const postcode = normalisePostcode(text);
  if (!postcode) {
    ctx.addIssue({ code: 'custom', message: `That postcode doesn't look right — for example ${POSTCODE_EXAMPLE}` });
    return z.NEVER;
  }
  return postcode;
});
