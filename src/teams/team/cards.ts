/** The `team` card (admins): the members with their roles, a form to add or change one, and Remove buttons. */
import { agencies, agencyLabels, roles } from '../../domain/access/actor.js';
import type { TeamMember } from '../../domain/access/roster.js';
import { areaName, areasAsLines, type Area } from '../../domain/cases/areas.js';
import { actionSet, card, choiceInput, container, execute, formErrors, heading, note, text, textInput, type Element, type FormState } from '../cardKit.js';
import { peoplePicker } from '../peoplePicker.js';
import { teamFields as t, TeamVerbs } from './verbs.js';
import { CaseReviewVerbs } from '../caseReview/verbs.js';

const memberLine = (areas: readonly Area[], removable: boolean) => (m: TeamMember): Element =>
  container(
    [
      text(`**${m.name}** · ${m.roles.join(', ')}${m.agency ? ` · ${agencyLabels[m.agency]}` : ''}${m.areas?.length ? ` · areas: ${m.areas.map((a) => areaName(areas, a)).join(', ')}` : ''}`, { size: 'Small' }),
      ...(removable ? [{ type: 'ActionSet', actions: [execute('Remove', TeamVerbs.remove, { [t.memberId]: m.id }, { associatedInputs: 'none' })] }] : []),
    ],
    { separator: true },
  );

/** A multiline input that fills its container's height. */
const stretched = (element: Element): Element => (element.type === 'Input.Text' ? { ...element, height: 'stretch' } : element);

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
    // A council's list runs to a dozen lines: the box is tall enough to read it without scrolling.
    container(textInput(shown, t.teamAreas, { label: 'Areas and their wards', multiline: true, maxLength: 4000, placeholder: 'Kingsford: Kingsford Central, Quayside, Mill Hill' }).map(stretched), { minHeight: '320px' }),
  ], [execute('Save areas', TeamVerbs.saveAreas, {}, { style: 'positive' }), execute('Back', TeamVerbs.show, {}, { associatedInputs: 'none' })]);
}

export function teamCard(
  members: readonly TeamMember[], seen: ReadonlyArray<{ id: string; name: string }>, search: boolean, form: FormState = { values: {}, errors: {} }, banner?: string, areas: readonly Area[] = [],
  localMode = false,
): Element {
  const onTeam = new Set(members.map((m) => m.id));
  // In local mode there is no roster to change: everyone seen is on the team, and only the areas can be set.
  const memberForm: Element[] = localMode
    ? []
    : [
        text('Add or change a member', { weight: 'Bolder', spacing: 'Medium' }),
        ...formErrors(form),
        ...peoplePicker(form, t.person, seen.filter((p) => !onTeam.has(p.id)), { label: 'Person', search }),
        ...textInput(form, t.objectId, { label: 'Or their sign-in name or Entra object id', placeholder: 'name@council.gov.uk' }),
        ...textInput(form, t.name, { label: 'Name (if the assistant has not seen them yet)' }),
        ...choiceInput(form, t.roles, roles.map((r) => ({ title: r, value: r })), { label: 'Roles', multi: true }),
        ...choiceInput(form, t.agency, agencies.map((a) => ({ title: agencyLabels[a], value: a })), { label: "Partner's agency" }),
        ...choiceInput(form, t.areas, areas.map((a) => ({ title: a.name, value: a.id })), { label: 'Areas they cover (none chosen: all areas)', multi: true }),
      ];
  return card(
    [
      heading('Your ASB team'),
      ...(banner ? [text(banner, { weight: 'Bolder' })] : []),
      note(localMode
        ? 'Local mode (no ADMIN_IDS): everyone who uses the assistant in this organisation is on the team. Set ADMIN_IDS to keep a roster.'
        : 'Every change is audited. Remove someone only once their open cases are reassigned.'),
      ...(members.length === 0 ? [text('Nobody has used the assistant yet.', { size: 'Small' })] : []),
      ...members.map(memberLine(areas, !localMode)),
      ...memberForm,
      ...areasBlock(areas),
    ],
    localMode ? [] : [execute('Save member', TeamVerbs.save, {})],
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
