/**
 * What follows a high risk result, end to end over HTTP with real cards: the victims' meeting referral, a
 * manager confirming or refusing the lowering of a high result, and the reassessment prompt after an incident.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../src/domain/clock.js';
import { defaultQuestionSet } from '../../src/domain/risk/defaultQuestionSet.js';
import { riskReminderKey } from '../../src/reminders/riskFollowUp.js';
import { answerInputId } from '../../src/teams/risk/answersForm.js';
import { TEST_TENANT, type ActivityOptions } from '../support/activities.js';
import { startTestBot, type TestBot } from '../support/bot.js';
import { cardInputs, cardText, errorsOn, findButton, press, sayTo } from '../support/cardDriver.js';
import { expectValidCard } from '../support/cards.js';

type Card = Record<string, unknown>;

let bot: TestBot;
// Wednesday 23 December 2026: a high-risk visit is due Wednesday 30 December, a medium one Monday 11 January.
const clock = new ManualClock('2026-12-23T10:00:00Z');
const MANAGER: ActivityOptions = { aadObjectId: 'aad-manager-1', userName: 'Mina Manager' };

beforeAll(async () => {
  bot = await startTestBot({ clock, env: { MANAGER_IDS: 'aad-manager-1' } });
});
afterAll(async () => bot.stop());

const db = () => bot.assistant.deps.db;

let addressNumber = 1;
async function openCase(victim: string): Promise<{ card: Card; reference: string; caseId: string }> {
  const form = await sayTo(bot, 'new case');
  const card = await press(bot, form, 'Open case', {
    area: 'kingsford',
    ward: 'kingsford-central',
    categories: 'noise',
    address: `${addressNumber++} Tanner Street, Kingsford`,
    postcode: 'KF1 3CD',
    source: 'phone',
    victim1Name: victim,
    victim1Consent: 'true',
    incidentDate: '2026-12-22',
    incidentTime: '21:00',
    incidentDescription: 'Banging on the door and shouting through the letterbox.',
  });
  const reference = /ASB-2026-\d{4}/.exec(cardText(card))![0];
  const caseId = String((findButton(card, 'Risk assessment').data as Card).caseId);
  return { card, reference, caseId };
}

/** Every question answered with its lowest-weight answer: standard risk. */
function calmAnswers(): Record<string, string> {
  return Object.fromEntries(defaultQuestionSet.questions.map((q) => [answerInputId(q.id), [...q.answers].sort((a, b) => a.weight - b.weight)[0]!.id]));
}

/** The calm answers with a threat to kill or seriously injure: high whatever the score. */
function threatAnswers(): Record<string, string> {
  const answers = calmAnswers();
  const threat = defaultQuestionSet.questions.find((q) => q.answers.some((a) => a.automaticHigh))!;
  answers[answerInputId(threat.id)] = threat.answers.find((a) => a.automaticHigh)!.id;
  return answers;
}

const assess = async (caseCard: Card, answers: Record<string, string>) => press(bot, await press(bot, caseCard, 'Risk assessment'), 'Save assessment', answers);

const TO_DO = "Referral to the victims' meeting: to do";

