/** An incident: one thing that happened, always on a case, logged with when it happened and who logged it. */
import { z } from 'zod';
import type { Clock } from '../clock.js';
import type { Case } from './case.js';
import type { AsbCategory } from './categories.js';
import type { EvidenceType } from './evidence.js';
import { asbCategoryListSchema } from './categories.js';
import { evidenceTypeSchema } from './evidence.js';
import type { FieldError } from './fieldErrors.js';

export const MAX_INCIDENT_DESCRIPTION = 4000;
/** Clocks on phones and servers disagree a little; an incident this far "ahead" is still accepted. */
export const FUTURE_TOLERANCE_MS = 5 * 60 * 1000;
/** Older incidents are accepted but flagged, as a mistyped year is the usual cause. */
export const OLD_INCIDENT_WARNING_YEARS = 2;

/**
 * Who made the report: the victim, a third party on the victim's behalf (it counts towards a Case Review only with
 * the victim's consent), or an agency (gov.uk ASB Case Review guidance). Unset means the victim named by personId.
 */
export const reporterRoles = ['victim', 'third-party', 'agency'] as const;
export type ReporterRole = (typeof reporterRoles)[number];

/** Who reported an incident: a person on the case (by id; the victim it is about) and/or a name as told. */
export const reportedBySchema = z
  .object({
    personId: z.string().min(1).optional(),
    name: z.string().trim().min(1).max(120).optional(),
    role: z.enum(reporterRoles).optional(),
    /** A third party reporting for the victim: whether the victim consented. */
    victimConsented: z.boolean().optional(),
  })
  .refine((r) => r.personId !== undefined || r.name !== undefined, 'Say who reported it');
export type ReportedBy = z.infer<typeof reportedBySchema>;

/** What the officer supplies; ids and logging details are added when it is saved. */
export const incidentDraftSchema = z.object({
  occurredAt: z.date(),
  /** When it was reported to an agency, if not when it happened: a complaint qualifies only if reported soon after. */
  reportedAt: z.date().optional(),
  categories: asbCategoryListSchema,
  description: z.string().trim().min(1, 'Say what happened').max(MAX_INCIDENT_DESCRIPTION),
  reportedBy: reportedBySchema,
  evidence: z.array(evidenceTypeSchema).transform((list) => [...new Set(list)]),
});
export type IncidentDraft = z.infer<typeof incidentDraftSchema>;

export const incidentSchema = incidentDraftSchema.extend({
  id: z.string().min(1),
  caseId: z.string().min(1),
  loggedBy: z.string().min(1),
  loggedByName: z.string().optional(),
  loggedAt: z.date(),
});
export type Incident = z.infer<typeof incidentSchema>;

export type IncidentCheck =
  | { ok: true; draft: IncidentDraft; warnings: string[] }
  | { ok: false; errors: FieldError[] };

/** Whether a reported time is in the future, allowing a little clock skew. */
export function isInTheFuture(occurredAt: Date, now: Date): boolean {
  return occurredAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS;
}

/** Things worth a second look about when an incident happened; they don't stop it being saved. */
export function incidentTimeWarnings(occurredAt: Date, now: Date): string[] {
  const limit = new Date(now);
  limit.setUTCFullYear(limit.getUTCFullYear() - OLD_INCIDENT_WARNING_YEARS);
  return occurredAt.getTime() < limit.getTime()
    ? [`This incident is more than ${OLD_INCIDENT_WARNING_YEARS} years ago — check the date is right`]
    : [];
}

/**
 * Checks the time rules for an incident: not in the future (beyond a little clock skew),
 * and a warning (not a refusal) when it is more than two years ago.
 */
export function validateIncident(draft: IncidentDraft, clock: Clock): IncidentCheck {
  const now = clock.now();
  if (Number.isNaN(draft.occurredAt.getTime()))
    return { ok: false, errors: [{ field: 'occurredAt', message: 'Enter the date the incident happened' }] };
  if (isInTheFuture(draft.occurredAt, now))
    return { ok: false, errors: [{ field: 'occurredAt', message: "An incident can't be in the future" }] };
  return { ok: true, draft, warnings: incidentTimeWarnings(draft.occurredAt, now) };
}

export interface IncidentLogging {
  id: string;
  caseId: string;
  loggedBy: string;
  loggedByName?: string;
  loggedAt: Date;
}

export function logIncident(draft: IncidentDraft, logging: IncidentLogging): Incident {
  const incident: Incident = { ...draft, id: logging.id, caseId: logging.caseId, loggedBy: logging.loggedBy, loggedAt: logging.loggedAt };
  if (logging.loggedByName) incident.loggedByName = logging.loggedByName;
  return incident;
}

/** Newest first, by when it happened (then when it was logged). */
export function incidentsNewestFirst(incidents: readonly Incident[]): Incident[] {
  return [...incidents].sort(
    (a, b) => b.occurredAt.getTime() - a.occurredAt.getTime() || b.loggedAt.getTime() - a.loggedAt.getTime(),
  );
}

/** The incident typed on the new-case form, before the case (and its people) exist. */
export interface FirstIncidentDraft {
  occurredAt: Date;
  categories: AsbCategory[];
  description: string;
  evidence: EvidenceType[];
}

/** The first incident is the report that opened the case, so it was reported by the first victim. */
export function firstIncidentOf(created: Pick<Case, 'victims'>, first: FirstIncidentDraft): IncidentDraft {
  const victim = created.victims[0];
  const reportedBy: ReportedBy = victim ? { personId: victim.id, name: victim.name } : { name: 'Not recorded' };
  return { ...first, categories: [...first.categories], evidence: [...first.evidence], reportedBy };
}
