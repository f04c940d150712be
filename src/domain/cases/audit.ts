/**
 * The audit trail: who did what to which record, and which fields changed — never the values,
 * so the trail itself holds no personal data beyond the officer's id and name.
 */
import { z } from 'zod';

export const auditActions = ['create', 'update', 'status', 'view', 'assign', 'export', 'delete', 'share', 'unshare', 'reveal', 'destroy', 'decide', 'check', 'download', 'search', 'request'] as const;
export const auditEntities = [
  'case', 'incident', 'note', 'person', 'risk-assessment', 'intervention', 'reminder', 'meeting', 'team', 'visit', 'letter', 'figures', 'audit', 'retention', 'subject-access',
] as const;
export const auditActionSchema = z.enum(auditActions);
export const auditEntitySchema = z.enum(auditEntities);
export type AuditAction = z.infer<typeof auditActionSchema>;
export type AuditEntity = z.infer<typeof auditEntitySchema>;

export const auditEntrySchema = z.object({
  at: z.date(),
  /** The AAD object id of the person acting. */
  actorId: z.string().min(1),
  actorName: z.string().optional(),
  action: auditActionSchema,
  entity: auditEntitySchema,
  entityId: z.string().min(1),
  caseReference: z.string().optional(),
  /** Dotted field names such as "victims.0.contact.phone"; never values. */
  changedFields: z.array(z.string()),
  /** The team whose audit chain the entry joins (see domain/governance/auditChain.ts). */
  teamId: z.string().min(1).optional(),
  /** Counts and dates only, e.g. a destruction tombstone's "incidents: 50"; never names or free text. */
  details: z.record(z.string(), z.union([z.number(), z.string().max(40), z.date()])).optional(),
  /** For a view of a case's details: where it was seen. */
  view: z.enum(['chat', 'channel-details', 'partner', 'download']).optional(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

/** Fields that change on every write and say nothing about what the officer changed. */
export const BOOKKEEPING_FIELDS = ['updatedAt', 'version'] as const;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function sameLeaf(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return Object.is(a, b);
}

/**
 * The dotted paths that differ between two versions of a record: nested objects are
 * followed, arrays by index, Dates by time. Top-level bookkeeping fields are ignored.
 */
export function changedFieldNames(before: unknown, after: unknown, ignore: readonly string[] = BOOKKEEPING_FIELDS): string[] {
  const changed: string[] = [];
  const visit = (a: unknown, b: unknown, path: string): void => {
    if (a === b) return; // an immutable update keeps what it did not touch
    if (isPlainObject(a) && isPlainObject(b)) {
      const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
      for (const key of keys) {
        if (path === '' && ignore.includes(key)) continue;
        if (a[key] === undefined && b[key] === undefined) continue;
        visit(a[key], b[key], path === '' ? key : `${path}.${key}`);
      }
      return;
    }
    if (Array.isArray(a) && Array.isArray(b)) {
      const length = Math.max(a.length, b.length);
      for (let i = 0; i < length; i++) {
        if (i >= a.length || i >= b.length) changed.push(`${path}.${i}`);
        else visit(a[i], b[i], `${path}.${i}`);
      }
      return;
    }
    if (!sameLeaf(a, b)) changed.push(path);
  };
  visit(before, after, '');
  return changed;
}

export function auditEntry(entry: AuditEntry): AuditEntry {
  return auditEntrySchema.parse(entry);
}
