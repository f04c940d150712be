/**
 * The ASB team roster: a team belongs to one tenant (a tenant may hold several, e.g. two district councils);
 * its members have roles, a partner's agency, and the areas they cover. The team sets its own areas and wards.
 */
import { z } from 'zod';
import { areaListSchema, type Area } from '../cases/areas.js';
import { agencySchema, roleSchema, type Actor, type Role } from './actor.js';

export const asbTeamSchema = z.object({
  id: z.string().min(1),
  tenantId: z.string().min(1),
  name: z.string().trim().min(1).max(100),
  areas: areaListSchema,
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
