/**
 * The one way the bot serves files: a signed, expiring link `/downloads/<kind>/<id>.<extension>?by=…&exp=…&sig=…`
 * naming the person it was issued to and their tenant. Each kind of file (minutes, subject access packs, exports,
 * letters, charts) registers how to produce it. At download the person is resolved afresh from the roster (a
 * removed member's links stop working), and the producer asks the access policy for them and audits the download.
 * Nothing is kept on disk: a file is made again for every download.
 */
import type { Actor } from '../domain/access/actor.js';
import type { Clock } from '../domain/clock.js';
import { linkExpiry, signLink, verifyLink } from './signedLinks.js';

export interface DownloadFile {
  filename: string;
  contentType: string;
  body: Buffer;
}

export interface DownloadKind {
  /** The path segment, e.g. 'minutes'. Lower-case letters and dashes. */
  name: string;
  /** The file extension without a dot, e.g. 'docx'. */
  extension: string;
  /**
   * Makes the file for `id` for the person the link was issued to, as the roster knows them now, or says there
   * is nothing that person may have (undefined: answered 404, revealing nothing more).
   */
  produce(id: string, actor: Actor): Promise<DownloadFile | undefined>;
}

export type DownloadResult = { ok: true; file: DownloadFile } | { ok: false; status: 403 | 404 };

export const contentTypes = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
  png: 'image/png',
} as const;

const kindName = /^[a-z][a-z-]{0,30}$/;
const downloadPath = /^\/downloads\/([a-z][a-z-]{0,30})\/([^/]+)\.([a-z0-9]{1,8})$/;

export class Downloads {
  private readonly kinds = new Map<string, DownloadKind>();

  constructor(private readonly deps: { secret: string; clock: Clock; publicUrl(): string; actorFor(tenantId: string, id: string): Promise<Actor> }) {}

  register(kind: DownloadKind): void {
    if (!kindName.test(kind.name)) throw new Error(`Bad download kind name: ${kind.name}`);
    if (this.kinds.has(kind.name)) throw new Error(`Download kind ${kind.name} is already registered.`);
    this.kinds.set(kind.name, kind);
  }

  /** An absolute link to `id` of this kind, issued to one person, valid for 7 days unless told otherwise. */
  link(kind: string, id: string, issuedTo: Pick<Actor, 'id' | 'tenantId'>, lifetimeMs?: number): { url: string; expiresAt: Date } {
    const registered = this.kinds.get(kind);
    if (!registered) throw new Error(`Unknown download kind: ${kind}`);
    const expiresAt = linkExpiry(this.deps.clock.now(), lifetimeMs);
    const path = signLink({ path: `/downloads/${kind}/${encodeURIComponent(id)}.${registered.extension}`, params: { by: issuedTo.id, tenant: issuedTo.tenantId }, expiresAt, secret: this.deps.secret });
    return { url: `${this.deps.publicUrl()}${path}`, expiresAt };
  }

  /** Serves a request URL: 403 when the link is tampered with or expired, 404 when there is nothing to give. */
  async serve(url: string): Promise<DownloadResult> {
    const checked = verifyLink(url, this.deps.secret, this.deps.clock.now());
    if (!checked.ok) return { ok: false, status: 403 };
    const [, name, encodedId, extension] = downloadPath.exec(checked.path) ?? [];
    const kind = name ? this.kinds.get(name) : undefined;
    const { by, tenant } = checked.params;
    if (!kind || extension !== kind.extension || !by || !tenant) return { ok: false, status: 404 };
    let id: string;
    try {
      id = decodeURIComponent(encodedId!);
    } catch {
      return { ok: false, status: 404 };
    }
    const file = await kind.produce(id, await this.deps.actorFor(tenant, by));
    return file ? { ok: true, file } : { ok: false, status: 404 };
  }
}

/** A file name safe in a Content-Disposition header: letters, digits and dashes. */
export function safeFilename(base: string, extension: string, fallback = 'download'): string {
  const cleaned = base.replace(/[^A-Za-z0-9 -]/g, '').trim().replace(/\s+/g, '-') || fallback;
  return `${cleaned}.${extension}`;
}