describe("referral to the victims' multi-agency meeting", () => {
  let opened: Awaited<ReturnType<typeof openCase>>;
  let referralForm: Card;

  it('a high result adds the step, on the result card and the case card, once per spell of high risk', async () => {
    opened = await openCase('Hana Okafor');
    const result = await assess(opened.card, threatAnswers());
    expect(cardText(result)).toContain(TO_DO);
    findButton(result, 'Record referral');

    const caseCard = await press(bot, result, 'Back to case');
    expect(cardText(caseCard)).toContain(TO_DO);
    findButton(caseCard, 'Record referral');

    // Reassessed and still high: the open step covers it.
    await assess(caseCard, threatAnswers());
    const steps = await db().collection('victimsMeetingReferrals').find({ caseId: opened.caseId }).toArray();
    expect(steps).toHaveLength(1);
    expect(steps[0]).toMatchObject({ status: 'to-do' });
    referralForm = await press(bot, caseCard, 'Record referral');
    expect(Object.keys(cardInputs(referralForm)).sort()).toEqual(['declineReason', 'referralMeeting', 'referralOutcome', 'referredOn']);
  });

  it('refuses a missing outcome, a future date, a missing meeting or reason, keeping what was typed', async () => {
    const none = await press(bot, referralForm, 'Save referral');
    expect(errorsOn(none)).toEqual(['Please check the fields marked below.', 'Choose whether the victim was referred or the referral was declined']);

    const future = await press(bot, referralForm, 'Save referral', { referralOutcome: 'referred', referredOn: '2026-12-24' });
    expect(errorsOn(future)).toEqual(['Please check the fields marked below.', "The date referred can't be in the future", 'Say which meeting the victim was referred to']);
    expect(cardInputs(future)).toMatchObject({ referralOutcome: 'referred', referredOn: '2026-12-24', referralMeeting: '' });

    const noReason = await press(bot, future, 'Save referral', { referralOutcome: 'declined', referredOn: '', referralMeeting: 'Kingsford community MARAC' });
    expect(errorsOn(noReason)).toEqual(['Please check the fields marked below.', 'Say why the referral was declined']);
    expect(cardInputs(noReason)).toMatchObject({ referralOutcome: 'declined', referralMeeting: 'Kingsford community MARAC' });
    expect(await db().collection('victimsMeetingReferrals').countDocuments({ caseId: opened.caseId, status: 'to-do' })).toBe(1);
  });

  it('records the referral once, audits field names only, and shows it on the case card', async () => {
    const caseCard = await press(bot, referralForm, 'Save referral', { referralOutcome: 'referred', referredOn: '2026-12-22', referralMeeting: 'Kingsford community MARAC' });
    const shown = cardText(caseCard);
    expect(shown).toContain("Referral to the victims' meeting recorded.");
    expect(shown).toContain("Referred to the victims' meeting on Tuesday 22 December 2026: Kingsford community MARAC");
    expect(shown).not.toContain(TO_DO);
    expect(() => findButton(caseCard, 'Record referral')).toThrow();

    const again = await press(bot, referralForm, 'Save referral', { referralOutcome: 'declined', declineReason: 'Changed my mind' });
    expect(cardText(again)).toContain('already been recorded');
    expect(await db().collection('victimsMeetingReferrals').findOne({ caseId: opened.caseId })).toMatchObject({
      status: 'referred', referredOn: '2026-12-22', meeting: 'Kingsford community MARAC', recordedBy: 'aad-officer-1',
    });

    const audit = await db().collection('audit').find({ caseReference: opened.reference, changedFields: 'victimsMeetingReferral.meeting' }).toArray();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.changedFields).toEqual(expect.arrayContaining(['victimsMeetingReferral.status', 'victimsMeetingReferral.referredOn']));
    expect(JSON.stringify(audit)).not.toMatch(/MARAC|2026-12-22/);

    // Reassessed high again in the same spell: nothing more to do.
    const reopened = await sayTo(bot, `case ${opened.reference}`);
    const result = await assess(reopened, threatAnswers());
    expect(cardText(result)).toContain("Referred to the victims' meeting on Tuesday 22 December 2026");
    expect(await db().collection('victimsMeetingReferrals').countDocuments({ caseId: opened.caseId })).toBe(1);
  });

  it('records a declined referral with its reason; a standard result adds no step', async () => {
    const other = await openCase('Iris Bell');
    const result = await assess(other.card, threatAnswers());
    const form = await press(bot, result, 'Record referral');
    const caseCard = await press(bot, form, 'Save referral', { referralOutcome: 'declined', declineReason: 'The victim does not want other agencies involved.' });
    expect(cardText(caseCard)).toContain('Declined referral recorded.');
    expect(cardText(caseCard)).toContain("Referral to the victims' meeting declined: The victim does not want other agencies involved.");

    const calm = await openCase('Jon Pike');
    const standard = await assess(calm.card, calmAnswers());
    expect(cardText(standard)).not.toMatch(/Referral to the victims' meeting/);
    expect(await db().collection('victimsMeetingReferrals').countDocuments({ caseId: calm.caseId })).toBe(0);
  });
});

