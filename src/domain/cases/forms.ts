/**
 * Reading Adaptive Card submissions. Cards send flat string values keyed by input id:
 * multi-select choice sets as "a,b,c", toggles as "true"/"false", Input.Date as 'YYYY-MM-DD',
 * Input.Time as 'HH:mm'. Each form schema turns that into a domain value, or into plain-English
 * errors keyed by the input id so the card can show them next to the right field.
 */
import { z } from 'zod';
import { WHOLE_FORM, type FieldError } from './fieldErrors.js';
import { parseIsoDate, parseTimeOfDay } from './londonTime.js';
import { normalisePostcode, POSTCODE_EXAMPLE } from './postcode.js';

/** Card submissions above this are refused outright (Teams cards themselves stop at 28 KB). */
export const MAX_PAYLOAD_BYTES = 16 * 1024;
/** No single text input may be longer than this, whatever its own limit. */
export const MAX_FIELD_LENGTH = 4000;

export type RawForm = Record<string, unknown>;
export type FormResult<T> =
  | { ok: true; value: T }
  | { ok: false; errors: FieldError[]; /** What the user typed, to fill the card in again. */ values: Record<string, string> };

export const rawFormSchema = z.record(z.string(), z.unknown());

/** The submitted values as strings, ready to put back into the card's inputs. */
export function formValues(raw: unknown): Record<string, string> {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return {};
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    const text = asText(value);
    if (text !== undefined) values[key] = text;
  }
  return values;
}

function asText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

export function payloadBytes(raw: unknown): number {
  return Buffer.byteLength(JSON.stringify(raw) ?? '', 'utf8');
}

/** Runs a form schema over a raw submission; refuses oversize payloads before reading anything. */
export function parseForm<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, raw: unknown): FormResult<T> {
  if (payloadBytes(raw) > MAX_PAYLOAD_BYTES) {
    return {
      ok: false,
      errors: [{ field: WHOLE_FORM, message: 'This form is too big to save. Shorten the longest text and try again.' }],
      values: {},
    };
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    return { ok: false, errors: [{ field: WHOLE_FORM, message: 'Nothing was received from the form. Please try again.' }], values: {} };
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, value: result.data };
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  for (const issue of result.error.issues) {
    const field = typeof issue.path[0] === 'string' ? issue.path[0] : WHOLE_FORM;
    if (seen.has(field)) continue; // one message per input is enough
    seen.add(field);
    errors.push({ field, message: issue.message });
  }
  return { ok: false, errors, values: formValues(raw) };
}

interface TextOptions {
  /** Message when the field is empty; omit for optional fields. */
  required?: string;
  max?: number;
}

/**
 * Reads one submission inside a zod transform, recording a message per bad input.
 * Every getter returns undefined for a bad or empty value, so a form can keep reading
 * and report all problems at once.
 */
export class FormReader {
  private failed = false;

  constructor(
    private readonly raw: RawForm,
    private readonly ctx: z.RefinementCtx,
  ) {}

  get hasErrors(): boolean {
    return this.failed;
  }

  fail(field: string, message: string): undefined {
    this.failed = true;
    this.ctx.addIssue({ code: 'custom', path: [field], message });
    return undefined;
  }

  /** The ids of the inputs whose id matches, e.g. one toggle per listed record. */
  fieldsMatching(pattern: RegExp): string[] {
    return Object.keys(this.raw).filter((key) => pattern.test(key));
  }

  /** Whether anything was typed into the input. */
  has(field: string): boolean {
    return (asText(this.raw[field]) ?? '').trim() !== '';
  }

  /** The trimmed text, or undefined when empty. */
  text(field: string, options: TextOptions = {}): string | undefined {
    const value = (asText(this.raw[field]) ?? '').trim();
    if (value === '') return options.required ? this.fail(field, options.required) : undefined;
    const max = Math.min(options.max ?? MAX_FIELD_LENGTH, MAX_FIELD_LENGTH);
    if (value.length > max) return this.fail(field, `Keep this under ${max} characters (it has ${value.length})`);
    return value;
  }

