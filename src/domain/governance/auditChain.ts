/**
 * The tamper-evident audit trail: each team's entries form a hash chain. Entry n stores the hash of entry n-1
 * and its own hash over a canonical encoding of its content, so changing, deleting or reordering any stored
 * entry breaks the chain at that point. Anyone with write access could recompute the whole chain, which is
 * why the head hash is also posted outside the database (the team's managers' chats) to compare against.
 * (Pattern: RFC 6962 / Certificate Transparency style append-only logs; here a plain linear SHA-256 chain.)
 */
import { hash } from 'node:crypto';

/** The `prevHash` of a chain's first entry. */
export const GENESIS_HASH = '0'.repeat(64);
/** The chain of entries that name no team (written before teams were recorded on the audit). */
export const UNASSIGNED_CHAIN = 'unassigned';

/** What is hashed: the entry itself, and the hash of the one before. */
export interface ChainLink {
  teamId: string;
  seq: number;
  prevHash: string;
  hash: string;
}

/**
 * Deterministic JSON: object keys sorted, Dates as ISO strings, undefined members left out. Written straight
 * to text, with no sorted copy of the entry: the same text as JSON.stringify of such a copy, so chains hashed
 * before stay valid (JSON.stringify lists integer-like keys first, in numeric order, and so does this).
 */
export function canonicalEncoding(value: unknown): string {
  return encode(value, undefined);
}

/** What `hashedContent` leaves out of a stored entry: its chain fields and storage id. */
const CHAIN_AND_ID = new Set(['_id', 'seq', 'prevHash', 'hash']);
const ARRAY_INDEX = /^(?:0|[1-9]\d{0,9})$/;
const isArrayIndex = (key: string) => ARRAY_INDEX.test(key) && Number(key) < 4294967295;
const byJsonOrder = (a: string, b: string) => {
  const ai = isArrayIndex(a);
  const bi = isArrayIndex(b);
  if (ai !== bi) return ai ? -1 : 1;
  if (ai) return Number(a) - Number(b);
  return a < b ? -1 : a > b ? 1 : 0;
};
const startsWithDigit = (key: string) => key.charCodeAt(0) >= 48 && key.charCodeAt(0) <= 57;
/** Object keys in the order JSON.stringify gives a copy made in sorted order: integer-like keys first. */
function jsonOrder(keys: string[]): string[] {
  keys.sort();
  return keys.some(startsWithDigit) ? keys.sort(byJsonOrder) : keys;
}
/** Keys as JSON text: the same few field names come back on every entry. */
const quotedKeys = new Map<string, string>();
function quoted(key: string): string {
  let text = quotedKeys.get(key);
  if (text === undefined) {
    text = JSON.stringify(key);
    if (quotedKeys.size < 10_000) quotedKeys.set(key, text);
  }
  return text;
}

function encode(value: unknown, skip: ReadonlySet<string> | undefined): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      break;
    default:
      return 'null';
  }
  if (value === null) return 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + encode(value[i], undefined);
    return out + ']';
  }
  const record = value as Record<string, unknown>;
  let out = '{';
  let first = true;
  for (const key of jsonOrder(Object.keys(record))) {
    const member = record[key];
    // `__proto__` cannot be an own key of the copy JSON.stringify used to see, so it never appeared.
    if (member === undefined || key === '__proto__' || skip?.has(key)) continue;
    out += (first ? '' : ',') + quoted(key) + ':' + encode(member, undefined);
    first = false;
  }
  return out + '}';
}

/**
 * The hash of an entry: SHA-256 over the previous hash and the canonical content (everything but the chain
 * fields). The sequence number is left out on purpose: order is carried by `prevHash`, so an entry moved to
 * another place still hashes correctly but no longer links, and is reported as out of order.
 */
export function entryHash(prevHash: string, content: Record<string, unknown>): string {
  return hash('sha256', `${prevHash}\n${canonicalEncoding(content)}`, 'hex');
}

/** The hash a stored entry should carry: over its content, without copying it to drop the chain fields. */
export function storedEntryHash(stored: Record<string, unknown> & ChainLink): string {
  return hash('sha256', `${stored.prevHash}\n${encode(stored, CHAIN_AND_ID)}`, 'hex');
}

/** The content an entry's hash covers: the stored entry without its chain fields and storage id. */
export function hashedContent(stored: Record<string, unknown>): Record<string, unknown> {
  const { _id: _ignoredId, seq: _seq, prevHash: _prev, hash: _hash, ...content } = stored;
  return content;
}

export type ChainBreakKind = 'missing' | 'altered' | 'out-of-order';

export interface ChainBreak {
  kind: ChainBreakKind;
  /** The sequence number where the chain first fails. */
  seq: number;
}

export type ChainReport =
  | { ok: true; teamId: string; entries: number; headSeq: number; headHash: string }
  | { ok: false; teamId: string; entries: number; firstBreak: ChainBreak };

/**
 * Walks a chain in sequence order, one entry at a time (so a million entries never sit in memory), and
 * remembers the first break.
 */
export class ChainVerifier {
  private expectedSeq = 1;
  private prevHash = GENESIS_HASH;
  private checked = 0;
  private firstBreak: ChainBreak | undefined;

  constructor(readonly teamId: string) {}

  /** Adds the next stored entry; returns false once the chain is broken (the caller may stop reading). */
  push(stored: Record<string, unknown> & ChainLink): boolean {
    if (this.firstBreak) return false;
    this.checked++;
    if (stored.seq !== this.expectedSeq) return this.broken(stored.seq > this.expectedSeq ? 'missing' : 'out-of-order', this.expectedSeq);
    if (storedEntryHash(stored) !== stored.hash) return this.broken('altered', stored.seq);
    if (stored.prevHash !== this.prevHash) return this.broken('out-of-order', stored.seq);
    this.prevHash = stored.hash;
    this.expectedSeq++;
    return true;
  }

  /**
   * The verdict, given the head the store recorded (its last claimed sequence number and hash): a head
   * beyond the last entry read means entries were deleted from the end.
   */
  report(head?: { seq: number; hash: string }): ChainReport {
    const entries = this.checked;
    if (this.firstBreak) return { ok: false, teamId: this.teamId, entries, firstBreak: this.firstBreak };
    const lastSeq = this.expectedSeq - 1;
    if (head && head.seq > lastSeq) return { ok: false, teamId: this.teamId, entries, firstBreak: { kind: 'missing', seq: lastSeq + 1 } };
    if (head && head.seq === lastSeq && head.hash !== this.prevHash) return { ok: false, teamId: this.teamId, entries, firstBreak: { kind: 'altered', seq: lastSeq } };
    return { ok: true, teamId: this.teamId, entries, headSeq: lastSeq, headHash: this.prevHash };
  }

  private broken(kind: ChainBreakKind, seq: number): false {
    this.firstBreak = { kind, seq };
    return false;
  }
}

/** The sentence `audit check` and the nightly job report. */
export function describeChainReport(report: ChainReport): string {
  if (report.ok) {
    return report.entries === 0
      ? 'The audit trail is empty.'
      : `The audit trail is intact: ${report.entries} entries, head #${report.headSeq} ${report.headHash.slice(0, 16)}….`;
  }
  const { kind, seq } = report.firstBreak;
  const what = kind === 'missing' ? 'is missing' : kind === 'altered' ? 'has been altered' : 'is out of order (moved, or an entry before it was removed)';
  return `The audit trail is broken: entry #${seq} ${what}. Entries before #${seq} are intact.`;
}
