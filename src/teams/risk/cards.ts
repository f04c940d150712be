/** The risk assessment cards: the questionnaire, the result, and the "change the level" form. */
import { randomUUID } from 'node:crypto';
import type { Case } from '../../domain/cases/case.js';
import type { QuestionSet } from '../../domain/risk/questionSet.js';
import type { RiskAssessment, RiskTrend } from '../../domain/risk/riskAssessment.js';
import { riskLevels, type RiskLevel } from '../../domain/riskLevel.js';
import type { AssessmentResult } from '../../services/riskAssessments.js';
import {
  card, choiceInput, container, execute, facts, formErrors, heading, note, subheading, text, textInput, warning,
  type Element, type FormState,
} from '../cardKit.js';
import { CaseVerbs } from '../cases/verbs.js';
import { dateTimeText, longDate } from '../../domain/calendar/format.js';
import { answerInputId, riskFormFields as f } from './answersForm.js';
import { resultReferralLines } from './reviewCards.js';
import { RiskVerbs } from './verbs.js';


export const levelLabel = (level: RiskLevel): string => `${level.charAt(0).toUpperCase()}${level.slice(1)}`;

/** Leaving a form never needs its inputs, so Teams must not hold the officer back on required ones. */
const backToCase = (caseId: string): Element => execute('Back to case', CaseVerbs.show, { [f.caseId]: caseId }, { associatedInputs: 'none' });

function victimPicker(current: Case, form: FormState): Element[] {
  if (current.victims.length === 1) return [text(`**Victim:** ${current.victims[0]!.name}`)];
  return choiceInput(form, f.victimId, current.victims.map((v) => ({ title: v.name, value: v.id })), {
    label: 'Which victim is this assessment about?',
    required: true,
    expanded: true,
  });
}

/** The "under 18" answer, when the case already records the victim as under 18 and nothing else was chosen. */
function withKnownAge(current: Case, questionSet: QuestionSet, form: FormState): FormState {
  const chosen = current.victims.length === 1 ? current.victims[0] : current.victims.find((v) => v.id === form.values[f.victimId]);
  const age = questionSet.questions.find((q) => q.answers.some((a) => a.id === UNDER_18_ANSWER));
  if (!chosen?.under18 || !age || form.values[answerInputId(age.id)]) return form;
  return { ...form, values: { ...form.values, [answerInputId(age.id)]: UNDER_18_ANSWER } };
}
const UNDER_18_ANSWER = 'under-18';

/**
 * One required choice per question, with the answers from the question set. On a refused submission the
 * answers given are kept and each unanswered question says so under it.
 */
export function questionnaireCard(current: Case, questionSet: QuestionSet, form: FormState, assessmentId: string): Element {
  const filled = withKnownAge(current, questionSet, form);
  const questions = questionSet.questions.flatMap((question, index) => [
    ...choiceInput(filled, answerInputId(question.id), question.answers.map((a) => ({ title: a.label, value: a.id })), {
      label: `${index + 1}. ${question.text}`,
      required: true,
      expanded: true,
      errorMessage: 'Choose an answer to this question',
    }),
    ...(question.help ? [note(question.help)] : []),
  ]);
  const single = current.victims.length === 1 ? { [f.victimId]: current.victims[0]!.id } : {};
  return card(
    [
      heading(`Risk assessment: ${current.reference}`),
      note('Go through every question with the victim. A threat to kill or of serious injury, or thoughts of self-harm, make the risk high whatever the score.'),
      ...formErrors(form),
      ...victimPicker(current, form),
      ...(filled !== form ? [note('"Under 18" is already chosen: the case records this victim as under 18.')] : []),
      ...questions,
    ],
    [
      execute('Save assessment', RiskVerbs.assess, { [f.caseId]: current.id, [f.assessmentId]: assessmentId, ...single }, { style: 'positive' }),
      backToCase(current.id),
    ],
  );
}

function trendText(trend: RiskTrend, previous: RiskAssessment | undefined): string {
  if (trend === 'first' || !previous) return 'First assessment';
  const before = levelLabel(previous.finalLevel).toLowerCase();
  return trend === 'up' ? `Up from ${before}` : trend === 'down' ? `Down from ${before}` : `Same as last time (${before})`;
}

