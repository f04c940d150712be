/**
 * Who someone is to the assistant: resolved from their tenant and Entra object id against the roster, with
 * the ADMIN_IDS bootstrap and local mode. Also the roster changes an admin makes, each audited.
 */
import { randomUUID } from 'node:crypto';
import type { AuditLog } from '../db/audit.js';
import type { RosterRepository } from '../db/roster.js';
import { agencies, staffRoles, type Actor, type Agency, type Role } from '../domain/access/actor.js';
import { decide } from '../domain/access/policy.js';
import { actorOf, bootstrapRoles, newTeam, type AsbTeam, type TeamMember } from '../domain/access/roster.js';
import { droppedInUse, type Area } from '../domain/cases/areas.js';
import type { Clock } from '../domain/clock.js';
import { defaultCaseReviewSettings, type CaseReviewSettings } from '../domain/caseReview/settings.js';

export interface RosterSettings {
  /**
   * Local mode (no BOT_ID and no ADMIN_IDS): everyone is officer, manager and admin of one team per tenant, so
   * the Playground works out of the box. If MANAGER_IDS is set there, only they are managers.
   */
  localMode: boolean;
  /** Entra object ids (lower case) made admin, manager and officer of their tenant's team on first contact. */
  adminIds: readonly string[];
  /** Deprecated alias: made manager and officer of their tenant's team on first contact. */
  managerIds: readonly string[];
  /** The areas and wards a new team starts with, until its admin sets its own. */
  defaultAreas: Area[];
}

export interface RosterServiceDeps {
  roster: RosterRepository;
  audit: AuditLog;
  clock: Clock;
  settings: RosterSettings;
}

/** The team a tenant's bootstrap admins and managers join: one per tenant, found by id so two first contacts agree. */
const bootstrapTeamId = (tenantId: string) => tenantId;

export class RosterService {
  constructor(private readonly deps: RosterServiceDeps) {}

  get localMode(): boolean {
    return this.deps.settings.localMode;
  }

  /** The actor for this person; without a teamId when they are on no team. */
  async resolve(tenantId: string, aadObjectId: string, name: string): Promise<Actor> {
    const id = aadObjectId.toLowerCase();
    const { settings, roster } = this.deps;
    if (settings.localMode) return { tenantId, id, name, teamId: bootstrapTeamId(tenantId), roles: this.localRoles(id) };
    const member = await roster.member(tenantId, id);
    if (member) return actorOf(member, name);
    const bootstrap = settings.adminIds.includes(id) ? bootstrapRoles.admin : settings.managerIds.includes(id) ? bootstrapRoles.manager : undefined;
    if (!bootstrap) return { tenantId, id, name, roles: [] };
    const team = await this.bootstrapTeam(tenantId);
    const added = await roster.addMemberOnce({ tenantId, id, teamId: team.id, name: name || 'Administrator', roles: bootstrap });
    await this.audit({ id, name }, 'create', `member:${id}`, ['roles', 'teamId']);
    return actorOf(added, name);
  }

  /** The tenant's first team, made with the default areas the first time someone is bootstrapped. */
  private async bootstrapTeam(tenantId: string): Promise<AsbTeam> {
    const existing = await this.deps.roster.teamsInTenant(tenantId);
    return existing[0] ?? this.deps.roster.addTeamOnce(newTeam(bootstrapTeamId(tenantId), tenantId, this.deps.settings.defaultAreas));
  }

  /** The names of the admins someone not on a team should ask. */
  async adminNames(tenantId: string): Promise<string[]> {
    const teams = await this.deps.roster.teamsInTenant(tenantId);
    const admins = (await Promise.all(teams.map((t) => this.deps.roster.withRole(t.id, 'admin')))).flat();
    return [...new Set(admins.map((a) => a.name))].slice(0, 5);
  }

  /**
   * The team's areas and wards; the default seed when the team has not set its own (or in local mode).
   * `turnActor`, the actor of the turn asking, lets the turn's reads of its own team share one (see teamRecord).
   */
  async areasOf(teamId: string | undefined, turnActor?: Actor): Promise<Area[]> {
    return (await this.teamRecord(teamId, turnActor))?.areas ?? this.deps.settings.defaultAreas;
  }

  /** The team's ASB Case Review settings; the defaults until its admin or a manager sets them. */
  async caseReviewSettingsOf(teamId: string | undefined, turnActor?: Actor): Promise<CaseReviewSettings> {
    return (await this.teamRecord(teamId, turnActor))?.caseReview ?? defaultCaseReviewSettings;
  }

  /** The record of each turn actor's own team, read once for the turn (an actor is resolved afresh each turn). */
  private readonly turnTeams = new WeakMap<Actor, Promise<AsbTeam | undefined>>();