  choice<T extends string>(field: string, allowed: readonly T[], options: { required?: string; invalid: string }): T | undefined {
    const value = this.text(field, { required: options.required, max: 100 });
    if (value === undefined) return undefined;
    return (allowed as readonly string[]).includes(value) ? (value as T) : this.fail(field, options.invalid);
  }

  /** A multi-select choice set: comma-separated ids, duplicates dropped. */
  choices<T extends string>(field: string, allowed: readonly T[], options: { required?: string; invalid: string }): T[] | undefined {
    const value = this.text(field, { required: options.required });
    if (value === undefined) return options.required ? undefined : [];
    const items = [...new Set(value.split(',').map((item) => item.trim()).filter((item) => item !== ''))];
    if (items.length === 0) return options.required ? this.fail(field, options.required) : [];
    if (items.some((item) => !(allowed as readonly string[]).includes(item))) return this.fail(field, options.invalid);
    return items as T[];
  }

  /** An Input.Toggle: "true" (or "yes") is on; anything else is off. */
  flag(field: string): boolean {
    const value = (asText(this.raw[field]) ?? '').trim().toLowerCase();
    return value === 'true' || value === 'yes';
  }

  date(field: string, options: { required?: string } = {}): { year: number; month: number; day: number } | undefined {
    const value = this.text(field, { required: options.required, max: 30 });
    if (value === undefined) return undefined;
    return parseIsoDate(value) ?? this.fail(field, 'Enter a real date, for example 2026-03-31');
  }

  time(field: string, options: { required?: string } = {}): { hour: number; minute: number } | undefined {
    const value = this.text(field, { required: options.required, max: 30 });
    if (value === undefined) return undefined;
    return parseTimeOfDay(value) ?? this.fail(field, 'Enter a time like 21:30');
  }

  postcode(field: string): string | undefined {
    const value = this.text(field, { max: 20 });
    if (value === undefined) return undefined;
    return normalisePostcode(value) ?? this.fail(field, `That postcode doesn't look right — for example ${POSTCODE_EXAMPLE}`);
  }

  email(field: string): string | undefined {
    const value = this.text(field, { max: 200 });
    if (value === undefined) return undefined;
    return z.string().email().safeParse(value).success ? value : this.fail(field, "That email address doesn't look right — for example name@example.org");
  }

  phone(field: string): string | undefined {
    const value = this.text(field, { max: 40 });
    if (value === undefined) return undefined;
    const digits = value.replace(/\D/g, '');
    return /^[+0-9 ()-]+$/.test(value) && digits.length >= 7 && digits.length <= 15
      ? value
      : this.fail(field, "That phone number doesn't look right — for example 01632 960123");
  }

  /** A whole number carried in the card's data, e.g. the case version the card was built from. */
  integer(field: string, options: { required?: string; invalid: string }): number | undefined {
    const value = this.text(field, { required: options.required, max: 20 });
    if (value === undefined) return undefined;
    const number = Number(value);
    return Number.isSafeInteger(number) && number >= 0 ? number : this.fail(field, options.invalid);
  }

  /** A list typed into one box, separated by commas, semicolons or new lines. */
  list(field: string, options: { maxItems: number; maxItemLength: number; tooMany: string }): string[] {
    const value = this.text(field);
    if (value === undefined) return [];
    const items = [...new Set(value.split(/[,;\n]/).map((item) => item.trim()).filter((item) => item !== ''))];
    if (items.length > options.maxItems) {
      this.fail(field, options.tooMany);
      return [];
    }
    const tooLong = items.find((item) => item.length > options.maxItemLength);
    if (tooLong) {
      this.fail(field, `Each entry must be under ${options.maxItemLength} characters`);
      return [];
    }
    return items;
  }
}

/** Builds a form schema from a reading function; the result fails if any input was bad. */
export function formSchema<T>(read: (form: FormReader) => T): z.ZodType<T, z.ZodTypeDef, unknown> {
  return rawFormSchema.transform((raw, ctx) => {
    const form = new FormReader(raw, ctx);
    const value = read(form);
    return form.hasErrors ? z.NEVER : value;
  });
}
