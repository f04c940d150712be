/**
 * Partner sharing from the case card (the case officer or a manager: the policy decides), the parent or
 * guardian consent form, and a partner's two read-only buttons. Each handler parses with the domain's schema,
 * calls the case file, and answers with a card; nothing here decides who may do what.
 */
import type { AdaptiveCard } from '@microsoft/teams-ai';
import type { Deps } from '../../deps.js';
import { agencySchema, agencyLabels } from '../../domain/access/actor.js';
import { guardianConsentFormSchema } from '../../domain/access/guardianConsent.js';
import { partnerNoteFormSchema, updateRequestSchema } from '../../domain/access/partnerRequests.js';
import { fullShareRefusalText, shareFormSchema } from '../../domain/access/sharing.js';
import type { Case } from '../../domain/cases/case.js';
import { caseFormFields as f } from '../../domain/cases/inputs.js';
import { parseForm } from '../../domain/cases/forms.js';
import type { CaseView, Officer, Outcome, Refusal } from '../../services/caseFile.js';
import type { AssistantApp } from '../app.js';
import { asCard, formState, text, type CardData, type Element, type FormState } from '../cardKit.js';
import { messageCard } from './caseCards.js';
import { onExecute } from '../routes.js';
import { partnerNoteFormCard } from './partnerCards.js';
import { guardianFormCard, shareFormCard } from './shareCards.js';
import { CaseVerbs } from './verbs.js';

export interface CaseAnswers {
  answer(outcome: Outcome<CaseView>, officer: Officer, banner?: string): Promise<AdaptiveCard>;
  refusalCard(refusal: Refusal, officer: Officer): Promise<Element>;
  /** The case a card is about, read as the actor may read it. */
  loadCase(data: CardData, actor: Officer): Promise<Outcome<Case>>;
}

const good = (message: string) => text(message, { color: 'Good', weight: 'Bolder' });

export function registerSharing(app: AssistantApp, deps: Deps, cases: CaseAnswers): void {
  const { caseFile, roster } = deps;

  const shareForm = async (data: CardData, actor: Officer, form?: FormState, banner?: Element): Promise<AdaptiveCard> => {
    const found = await cases.loadCase(data, actor);
    if (!found.ok) return asCard(await cases.refusalCard(found, actor));
    return asCard(shareFormCard(found.value, await roster.partnerAgencies(actor), form, banner));
  };

  onExecute(app, CaseVerbs.shareForm, 'use', async (_c, data, actor) => shareForm(data, actor));
  onExecute(app, CaseVerbs.share, 'use', async (_c, data, actor) => {
    const parsed = parseForm(shareFormSchema, data);
    if (!parsed.ok) return shareForm(data, actor, formState(parsed.errors, parsed.values));
    const { caseId, shareAgency: agency, shareBasis: basis, shareScope: scope } = parsed.value;
    const shared = await caseFile.share(caseId, { agency, basis, scope }, actor);
    if (!shared.ok) return cases.answer(shared, actor);
    const narrowed = shared.value.narrowedBecause;
    return cases.answer(shared, actor, narrowed ? `Shared with ${agencyLabels[agency]}. ${fullShareRefusalText[narrowed]}` : `Shared with ${agencyLabels[agency]}: ${scope === 'full' ? 'full details' : 'summary only'}.`);
  });
  onExecute(app, CaseVerbs.unshare, 'use', async (_c, data, actor) => {
    const agency = agencySchema.safeParse(data.agency);
    if (!agency.success) return shareForm(data, actor);
    return cases.answer(await caseFile.unshare(String(data[f.caseId] ?? ''), agency.data, actor), actor, `No longer shared with ${agencyLabels[agency.data]}.`);
  });

  const guardianForm = async (data: CardData, actor: Officer, form?: FormState): Promise<AdaptiveCard> => {
    const found = await cases.loadCase(data, actor);
    if (!found.ok) return asCard(await cases.refusalCard(found, actor));
    if (!found.value.victims.some((v) => v.under18)) return asCard(messageCard('No victim on this case is recorded as under 18.'));
    return asCard(guardianFormCard(found.value, form));
  };
  onExecute(app, CaseVerbs.guardianForm, 'use', async (_c, data, actor) => guardianForm(data, actor));
  onExecute(app, CaseVerbs.recordGuardian, 'use', async (_c, data, actor) => {
    const parsed = parseForm(guardianConsentFormSchema(deps.clock.now()), data);
    if (!parsed.ok) return guardianForm(data, actor, formState(parsed.errors, parsed.values));
    const recorded = await caseFile.recordGuardianConsent(parsed.value, actor);
    if (!recorded.ok && recorded.kind === 'invalid') return guardianForm(data, actor, formState([{ field: '_form', message: recorded.message }], values(data)));
    if (!recorded.ok) return cases.answer(recorded, actor);
    const answer = parsed.value.guardianDecision === 'confirmed' ? 'Recorded: a parent or guardian gave or confirmed consent.' : 'Recorded: a parent or guardian refused consent.';
    return asCard(shareFormCard(recorded.value.case, await roster.partnerAgencies(actor), undefined, good(answer)));
  });

  // A partner's buttons: they need only a share (the policy's partner-request), never an edit.
  onExecute(app, CaseVerbs.partnerNoteForm, 'use', async (_c, data, actor) => {
    const caseId = String(data[f.caseId] ?? '');
    return asCard((await caseFile.mayRequest(caseId, actor)) ? partnerNoteFormCard(caseId) : await cases.refusalCard({ kind: 'not-found' }, actor));
  });
  onExecute(app, CaseVerbs.partnerNote, 'use', async (_c, data, actor) => {
    const parsed = parseForm(partnerNoteFormSchema, data);
    if (!parsed.ok) return asCard(partnerNoteFormCard(String(data[f.caseId] ?? ''), formState(parsed.errors, parsed.values)));
    const sent = await caseFile.partnerRequest(parsed.value.caseId, { kind: 'note', text: parsed.value.partnerNote }, actor, parsed.value.requestKey);
    return asCard(sent.ok ? messageCard(`Your note is on its way to ${sent.value.ownerName}, the case officer.`) : await cases.refusalCard(sent, actor));
  });
  onExecute(app, CaseVerbs.askUpdate, 'use', async (_c, data, actor) => {
    const parsed = parseForm(updateRequestSchema, data);
    if (!parsed.ok) return asCard(messageCard(parsed.errors[0]?.message ?? 'Open the case again.'));
    const sent = await caseFile.partnerRequest(parsed.value.caseId, { kind: 'update' }, actor, parsed.value.requestKey);
    return asCard(sent.ok ? messageCard(`${sent.value.ownerName}, the case officer, has been asked for an update on ${sent.value.reference}.`) : await cases.refusalCard(sent, actor));
  });
}

const values = (data: CardData) => Object.fromEntries(Object.entries(data).filter(([, v]) => typeof v === 'string').map(([k, v]) => [k, String(v)]));
