/**
 * What follows a high risk result: the victims' meeting referral (its line on the result and case cards, and
 * its form), the manager's card to confirm or refuse lowering a high result, and the reassessment prompt.
 */
import type { StoredReferral } from '../../db/victimsMeetingReferrals.js';
import type { Case } from '../../domain/cases/case.js';
import type { RiskAssessment } from '../../domain/risk/riskAssessment.js';
import { consequencesOf } from '../../domain/risk/riskAssessment.js';
import type { RiskLevel } from '../../domain/riskLevel.js';
import type { AssessmentResult, VictimRiskSteps } from '../../services/riskAssessments.js';
import {
  callout, actionSet, card, choiceInput, container, dateInput, execute, facts, formErrors, heading, note, subheading, text, textInput, warning,
  type Element, type FormState,
} from '../cardKit.js';
import { CaseVerbs } from '../cases/verbs.js';
import { dayText, longDate } from '../../domain/calendar/format.js';
import { MAX_DECISION_NOTE_LENGTH, MAX_MEETING_LENGTH, MAX_REASON_LENGTH, reviewFormFields as f } from './reviewForms.js';
import { RiskVerbs } from './verbs.js';

const label = (level: RiskLevel): string => `${level.charAt(0).toUpperCase()}${level.slice(1)}`;
const backToCase = (caseId: string): Element => execute('Back to case', CaseVerbs.show, { [f.caseId]: caseId }, { associatedInputs: 'none' });

/**
 * The referral's line: to do (with its button) while the victim's risk is high, or what was recorded.
 * `victimName` is given when the case has more than one victim.
 */
export function referralLines(caseId: string, referral: StoredReferral | undefined, level: RiskLevel, options: { victimName?: string; canRecord: boolean }): Element[] {
  if (!referral) return [];
  const whose = options.victimName ? ` for ${options.victimName}` : '';
  switch (referral.status) {
    case 'to-do':
      if (!consequencesOf(level).referToVictimsMeeting) return [];
      return [
        warning(`Referral to the victims' meeting${whose}: to do`),
        ...(options.canRecord ? [actionSet([execute('Record referral', RiskVerbs.referralForm, { [f.caseId]: caseId, [f.assessmentId]: referral.assessmentId })])] : []),
      ];
    case 'referred':
      return [text(`Referred to the victims' meeting${whose} on ${longDate(referral.referredOn)}: ${referral.meeting}`)];
    case 'declined':
      return [text(`Referral to the victims' meeting${whose} declined: ${referral.reason}`)];
  }
}

/** A lowering from high waiting for a manager, or what the manager decided (shown to the officer on the case card). */
export function loweringLines(assessment: RiskAssessment, victimName?: string): Element[] {
  const change = assessment.override;
  if (!change || change.computedLevel !== 'high') return [];
  const whose = victimName ? ` for ${victimName}` : '';
  const to = change.requestedLevel;
  const on = change.decidedAt ? ` on ${dayText(change.decidedAt)}` : '';
  const managerNote = change.decisionNote ? [note(`Manager's note: ${change.decisionNote}`)] : [];
  switch (change.status) {
    case 'pending-manager':
      return [callout(`Lowering the risk${whose} from high to ${to} is waiting for a manager to confirm. It stays high until then.`, 'warning')];
    case 'applied':
      return change.decidedBy ? [text(`A manager confirmed lowering the risk${whose} from high to ${to}${on}.`, { color: 'Good' }), ...managerNote] : [];
    case 'rejected':
      return [warning(`A manager kept the risk${whose} high${on} (lowering to ${to} was asked for).`), ...managerNote];
  }
}

/** The case card's risk section: each assessed victim's referral and any lowering waiting for or decided by a manager. */
export function caseRiskLines(current: Case, steps: readonly VictimRiskSteps[]): Element[] {
  const several = current.victims.length > 1;
  const open = current.status !== 'closed';
  return steps.flatMap((step) => {
    const victimName = several ? step.victimName : undefined;
    return [
      ...loweringLines(step.assessment, victimName),
      ...referralLines(current.id, step.referral, step.assessment.finalLevel, { victimName, canRecord: open }),
    ];
  });
}

