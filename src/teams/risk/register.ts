/**
 * Victim risk assessment in Teams: "Risk assessment" on the case card opens the questionnaire; saving it
 * shows the level and the first visit deadline; "Change level" lets the officer override it with a reason.
 * A high result asks for the victims' meeting referral ("Record referral"), and a manager confirms or refuses
 * lowering a high result from the card sent to them (see loweringNotice.ts).
 */
import type { TurnContext } from 'botbuilder';
import type { Deps } from '../../deps.js';
import { todayInLondon } from '../../domain/calendar/localDate.js';
import { ACCESS_REFUSED_MESSAGE, EDIT_REFUSED_MESSAGE } from '../../domain/access/policy.js';
import type { Case } from '../../domain/cases/case.js';
import { WHOLE_FORM } from '../../domain/cases/fieldErrors.js';
import { parseForm } from '../../domain/cases/forms.js';
import { newId } from '../../domain/cases/ids.js';
import type { Officer } from '../../services/caseFile.js';
import type { RiskRefusal, RiskOutcome } from '../../services/riskAssessments.js';
import type { AssistantApp } from '../app.js';
import { onExecute } from '../routes.js';
import { asCard, formState, emptyForm, execute, text, type CardData, type Element, type FormState } from '../cardKit.js';
import { caseCard, messageCard } from '../cases/caseCards.js';
import { CaseVerbs } from '../cases/verbs.js';
import { overrideFormSchema, parseRiskAnswers, riskFormFields as f } from './answersForm.js';
import { overrideFormCard, questionnaireCard, resultCard } from './cards.js';
import { loweringDecisionFormSchema, referralFormSchema, reviewFormFields as rf } from './reviewForms.js';
import { loweringDecidedCard, loweringRequestCard, referralFormCard } from './reviewCards.js';
import { RiskVerbs } from './verbs.js';

type Data = CardData;


export function riskRefusalText(refusal: RiskRefusal): string {
  switch (refusal.kind) {
    case 'not-found':
      return "I couldn't find that case or assessment. Open the case again and try once more.";
    case 'no-access':
      return ACCESS_REFUSED_MESSAGE;
    case 'no-edit':
    case 'summary-only':
      return EDIT_REFUSED_MESSAGE;
    case 'closed':
      return 'This case is closed. Reopen it before assessing the risk again.';
    case 'unknown-victim':
      return 'That person is not a victim on this case. Open the risk assessment from the case card again.';
    case 'not-manager':
      return "Sorry, only a manager can confirm or refuse lowering a high risk. The request is waiting for one of your team's managers.";
    case 'rule':
    case 'invalid':
      return refusal.message;
  }
}

const refusalCard = (refusal: RiskRefusal, caseId: string): Element =>
  messageCard(riskRefusalText(refusal), caseId ? [execute('Back to case', CaseVerbs.show, { [f.caseId]: caseId })] : []);

