/**
 * Data governance in Teams, for managers and admins: `audit check` (the audit chain), and the retention,
 * export commands. Each is a route whose need is its governance task in the one policy.
 */
import type { TurnContext } from 'botbuilder';
import type { Deps } from '../../deps.js';
import { londonDate } from '../../domain/calendar/localDate.js';
import { parseForm } from '../../domain/cases/forms.js';
import { caseIdFormSchema, extendFormSchema, holdFormSchema, periodFormSchema, reviewShownSchema, retentionFormFields as f } from '../../domain/governance/retention.js';
import type { DecisionChoice, ReviewShown } from '../../services/retention.js';
import type { ExportOutcome } from '../../services/exports.js';
import type { AssistantApp } from '../app.js';
import { asCard, formState, attach, emptyForm, type CardData, type Element, type FormState } from '../cardKit.js';
import { messageCard } from '../cases/caseCards.js';
import { actorOf } from '../actor.js';
import { onCommand, onExecute } from '../routes.js';
import { auditCheckCard } from './auditCheck.js';
import { extendFormCard, holdFormCard, retentionPeriodCard, retentionReviewCard } from './retentionCards.js';
import { GovernanceVerbs as V } from './verbs.js';
import { registerSubjectAccess } from './subjectAccess.js';

export function registerGovernance(app: AssistantApp, deps: Deps): void {
  registerRetention(app, deps);
  registerExports(app, deps);
  registerSubjectAccess(app, deps);
  onCommand(app, /^\s*audit\s+check\s*$/i, 'audit check', 'audit-check', async (context, officer) => {
    const teamId = officer.teamId!;
    const report = await deps.audit.verify(teamId);
    await deps.audit.record({ at: deps.clock.now(), actorId: officer.id, actorName: officer.name, action: 'check', entity: 'audit', entityId: teamId, changedFields: [], teamId });
    await context.sendActivity(attach(auditCheckCard(report)));
  });
}

export function registerRetention(app: AssistantApp, deps: Deps): void {
  const retention = deps.retention;
  const actor = (context: TurnContext) => actorOf(context);

  const reviewCard = async (context: TurnContext, banner?: string, show: ReviewShown = 'all'): Promise<Element> => {
    const review = await retention.reviewFor(actor(context), show);
    return review.ok ? retentionReviewCard(review.value, banner) : messageCard(review.message);
  };
  const periodCard = async (context: TurnContext, form: FormState = emptyForm(), banner?: string): Promise<Element> => {
    const period = await retention.period(actor(context));
    return period.ok ? retentionPeriodCard(period.value.years, form, banner) : messageCard(period.message);
  };
  /** A Hold or Extend form for a case on the actor's review (what they typed kept), or the review if it is not on it. */
  const caseForm = async (context: TurnContext, caseId: string, render: (caseId: string, reference: string, form: FormState) => Element, form: FormState = emptyForm()) => {
    // The case must be on the actor's own team's review: the card's data is never trusted for it.
    const reference = await retention.onReview(actor(context), caseId);
    return asCard(reference ? render(caseId, reference, form) : await reviewCard(context));
  };
  const caseIdOf = (data: CardData) => {
    const parsed = caseIdFormSchema.safeParse(data);
    return parsed.success ? String(parsed.data[f.caseId]) : '';
  };
  const decideThen = async (context: TurnContext, caseId: string, choice: DecisionChoice, done: string): Promise<Element> => {
    const decided = await retention.decide(actor(context), caseId, choice);
    return decided.ok ? reviewCard(context, `${decided.value.reference}: ${done}`) : messageCard(decided.message);
  };

  onCommand(app, /^\s*retention\s*$/i, 'retention', 'retention-setting', async (context) => {
    await context.sendActivity(attach(await periodCard(context)));
  });
  onCommand(app, /^\s*retention\s+review\s*$/i, 'retention review', 'retention-review', async (context) => {
    await context.sendActivity(attach(await reviewCard(context)));
  });
  onExecute(app, V.retentionReview, 'retention-review', async (context, data: CardData) => asCard(await reviewCard(context, undefined, reviewShownSchema.parse(data)[f.show])));
  onExecute(app, V.retentionSetPeriod, 'retention-setting', async (context, data: CardData) => {
    const parsed = parseForm(periodFormSchema, data);
    if (!parsed.ok) return asCard(await periodCard(context, formState(parsed.errors, parsed.values)));
    const saved = await retention.setPeriod(actor(context), Number(parsed.value[f.years]));
    return asCard(saved.ok ? await periodCard(context, emptyForm(), `Saved: closed cases are kept for ${saved.value.years} years.`) : messageCard(saved.message));
  });
  onExecute(app, V.retentionDestroy, 'retention-review', async (context, data: CardData) =>
    asCard(await decideThen(context, caseIdOf(data), { kind: 'destroy' }, 'to be destroyed on the date its retention ends.')));
  onExecute(app, V.retentionHoldForm, 'retention-review', async (context, data: CardData) => caseForm(context, caseIdOf(data), holdFormCard));
  onExecute(app, V.retentionHold, 'retention-review', async (context, data: CardData) => {
    const caseId = caseIdOf(data);
    const parsed = parseForm(holdFormSchema(londonDate(deps.clock.now())), data);
    if (!parsed.ok) return caseForm(context, caseId, holdFormCard, formState(parsed.errors, parsed.values));
    return asCard(await decideThen(context, caseId, { kind: 'hold', reason: String(parsed.value[f.holdReason]), reviewOn: String(parsed.value[f.holdReviewOn]) }, `held until ${String(parsed.value[f.holdReviewOn])}.`));
  });
  onExecute(app, V.retentionExtendForm, 'retention-review', async (context, data: CardData) => caseForm(context, caseIdOf(data), extendFormCard));
  onExecute(app, V.retentionExtend, 'retention-review', async (context, data: CardData) => {
    const caseId = caseIdOf(data);
    const parsed = parseForm(extendFormSchema, data);
    if (!parsed.ok) return caseForm(context, caseId, extendFormCard, formState(parsed.errors, parsed.values));
    const years = Number(parsed.value[f.extendYears]);
    return asCard(await decideThen(context, caseId, { kind: 'extend', reason: String(parsed.value[f.extendReason]), years }, `kept for a further ${years} year${years === 1 ? '' : 's'}.`));
  });
}

function downloadCard(outcome: ExportOutcome, what: string): Element {
  if (!outcome.ok) return messageCard(outcome.message);
  return messageCard(`${what} is ready. The link is yours only and works until ${outcome.expiresAt.toISOString().slice(0, 16).replace('T', ' ')} UTC; each download is audited.`, [
    { type: 'Action.OpenUrl', title: 'Download CSV', url: outcome.url },
  ]);
}

export function registerExports(app: AssistantApp, deps: Deps): void {
  onCommand(app, /^\s*export\s+cases\s*$/i, 'export cases', 'export', async (context, officer) => {
    await context.sendActivity(attach(downloadCard(deps.exports.casesLink(officer), 'The case export (no names, addresses or free text)')));
  });
  const auditPattern = /^\s*export\s+audit\s+(\S+)\s+(\S+)\s*$/i;
  onCommand(app, auditPattern, 'export audit 2026-01-01 2026-12-01', 'export', async (context, officer) => {
    const [, from = '', to = ''] = auditPattern.exec(context.activity.text ?? '') ?? [];
    await context.sendActivity(attach(downloadCard(deps.exports.auditLink(officer, from, to), `The audit trail from ${from} to ${to}`)));
  });
}
