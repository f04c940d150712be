/**
 * Sharing a case with partner agencies: the "Shared with" block of the case card, the share form (agency,
 * basis, scope, and what the consent rule allows), and the parent or guardian consent form. People are shown
 * by initials only, so these cards are safe wherever they land.
 */
import { agencyLabels, type Agency } from '../../domain/access/actor.js';
import { guardianDecisions, guardianFormFields as g, guardianRelationshipLabels, guardianRelationships } from '../../domain/access/guardianConsent.js';
import { fullShareRefusal, fullShareRefusalText, shareBasisLabels, shareScopeLabels, type CaseShare } from '../../domain/access/sharing.js';
import type { Case } from '../../domain/cases/case.js';
import type { Victim } from '../../domain/cases/people.js';
import { caseFormFields as f } from '../../domain/cases/inputs.js';
import { initials } from '../../domain/privacy/masking.js';
import type { CaseView } from '../../services/caseFile.js';
import { actionSet, card, choiceInput, dateInput, emptyForm, execute, formErrors, heading, note, subheading, text, textInput, type Element, type FormState } from '../cardKit.js';
import { CaseVerbs } from './verbs.js';

const londonDay = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric' });
export const shareFields = { agency: 'shareAgency', basis: 'shareBasis', scope: 'shareScope' } as const;

const shareLine = (s: CaseShare) =>
  `${agencyLabels[s.agency]} · ${s.scope === 'full' ? 'full details' : 'summary only'} · ${s.basis === 's115' ? 's.115' : 'consent'} · since ${londonDay.format(s.sharedAt)}`;
const unshareButton = (current: Case, agency: Agency) => execute(`Unshare ${agencyLabels[agency]}`, CaseVerbs.unshare, { [f.caseId]: current.id, agency }, { associatedInputs: 'none' });

/** The case card's partner block: current shares, with Share and Unshare for those who may. Nothing for a read-only viewer. */
export function sharingBlock(view: CaseView): Element[] {
  if (view.readOnly) return [];
  const current = view.case;
  const shares = current.shares ?? [];
  return [
    ...(shares.length ? [subheading('Shared with partners'), ...shares.map((s) => text(shareLine(s), { spacing: 'Small' }))] : []),
    ...(view.mayShare === false || shares.length === 0 ? [] : [actionSet(shares.map((s) => unshareButton(current, s.agency)))]),
  ];
}

/** "Share with a partner…", for the case card's overflow menu: open cases, for those the policy lets share. */
export function shareAction(view: CaseView): Element[] {
  if (view.readOnly || view.mayShare === false || view.case.status === 'closed') return [];
  return [execute('Share with a partner…', CaseVerbs.shareForm, { [f.caseId]: view.case.id })];
}

function consentLine(victim: Victim): string {
  const { given, guardian } = victim.consentToShare;
  const who = `${initials(victim.name)}${victim.under18 ? ' (under 18)' : ''}`;
  if (guardian) return `${who}: consent ${given ? 'given or confirmed' : 'refused'} by ${guardian.relationship.toLowerCase()} ${initials(guardian.name)} on ${londonDay.format(guardian.on)}`;
  if (!given) return `${who}: no consent to share`;
  return victim.under18 ? `${who}: consents, not yet confirmed by a parent or guardian` : `${who}: consents to sharing`;
}

/** What a full share would give, in plain words. */
export function fullShareLine(victims: readonly Victim[]): string {
  const refusal = fullShareRefusal(victims);
  if (!refusal) return 'Full details may be shared: every victim consents.';
  const reason = fullShareRefusalText[refusal];
  return `If you choose full details, ${reason[0]!.toLowerCase()}${reason.slice(1)}`;
}

export function shareFormCard(current: Case, agencies: readonly Agency[], form: FormState = emptyForm(), banner?: Element): Element {
  const under18 = current.victims.some((v) => v.under18);
  const ids = { [f.caseId]: current.id, [f.version]: String(current.version) };
  return card(
    [
      ...(banner ? [banner] : []),
      heading(`${current.reference}: share with a partner`),
      note('A partner sees only cases shared with their agency, never changes them, and every view they make is audited. Unsharing ends their access at once.'),
      subheading('Consent to share'),
      ...(current.victims.length ? current.victims.map((v) => text(consentLine(v), { spacing: 'Small' })) : [note('No victim is recorded on this case.')]),
      text(fullShareLine(current.victims), { weight: 'Bolder' }),
      ...(under18 ? [actionSet([execute('Record parent or guardian consent', CaseVerbs.guardianForm, ids, { associatedInputs: 'none' })])] : []),
      ...((current.shares ?? []).length ? [subheading('Shared now'), ...(current.shares ?? []).map((s) => text(shareLine(s), { spacing: 'Small' })), actionSet((current.shares ?? []).map((s) => unshareButton(current, s.agency)))] : []),
      subheading('Share'),
      ...formErrors(form),
      ...(agencies.length === 0
        ? [note('Nobody from a partner agency is on your team yet. An administrator adds them with `team`.')]
        : [
            ...choiceInput(form, shareFields.agency, agencies.map((a) => ({ title: agencyLabels[a], value: a })), { label: 'Partner agency' }),
            ...choiceInput(form, shareFields.basis, (['s115', 'consent'] as const).map((b) => ({ title: shareBasisLabels[b], value: b })), { label: 'Basis for sharing', expanded: true }),
            ...choiceInput(form, shareFields.scope, (['summary', 'full'] as const).map((s) => ({ title: shareScopeLabels[s], value: s })), { label: 'What to share', expanded: true }),
          ]),
    ],
    [...(agencies.length ? [execute('Share', CaseVerbs.share, { [f.caseId]: current.id }, { style: 'positive' })] : []), execute('Back to case', CaseVerbs.show, { [f.caseId]: current.id }, { associatedInputs: 'none' })],
  );
}

const decisionTitles: Record<(typeof guardianDecisions)[number], string> = { confirmed: 'They gave or confirmed consent to share', refused: 'They refused consent to share' };

export function guardianFormCard(current: Case, form: FormState = emptyForm()): Element {
  const children = current.victims.filter((v) => v.under18);
  const ids = { [f.caseId]: current.id, [f.version]: String(current.version) };
  return card(
    [
      heading(`${current.reference}: parent or guardian consent`),
      note("For a victim under 18, a parent or guardian must give or confirm consent before full details are shared with a partner. Record who, and when."),
      ...formErrors(form),
      ...choiceInput(form, g.victimId, children.map((v) => ({ title: `${initials(v.name)} (under 18)`, value: v.id })), { label: 'Victim' }),
      ...textInput(form, g.name, { label: "Parent's or guardian's name" }),
      ...choiceInput(form, g.relationship, guardianRelationships.map((r) => ({ title: guardianRelationshipLabels[r], value: r })), { label: 'Relationship to the child' }),
      ...dateInput(form, g.on, { label: 'Date of their answer' }),
      ...choiceInput(form, g.decision, guardianDecisions.map((d) => ({ title: decisionTitles[d], value: d })), { label: 'Their answer', expanded: true }),
    ],
    [execute('Save', CaseVerbs.recordGuardian, ids, { style: 'positive' }), execute('Back', CaseVerbs.shareForm, { [f.caseId]: current.id }, { associatedInputs: 'none' })],
  );
}
