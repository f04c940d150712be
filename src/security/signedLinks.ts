import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed, expiring download links. The signature is HMAC-SHA256 (base64url) over the path, the
 * parameters sorted by name, and the expiry; changing any of them, or the signature, is detected.
 */

export const defaultLinkLifetimeMs = 7 * 24 * 60 * 60 * 1000;
const expiryParam = 'exp';
const signatureParam = 'sig';
const minSecretBytes = 16;

export interface SignLinkInput {
  /** e.g. '/minutes/abc123.docx' */
  path: string;
  params?: Record<string, string>;
  expiresAt: Date;
  secret: string;
}

export type VerifyLinkResult =
  | { ok: true; path: string; params: Record<string, string>; expiresAt: Date }
  | { ok: false; reason: 'expired' | 'tampered' };

/** When a link made now should stop working (7 days unless told otherwise). */
export function linkExpiry(now: Date, lifetimeMs: number = defaultLinkLifetimeMs): Date {
  return new Date(now.getTime() + lifetimeMs);
}

function checkSecret(secret: string): void {
  if (Buffer.byteLength(secret) < minSecretBytes) throw new Error(`The link signing secret must be at least ${minSecretBytes} bytes.`);
}

function canonicalPath(path: string): string {
  return new URL(path, 'http://link.invalid').pathname;
}

function signature(path: string, params: [string, string][], expires: string, secret: string): string {
  const sorted = [...params].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const query = sorted.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  return createHmac('sha256', secret).update(`${path}\n${query}\n${expires}`).digest('base64url');
}

/** A relative URL (path and query) carrying the expiry and the signature; prefix the bot's public origin. */
export function signLink(input: SignLinkInput): string {
  checkSecret(input.secret);
  const params = Object.entries(input.params ?? {});
  if (params.some(([k]) => k === expiryParam || k === signatureParam)) throw new Error(`'${expiryParam}' and '${signatureParam}' are reserved link parameters.`);
  const expiresMs = input.expiresAt.getTime();
  if (!Number.isFinite(expiresMs)) throw new Error('The link expiry is not a valid date.');
  const expires = String(Math.floor(expiresMs / 1000));
  const path = canonicalPath(input.path);
  const query = new URLSearchParams([...params, [expiryParam, expires], [signatureParam, signature(path, params, expires, input.secret)]]);
  return `${path}?${query.toString()}`;
}

/** Checks a link (absolute or relative). A bad signature is reported before expiry. */
export function verifyLink(url: string, secret: string, now: Date): VerifyLinkResult {
  checkSecret(secret);
  let parsed: URL;
  try {
    parsed = new URL(url, 'http://link.invalid');
  } catch {
    return { ok: false, reason: 'tampered' };
  }
  const entries = [...parsed.searchParams.entries()];
  const names = new Set(entries.map(([k]) => k));
  if (names.size !== entries.length) return { ok: false, reason: 'tampered' };
  const expires = parsed.searchParams.get(expiryParam);
  const given = parsed.searchParams.get(signatureParam);
  if (expires === null || given === null || !/^\d{1,15}$/.test(expires)) return { ok: false, reason: 'tampered' };
  const params = entries.filter(([k]) => k !== expiryParam && k !== signatureParam);
  const expected = Buffer.from(signature(parsed.pathname, params, expires, secret));
  const actual = Buffer.from(given);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return { ok: false, reason: 'tampered' };
  const expiresAt = new Date(Number(expires) * 1000);
  if (now.getTime() >= expiresAt.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, path: parsed.pathname, params: Object.fromEntries(params), expiresAt };
}
