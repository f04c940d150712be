/** The council sets its own areas and wards on the team card; the forms offer them, and areas in use stay. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../src/domain/clock.js';
import { TEST_TENANT } from '../support/activities.js';
import { startTestBot, type TestBot } from '../support/bot.js';
import { cardInputs, cardText, errorsOn, press, sayTo } from '../support/cardDriver.js';

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
});
