/** Warnings and interventions end to end: real cards over HTTP, the reminders they schedule, and the outcome. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../src/domain/clock.js';
import { interventionTypeIds, defaultPowersSettings, interventionTypesFor } from '../../src/domain/interventions/interventionTypes.js';

const defaultInterventionTypes = interventionTypesFor(defaultPowersSettings);
import { invokeAction, TEST_TENANT, type ActivityOptions } from '../support/activities.js';
import { startTestBot, type TestBot } from '../support/bot.js';
import { cardInputs, cardText, choiceValue, errorsOn, findButton, press, sayTo } from '../support/cardDriver.js';
import { expectValidCard } from '../support/cards.js';

let bot: TestBot;
// Monday 23 November 2026.
const clock = new ManualClock('2026-11-23T10:00:00Z');

beforeAll(async () => {
  bot = await startTestBot({ clock });
});
afterAll(async () => bot.stop());

const say = (text: string) => sayTo(bot, text);
const db = () => bot.assistant.deps.db;

const newCase = {
  area: 'kingsford',
  ward: 'kingsford-central',
  categories: 'noise,threats',
  address: '12 Mill Lane, Kingsford',
  postcode: 'KF1 2AB',
  source: 'phone',
  victim1Name: 'Alice Smith',
  victim1Consent: 'true',
  perpetrator1Name: 'Jay Bloggs',
  perpetrator1DateOfBirth: '2010-05-01',
  perpetrator1Tenure: 'council',
  perpetrator2Name: 'Kim Adams',
  perpetrator2AgeBand: '25-plus',
  incidentDate: '2026-11-20',
  incidentTime: '22:30',
  incidentDescription: 'Loud music and shouting until 2am; threats made at the door.',
};

function choiceTitles(card: unknown, inputId: string): string[] {
  let titles: string[] = [];
  JSON.stringify(card, (_key, node: { id?: string; choices?: Array<{ title: string }> }) => {
    if (node && node.id === inputId && node.choices) titles = node.choices.map((c) => c.title);
    return node;
  });
  return titles;
}

/** Presses a button the way a reminder card's "Done" would: its verb and data, as an invoke. */
async function invoke(verb: string, data: Record<string, unknown>, options: ActivityOptions = {}): Promise<Record<string, unknown>> {
  const response = await bot.send(invokeAction(verb, data, options));
  expect(response.status).toBe(200);
  return expectValidCard((response.body as { value: unknown }).value);
}

async function interventionForm(caseCard: unknown, type: string) {
  const picker = await press(bot, caseCard, 'Add intervention');
  return press(bot, picker, 'Continue', { interventionType: type });
}