  /**
   * A turn reads its actor's team for the card's areas and again for the case's Case Review thresholds: one read
   * serves both. A read for anyone else, or without a turn, goes to the database; the actor's own change of their
   * team (areas, settings) drops the turn's read.
   */
  private teamRecord(teamId: string | undefined, turnActor?: Actor): Promise<AsbTeam | undefined> {
    if (!teamId) return Promise.resolve(undefined);
    if (!turnActor || turnActor.teamId !== teamId) return this.deps.roster.team(teamId);
    let read = this.turnTeams.get(turnActor);
    if (!read) {
      read = this.deps.roster.team(teamId);
      this.turnTeams.set(turnActor, read);
      read.catch(() => this.turnTeams.delete(turnActor));
    }
    return read;
  }

  /** A team admin or manager sets the team's Case Review settings; audited with the fields changed. */
  async setCaseReviewSettings(actor: Actor, settings: CaseReviewSettings): Promise<{ ok: true } | { ok: false; message: string }> {
    if (!decide(actor, 'case-review-settings', { kind: 'team', teamId: actor.teamId }).allow || !actor.teamId) return { ok: false, message: 'Only a team administrator or manager can change the Case Review settings.' };
    const before = await this.caseReviewSettingsOf(actor.teamId);
    // In local mode the tenant's one team has no roster record until something of its own is stored.
    await this.deps.roster.addTeamOnce(newTeam(actor.teamId, actor.tenantId, this.deps.settings.defaultAreas));
    await this.deps.roster.setCaseReviewSettings(actor.teamId, settings);
    this.turnTeams.delete(actor);
    const changed = (['thresholds', 'timescales'] as const).flatMap((part) =>
      Object.keys({ ...before[part], ...settings[part] }).filter((k) => (before[part] as Record<string, unknown>)[k] !== (settings[part] as Record<string, unknown>)[k]).map((k) => `caseReview.${part}.${k}`));
    await this.audit(actor, 'update', `team:${actor.teamId}`, changed.length ? changed : ['caseReview']);
    return { ok: true };
  }

  /** The managers of a team, to escalate to; in local mode the deprecated MANAGER_IDS. */
  async managersOf(teamId: string): Promise<Array<{ tenantId: string; id: string }>> {
    // In local mode the team is its tenant, and its managers are MANAGER_IDS (nobody is on a roster).
    if (this.deps.settings.localMode) return this.deps.settings.managerIds.map((id) => ({ tenantId: teamId, id }));
    const managers = await this.deps.roster.withRole(teamId, 'manager');
    return managers.map((m) => ({ tenantId: m.tenantId, id: m.id }));
  }

  /** The agencies of the partners on the actor's team: those a case can be shared with. */
  async partnerAgencies(actor: Actor): Promise<Agency[]> {
    if (!actor.teamId) return [];
    const partners = await this.deps.roster.withRole(actor.teamId, 'partner');
    return agencies.filter((a) => partners.some((p) => p.agency === a));
  }

  /** The partners on a team, each with their agency: those asked for a report for an ASB Case Review. */
  async partnersOf(teamId: string): Promise<Array<{ id: string; name: string; agency: Agency }>> {
    const partners = await this.deps.roster.withRole(teamId, 'partner');
    return partners.flatMap((p) => (p.agency ? [{ id: p.id, name: p.name, agency: p.agency }] : []));
  }

  /** The team a person is on; in local mode their tenant's one team. */
  async teamOf(tenantId: string, aadObjectId: string): Promise<string | undefined> {
    if (this.deps.settings.localMode) return bootstrapTeamId(tenantId);
    return (await this.deps.roster.member(tenantId, aadObjectId.toLowerCase()))?.teamId;
  }

  /** Local mode's roles: everyone is staff; with MANAGER_IDS set, only they are managers. */
  private localRoles(id: string): Role[] {
    const { managerIds } = this.deps.settings;
    return managerIds.length === 0 || managerIds.includes(id) ? [...staffRoles] : ['officer', 'admin'];
  }

  /**
   * The team's members under their names from the Teams roster (`seen`: the people the assistant has seen in
   * the tenant, by roster name). In local mode nobody need be stored: everyone seen is on the team.
   */
  async members(actor: Actor, seen: ReadonlyArray<{ id: string; name: string }> = []): Promise<TeamMember[] | undefined> {
    if (!decide(actor, 'manage-team', { kind: 'team', teamId: actor.teamId }).allow || !actor.teamId) return undefined;
    const teamId = actor.teamId;
    const names = new Map(seen.map((p) => [p.id, p.name]));
    const stored = (await this.deps.roster.membersOf(teamId)).map((m) => ({ ...m, name: names.get(m.id) ?? m.name }));
    if (!this.deps.settings.localMode) return stored;
    const onRoster = new Set(stored.map((m) => m.id));
    const local = seen.filter((p) => !onRoster.has(p.id)).map((p): TeamMember => ({ tenantId: actor.tenantId, id: p.id, teamId, name: p.name, roles: this.localRoles(p.id) }));
    return [...stored, ...local].sort((a, b) => a.name.localeCompare(b.name));
  }

