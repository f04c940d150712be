import { z } from 'zod';
import { instantSchema, localDateSchema } from './dates.js';
import { agendaCaseSummarySchema } from './caseSummary.js';
import { areaFiguresSchema, openActionSummarySchema, type Agenda, type AgendaSectionNumber, type AgendaItem, type CaseReason } from './agenda.js';
import { actionOwnerSchema } from './actions.js';
import { attendanceSchema, meetingStatuses, type Meeting } from './meeting.js';
import { personRefSchema } from './targetGroup.js';
import { clearableMeetingFields, type MeetingChange } from './change.js';

/**
 * Schemas for a stored agenda and meeting, so a repository can check what it reads back
 * and hand out domain values. Their output types are pinned to the domain interfaces.
 */

const sectionSchema = z
  .number()
  .int()
  .min(1)
  .max(9)
  .transform((n) => n as AgendaSectionNumber);

export const caseReasonSchema: z.ZodType<CaseReason, z.ZodTypeDef, unknown> = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('high-risk'), assessedOn: localDateSchema }),
  z.object({ kind: z.literal('nominated'), reason: z.string(), nominatedBy: z.string() }),
  z.object({ kind: z.literal('case-review-threshold'), detail: z.string() }),
  z.object({
    kind: z.literal('monitoring-ending'),
    interventionId: z.string(),
    type: z.string(),
    stage: z.string(),
    personInitials: z.string(),
    under18: z.boolean(),
    endsOn: localDateSchema,
  }),
]);

const base = { id: z.string().min(1), section: sectionSchema, title: z.string() };

export const agendaItemSchema: z.ZodType<AgendaItem, z.ZodTypeDef, unknown> = z.discriminatedUnion('kind', [
  z.object({ ...base, kind: z.literal('standing') }),
  z.object({ ...base, kind: z.literal('case'), caseId: z.string(), case: agendaCaseSummarySchema, reasons: z.array(caseReasonSchema) }),
  z.object({ ...base, kind: z.literal('action-review'), action: openActionSummarySchema, caseId: z.string().optional() }),
  z.object({ ...base, kind: z.literal('figures'), figures: areaFiguresSchema, since: localDateSchema.nullable() }),
  z.object({ ...base, kind: z.literal('custom'), caseId: z.string().optional(), detail: z.string().optional() }),
]);

export const agendaSchema: z.ZodType<Agenda, z.ZodTypeDef, unknown> = z.object({
  meetingDate: localDateSchema,
  lastMeetingDate: localDateSchema.nullable(),
  nextMeetingDate: localDateSchema,
  items: z.array(agendaItemSchema),
  sectionTitles: z.record(z.string(), z.string()).optional() as z.ZodType<Agenda['sectionTitles'], z.ZodTypeDef, unknown>,
});

const noteSchema = z.object({
  id: z.string(),
  text: z.string(),
  author: z.string(),
  authorId: z.string().optional(),
  at: instantSchema,
  source: z.enum(['card', 'thread']),
  key: z.string().optional(),
});
const decisionSchema = z.object({ id: z.string(), text: z.string(), by: z.string(), at: instantSchema });
const meetingActionSchema = z.object({
  id: z.string(),
  what: z.string(),
  owner: actionOwnerSchema,
  dueDate: localDateSchema,
  caseId: z.string().optional(),
  by: z.string(),
  at: instantSchema,
});
const itemRecordSchema = z.object({
  notes: z.array(noteSchema),
  decisions: z.array(decisionSchema),
  actions: z.array(meetingActionSchema),
  version: z.number().int().min(0),
});

const meetingFields = {
  groupId: z.string().min(1),
  date: localDateSchema,
  status: z.enum(meetingStatuses),
  chair: personRefSchema,
  minuteTaker: personRefSchema,
  attendance: attendanceSchema,
  agenda: agendaSchema,
  currentItemIndex: z.number().int().min(0).nullable(),
  items: z.record(z.string(), itemRecordSchema),
  revealedCaseIds: z.array(z.string()),
  corrections: z.array(decisionSchema.extend({ key: z.string().optional() })),
  seq: z.number().int().min(0),
  startedAt: instantSchema.optional(),
  endedAt: instantSchema.optional(),
  finalAt: instantSchema.optional(),
  approvedAt: instantSchema.optional(),
  approvedBy: z.string().optional(),
  caseReview: z.object({ applicationId: z.string().min(1) }).optional(),
};

export const meetingSchema: z.ZodType<Meeting, z.ZodTypeDef, unknown> = z.object({ id: z.string().min(1), ...meetingFields });

/** A change to a stored meeting (change.ts), checked like the meeting itself before it is saved or resumed. */
export const meetingChangeSchema: z.ZodType<MeetingChange, z.ZodTypeDef, unknown> = z.object({
  fields: z.object(meetingFields).partial(),
  items: z.record(z.string(), itemRecordSchema),
  cleared: z.array(z.enum(clearableMeetingFields)),
});