describe('warnings and interventions through Teams', () => {
  let caseCard: Record<string, unknown>;
  let caseId: string;
  let warningId: string;
  let reference: string;

  it('offers every intervention type, then asks for the person, the date served and the officer', async () => {
    caseCard = await press(bot, await say('new case'), 'Open case', newCase);
    caseId = String((findButton(caseCard, 'Add intervention').data as Record<string, string>).caseId);
    reference = /ASB-2026-\d{4}/.exec(cardText(caseCard))![0];
    const picker = await press(bot, caseCard, 'Add intervention');
    expect(choiceTitles(picker, 'interventionType')).toEqual(interventionTypeIds.map((id) => defaultInterventionTypes[id].label));
    expect(errorsOn(await press(bot, picker, 'Continue'))).toContain('Choose the type of intervention');

    const form = await press(bot, picker, 'Continue', { interventionType: 'stage-1-warning-letter' });
    expect(cardText(form)).toContain('Stage 1 warning letter');
    expect(cardText(form)).toContain('monitored for 3 months');
    expect(choiceTitles(form, 'personId')).toEqual(['Jay Bloggs (under 18)', 'Kim Adams']);
    expect(cardInputs(form)).toEqual({ personId: '', servedOn: '2026-11-23', servedBy: 'aad-officer-1' });
  });

  it('asks each type for its own dates (and an order for its terms), on a valid card', async () => {
    const order = ['hearingDate', 'reviewDate', 'expiryDate', 'supervisorReportDate', 'prohibitions', 'requirements', 'requirementsSupervisor'];
    const expected: Record<string, string[]> = {
      'respect-order': order,
      'youth-injunction': order,
      'housing-injunction': order,
      'housing-closure-notice-order': ['expiryDate', 'hearingDate'],
      'community-protection-warning': ['complianceDate'],
      'community-protection-notice': ['complianceDate', 'expiryDate'],
      'civil-injunction': ['expiryDate', 'reviewDate', 'hearingDate'],
      'closure-notice-order': ['expiryDate', 'hearingDate'],
      'possession-proceedings': ['hearingDate'],
      'acceptable-behaviour-contract': ['expiryDate'],
      'parenting-contract': ['expiryDate', 'reviewDate'],
    };
    const picker = await press(bot, caseCard, 'Add intervention');
    for (const type of interventionTypeIds) {
      const form = await press(bot, picker, 'Continue', { interventionType: type });
      expect(cardText(form)).toContain(defaultInterventionTypes[type].label);
      expect(Object.keys(cardInputs(form)).sort()).toEqual(['personId', 'servedBy', 'servedOn', ...(expected[type] ?? [])].sort());
    }
  });

  it('records a stage 1 warning on an under-18 perpetrator and shows its monitoring end date', async () => {
    const form = await interventionForm(caseCard, 'stage-1-warning-letter');
    const result = await press(bot, form, 'Save intervention', { personId: choiceValue(form, 'personId', 'Jay Bloggs (under 18)'), servedOn: '2026-11-20' });
    const shown = cardText(result);
    expect(shown).toContain('Intervention recorded.');
    expect(shown).toContain('**Monitoring ends Saturday 20 February 2027**');
    expect(shown).toContain('Person: Jay Bloggs (under 18)');
    expect(shown).toContain('Served: Friday 20 November 2026');
    expect(shown).toContain('Served by: Test Officer');
    // The question is asked on the next working day after monitoring ends.
    expect(shown).toContain("Monday 22 February 2027: Stage 1 warning letter: monitoring ends. Has this person come to the team's attention again since the warning?");

    const stored = await db().collection('interventions').find({}).toArray();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ caseId, type: 'stage-1-warning-letter', personUnder18: true, servedOn: '2026-11-20', monitoringEndsOn: '2027-02-20', officerId: 'aad-officer-1' });
    warningId = String(stored[0]!._id);
    const audit = await db().collection('audit').find({ entity: 'intervention' }).toArray();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain('Jay');

    caseCard = await press(bot, result, 'Back to case');
    expect(cardText(caseCard)).toContain('Monday 22 February 2027\nJay Bloggs: Stage 1 warning letter: monitoring ends.');
  });

  it('schedules the monitoring-end reminder to the case owner, with Done opening the outcome question', async () => {
    const reminders = await db().collection('reminders').find({ caseId }).toArray();
    expect(reminders).toHaveLength(1);
    expect(reminders[0]).toMatchObject({
      _id: `intervention:${warningId}:monitoring-end`,
      kind: 'monitoring-end',
      dueDate: '2027-02-22',
      status: 'open',
      recipient: { tenantId: TEST_TENANT, aadObjectId: 'aad-officer-1' },
      caseReference: reference,
      doneAction: { verb: 'intervention.outcomeForm', data: { interventionId: warningId } },
    });
  });

  it('refuses a date served in the future and a missing compliance date, keeping everything typed', async () => {
    const form = await interventionForm(caseCard, 'community-protection-warning');
    const typed = { personId: choiceValue(form, 'personId', 'Kim Adams'), servedOn: '2026-11-30' };
    const refused = await press(bot, form, 'Save intervention', typed);
    expect(errorsOn(refused)).toEqual([
      'Please check the fields marked below.',
      'The date served (2026-11-30) cannot be in the future.',
      'Enter the compliance date',
    ]);
    expect(cardInputs(refused)).toEqual({ ...typed, servedBy: 'aad-officer-1', complianceDate: '' });

    const stillWrong = await press(bot, refused, 'Save intervention', { servedOn: '2026-11-23', complianceDate: '2026-11-01' });
    expect(errorsOn(stillWrong)).toContain('The compliance date must be after the date served.');
    expect(cardInputs(stillWrong)).toMatchObject({ personId: typed.personId, servedOn: '2026-11-23', complianceDate: '2026-11-01' });
    expect(await db().collection('interventions').countDocuments()).toBe(1);

    const saved = await press(bot, stillWrong, 'Save intervention', { complianceDate: '2026-12-07' });
    expect(cardText(saved)).toContain('**Monitoring ends Sunday 23 May 2027**');
    expect(cardText(saved)).toContain('Person: Kim Adams (18 or over)');
    expect(cardText(saved)).toContain('Monday 7 December 2026: Community Protection Warning: check compliance');
  });

  it('schedules every ABC review, the expiry and the end of monitoring, and the same form twice records one', async () => {
    const form = await interventionForm(caseCard, 'acceptable-behaviour-contract');
    const values = { personId: choiceValue(form, 'personId', 'Kim Adams') };
    const result = await press(bot, form, 'Save intervention', values);
    const again = await press(bot, form, 'Save intervention', values);
    expect(cardText(again)).toContain('This intervention was already recorded.');
    expect(await db().collection('interventions').countDocuments({ type: 'acceptable-behaviour-contract' })).toBe(1);
    expect(cardText(result)).toContain('Expiry date: Sunday 23 May 2027');

    const abc = await db().collection('interventions').findOne({ type: 'acceptable-behaviour-contract' });
    const reminders = await db().collection('reminders').find({ _id: { $regex: `^intervention:${String(abc!._id)}:` } } as never).sort({ dueDate: 1 }).toArray();
    expect(reminders.map((r) => [String(r._id).split(':').slice(2).join(':'), r.dueDate])).toEqual([
      ['abc-review:2026-12-21', '2026-12-21'],
      ['abc-review:2027-01-18', '2027-01-18'],
      ['abc-review:2027-02-15', '2027-02-15'],
      ['abc-review:2027-03-15', '2027-03-15'],
      ['abc-review:2027-04-12', '2027-04-12'],
      ['abc-review:2027-05-10', '2027-05-10'],
      ['intervention-expiry', '2027-05-23'],
      ['monitoring-end', '2027-05-24'],
    ]);
    expect(reminders.every((r) => r.recipient.aadObjectId === 'aad-officer-1' && r.caseId === caseId)).toBe(true);
    expect(reminders.filter((r) => r.doneAction).map((r) => r.kind)).toEqual(['monitoring-end']);
  });

  it('shows the next 3 deadlines on the case card and all of them behind "Deadlines", each with Done and Snooze', async () => {
    caseCard = await say(`case ${reference}`);
    const next = cardText(caseCard).split('Next deadlines')[1]!;
    expect(next).toContain('Monday 7 December 2026\nKim Adams: Community Protection Warning: check compliance');
    expect(next).toContain('Monday 21 December 2026\nKim Adams: Acceptable Behaviour Contract: review 1');
    expect(next).toContain('Monday 18 January 2027\nKim Adams: Acceptable Behaviour Contract: review 2');
    expect(next).not.toContain('February 2027');
    expect(JSON.stringify(caseCard).match(/"verb":"reminder\.snooze"/g)).toHaveLength(3);

    const all = await press(bot, caseCard, 'Deadlines');
    const lines = cardText(all).split('\n').filter((line) => /^\w+day \d/.test(line));
    expect(lines).toHaveLength(11);
    expect(lines[0]).toContain('Monday 7 December 2026');
    expect(lines[lines.length - 1]).toContain('Monday 24 May 2027');
  });

  it('does not take "not come to notice again" before monitoring has ended', async () => {
    const form = await invoke('intervention.outcomeForm', { interventionId: warningId });
    const refused = await press(bot, form, 'Save answer', { cameToNoticeAgain: 'no' });
    expect(errorsOn(refused).join(' ')).toMatch(/Monitoring runs until 2027-02-20/);
    expect((await db().collection('interventions').findOne({ _id: warningId } as never))!.outcome).toBeUndefined();
  });

  it('records the outcome through the reminder’s Done button, stores it, and stops the reminder', async () => {
    bot.connector.clear();
    clock.set('2027-02-22T08:30:00Z');
    await bot.assistant.deps.planner.sendDueNotices();
    await bot.assistant.reminderEngine.drained();
    const delivered = bot.connector
      .sent('a:personal-aad-officer-1')
      .flatMap((a) => ((a.attachments ?? []) as Array<{ content: Record<string, unknown> }>).map((x) => x.content))
      .filter((c) => cardText(c).includes('Jay Bloggs: Stage 1 warning letter: monitoring ends'));
    expect(delivered).toHaveLength(1);
    const form = await press(bot, expectValidCard(delivered[0]), 'Done');
    expect(cardText(form)).toContain('End of monitoring');
    expect(cardText(form)).toContain('Person: Jay Bloggs');
    expect(JSON.stringify(form)).toContain("Has this person come to the team's attention again since the warning?");

    const note = 'Checked police logs and housing reports: nothing since November.';
    const unanswered = await press(bot, form, 'Save answer', { outcomeNote: note });
    expect(errorsOn(unanswered)).toContain('Answer yes or no');
    expect(cardInputs(unanswered)).toEqual({ cameToNoticeAgain: '', outcomeNote: note });

    const saved = await press(bot, unanswered, 'Save answer', { cameToNoticeAgain: 'no' });
    expect(cardText(saved)).toContain('Outcome recorded.');
    expect(cardText(saved)).toContain('Jay Bloggs has not come to notice again');

    const stored = await db().collection('interventions').findOne({ _id: warningId } as never);
    expect(stored!.outcome).toMatchObject({ cameToNoticeAgain: false, recordedBy: 'aad-officer-1' });
    expect((await db().collection('reminders').findOne({ _id: `intervention:${warningId}:monitoring-end` } as never))!.status).toBe('done');
    const notes = await db().collection('notes').find({ caseId }).toArray();
    expect(notes.map((n) => n.text)).toEqual([`End of monitoring (Stage 1 warning letter): Jay Bloggs has not come to notice again. ${note}`]);
    const audit = await db().collection('audit').find({ entity: 'intervention', action: 'update' }).toArray();
    expect(audit.map((a) => a.changedFields)).toEqual([['outcome']]);

    const pressedAgain = await press(bot, delivered[0], 'Done');
    expect(cardText(pressedAgain)).toContain('already been recorded');
  });

  it('counts the outcome in the prevention figures against the targets', async () => {
    const figures = cardText(await say('prevention figures'));
    const [under18, adults] = figures.split('Adults');
    expect(under18).toContain('**100% did not come to notice again** (meets the target)');
    expect(under18).toContain('Target: 80%');
    expect(adults).toContain('no outcomes recorded yet');
    expect(adults).toContain('Target: 70%');
    expect(adults).toContain('Monitored in all: 2');
  });

  it('closing the case cancels its reminders and removes its intervention buttons', async () => {
    caseCard = await say(`case ${reference}`);
    const closed = await press(bot, await press(bot, caseCard, 'Close'), 'Close case', { closureReason: 'resolved-by-intervention', victimInformed: 'true' });
    expect(cardText(closed)).toContain('Case closed.');
    expect(() => findButton(closed, 'Add intervention')).toThrow();
    const open = await db().collection('reminders').countDocuments({ caseId, status: 'open' });
    expect(open).toBe(0);
    expect(await db().collection('reminders').countDocuments({ caseId, status: 'cancelled' })).toBe(10);
    const refused = await invoke('intervention.form', { caseId });
    expect(cardText(refused)).toContain('This case is closed.');
  });

  it('still asks for the answers owed on a closed case, from the prevention figures', async () => {
    clock.set('2027-05-25T09:00:00Z');
    const figures = await say('prevention figures');
    expect(cardText(figures)).toContain('Monitoring ended: answer still needed');
    expect(cardText(figures)).toContain('Awaiting an answer: 2');
    const form = await press(bot, figures, `Kim Adams (${reference}): Community Protection Warning`);
    const saved = await press(bot, form, 'Save answer', { cameToNoticeAgain: 'yes' });
    expect(cardText(saved)).toContain('Kim Adams has come to notice again');

    const inChannel = await sayTo(bot, 'prevention figures', { conversation: 'channel' });
    expect(cardText(inChannel)).toContain('Awaiting an answer: 1');
    expect(JSON.stringify(inChannel)).not.toContain('Kim Adams');

    const after = await say('prevention figures');
    const adults = cardText(after).split('Adults')[1]!;
    expect(adults).toContain('**0% did not come to notice again** (below the target)');
    expect(adults).toContain('Awaiting an answer: 1');
    expect(() => findButton(after, `Kim Adams (${reference}): Community Protection Warning`)).toThrow();
    expect(findButton(after, `Kim Adams (${reference}): Acceptable Behaviour Contract`)).toBeDefined();
  });

  it('refuses an officer of another organisation, for the form, the outcome and the figures', async () => {
    const stranger = { aadObjectId: 'aad-elsewhere', tenantId: '99999999-8888-7777-6666-555555555555' };
    expect(cardText(await invoke('intervention.form', { caseId }, stranger))).toContain("I couldn't find that case or intervention.");
    expect(cardText(await invoke('intervention.outcomeForm', { interventionId: warningId }, stranger))).toContain("I couldn't find that case or intervention.");
    expect(cardText(await sayTo(bot, 'prevention figures', stranger))).toContain('Monitored in all: 0');
  });

  it('refuses a case with no alleged perpetrator', async () => {
    const { perpetrator1Name: _a, perpetrator1DateOfBirth: _b, perpetrator1Tenure: _c, perpetrator2Name: _d, perpetrator2AgeBand: _e, ...noPerpetrator } = newCase;
    const other = await press(bot, await say('new case'), 'Open case', { ...noPerpetrator, address: '3 Weir Close', postcode: 'KF3 1AA', victim1Name: 'Dan Price' });
    const refused = await press(bot, other, 'Add intervention');
    expect(cardText(refused)).toContain('Add the alleged perpetrator to the case');
  });
});
