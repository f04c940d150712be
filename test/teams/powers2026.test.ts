/**
 * The powers of the Crime and Policing Act 2026 through Teams: who a Respect Order and a Youth Injunction are for
 * (age on the date of application), the pre-application risk assessment an application needs, the order's terms
 * and its reminders, the civil injunction kept for orders made before commencement, and the fixed penalty.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../src/domain/clock.js';
import { startTestBot, type TestBot } from '../support/bot.js';
import { cardInputs, cardText, choiceValue, errorsOn, findButton, press, sayTo } from '../support/cardDriver.js';

let bot: TestBot;
// Monday 23 November 2026.
const clock = new ManualClock('2026-11-23T10:00:00Z');

beforeAll(async () => {
  bot = await startTestBot({ clock, env: { FIXED_PENALTY_POUNDS: '450' } });
});
afterAll(async () => bot.stop());

const db = () => bot.assistant.deps.db;

const newCase = {
  area: 'kingsford',
  ward: 'kingsford-central',
  categories: 'noise,threats',
  address: '3 Weir Road, Kingsford',
  postcode: 'KF1 3CD',
  source: 'phone',
  victim1Name: 'Alice Smith',
  victim1Consent: 'true',
  // 17 on 20 November 2026, the date of application.
  perpetrator1Name: 'Jay Bloggs',
  perpetrator1DateOfBirth: '2009-06-01',
  perpetrator1Tenure: 'council',
  // 19 on that date.
  perpetrator2Name: 'Kim Adams',
  perpetrator2DateOfBirth: '2007-03-01',
  perpetrator2Tenure: 'housing-association',
  incidentDate: '2026-11-20',
  incidentTime: '22:30',
  incidentDescription: 'Shouting and threats at the door.',
};

describe('Crime and Policing Act 2026 orders through Teams', () => {
  let caseCard: Record<string, unknown>;
  let caseId: string;

  const orderForm = async (type: string) => {
    const picker = await press(bot, caseCard, 'Add intervention');
    return press(bot, picker, 'Continue', { interventionType: type });
  };

  beforeAll(async () => {
    caseCard = await press(bot, await sayTo(bot, 'new case'), 'Open case', newCase);
    caseId = String((findButton(caseCard, 'Add intervention').data as Record<string, string>).caseId);
  });

  it('refuses a Respect Order for a 17-year-old, by the person, keeping everything typed', async () => {
    const form = await orderForm('respect-order');
    expect(cardText(form)).toContain('It is for people aged 18 or over on the date of application.');
    const typed = {
      personId: choiceValue(form, 'personId', 'Jay Bloggs (under 18)'),
      servedOn: '2026-11-20',
      hearingDate: '2026-12-10',
      prohibitions: 'Not to enter Weir Road\nNot to contact Alice Smith',
    };
    const refused = await press(bot, form, 'Save intervention', typed);
    expect(errorsOn(refused)).toEqual([
      'Please check the fields marked below.',
      'A Respect Order is for people aged 18 or over; Jay Bloggs is 17 on the date of application. Apply for a Youth Injunction instead.',
    ]);
    expect(cardInputs(refused)).toMatchObject(typed);
    expect(await db().collection('interventions').countDocuments()).toBe(0);
  });

  it('refuses a Youth Injunction for a 19-year-old, keeping everything typed', async () => {
    const form = await orderForm('youth-injunction');
    const typed = { personId: choiceValue(form, 'personId', 'Kim Adams'), servedOn: '2026-11-20', hearingDate: '2026-12-10', requirements: 'Attend a knife-crime awareness course' };
    const refused = await press(bot, form, 'Save intervention', typed);
    expect(errorsOn(refused)).toContain('A Youth Injunction is for people aged 10 to 17; Kim Adams is 19 on the date of application. Apply for a Respect Order instead.');
    expect(cardInputs(refused)).toMatchObject(typed);
  });

  it('refuses an application without the pre-application risk assessment, keeping everything typed', async () => {
    const form = await orderForm('respect-order');
    const typed = { personId: choiceValue(form, 'personId', 'Kim Adams'), servedOn: '2026-11-20', hearingDate: '2026-12-10', prohibitions: 'Not to enter Weir Road' };
    const refused = await press(bot, form, 'Save intervention', typed);
    expect(errorsOn(refused)).toEqual([
      'A Respect Order cannot be applied for until a pre-application risk assessment of Kim Adams is recorded (on or before the date of application). Use "Pre-application risk assessment" below.',
    ]);
    expect(cardInputs(refused)).toMatchObject(typed);
    expect(await db().collection('interventions').countDocuments()).toBe(0);
  });

  it('records the pre-application risk assessment; an exclusion from home needs violence or a risk of harm', async () => {
    const form = await press(bot, await orderForm('respect-order'), 'Pre-application risk assessment');
    const typed = {
      personId: choiceValue(form, 'personId', 'Kim Adams'),
      assessedOn: '2026-11-19',
      risksToRespondent: 'Housing at risk if excluded',
      risksToOthers: 'Threats to neighbours',
      vulnerabilities: 'None identified',
      violenceOrRiskOfHarm: 'no',
      exclusionFromHomeSought: 'yes',
    };
    const refused = await press(bot, form, 'Save assessment', typed);
    expect(errorsOn(refused)).toContain('An exclusion from home can only be sought where there is violence or a risk of harm.');
    expect(cardInputs(refused)).toMatchObject(typed);
    expect(await db().collection('preApplicationAssessments').countDocuments()).toBe(0);

    const saved = await press(bot, refused, 'Save assessment', { violenceOrRiskOfHarm: 'yes' });
    expect(cardText(saved)).toContain('Pre-application risk assessment recorded.');
    expect(cardText(saved)).toContain('Exclusion from home sought: Yes');
    expect(await db().collection('preApplicationAssessments').findOne({ caseId })).toMatchObject({ personId: typed.personId, exclusionFromHomeSought: true, assessedBy: 'aad-officer-1' });
    const audit = await db().collection('audit').find({ entity: 'risk-assessment', caseReference: { $exists: true } }).toArray();
    expect(JSON.stringify(audit)).not.toContain('neighbours');
  });

  it('records the Respect Order with its terms once the assessment is there, and reminds of the hearing and the supervisor report', async () => {
    const form = await orderForm('respect-order');
    const typed = {
      personId: choiceValue(form, 'personId', 'Kim Adams'),
      servedOn: '2026-11-20',
      hearingDate: '2026-12-10',
      supervisorReportDate: '2027-02-01',
      prohibitions: 'Not to enter Weir Road\nNot to contact Alice Smith',
      requirements: 'Attend an alcohol misuse programme',
    };
    const noSupervisor = await press(bot, form, 'Save intervention', typed);
    expect(errorsOn(noSupervisor)).toContain('Name who supervises the positive requirements (a person or agency).');
    expect(cardInputs(noSupervisor)).toMatchObject(typed);

    const result = await press(bot, noSupervisor, 'Save intervention', { requirementsSupervisor: 'Kingsford Recovery Service' });
    const shown = cardText(result);
    expect(shown).toContain('Intervention recorded.');
    expect(shown).toContain('Date of application: Friday 20 November 2026');
    expect(shown).toContain('Prohibitions: 2 prohibitions');
    expect(shown).toContain('Positive requirements: 1 requirement');
    expect(shown).not.toContain('Weir Road');
    expect(shown).toContain('Thursday 10 December 2026: Respect Order: court hearing');
    expect(shown).toContain('Monday 1 February 2027: Respect Order: supervisor reports on the requirements and any breach');

    const stored = await db().collection('interventions').findOne({ type: 'respect-order' });
    expect(stored).toMatchObject({ prohibitions: ['Not to enter Weir Road', 'Not to contact Alice Smith'], requirements: ['Attend an alcohol misuse programme'], requirementsSupervisor: 'Kingsford Recovery Service' });
    const kinds = (await db().collection('reminders').find({ caseId }).toArray()).map((r) => r.kind).sort();
    expect(kinds).toEqual(['court-hearing', 'supervisor-report']);
  });

  it('keeps the civil injunction for orders made before commencement, and refuses one after', async () => {
    const picker = await press(bot, caseCard, 'Add intervention');
    expect(JSON.stringify(picker)).toContain('Civil injunction (before 29 June 2026)');
    const form = await press(bot, picker, 'Continue', { interventionType: 'civil-injunction' });
    const typed = { personId: choiceValue(form, 'personId', 'Kim Adams'), servedOn: '2026-07-01', expiryDate: '2027-07-01', reviewDate: '2027-01-04' };
    const refused = await press(bot, form, 'Save intervention', typed);
    expect(errorsOn(refused)).toContain('From 29 June 2026 apply for a Respect Order, Youth Injunction or Housing Injunction instead of a civil injunction.');
    const saved = await press(bot, refused, 'Save intervention', { servedOn: '2026-06-01' });
    expect(cardText(saved)).toContain('Intervention recorded.');
  });

  it("limits a housing provider's closure to its own stock, and shows the CPN fixed penalty setting", async () => {
    const form = await orderForm('housing-closure-notice-order');
    const refused = await press(bot, form, 'Save intervention', { personId: choiceValue(form, 'personId', 'Jay Bloggs (under 18)'), hearingDate: '2026-11-30' });
    expect(errorsOn(refused)).toContain("A Closure notice / order by a housing provider is only for the provider's own homes; Jay Bloggs's tenure is recorded as council.");
    expect(cardText(await orderForm('community-protection-notice'))).toContain('A breach can be dealt with by a fixed penalty of £450.');
  });
});
