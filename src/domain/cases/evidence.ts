/** Evidence an officer can hold for an incident. */
import { z } from 'zod';

export const evidenceTypes = [
  { id: 'diary-sheet', label: 'Diary sheet' },
  { id: 'cctv', label: 'CCTV' },
  { id: 'noise-recording', label: 'Noise recording / app' },
  { id: 'photos', label: 'Photos' },
  { id: 'witness-statement', label: 'Witness statement' },
  { id: 'body-worn-video', label: 'Body-worn video' },
] as const;

export type EvidenceType = (typeof evidenceTypes)[number]['id'];
export const evidenceTypeSchema = z.enum(evidenceTypes.map((e) => e.id) as [EvidenceType, ...EvidenceType[]]);

export function evidenceLabel(id: EvidenceType): string {
  return evidenceTypes.find((e) => e.id === id)?.label ?? id;
}