function overrideLines(assessment: RiskAssessment): Element[] {
  const change = assessment.override;
  if (!change) return [];
  const from = levelLabel(change.computedLevel).toLowerCase();
  const to = levelLabel(change.requestedLevel).toLowerCase();
  switch (change.status) {
    case 'pending-manager':
      return [warning(`Lowering from ${from} to ${to} is waiting for a manager to confirm. The risk stays ${from} until then.`), note(`Reason given: ${change.reason}`)];
    case 'applied':
      return [text(`The officer changed the level from ${from} to ${to}.`), note(`Reason: ${change.reason}`)];
    case 'rejected':
      return [text(`A manager did not agree to lower the level to ${to}; it stays ${from}.`)];
  }
}

/** What the assessment found and what happens next: the level, the visit deadline, and for high risk the extra steps. */
export function resultCard(result: AssessmentResult): Element {
  const { assessment, case: current } = result;
  const level = assessment.finalLevel;
  const victim = current.victims.find((v) => v.id === assessment.victimId)?.name ?? '';
  const days = result.firstVisitWithinWorkingDays;
  const highSteps = result.consequences.referToVictimsMeeting
    ? [
        subheading('Because the risk is high'),
        warning('Manager review needed: your manager reviews every high-risk case.'),
        text("Refer the victim to the victims' multi-agency meeting, and record whether they were referred or declined."),
        note('The case is flagged for the next target group meeting.'),
        ...resultReferralLines(result),
      ]
    : [];
  // Waiting for a manager, or a manager has decided on lowering this high result: a change needs a reassessment.
  const canChange = assessment.override?.status !== 'pending-manager' && !assessment.override?.decidedBy;
  return card(
    [
      text(result.created ? 'Risk assessment saved.' : 'This assessment was already saved.', { color: 'Good', weight: 'Bolder' }),
      heading(`${current.reference}: Risk ${levelLabel(level)}`),
      text(`**Visit by ${longDate(result.firstVisitDue)}** (${days} working day${days === 1 ? '' : 's'})`, level === 'high' ? { color: 'Attention' } : {}),
      facts([
        ['Victim', victim],
        ['Level', levelLabel(level)],
        ['Score', String(assessment.score)],
        ['Trend', trendText(result.trend, result.victimHistory.find((a) => a.id !== assessment.id && a.assessedAt <= assessment.assessedAt))],
        ['Assessed', dateTimeText(assessment.assessedAt)],
      ]),
      ...(assessment.automaticHighReasons.length > 0
        ? [container([text('**High whatever the score, because:**'), ...assessment.automaticHighReasons.map((r) => text(`• ${r.text}`, { spacing: 'None' }))])]
        : []),
      ...overrideLines(assessment),
      ...highSteps,
    ],
    [
      backToCase(current.id),
      ...(canChange ? [execute('Change level', RiskVerbs.overrideForm, { [f.caseId]: current.id, [f.assessmentId]: assessment.id })] : []),
    ],
  );
}

/** Change the computed level: a level and a reason, both required. */
export function overrideFormCard(current: Case, assessment: RiskAssessment, form: FormState): Element {
  const others = riskLevels.filter((l) => l !== assessment.computedLevel).map((l) => ({ title: levelLabel(l), value: l }));
  return card(
    [
      heading(`Change the risk level: ${current.reference}`),
      text(`The questions gave **${levelLabel(assessment.computedLevel)}** (score ${assessment.score}).`),
      ...(assessment.computedLevel === 'high' ? [note('Lowering a high result needs a manager to confirm it; until then the risk stays high.')] : []),
      ...formErrors(form),
      ...choiceInput(form, f.level, others, { label: 'The level you think is right', required: true, expanded: true }),
      ...textInput(form, f.reason, { label: 'Why?', required: true, multiline: true, maxLength: 2000 }),
    ],
    [
      execute('Change level', RiskVerbs.override, { [f.caseId]: current.id, [f.assessmentId]: assessment.id, [f.submitKey]: form.values[f.submitKey] ?? randomUUID() }, { style: 'positive' }),
      backToCase(current.id),
    ],
  );
}