describe('a manager confirms or refuses lowering a high result', () => {
  /** A high result on a new case whose officer asks to lower it; returns the manager's card. */
  async function requestLowering(victim: string, level: 'medium' | 'standard', reason: string) {
    const opened = await openCase(victim);
    const result = await assess(opened.card, threatAnswers());
    const assessmentId = String((findButton(result, 'Change level').data as Card).assessmentId);
    const change = await press(bot, result, 'Change level');
    const pending = await press(bot, change, 'Change level', { riskLevel: level, overrideReason: reason });
    expect(cardText(pending)).toMatch(/waiting for a manager to confirm/);
    const message = await db().collection('outbox').findOne({ _id: `risk-lowering:${assessmentId}:aad-manager-1` as never });
    expect(message).not.toBeNull();
    expect(message!.to).toEqual({ kind: 'user', tenantId: TEST_TENANT, aadObjectId: 'aad-manager-1' });
    return { ...opened, result, assessmentId, managerCard: expectValidCard(message!.card) as Card };
  }

  let request: Awaited<ReturnType<typeof requestLowering>>;

  it('sends each manager a card with the case, the levels and the reason', async () => {
    request = await requestLowering('Kit Moss', 'medium', 'The threat was withdrawn and the neighbour has moved away.');
    const shown = cardText(request.managerCard);
    expect(shown).toContain(request.reference);
    expect(shown).toContain('Assessed as: High');
    expect(shown).toContain('Lower to: Medium');
    expect(shown).toContain('The threat was withdrawn and the neighbour has moved away.');
    findButton(request.managerCard, 'Confirm');
    findButton(request.managerCard, 'Keep high');
    expect(Object.keys(cardInputs(request.managerCard))).toEqual(['decisionNote']);
    expect(await db().collection('outbox').countDocuments({ _id: { $regex: `^risk-lowering:${request.assessmentId}:` } as never })).toBe(1);
  });

  it('politely refuses anyone who is not a manager', async () => {
    const refused = await press(bot, request.managerCard, 'Confirm');
    expect(cardText(refused)).toContain('only a manager can confirm or refuse lowering a high risk');
    expect(await db().collection('riskAssessments').findOne({ _id: request.assessmentId as never })).toMatchObject({ finalLevel: 'high', override: { status: 'pending-manager' } });
  });

  it('confirming applies the lower level: the case level and the visit reminder move, and it is audited', async () => {
    const visitKey = async () => {
      const stored = await db().collection('riskAssessments').findOne({ _id: request.assessmentId as never });
      return riskReminderKey(request.caseId, 'first-visit', String(stored!.victimId));
    };
    expect((await bot.assistant.deps.reminders.get(await visitKey()))?.dueDate).toBe('2026-12-30');

    const decided = await press(bot, request.managerCard, 'Confirm', { decisionNote: 'Agreed; review again after the next incident.' }, MANAGER);
    expect(cardText(decided)).toContain('Lowering confirmed.');
    expect(cardText(decided)).toContain(`${request.reference}: Risk Medium`);
    expect(await db().collection('riskAssessments').findOne({ _id: request.assessmentId as never })).toMatchObject({
      finalLevel: 'medium', override: { status: 'applied', decidedBy: 'aad-manager-1', decisionNote: 'Agreed; review again after the next incident.' },
    });
    expect(await db().collection('cases').findOne({ _id: request.caseId as never })).toMatchObject({ riskLevel: 'medium' });
    expect((await bot.assistant.deps.reminders.get(await visitKey()))?.dueDate).toBe('2027-01-11');

    const audit = await db().collection('audit').find({ entityId: request.assessmentId, actorId: 'aad-manager-1' }).toArray();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.changedFields).toEqual(expect.arrayContaining(['override.status', 'override.decidedBy', 'finalLevel']));
    expect(JSON.stringify(audit)).not.toMatch(/Agreed|withdrawn/);

    const twice = await press(bot, request.managerCard, 'Keep high', {}, MANAGER);
    expect(cardText(twice)).toContain('This has already been decided: the risk was lowered to medium.');
  });

  it("the officer's case card shows the manager's decision when the case is next opened", async () => {
    const caseCard = await sayTo(bot, `case ${request.reference}`);
    const shown = cardText(caseCard);
    expect(shown).toContain('Risk: medium');
    expect(shown).toContain('A manager confirmed lowering the risk from high to medium on 23 December 2026.');
    expect(shown).toContain("Manager's note: Agreed; review again after the next incident.");
    // No longer high: the referral is no longer asked for.
    expect(shown).not.toContain(TO_DO);
  });

  it('keeping high records the refusal with the note; a note too long is shown again with the problem', async () => {
    const kept = await requestLowering('Lena Ward', 'standard', 'The victim says she feels safer now.');
    const long = 'x'.repeat(1001);
    const tooLong = await press(bot, kept.managerCard, 'Keep high', { decisionNote: long }, MANAGER);
    expect(errorsOn(tooLong)).toEqual(['Please check the fields marked below.', 'Keep this under 1000 characters (it has 1001)']);
    expect(cardInputs(tooLong)).toEqual({ decisionNote: long });

    const decided = await press(bot, tooLong, 'Keep high', { decisionNote: 'Threats were made only last week; keep it high for now.' }, MANAGER);
    expect(cardText(decided)).toContain('The risk stays high.');
    expect(await db().collection('riskAssessments').findOne({ _id: kept.assessmentId as never })).toMatchObject({
      finalLevel: 'high', override: { status: 'rejected', decidedBy: 'aad-manager-1' },
    });
    expect(await db().collection('audit').countDocuments({ entityId: kept.assessmentId, actorId: 'aad-manager-1' })).toBe(1);

    const caseCard = await sayTo(bot, `case ${kept.reference}`);
    expect(cardText(caseCard)).toContain('Risk: high');
    expect(cardText(caseCard)).toContain('A manager kept the risk high on 23 December 2026 (lowering to standard was asked for).');
    expect(cardText(caseCard)).toContain("Manager's note: Threats were made only last week; keep it high for now.");
    expect(cardText(caseCard)).toContain(TO_DO);

    // The decision stands for this assessment: asking again needs a reassessment (whose request reaches the managers afresh).
    const change = await press(bot, kept.result, 'Change level');
    const refused = await press(bot, change, 'Change level', { riskLevel: 'medium', overrideReason: 'Asking again.' });
    expect(errorsOn(refused)[0]).toBe('A manager has already decided on lowering this assessment. If things have changed, reassess the victim.');
    expect(cardInputs(refused)).toEqual({ riskLevel: 'medium', overrideReason: 'Asking again.' });
  });
});

