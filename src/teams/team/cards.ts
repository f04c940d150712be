/** The `team` card (admins): the members with their roles, a form to add or change one, and Remove buttons. */
import { agencies, agencyLabels, roles } from '../../domain/access/actor.js';
import type { TeamMember } from '../../domain/access/roster.js';
import { areasAsLines, type Area } from '../../domain/cases/areas.js';
import { actionSet, card, choiceInput, container, execute, formErrors, heading, note, text, textInput, type Element, type FormState } from '../cardKit.js';
import { peoplePicker } from '../peoplePicker.js';
import { teamFields as t, TeamVerbs } from './verbs.js';
import { CaseReviewVerbs } from '../caseReview/verbs.js';

const memberLine = (m: TeamMember): Element =>
  container(
    [
      text(`**${m.name}** · ${m.roles.join(', ')}${m.agency ? ` · ${agencyLabels[m.agency]}` : ''}${m.areas?.length ? ` · areas: ${m.areas.join(', ')}` : ''}`, { size: 'Small' }),
      { type: 'ActionSet', actions: [execute('Remove', TeamVerbs.remove, { [t.memberId]: m.id }, { associatedInputs: 'none' })] },
    ],
    { separator: true },
  );

/** The team's areas and wards, as the case, risk and visit forms offer them. */
function areasBlock(areas: readonly Area[]): Element[] {
  return [
    text('Areas and wards', { weight: 'Bolder', spacing: 'Medium' }),
    ...areas.map((a) => text(`**${a.name}**: ${a.wards.map((w) => w.name).join(', ')}`, { size: 'Small', spacing: 'None' })),
    actionSet([
      execute('Change areas and wards…', TeamVerbs.areasForm, {}, { associatedInputs: 'none' }),
      execute('Start another ASB team…', TeamVerbs.newTeamForm, {}, { associatedInputs: 'none' }),
      execute('Case Review settings…', CaseReviewVerbs.settings, {}, { associatedInputs: 'none' }),
    ]),
  ];
}

export function areasFormCard(areas: readonly Area[], form: FormState): Element {
  const shown = { ...form, values: { [t.teamAreas]: areasAsLines(areas), ...form.values } };
  return card([
    heading('Areas and wards'),
    text('One line per area: its name, a colon, then its wards separated by commas. The case, risk, visit and target group forms offer exactly these.'),
    note('An area or ward that open cases are in stays on the list. Every change is audited.'),
    ...formErrors(form),
    ...textInput(shown, t.teamAreas, { label: 'Areas and their wards', multiline: true, maxLength: 4000, placeholder: 'Kingsford: Kingsford Central, Quayside, Mill Hill' }),
  ], [execute('Save areas', TeamVerbs.saveAreas, {}, { style: 'positive' }), execute('Back', TeamVerbs.show, {}, { associatedInputs: 'none' })]);
}

export function teamCard(members: readonly TeamMember[], seen: ReadonlyArray<{ id: string; name: string }>, search: boolean, form: FormState = { values: {}, errors: {} }, banner?: string, areas: readonly Area[] = []): Element {
  const onTeam = new Set(members.map((m) => m.id));
  return card(
    [
      heading('Your ASB team'),
      ...(banner ? [text(banner, { weight: 'Bolder' })] : []),
      note('Every change is audited. Remove someone only once their open cases are reassigned.'),
      ...members.map(memberLine),
      text('Add or change a member', { weight: 'Bolder', spacing: 'Medium' }),
      ...formErrors(form),
      ...peoplePicker(form, t.person, seen.filter((p) => !onTeam.has(p.id)), { label: 'Person', search }),
      ...textInput(form, t.objectId, { label: 'Or their sign-in name or Entra object id', placeholder: 'name@council.gov.uk' }),
      ...textInput(form, t.name, { label: 'Name (if the assistant has not seen them yet)' }),
      ...choiceInput(form, t.roles, roles.map((r) => ({ title: r, value: r })), { label: 'Roles', multi: true }),
      ...choiceInput(form, t.agency, agencies.map((a) => ({ title: agencyLabels[a], value: a })), { label: "Partner's agency" }),
      ...textInput(form, t.areas, { label: 'Areas they cover (area ids, comma separated; empty for all)' }),
      ...areasBlock(areas),
    ],
    [execute('Save member', TeamVerbs.save, {})],
  );
}

/** Another ASB team in the same organisation (two district councils sharing a tenant), with its first admin. */
export function newTeamFormCard(seen: ReadonlyArray<{ id: string; name: string }>, search: boolean, form: FormState): Element {
  return card([
    heading('Start another ASB team'),
    text("For another council or service in this organisation. Its members see only its own cases, and yours see none of them. The person you name becomes its first admin, manager and officer, and sets its areas, wards and members."),
    ...formErrors(form),
    ...textInput(form, t.newTeamName, { label: 'Team name', maxLength: 100, placeholder: 'East District ASB team' }),
    ...peoplePicker(form, t.person, seen, { label: 'Its first admin', search }),
    ...textInput(form, t.objectId, { label: 'Or their sign-in name or Entra object id', placeholder: 'name@council.gov.uk' }),
    ...textInput(form, t.name, { label: 'Name (if the assistant has not seen them yet)' }),
  ], [execute('Start the team', TeamVerbs.createTeam, {}, { style: 'positive' }), execute('Back', TeamVerbs.show, {}, { associatedInputs: 'none' })]);
}
