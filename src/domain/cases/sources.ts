/** Where a case report came from. */
import { z } from 'zod';

export const caseSources = [
  { id: 'phone', label: 'Phone' },
  { id: 'police', label: 'Police' },
  { id: 'housing', label: 'Housing' },
  { id: 'online', label: 'Online' },
  { id: 'councillor', label: 'Councillor' },
  { id: 'other', label: 'Other' },
] as const;

export type CaseSource = (typeof caseSources)[number]['id'];
export const caseSourceSchema = z.enum(caseSources.map((s) => s.id) as [CaseSource, ...CaseSource[]]);

export function sourceLabel(id: CaseSource): string {
  return caseSources.find((s) => s.id === id)?.label ?? id;
}