  /** An admin adds or changes a member of their own team. */
  async putMember(actor: Actor, member: Omit<TeamMember, 'tenantId' | 'teamId'>): Promise<{ ok: true } | { ok: false; message: string }> {
    if (!decide(actor, 'manage-team', { kind: 'team', teamId: actor.teamId }).allow || !actor.teamId) return { ok: false, message: NOT_ADMIN };
    const existing = await this.deps.roster.member(actor.tenantId, member.id);
    if (existing && existing.teamId !== actor.teamId) return { ok: false, message: 'That person is on another ASB team in this organisation.' };
    await this.deps.roster.putMember({ ...member, tenantId: actor.tenantId, teamId: actor.teamId });
    await this.audit(actor, existing ? 'update' : 'create', `member:${member.id.toLowerCase()}`, ['roles', 'agency', 'areas']);
    return { ok: true };
  }

  /**
   * An admin starts another ASB team in their organisation (two district councils sharing a tenant): a team of
   * its own, with the council's default areas until its admin sets them, and its first admin, manager and officer.
   */
  async createTeam(actor: Actor, name: string, firstAdmin: { id: string; name: string }): Promise<{ ok: true; teamId: string } | { ok: false; message: string }> {
    if (!decide(actor, 'manage-team', { kind: 'team', teamId: actor.teamId }).allow || !actor.teamId) return { ok: false, message: NOT_ADMIN };
    if (this.deps.settings.localMode) return { ok: false, message: 'In local mode everyone is on one team. Set ADMIN_IDS to run several ASB teams in one organisation.' };
    if (await this.deps.roster.member(actor.tenantId, firstAdmin.id.toLowerCase())) return { ok: false, message: 'That person is already on an ASB team in this organisation.' };
    const teamId = `team-${randomUUID()}`;
    await this.deps.roster.addTeamOnce(newTeam(teamId, actor.tenantId, this.deps.settings.defaultAreas, name));
    await this.deps.roster.putMember({ id: firstAdmin.id.toLowerCase(), name: firstAdmin.name, roles: [...bootstrapRoles.admin], tenantId: actor.tenantId, teamId });
    await this.audit(actor, 'create', `team:${teamId}`, ['name', 'members']);
    return { ok: true, teamId };
  }

  /** An admin removes a member; refused while they still own open cases. */
  async removeMember(actor: Actor, memberId: string, openCasesOwned: (id: string) => Promise<number>): Promise<{ ok: true } | { ok: false; message: string }> {
    if (!decide(actor, 'manage-team', { kind: 'team', teamId: actor.teamId }).allow) return { ok: false, message: NOT_ADMIN };
    const existing = await this.deps.roster.member(actor.tenantId, memberId);
    if (!existing || existing.teamId !== actor.teamId) return { ok: false, message: "That person isn't on your team." };
    const open = await openCasesOwned(existing.id);
    if (open > 0) return { ok: false, message: `${existing.name} still owns ${open} open case${open === 1 ? '' : 's'}. Reassign them first.` };
    await this.deps.roster.removeMember(actor.tenantId, existing.id);
    await this.audit(actor, 'delete', `member:${existing.id}`, ['roles']);
    return { ok: true };
  }

  /** The team's areas and wards, set by its admins; an area or ward open cases still use cannot be dropped. */
  async setAreas(actor: Actor, areas: Area[], inUse: () => Promise<Array<{ area: string; ward: string }>> = async () => []): Promise<{ ok: true } | { ok: false; message: string }> {
    if (!decide(actor, 'manage-team', { kind: 'team', teamId: actor.teamId }).allow || !actor.teamId) return { ok: false, message: NOT_ADMIN };
    const dropped = droppedInUse(areas, await inUse(), await this.areasOf(actor.teamId));
    if (dropped.length > 0) return { ok: false, message: `Open cases are still in ${dropped.join('; ')}: keep ${dropped.length === 1 ? 'it' : 'them'} on the list (you can add new ones), or move those cases first.` };
    await this.deps.roster.addTeamOnce(newTeam(actor.teamId, actor.tenantId, areas));
    await this.deps.roster.setAreas(actor.teamId, areas);
    this.turnTeams.delete(actor);
    await this.audit(actor, 'update', `team:${actor.teamId}`, ['areas']);
    return { ok: true };
  }

  private async audit(actor: { id: string; name: string }, action: 'create' | 'update' | 'delete', entityId: string, changedFields: string[]): Promise<void> {
    await this.deps.audit.record({ at: this.deps.clock.now(), actorId: actor.id, actorName: actor.name, action, entity: 'team', entityId, changedFields });
  }
}

const NOT_ADMIN = "Only your team's administrators can change the team.";
