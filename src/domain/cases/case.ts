/** The case aggregate: what gets stored for each ASB case, and the rules for changing it. */
import { z } from 'zod';
import { caseShareSchema } from '../access/sharing.js';
import { riskLevelSchema } from '../riskLevel.js';
import { asbCategoryListSchema } from './categories.js';
import { caseClosureSchema } from './closure.js';
import type { NewId } from './ids.js';
import { perpetratorSchema, victimSchema, witnessSchema, type Perpetrator, type Victim, type Witness } from './people.js';
import { normalisePostcode } from './postcode.js';
import { caseReferenceSchema } from './reference.js';
import { caseSourceSchema } from './sources.js';
import { caseStatusSchema, closureFromChange, statusChangeSchema, type StatusChange } from './status.js';

export const MAX_POLICE_REFERENCE = 40;
export const MAX_POLICE_REFERENCES = 10;
export const MAX_PLACE_LENGTH = 200;

export const locationSchema = z
  .object({
    address: z.string().trim().min(1).max(300).optional(),
    /** A named place when there is no address: "Kingsford bus station", "the park on Mill Lane". */
    place: z.string().trim().min(1).max(MAX_PLACE_LENGTH).optional(),
    /** Always stored in standard form, e.g. "SW1A 1AA". */
    postcode: z
      .string()
      .refine((postcode) => normalisePostcode(postcode) === postcode, 'A stored postcode is in standard form, e.g. SW1A 1AA')
      .optional(),
  })
  .refine((location) => location.address !== undefined || location.place !== undefined, 'Enter an address or a place');
export type CaseLocation = z.infer<typeof locationSchema>;

export const policeReferenceSchema = z.string().trim().min(1).max(MAX_POLICE_REFERENCE);

export const caseSchema = z.object({
  id: z.string().min(1),
  reference: caseReferenceSchema,
  status: caseStatusSchema,
  statusHistory: z.array(statusChangeSchema),
  area: z.string().min(1),
  ward: z.string().min(1),
  categories: asbCategoryListSchema,
  location: locationSchema,
  policeReferences: z.array(policeReferenceSchema).max(MAX_POLICE_REFERENCES),
  source: caseSourceSchema,
  /** The owning officer's AAD object id. */
  ownerId: z.string().min(1),
  ownerName: z.string(),
  teamId: z.string().min(1),
  /** The Microsoft 365 tenant of the case's team; absent on cases opened before it was kept (their team id is their tenant's). */
  tenantId: z.string().min(1).optional(),
  victims: z.array(victimSchema),
  perpetrators: z.array(perpetratorSchema),
  witnesses: z.array(witnessSchema),
  createdAt: z.date(),
  updatedAt: z.date(),
  /** Bumped on every change; storage only writes when the stored version is the one read. */
  version: z.number().int().min(1),
  closure: caseClosureSchema.optional(),
  /** The partner agencies the case is shared with (src/domain/access/sharing.ts). */
  shares: z.array(caseShareSchema).optional(),
  /** Placeholder until risk assessments land (issue 5). */
  riskLevel: riskLevelSchema.optional(),
});
export type Case = z.infer<typeof caseSchema>;

export type VictimDraft = Omit<Victim, 'id'>;
export type PerpetratorDraft = Omit<Perpetrator, 'id'>;
export type WitnessDraft = Omit<Witness, 'id'>;

/** What the officer supplies for a new case; storage adds the id, reference and owner. */
export interface NewCaseDraft {
  area: string;
  ward: string;
  categories: Case['categories'];
  location: CaseLocation;
  policeReferences: string[];
  source: Case['source'];
  victims: VictimDraft[];
  perpetrators: PerpetratorDraft[];
  witnesses: WitnessDraft[];
}

export interface CaseCreation {
  id: string;
  reference: string;
  ownerId: string;
  ownerName: string;
  teamId: string;
  tenantId?: string;
  at: Date;
}

export function createCase(draft: NewCaseDraft, creation: CaseCreation, makeId: NewId): Case {
  return {
    id: creation.id,
    reference: creation.reference,
    status: 'open',
    statusHistory: [],
    area: draft.area,
    ward: draft.ward,
    categories: [...draft.categories],
    location: { ...draft.location },
    policeReferences: [...draft.policeReferences],
    source: draft.source,
    ownerId: creation.ownerId,
    ownerName: creation.ownerName,
    teamId: creation.teamId,
    ...(creation.tenantId ? { tenantId: creation.tenantId } : {}),
    victims: draft.victims.map((victim) => ({ ...victim, id: makeId() })),
    perpetrators: draft.perpetrators.map((perpetrator) => ({ ...perpetrator, id: makeId() })),
    witnesses: draft.witnesses.map((witness) => ({ ...witness, id: makeId() })),
    createdAt: creation.at,
    updatedAt: creation.at,
    version: 1,
  };
}

/** The next version of a case after a change made at `at`. */
function revised(current: Case, at: Date, changes: Partial<Case>): Case {
  return { ...current, ...changes, updatedAt: at, version: current.version + 1 };
}

/** Applies an accepted status change (from `changeStatus`). Reopening clears the closure. */
export function applyStatusChange(current: Case, change: StatusChange): Case {
  if (change.from !== current.status) throw new Error(`Status change from ${change.from} does not match case status ${current.status}`);
  const closure = closureFromChange(change);
  const next = revised(current, change.at, { status: change.to, statusHistory: [...current.statusHistory, change] });
  if (closure) next.closure = closure;
  else delete next.closure;
  return next;
}

export type PersonToAdd =
  | { role: 'victim'; person: VictimDraft }
  | { role: 'perpetrator'; person: PerpetratorDraft }
  | { role: 'witness'; person: WitnessDraft };

export function addPerson(current: Case, toAdd: PersonToAdd, id: string, at: Date): Case {
  switch (toAdd.role) {
    case 'victim':
      return revised(current, at, { victims: [...current.victims, { ...toAdd.person, id }] });
    case 'perpetrator':
      return revised(current, at, { perpetrators: [...current.perpetrators, { ...toAdd.person, id }] });
    case 'witness':
      return revised(current, at, { witnesses: [...current.witnesses, { ...toAdd.person, id }] });
  }
}

export function reassignCase(current: Case, owner: { id: string; name: string; teamId?: string }, at: Date): Case {
  return revised(current, at, { ownerId: owner.id, ownerName: owner.name, teamId: owner.teamId ?? current.teamId });
}

/** Bumps version and updatedAt, e.g. when an incident or note is added to the case. */
export function touchCase(current: Case, at: Date): Case {
  return revised(current, at, {});
}

/** Which team's caseload and which area a case is in: its incidents carry it too, for reads by team and area. */
export type CasePlace = Pick<Case, 'teamId' | 'area'>;

/** Where the case officer's reminders go: the case's tenant (the team id for cases opened before it was kept). */
export const tenantOf = (current: Pick<Case, 'tenantId' | 'teamId'>): string => current.tenantId ?? current.teamId;

export function findPerson(current: Case, personId: string): { role: 'victim' | 'perpetrator' | 'witness'; name: string } | undefined {
  const victim = current.victims.find((p) => p.id === personId);
  if (victim) return { role: 'victim', name: victim.name };
  const perpetrator = current.perpetrators.find((p) => p.id === personId);
  if (perpetrator) return { role: 'perpetrator', name: perpetrator.name };
  const witness = current.witnesses.find((p) => p.id === personId);
  if (witness) return { role: 'witness', name: witness.name };
  return undefined;
}