export function registerRisk(app: AssistantApp, deps: Deps): void {
  const risk = deps.risk;

  const on = (verb: string, handler: (data: Data, officer: Officer) => Promise<Element>) =>
    onExecute(app, verb, 'use', async (_context, data, officer) => asCard(await handler(data, officer)));

  /** Renders a card for the case a form is about, or why the officer cannot assess it. */
  const withCase = async (caseId: string, officer: Officer, render: (current: Case) => Element): Promise<Element> => {
    const found = await risk.caseToAssess(caseId, officer);
    return found.ok ? render(found.value) : refusalCard(found, found.kind === 'not-found' ? '' : caseId);
  };

  const answer = <T>(outcome: RiskOutcome<T>, caseId: string, render: (value: T) => Element): Element =>
    outcome.ok ? render(outcome.value) : refusalCard(outcome, caseId);

  on(RiskVerbs.form, async (data, officer) =>
    withCase(String(data[f.caseId] ?? ''), officer, (current) =>
      current.victims.length === 0
        ? messageCard('Add the victim to the case before assessing their risk.', [execute('Back to case', CaseVerbs.show, { [f.caseId]: current.id })])
        : questionnaireCard(current, risk.questionSet, emptyForm(), newId()),
    ),
  );

  on(RiskVerbs.assess, async (data, officer) => {
    const caseId = String(data[f.caseId] ?? '');
    const found = await risk.caseToAssess(caseId, officer);
    if (!found.ok) return refusalCard(found, caseId);
    const current = found.value;
    const parsed = parseRiskAnswers(data, risk.questionSet, current.victims.map((v) => v.id));
    if (!parsed.ok) {
      const assessmentId = typeof data[f.assessmentId] === 'string' && data[f.assessmentId] ? String(data[f.assessmentId]) : newId();
      return questionnaireCard(current, risk.questionSet, formState(parsed.errors, parsed.values), assessmentId);
    }
    const { victimId, answers, assessmentId } = parsed.value;
    return answer(await risk.assess(current.id, victimId, answers, officer, assessmentId), caseId, resultCard);
  });

  on(RiskVerbs.overrideForm, async (data, officer) => {
    const caseId = String(data[f.caseId] ?? '');
    const latest = await risk.assessment(caseId, String(data[f.assessmentId] ?? ''), officer);
    return answer(latest, caseId, ({ case: current, assessment }) => overrideFormCard(current, assessment, emptyForm()));
  });

  on(RiskVerbs.override, async (data, officer) => {
    const caseId = String(data[f.caseId] ?? '');
    const parsed = parseForm(overrideFormSchema, data);
    const showForm = async (state: FormState): Promise<Element> => {
      const found = await risk.assessment(caseId, String(data[f.assessmentId] ?? ''), officer);
      return answer(found, caseId, ({ case: current, assessment }) => overrideFormCard(current, assessment, state));
    };
    if (!parsed.ok) return showForm(formState(parsed.errors, parsed.values));
    const { assessmentId, level, reason, submitKey } = parsed.value;
    const changed = await risk.override(caseId, assessmentId, level, reason, officer, submitKey);
    if (!changed.ok && changed.kind === 'rule') {
      return showForm(formState([{ field: WHOLE_FORM, message: changed.message }], { [f.level]: level, [f.reason]: reason, ...(submitKey ? { [f.submitKey]: submitKey } : {}) }));
    }
    return answer(changed, caseId, resultCard);
  });

  // ----- the victims' meeting referral a high result adds
  on(RiskVerbs.referralForm, async (data, officer) => {
    const caseId = String(data[rf.caseId] ?? '');
    const found = await risk.referral(caseId, String(data[rf.assessmentId] ?? ''), officer);
    return answer(found, caseId, ({ case: current, referral }) =>
      referral.status === 'to-do'
        ? referralFormCard(current, referral, emptyForm())
        : messageCard("The referral to the victims' meeting has already been recorded.", [execute('Back to case', CaseVerbs.show, { [f.caseId]: caseId })]),
    );
  });

  on(RiskVerbs.recordReferral, async (data, officer) => {
    const caseId = String(data[rf.caseId] ?? '');
    const parsed = parseForm(referralFormSchema(todayInLondon(deps.clock)), data);
    if (!parsed.ok) {
      const found = await risk.referral(caseId, String(data[rf.assessmentId] ?? ''), officer);
      return answer(found, caseId, ({ case: current, referral }) => referralFormCard(current, referral, formState(parsed.errors, parsed.values)));
    }
    const { assessmentId, decision } = parsed.value;
    const recorded = await risk.recordReferral(caseId, assessmentId, decision, officer);
    if (!recorded.ok) return refusalCard(recorded, caseId);
    const view = await deps.caseFile.view(caseId, officer);
    const banner = text(recorded.value.referral.status === 'referred' ? "Referral to the victims' meeting recorded." : 'Declined referral recorded.', { color: 'Good', weight: 'Bolder' });
    return view.ok ? caseCard(view.value, { areas: await deps.roster.areasOf(officer.teamId), now: deps.clock.now(), banner }) : messageCard(riskRefusalText({ kind: 'not-found' }));
  });

  // ----- a manager decides on lowering a high result
  const decide = (confirm: boolean) => async (data: Data, manager: Officer): Promise<Element> => {
    const caseId = String(data[rf.caseId] ?? '');
    const parsed = parseForm(loweringDecisionFormSchema, data);
    if (!parsed.ok) {
      const found = await risk.loweringToDecide(caseId, String(data[rf.assessmentId] ?? ''), manager);
      return answer(found, caseId, ({ case: current, assessment }) => loweringRequestCard(current, assessment, formState(parsed.errors, parsed.values)));
    }
    const { assessmentId, note } = parsed.value;
    return answer(await risk.decideLowering(caseId, assessmentId, { confirm, note }, manager), caseId, loweringDecidedCard);
  };
  on(RiskVerbs.confirmLowering, decide(true));
  on(RiskVerbs.keepHigh, decide(false));
}
