/**
 * The ASB team roster: a team belongs to one tenant (a tenant may hold several, e.g. two district councils);
 * its members have roles, a partner's agency, and the areas they cover. The team sets its own areas and wards.
 */
import { z } from 'zod';
import { areaListSchema, type Area } from '../cases/areas.js';
import { caseReviewSettingsSchema } from '../caseReview/settings.js';
import { agencySchema, roleSchema, type Actor, type Role } from './actor.js';

export const asbTeamSchema = z.object({
  id: z.string().min(1),
  tenantId: z.string().min(1),
  name: z.string().trim().min(1).max(100),
  areas: areaListSchema,
  /** Its ASB Case Review thresholds, local rules and timescales; the defaults until set. */
  caseReview: caseReviewSettingsSchema.optional(),
});
export type AsbTeam = z.infer<typeof asbTeamSchema>;

export const teamMemberSchema = z
  .object({
    tenantId: z.string().min(1),
    /** Entra ID object id, lower case. */
    id: z.string().min(1),
    teamId: z.string().min(1),
    name: z.string().trim().min(1).max(200),
    roles: z.array(roleSchema).min(1),
    agency: agencySchema.optional(),
    areas: z.array(z.string().min(1)).optional(),
  })
  .refine((m) => !m.roles.includes('partner') || (m.roles.length === 1 && m.agency !== undefined), {
    message: 'A partner has only the partner role, and an agency',
  });
export type TeamMember = z.infer<typeof teamMemberSchema>;

/** The roles an ADMIN_IDS (or deprecated MANAGER_IDS) bootstrap gives on first contact. */
export const bootstrapRoles: Record<'admin' | 'manager', Role[]> = { admin: ['admin', 'manager', 'officer'], manager: ['manager', 'officer'] };

export function actorOf(member: TeamMember, name?: string): Actor {
  return {
    tenantId: member.tenantId,
    id: member.id,
    name: name ?? member.name,
    teamId: member.teamId,
    roles: member.roles,
    ...(member.agency ? { agency: member.agency } : {}),
    ...(member.areas?.length ? { areas: member.areas } : {}),
  };
}

export const newTeam = (id: string, tenantId: string, areas: Area[], name = 'ASB team'): AsbTeam => asbTeamSchema.parse({ id, tenantId, name, areas });

const OBJECT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A sign-in name (user principal name): e-mail-like. */
const UPN = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
export const isUpn = (text: string): boolean => UPN.test(text);

/** The `team` card's add/change form: a person picked, or typed as an Entra object id or a sign-in name (UPN). */
export const memberFormSchema = z
  .object({
    memberPerson: z.string().trim().optional(),
    memberObjectId: z.string().trim().optional(),
    memberName: z.string().trim().max(200).optional(),
    memberRoles: z.string().trim().min(1, 'Choose at least one role').transform((v) => v.split(',').map((r) => r.trim()).filter(Boolean)).pipe(z.array(roleSchema).min(1, 'Choose at least one role')),
    memberAgency: z.union([agencySchema, z.literal('')]).optional(),
    memberAreas: z.string().trim().optional(),
  })
  .superRefine((form, ctx) => {
    const id = form.memberPerson || form.memberObjectId;
    if (!id) ctx.addIssue({ code: 'custom', path: ['memberPerson'], message: 'Pick a person, or type their Entra object id or sign-in name' });
    else if (!form.memberPerson && !OBJECT_ID.test(id) && !UPN.test(id)) ctx.addIssue({ code: 'custom', path: ['memberObjectId'], message: 'An Entra object id looks like 00000000-0000-0000-0000-000000000000, and a sign-in name like name@council.gov.uk' });
    if (form.memberRoles.includes('partner') && (form.memberRoles.length > 1 || !form.memberAgency)) ctx.addIssue({ code: 'custom', path: ['memberRoles'], message: 'A partner has only the partner role, and an agency' });
  });