describe('reassessment after an incident on a high-risk case', () => {
  const PROMPT = "High-risk case: reassess the victim's risk after this incident";
  const incident = { incidentCategories: 'noise', incidentDescription: 'Shouting outside the flat again.', incidentDate: '2026-12-23', incidentTime: '08:15' };

  async function logIncident(caseCard: Card): Promise<Card> {
    const form = await press(bot, caseCard, 'Log incident');
    const reporter = (JSON.stringify(form).match(/"id":"reportedBy"[^\]]*?"value":"([^"]+)"/) ?? [])[1];
    return press(bot, form, 'Save incident', { ...incident, ...(reporter ? { reportedBy: reporter } : {}) });
  }

  it('asks for a reassessment, with the Risk assessment button, on a high-risk case', async () => {
    const opened = await openCase('Mo Tate');
    const highCase = await press(bot, await assess(opened.card, threatAnswers()), 'Back to case');
    const answer = await logIncident(highCase);
    expect(cardText(answer)).toContain('Incident logged.');
    expect(cardText(answer)).toContain(PROMPT);
    const questionnaire = await press(bot, answer, 'Risk assessment');
    expect(cardText(questionnaire)).toContain(`Risk assessment: ${opened.reference}`);
  });

  it('does not prompt on a standard-risk case', async () => {
    const opened = await openCase('Ned Rowe');
    const standardCase = await press(bot, await assess(opened.card, calmAnswers()), 'Back to case');
    const answer = await logIncident(standardCase);
    expect(cardText(answer)).toContain('Incident logged.');
    expect(cardText(answer)).not.toContain(PROMPT);
  });
});
