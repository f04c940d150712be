/** `team` (admins): list the team's members, add or change one (roles, agency, areas), remove one. */
import type { TurnContext } from 'botbuilder';
import type { Deps } from '../../deps.js';
import { isUpn, memberFormSchema } from '../../domain/access/roster.js';
import { isLocalMode } from '../../config.js';
import { teamsRoster } from '../roster.js';
import { parseForm } from '../../domain/cases/forms.js';
import type { Actor } from '../../domain/access/actor.js';
import type { AssistantApp } from '../app.js';
import { asCard, attach, emptyForm, type CardData, type FormState } from '../cardKit.js';
import { messageCard } from '../cases/caseCards.js';
import { onCommand, onExecute } from '../routes.js';
import { areasFormCard, newTeamFormCard, teamCard } from './cards.js';
import { parseAreaLines } from '../../domain/cases/areas.js';
import { teamFields as t, TeamVerbs } from './verbs.js';

const UNKNOWN_UPN = "I can't find anyone with that sign-in name. Ask them to say hello to the assistant, or add them from a channel of a team they are in, or type their Entra object id.";

export function registerTeam(app: AssistantApp, deps: Deps): void {
  const roster = deps.roster;
  const render = async (actor: Actor, form?: FormState, banner?: string) => {
    const seen = await teamsRoster(deps).seen(deps.references, actor.tenantId);
    const members = await roster.members(actor, seen);
    if (!members) return messageCard("Only your team's administrators can change the team.");
    return teamCard(members, seen, !isLocalMode(deps.config), form, banner, await roster.areasOf(actor.teamId), roster.localMode);
  };
  /** A sign-in name must be someone Teams knows; an object id (typed or from Teams' people search) may be new. */
  const personNamed = async (context: TurnContext, actor: Actor, typed: string, typedName?: string): Promise<{ id: string; name: string } | undefined> => {
    const names = teamsRoster(deps);
    const known = (await names.seen(deps.references, actor.tenantId)).find((p) => p.id === typed) ?? (await names.person(context, typed));
    if (!known && isUpn(typed)) return undefined;
    const id = known?.id ?? typed.toLowerCase();
    return { id, name: known?.name ?? typedName ?? id };
  };
  const newTeamForm = async (actor: Actor, form: FormState = emptyForm()) =>
    asCard(newTeamFormCard(await teamsRoster(deps).seen(deps.references, actor.tenantId), !isLocalMode(deps.config), form));
  const openCasesOwned = async (actor: Actor, id: string) =>
    (await deps.caseFile.list({ ownerId: id, activeOnly: true }, actor, 0, 1)).total;

  onCommand(app, /^\s*team\s*$/i, 'team', 'manage-team', async (context, actor) => {
    await context.sendActivity(attach(await render(actor)));
  });
  onExecute(app, TeamVerbs.show, 'manage-team', async (_c, _data, actor) => asCard(await render(actor)));
  onExecute<CardData>(app, TeamVerbs.save, 'manage-team', async (context, data, actor) => {
    const parsed = parseForm(memberFormSchema, data);
    const typedValues = Object.fromEntries(Object.entries(data).filter(([, value]) => typeof value === 'string').map(([k, value]) => [k, String(value)]));
    const refuse = (field: string, message: string) => render(actor, { values: typedValues, errors: { [field]: message } });
    if (!parsed.ok) return asCard(await render(actor, { values: parsed.values, errors: Object.fromEntries(parsed.errors.map((e) => [e.field, e.message])) }));
    const v = parsed.value;
    const person = await personNamed(context, actor, (v.memberPerson || v.memberObjectId)!, v.memberName);
    if (!person) return asCard(await refuse(t.objectId, UNKNOWN_UPN));
    const { id, name } = person;
    const areas = (v.memberAreas ?? '').split(',').map((a) => a.trim()).filter(Boolean);
    const teamAreas = await roster.areasOf(actor.teamId);
    if (areas.some((a) => !teamAreas.some((known) => known.id === a))) return asCard(await refuse(t.areas, "Choose areas from the team's list"));
    const saved = await roster.putMember(actor, { id, name, roles: v.memberRoles, ...(v.memberAgency ? { agency: v.memberAgency } : {}), ...(areas.length ? { areas } : {}) });
    return asCard(await render(actor, undefined, saved.ok ? `${name} saved.` : saved.message));
  });
  onExecute(app, TeamVerbs.areasForm, 'manage-team', async (_c, _data, actor) => asCard(areasFormCard(await roster.areasOf(actor.teamId), emptyForm())));
  onExecute<CardData>(app, TeamVerbs.saveAreas, 'manage-team', async (_c, data, actor) => {
    const typed = typeof data[t.teamAreas] === 'string' ? String(data[t.teamAreas]).slice(0, 4000) : '';
    const current = await roster.areasOf(actor.teamId);
    const again = (message: string) => asCard(areasFormCard(current, { values: { [t.teamAreas]: typed }, errors: { [t.teamAreas]: message } }));
    const parsed = parseAreaLines(typed, current);
    if (!parsed.ok) return again(parsed.message);
    const saved = await roster.setAreas(actor, parsed.areas, () => deps.caseFile.areasInUse(actor.teamId!));
    return saved.ok ? asCard(await render(actor, undefined, `Areas and wards saved: ${parsed.areas.length} area${parsed.areas.length === 1 ? '' : 's'}.`)) : again(saved.message);
  });
  onExecute(app, TeamVerbs.newTeamForm, 'manage-team', async (_c, _data, actor) => newTeamForm(actor));
  onExecute<CardData>(app, TeamVerbs.createTeam, 'manage-team', async (context, data, actor) => {
    const values = Object.fromEntries(Object.entries(data).filter(([, value]) => typeof value === 'string').map(([k, value]) => [k, String(value).slice(0, 200)]));
    const again = (field: string, message: string) => newTeamForm(actor, { values, errors: { [field]: message } });
    const name = (values[t.newTeamName] ?? '').trim();
    if (!name) return again(t.newTeamName, 'Give the team a name');
    const typed = (values[t.person] || values[t.objectId] || '').trim();
    if (!typed) return again(t.objectId, 'Choose or type its first admin');
    const person = await personNamed(context, actor, typed, values[t.name]?.trim() || undefined);
    if (!person) return again(t.objectId, UNKNOWN_UPN);
    const created = await roster.createTeam(actor, name, person);
    return created.ok ? asCard(await render(actor, undefined, `${name} started: ${person.name} is its first admin.`)) : again('_form', created.message);
  });
  onExecute<CardData>(app, TeamVerbs.remove, 'manage-team', async (_c, data, actor) => {
    const removed = await roster.removeMember(actor, String(data[t.memberId] ?? ''), (id) => openCasesOwned(actor, id));
    return asCard(await render(actor, undefined, removed.ok ? 'Removed from the team.' : removed.message));
  });
}
