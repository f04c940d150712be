import { z } from 'zod';
import { localDateSchema, type LocalDate } from '../calendar/localDate.js';

export const deadlineKinds = [
  'first-visit',
  'case-review',
  'victim-update',
  'monitoring-end',
  'abc-review',
  'intervention-review',
  'intervention-expiry',
  'court-hearing',
  'compliance',
  'supervisor-report',
  'case-review-step',
  'meeting-action',
  'minutes-final',
  'subject-access',
] as const;
export const deadlineKindSchema = z.enum(deadlineKinds);
export type DeadlineKind = z.infer<typeof deadlineKindSchema>;

export const deadlineSchema = z.object({
  kind: deadlineKindSchema,
  dueDate: localDateSchema,
  caseId: z.string().min(1),
  /** The victim, person or intervention the deadline is about, when there is one. */
  subjectId: z.string().min(1).optional(),
  label: z.string().min(1),
});
export interface Deadline {
  kind: DeadlineKind;
  dueDate: LocalDate;
  caseId: string;
  subjectId?: string;
  label: string;
}

export interface DeadlineStatus extends Deadline {
  overdue: boolean;
}
