/** The council sets its own areas and wards on the team card; the forms offer them, and areas in use stay. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../src/domain/clock.js';
import { TEST_TENANT } from '../support/activities.js';
import { startTestBot, type TestBot } from '../support/bot.js';
import { cardInputs, cardText, errorsOn, findElement, press, sayTo } from '../support/cardDriver.js';
import { expectValidCard } from '../support/cards.js';

const ADMIN = 'aad-admin-1';
const asAdmin = { aadObjectId: ADMIN, userName: 'Ada Admin' };
let bot: TestBot;

beforeAll(async () => {
  bot = await startTestBot({ clock: new ManualClock('2026-11-23T10:00:00Z'), env: { ADMIN_IDS: ADMIN } });
  await bot.assistant.deps.roster.resolve(TEST_TENANT, ADMIN, 'Ada Admin');
});
afterAll(async () => bot.stop());

describe("the team's areas and wards", () => {
  it('are set by an admin, offered by the forms, and an area with open cases stays', async () => {
    const team = await sayTo(bot, 'team', asAdmin);
    expect(cardText(team)).toContain('Areas and wards');
    const form = await press(bot, team, 'Change areas and wards…', {}, asAdmin);
    const current = cardInputs(form).teamAreas!;
    expect(current).toMatch(/^Kingsford: /);

    const bad = await press(bot, form, 'Save areas', { teamAreas: `Northgate\n${current}` }, asAdmin);
    expect(errorsOn(bad).join(' ')).toContain('Northgate: list its wards after a colon');
    expect(cardInputs(bad).teamAreas).toBe(`Northgate\n${current}`);

    const saved = await press(bot, bad, 'Save areas', { teamAreas: `Northgate: North Ward, Harbour\n${current}` }, asAdmin);
    expect(cardText(saved)).toContain('Areas and wards saved');
    expect(cardText(saved)).toContain('**Northgate**: North Ward, Harbour');
    const audited = await bot.assistant.deps.db.collection('audit').findOne({ entity: 'team', changedFields: ['areas'] });
    expect(audited).toMatchObject({ actorId: ADMIN });

    const newCase = await sayTo(bot, 'new case', asAdmin);
    expect(JSON.stringify(newCase)).toContain('"title":"Northgate","value":"northgate"');
    await press(bot, newCase, 'Open case', {
      area: 'kingsford', ward: 'kingsford-central', categories: 'noise', address: '5 Mill Lane, Kingsford', postcode: 'KF1 2AB', source: 'phone',
      victim1Name: 'Alice Smith', victim1Consent: 'true', incidentDate: '2026-11-20', incidentTime: '22:30', incidentDescription: 'Loud music.',
    }, asAdmin);

    const again = await press(bot, await sayTo(bot, 'team', asAdmin), 'Change areas and wards…', {}, asAdmin);
    const refused = await press(bot, again, 'Save areas', { teamAreas: 'Northgate: North Ward, Harbour' }, asAdmin);
    expect(errorsOn(refused).join(' ')).toMatch(/Open cases are still in Kingsford/);
  });

  it("gives a member the areas they cover by name, from the team's own list", async () => {
    const team = await sayTo(bot, 'team', asAdmin);
    const picker = findElement(team, 'memberAreas');
    expect(picker).toMatchObject({ type: 'Input.ChoiceSet', isMultiSelect: true });
    expect((picker.choices as Array<{ title: string }>).map((c) => c.title)).toEqual(expect.arrayContaining(['Northgate', 'Kingsford']));
    const SAL = '0000a5a5-aaaa-bbbb-cccc-333333333333';
    const typed = { memberObjectId: SAL, memberName: 'Sal Area', memberRoles: 'officer' };
    const refused = await press(bot, team, 'Save member', { ...typed, memberAreas: 'northgate,atlantis' }, asAdmin);
    expect(errorsOn(refused)).toContain("Choose areas from the team's list");
    expect(cardInputs(refused)).toMatchObject({ memberObjectId: SAL, memberName: 'Sal Area' });
    const saved = await press(bot, refused, 'Save member', { ...typed, memberAreas: 'northgate,kingsford' }, asAdmin);
    expect(cardText(saved)).toContain('**Sal Area** · officer · areas: Northgate, Kingsford');
  });

  it('shows the areas and wards in a box tall enough to read a council list', async () => {
    const form = expectValidCard(await press(bot, await sayTo(bot, 'team', asAdmin), 'Change areas and wards…', {}, asAdmin));
    const box = findElement(form, 'teamAreas');
    expect(box).toMatchObject({ isMultiline: true, height: 'stretch' });
    expect(JSON.stringify(form)).toMatch(/"minHeight":"3\d\dpx"/);
  });

  it('another ASB team in the same organisation: its own admin, its own cases, and reminders to the right tenant', async () => {
    const EVE = '0000e5e5-aaaa-bbbb-cccc-222222222222';
    const form = await press(bot, await sayTo(bot, 'team', asAdmin), 'Start another ASB team…', {}, asAdmin);
    expect(errorsOn(await press(bot, form, 'Start the team', { memberObjectId: EVE }, asAdmin))).toContain('Give the team a name');
    const started = await press(bot, form, 'Start the team', { newTeamName: 'East District ASB team', memberObjectId: EVE, memberName: 'Eve East' }, asAdmin);
    expect(cardText(started)).toContain('East District ASB team started: Eve East is its first admin.');
    expect(cardText(started)).not.toContain('Eve East**');

    const asEve = { aadObjectId: EVE, userName: 'Eve East' };
    const eveTeam = await sayTo(bot, 'team', asEve);
    expect(cardText(eveTeam)).toContain('**Eve East** · admin, manager, officer');
    expect(cardText(eveTeam)).not.toContain('Ada Admin');
    await press(bot, await sayTo(bot, 'new case', asEve), 'Open case', {
      area: 'kingsford', ward: 'kingsford-central', categories: 'noise', address: '8 East Road, Kingsford', postcode: 'KF4 5GH', source: 'phone',
      victim1Name: 'Erin East', victim1Consent: 'true', victim1UpdateFrequency: 'weekly', incidentDate: '2026-11-20', incidentTime: '22:30', incidentDescription: 'Shouting.',
    }, asEve);
    const east = await bot.assistant.deps.db.collection('cases').findOne({ 'victims.name': 'Erin East' });
    expect(east).toMatchObject({ tenantId: TEST_TENANT, teamId: expect.stringMatching(/^team-/) });
    const reminders = await bot.assistant.deps.db.collection('reminders').find({ caseId: east!._id }).toArray();
    expect(reminders.length).toBeGreaterThan(0);
    for (const reminder of reminders) expect(reminder.recipient).toEqual({ tenantId: TEST_TENANT, aadObjectId: EVE });
    expect(cardText(await sayTo(bot, 'find Erin', asAdmin))).toContain('No cases match');
  });
});
