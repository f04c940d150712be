/**
 * What the council's own exports contain. The case export has no free text, names, addresses or contact
 * details: references, dates, categories and counts only. Every value is made safe for spreadsheets: a cell
 * starting with = + - @ (or a tab or carriage return) is prefixed with an apostrophe so Excel and LibreOffice
 * read it as text, not a formula (OWASP, "CSV Injection").
 */
import type { AuditEntry } from '../cases/audit.js';
import type { Case } from '../cases/case.js';

export function csvSafe(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

const isoDate = (at: Date | undefined) => (at ? at.toISOString().slice(0, 10) : '');

export const caseExportColumns = [
  'reference', 'status', 'area', 'ward', 'categories', 'source', 'riskLevel', 'opened', 'closed', 'closureReason', 'victims', 'perpetrators', 'witnesses', 'policeReferences', 'officer',
] as const;

export function caseExportRow(current: Case): string[] {
  return [
    current.reference, current.status, current.area, current.ward, current.categories.join(' '), current.source, current.riskLevel ?? '',
    isoDate(current.createdAt), isoDate(current.closure?.closedAt), current.closure?.reason ?? '',
    String(current.victims.length), String(current.perpetrators.length), String(current.witnesses.length), String(current.policeReferences.length), current.ownerName,
  ].map(csvSafe);
}

export const auditExportColumns = ['at', 'actorId', 'actorName', 'action', 'entity', 'entityId', 'caseReference', 'changedFields'] as const;

export function auditExportRow(entry: AuditEntry): string[] {
  return [entry.at.toISOString(), entry.actorId, entry.actorName ?? '', entry.action, entry.entity, entry.entityId, entry.caseReference ?? '', entry.changedFields.join(' ')].map(csvSafe);
}
