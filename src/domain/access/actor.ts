/**
 * Who is acting: resolved once per turn from the activity's tenant and Entra object id and the ASB team roster,
 * never from a card's data. Officer, manager and admin combine; a partner has only the partner role and an agency.
 */
import { z } from 'zod';

export const staffRoles = ['officer', 'manager', 'admin'] as const;
export const roles = [...staffRoles, 'partner'] as const;
export type StaffRole = (typeof staffRoles)[number];
export type Role = (typeof roles)[number];
export const roleSchema = z.enum(roles);

/** Partner agencies a case can be shared with under s.115 Crime and Disorder Act 1998 or with consent. */
export const agencies = ['police', 'housing', 'youth-offending', 'social-care', 'fire', 'health', 'education', 'probation', 'other'] as const;
export type Agency = (typeof agencies)[number];
export const agencySchema = z.enum(agencies);

export const agencyLabels: Record<Agency, string> = {
  police: 'Police',
  housing: 'Housing provider',
  'youth-offending': 'Youth offending',
  'social-care': 'Social care',
  fire: 'Fire and rescue',
  health: 'Health',
  education: 'Education',
  probation: 'Probation',
  other: 'Other agency',
};

export interface Actor {
  tenantId: string;
  /** Entra ID object id. */
  id: string;
  name: string;
  /** The ASB team they are on; none when they are on no team (then they may do nothing but ask for help). */
  teamId?: string;
  roles: readonly Role[];
  /** A partner's agency. */
  agency?: Agency;
  /** The areas they cover; none means every area of the team. */
  areas?: readonly string[];
}

export const hasRole = (actor: Pick<Actor, 'roles'>, role: Role): boolean => actor.roles.includes(role);
export const isStaff = (actor: Pick<Actor, 'roles' | 'teamId'>): boolean =>
  actor.teamId !== undefined && (hasRole(actor, 'officer') || hasRole(actor, 'manager'));
/** The teams whose cases a list or search may cover: the actor's own, if they are staff on it. */
export const teamScope = (actor: Pick<Actor, 'roles' | 'teamId'>): string[] => (isStaff(actor) && actor.teamId ? [actor.teamId] : []);
