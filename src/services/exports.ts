/**
 * Exports for the council's own records (admins): the team's cases as CSV without free text, and the audit
 * trail for a date range. Both are served through the one signed-download mechanism; the producer checks
 * again, at download time, that the person the link names may still govern, and audits the download.
 */
import { stringify } from 'csv-stringify/sync';
import type { AuditLog } from '../db/audit.js';
import type { CaseRepository } from '../db/cases.js';
import { localDateSchema } from '../domain/calendar/localDate.js';
import type { Clock } from '../domain/clock.js';
import { auditExportColumns, auditExportRow, caseExportColumns, caseExportRow } from '../domain/governance/exports.js';
import type { Actor } from '../domain/access/index.js';
import { mayGovern } from '../domain/governance/governors.js';
import { contentTypes, safeFilename, type DownloadKind, type Downloads } from '../security/downloads.js';

export const CASE_EXPORT = 'case-export';
export const AUDIT_EXPORT = 'audit-export';
const PAGE = 1_000;

export interface ExportDeps {
  cases: CaseRepository;
  audit: AuditLog;
  downloads: Downloads;
  clock: Clock;
}

export type ExportOutcome = { ok: true; url: string; expiresAt: Date } | { ok: false; message: string };

const REFUSED = "Sorry, only the team's managers and admins can do that.";
const SEPARATOR = '~';

export class ExportService {
  constructor(private readonly deps: ExportDeps) {}

  kinds(): DownloadKind[] {
    return [
      { name: CASE_EXPORT, extension: 'csv', produce: (teamId, issuedTo) => this.produceCases(teamId, issuedTo) },
      { name: AUDIT_EXPORT, extension: 'csv', produce: (id, issuedTo) => this.produceAudit(id, issuedTo) },
    ];
  }

  casesLink(actor: Actor): ExportOutcome {
    if (!mayGovern(actor, 'export') || !actor.teamId) return { ok: false, message: REFUSED };
    return { ok: true, ...this.deps.downloads.link(CASE_EXPORT, actor.teamId, actor) };
  }

  auditLink(actor: Actor, from: string, to: string): ExportOutcome {
    if (!mayGovern(actor, 'export') || !actor.teamId) return { ok: false, message: REFUSED };
    if (!localDateSchema.safeParse(from).success || !localDateSchema.safeParse(to).success || from > to) {
      return { ok: false, message: 'Give the dates as `export audit 2026-01-01 2026-12-31`, the first on or before the second.' };
    }
    return { ok: true, ...this.deps.downloads.link(AUDIT_EXPORT, [actor.teamId, from, to].join(SEPARATOR), actor) };
  }

  /** The person the link names, as the roster knows them now: still an admin of that team, or nothing. */
  private async produceCases(teamId: string, issuedTo: Actor) {
    if (!mayGovern(issuedTo, 'export') || issuedTo.teamId !== teamId) return undefined;
    const rows: string[][] = [];
    for (let page = 0; ; page++) {
      const found = await this.deps.cases.list({ teamIds: [teamId] }, page, PAGE);
      rows.push(...found.items.map(caseExportRow));
      if ((page + 1) * PAGE >= found.total) break;
    }
    await this.audited(issuedTo.id, teamId, 'case', rows.length);
    const day = this.deps.clock.now().toISOString().slice(0, 10);
    return { filename: safeFilename(`cases ${day}`, 'csv'), contentType: contentTypes.csv, body: Buffer.from(stringify([[...caseExportColumns], ...rows])) };
  }

  private async produceAudit(id: string, issuedTo: Actor) {
    const [teamId, from, to] = id.split(SEPARATOR);
    if (!teamId || !from || !to || !mayGovern(issuedTo, 'export') || issuedTo.teamId !== teamId) return undefined;
    const end = new Date(`${to}T00:00:00Z`);
    end.setUTCDate(end.getUTCDate() + 1);
    const entries = await this.deps.audit.between(teamId, new Date(`${from}T00:00:00Z`), end);
    await this.audited(issuedTo.id, teamId, 'audit', entries.length);
    return { filename: safeFilename(`audit ${from} to ${to}`, 'csv'), contentType: contentTypes.csv, body: Buffer.from(stringify([[...auditExportColumns], ...entries.map(auditExportRow)])) };
  }

  private async audited(actorId: string, teamId: string, entity: 'case' | 'audit', rows: number): Promise<void> {
    await this.deps.audit.record({ at: this.deps.clock.now(), actorId, action: 'export', entity, entityId: teamId, changedFields: [], teamId, details: { rows } });
  }
}