/** The referral line on the result card, for the victim just assessed. */
export function resultReferralLines(result: AssessmentResult): Element[] {
  return referralLines(result.case.id, result.referral, result.assessment.finalLevel, { canRecord: true });
}

/** Referred (date and meeting) or declined (reason). */
export function referralFormCard(current: Case, referral: StoredReferral, form: FormState): Element {
  const victim = current.victims.find((v) => v.id === referral.victimId)?.name ?? '';
  return card(
    [
      heading(`Referral to the victims' meeting: ${current.reference}`),
      ...(victim ? [text(`**Victim:** ${victim}`)] : []),
      note("A high-risk victim is referred to the victims' multi-agency meeting. Record the referral, or why it was declined."),
      ...formErrors(form),
      ...choiceInput(form, f.outcome, [{ title: 'Referred', value: 'referred' }, { title: 'Declined', value: 'declined' }], {
        label: 'Was the victim referred?',
        required: true,
        expanded: true,
      }),
      subheading('If referred'),
      ...dateInput(form, f.referredOn, { label: 'Date referred' }),
      ...textInput(form, f.meeting, { label: 'Which meeting', placeholder: 'e.g. Kingsford community MARAC', maxLength: MAX_MEETING_LENGTH }),
      subheading('If declined'),
      ...textInput(form, f.declineReason, { label: 'Why was it declined?', multiline: true, maxLength: MAX_REASON_LENGTH }),
    ],
    [
      execute('Save referral', RiskVerbs.recordReferral, { [f.caseId]: current.id, [f.assessmentId]: referral.assessmentId }, { style: 'positive' }),
      backToCase(current.id),
    ],
  );
}

/** Sent to each manager: an officer asks to lower a high result. Confirm or keep it high, with an optional note. */
export function loweringRequestCard(current: Case, assessment: RiskAssessment, form: FormState): Element {
  const change = assessment.override;
  const ids = { [f.caseId]: current.id, [f.assessmentId]: assessment.id };
  return card(
    [
      heading('Lowering a high risk: your decision'),
      text(`The officer on ${current.reference} asks to lower a victim's risk from high. It stays high until a manager confirms.`),
      facts([
        ['Case', current.reference],
        ['Officer', current.ownerName],
        ['Assessed as', change ? label(change.computedLevel) : ''],
        ['Lower to', change ? label(change.requestedLevel) : ''],
        ['Score', String(assessment.score)],
      ]),
      text(`**Reason given:** ${change?.reason ?? ''}`),
      ...formErrors(form),
      ...textInput(form, f.decisionNote, { label: 'Note for the officer (optional)', multiline: true, maxLength: MAX_DECISION_NOTE_LENGTH }),
    ],
    [
      execute('Confirm', RiskVerbs.confirmLowering, ids, { style: 'positive' }),
      execute('Keep high', RiskVerbs.keepHigh, ids, { style: 'destructive' }),
      execute('Open case', CaseVerbs.show, { [f.caseId]: current.id }, { associatedInputs: 'none' }),
    ],
  );
}

/** The manager's answer once they have decided. */
export function loweringDecidedCard(result: AssessmentResult): Element {
  const change = result.assessment.override;
  const confirmed = change?.status === 'applied';
  return card(
    [
      text(confirmed ? 'Lowering confirmed.' : 'The risk stays high.', { color: 'Good', weight: 'Bolder' }),
      heading(`${result.case.reference}: Risk ${label(result.assessment.finalLevel)}`),
      text(
        confirmed
          ? `The risk is now ${result.assessment.finalLevel}; the case's visit and review dates have moved to match.`
          : `You kept the risk high (the officer asked for ${change?.requestedLevel ?? 'a lower level'}).`,
      ),
      ...(change?.decisionNote ? [note(`Your note: ${change.decisionNote}`)] : []),
      note('The officer sees your decision when they next open the case.'),
    ],
    [execute('Open case', CaseVerbs.show, { [f.caseId]: result.case.id })],
  );
}

/** After an incident on a high-risk case: reassess the victim. */
export function reassessPrompt(caseId: string): Element {
  return container([
    warning("High-risk case: reassess the victim's risk after this incident"),
    actionSet([execute('Risk assessment', RiskVerbs.form, { [f.caseId]: caseId })]),
  ]);
}
