/** `export cases` and `export audit`: signed CSV downloads for admins, without free text, safe in spreadsheets, audited. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../src/domain/clock.js';
import { csvSafe } from '../../src/domain/governance/exports.js';
import { messageActivity, TEST_TENANT } from '../support/activities.js';
import { startTestBot, type TestBot } from '../support/bot.js';
import { cardText, press, sayTo } from '../support/cardDriver.js';

const MANAGER = 'aad-manager-1';
const clock = new ManualClock('2026-11-23T10:00:00Z');
let bot: TestBot;
let reference: string;

beforeAll(async () => {
  // The roster applies (ADMIN_IDS): the manager is the team's first admin; officer 9 is on the team, not an admin.
  bot = await startTestBot({ clock, env: { ADMIN_IDS: MANAGER } });
  const admin = await bot.assistant.deps.roster.resolve(TEST_TENANT, MANAGER, 'Maya Manager');
  await bot.assistant.deps.roster.putMember(admin, { id: 'aad-officer-9', name: 'Nine Officer', roles: ['officer'] });
  const officer = { aadObjectId: 'aad-officer-9', userName: '=HYPERLINK("http://evil.example")' };
  const opened = await press(bot, await sayTo(bot, 'new case', officer), 'Open case', {
    area: 'kingsford', ward: 'kingsford-central', categories: 'noise', address: '12 Mill Lane, Kingsford', postcode: 'kf1 2ab', source: 'phone',
    victim1Name: 'Alice Exported', victim1Consent: 'true', incidentDate: '2026-11-20', incidentTime: '22:30', incidentDescription: 'Loud music until 2am.',
  }, officer);
  reference = /ASB-2026-\d{4}/.exec(cardText(opened))![0];
});
afterAll(async () => bot.stop());

const linkOn = (card: Record<string, unknown>) => /"url":"([^"]+)"/.exec(JSON.stringify(card))![1]!;

describe('exports', () => {
  it('escapes spreadsheet formulas', () => {
    expect(['=1+1', '+44 7700', '-3', '@SUM(A1)', 'plain'].map(csvSafe)).toEqual(["'=1+1", "'+44 7700", "'-3", "'@SUM(A1)", 'plain']);
  });

  it('gives a manager a signed CSV of the cases without names, addresses or free text, and audits the download', async () => {
    const card = await sayTo(bot, 'export cases', { aadObjectId: MANAGER });
    expect(cardText(card)).toContain('The case export (no names, addresses or free text) is ready.');
    const response = await fetch(linkOn(card));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/csv');
    const csv = await response.text();
    expect(csv.split('\n')[0]).toBe('reference,status,area,ward,categories,source,riskLevel,opened,closed,closureReason,victims,perpetrators,witnesses,policeReferences,officer');
    expect(csv).toContain(`${reference},open,kingsford,kingsford-central,noise,phone`);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"")"`);
    expect(csv).not.toMatch(/Alice|Mill Lane|Loud music/);
    expect(await bot.assistant.deps.db.collection('audit').findOne({ action: 'export', entity: 'case', actorId: MANAGER })).toMatchObject({ details: { rows: 1 } });
  });

  it('gives the audit trail for a date range, and refuses officers', async () => {
    const card = await sayTo(bot, 'export audit 2026-11-01 2026-11-30', { aadObjectId: MANAGER });
    const csv = await (await fetch(linkOn(card))).text();
    expect(csv.split('\n')[0]).toBe('at,actorId,actorName,action,entity,entityId,caseReference,changedFields');
    expect(csv).toMatch(new RegExp(`create,case,[^,]+,${reference}`));
    expect(csv).not.toContain('Alice');

    const empty = await (await fetch(linkOn(await sayTo(bot, 'export audit 2025-01-01 2025-01-31', { aadObjectId: MANAGER })))).text();
    expect(empty.trim().split('\n')).toHaveLength(1);
    expect(cardText(await sayTo(bot, 'export audit 2026-12-01 2026-11-01', { aadObjectId: MANAGER }))).toContain('the first on or before the second');
    await bot.send(messageActivity('export cases', { aadObjectId: 'aad-officer-9' }));
    expect(String(bot.connector.sent().at(-1)?.text)).toContain("only the team's managers and admins");
  });
});
