/** The `audit <reference>` card: a case's trail, newest first, paged. Field names and views only, never values. */
import { dateTimeText } from '../../domain/calendar/format.js';
import type { AuditEntry } from '../../domain/cases/audit.js';
import { card, container, execute, heading, note, text, type Element } from '../cardKit.js';
import { CaseVerbs } from './verbs.js';

const FIELDS_SHOWN = 6;

function line(entry: AuditEntry): Element {
  const fields = entry.changedFields.length > FIELDS_SHOWN ? [...entry.changedFields.slice(0, FIELDS_SHOWN), `and ${entry.changedFields.length - FIELDS_SHOWN} more`] : entry.changedFields;
  const what = `${entry.action} ${entry.entity}${entry.view ? ` (${entry.view})` : ''}`;
  return container(
    [text(`**${dateTimeText(entry.at)}** · ${entry.actorName ?? entry.actorId} · ${what}`, { size: 'Small' }), ...(fields.length ? [note(fields.join(', '))] : [])],
    { separator: true },
  );
}

export function auditTrailCard(reference: string, entries: readonly AuditEntry[], paging: { page: number; pageSize: number; total: number }): Element {
  const last = Math.max(0, Math.ceil(paging.total / paging.pageSize) - 1);
  const nav: Element[] = [];
  if (paging.page > 0) nav.push(execute('Newer', CaseVerbs.audit, { reference, page: String(paging.page - 1) }));
  if (paging.page < last) nav.push(execute('Older', CaseVerbs.audit, { reference, page: String(paging.page + 1) }));
  return card([heading(`Audit trail of ${reference}`), note(`${paging.total} entries, newest first. Who, when and what; never the values.`), ...entries.map(line)], nav);
}
