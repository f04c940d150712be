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

/**
 * Each kind in plain words, naming nobody: what a deadline shows where others can read it (a group chat or
 * channel), in place of its label, which may name a victim or perpetrator.
 */
export const deadlineKindLabels: Record<(typeof deadlineKinds)[number], string> = {
  'first-visit': 'First visit to a victim',
  'case-review': 'Case review',
  'victim-update': 'Agreed update to a victim',
  'monitoring-end': 'End of monitoring',
  'abc-review': 'ABC review',
  'intervention-review': 'Intervention review',
  'intervention-expiry': 'Intervention expiry',
  'court-hearing': 'Court hearing',
  compliance: 'Compliance check',
  'supervisor-report': "Supervisor's report",
  'case-review-step': 'ASB Case Review step',
  'meeting-action': 'Target group action',
  'minutes-final': 'Minutes to finalise',
  'subject-access': 'Subject access request to answer',
};
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
