/**
 * The tamper-evident audit trail: each team's entries form a hash chain. Entry n stores the hash of entry n-1
 * and its own hash over a canonical encoding of its content, so changing, deleting or reordering any stored
 * entry breaks the chain at that point. Anyone with write access could recompute the whole chain, which is
 * why the head hash is also posted outside the database (the team's managers' chats) to compare against.
 * (Pattern: RFC 6962 / Certificate Transparency style append-only logs; here a plain linear SHA-256 chain.)
 */
import { createHash } from 'node:crypto';

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

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** Deterministic JSON: object keys sorted, Dates as ISO strings, undefined members left out. */
export function canonicalEncoding(value: unknown): string {
  return JSON.stringify(toCanonical(value));
}

function toCanonical(value: unknown): Json {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((item) => (item === undefined ? null : toCanonical(item)));
  if (value !== null && typeof value === 'object') {
    const out: { [key: string]: Json } = {};
    for (const key of Object.keys(value).sort()) {
      const member = (value as Record<string, unknown>)[key];
      if (member !== undefined) out[key] = toCanonical(member);
    }
    return out;
  }
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean' || value === null) return value;
  return null;
}

/**
 * The hash of an entry: SHA-256 over the previous hash and the canonical content (everything but the chain
 * fields). The sequence number is left out on purpose: order is carried by `prevHash`, so an entry moved to
 * another place still hashes correctly but no longer links, and is reported as out of order.
 */
export function entryHash(prevHash: string, content: Record<string, unknown>): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalEncoding(content)).digest('hex');
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
    if (entryHash(stored.prevHash, hashedContent(stored)) !== stored.hash) return this.broken('altered', stored.seq);
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
