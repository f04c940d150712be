/**
 * A closed case past its retention date with no decision is raised again: in the monthly review every month,
 * and in the morning digest of its own team's managers every working day (count and references, no names),
 * whose button opens the review of the undecided cases. Two ASB teams share one tenant; cases are opened and
 * closed through /api/messages and the digests come through the outbox and the reminder dispatcher.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Actor } from '../../src/domain/access/actor.js';
import { newTeam } from '../../src/domain/access/roster.js';
import { defaultAreas } from '../../src/domain/cases/areas.js';
import { ManualClock } from '../../src/domain/clock.js';
import { RosterRepository } from '../../src/db/roster.js';
import { TEST_TENANT } from '../support/activities.js';
import { startTestBot, type TestBot } from '../support/bot.js';
import { expectValidCard } from '../support/cards.js';
import { cardText, press, sayTo } from '../support/cardDriver.js';

const clock = new ManualClock('2020-11-02T10:00:00Z');
const westAdmin = { aadObjectId: 'aad-west-admin', userName: 'Wyn West' };
const westManager = { aadObjectId: 'aad-west-manager', userName: 'Wes Manager' };
const westOfficer = { aadObjectId: 'aad-west-officer', userName: 'Wil Officer' };
const eastManager = { aadObjectId: 'aad-east-manager', userName: 'Esi Manager' };
const eastOfficer = { aadObjectId: 'aad-east-officer', userName: 'Eli Officer' };
type Person = typeof westAdmin;
let bot: TestBot;
const west = { undecided: '', held: '' };
let east = '';

const westActor = (): Actor => ({ tenantId: TEST_TENANT, id: westAdmin.aadObjectId, name: westAdmin.userName, teamId: TEST_TENANT, roles: ['admin', 'manager', 'officer'] });
const chatOf = (who: { aadObjectId: string }) => `a:personal-${who.aadObjectId}`;
/** The cards sent to someone's personal chat, each checked by the adaptivecards parser. */
const cardsTo = (who: { aadObjectId: string }) =>
  bot.connector.sent(chatOf(who)).flatMap((a) => ((a.attachments ?? []) as Array<{ content: unknown }>).map((x) => expectValidCard(x.content)));
const digestsTo = (who: { aadObjectId: string }) => cardsTo(who).filter((c) => cardText(c).includes('Team overdue items'));

async function openAndClose(who: Person, victim: string, address: string): Promise<string> {
  const opened = await press(bot, await sayTo(bot, 'new case', who), 'Open case', {
    area: 'kingsford', ward: 'kingsford-central', categories: 'noise', address, postcode: 'KF1 3CD', source: 'phone',
    victim1Name: victim, victim1Consent: 'true', incidentDate: '2020-10-30', incidentTime: '21:00', incidentDescription: `Music at night, said ${victim}.`,
  }, who);
  const reference = /ASB-\d{4}-\d{4}/.exec(cardText(opened))![0];
  const closeForm = await press(bot, await sayTo(bot, `case ${reference}`, who), 'Close', {}, who);
  await press(bot, closeForm, 'Close case', { closureReason: 'asb-ceased', victimInformed: 'true' }, who);
  return reference;
}

async function morningDigests(at: string): Promise<void> {
  await bot.assistant.reminderEngine.drained();
  bot.connector.clear();
  clock.set(at);
  await bot.assistant.deps.planner.sendMorningDigests();
  await bot.assistant.reminderEngine.drained();
}

beforeAll(async () => {
  bot = await startTestBot({ clock, env: { ADMIN_IDS: westAdmin.aadObjectId } });
  await sayTo(bot, 'help', westAdmin);
  await bot.assistant.deps.roster.putMember(westActor(), { id: westManager.aadObjectId, name: westManager.userName, roles: ['manager', 'officer'] });
  await bot.assistant.deps.roster.putMember(westActor(), { id: westOfficer.aadObjectId, name: westOfficer.userName, roles: ['officer'] });
  const records = new RosterRepository(bot.assistant.deps.db);
  await records.addTeamOnce(newTeam('team-east', TEST_TENANT, defaultAreas, 'East district ASB team'));
  await records.putMember({ tenantId: TEST_TENANT, id: eastManager.aadObjectId, teamId: 'team-east', name: eastManager.userName, roles: ['manager', 'officer'] });
  await records.putMember({ tenantId: TEST_TENANT, id: eastOfficer.aadObjectId, teamId: 'team-east', name: eastOfficer.userName, roles: ['officer'] });
  for (const who of [westManager, westOfficer, eastManager, eastOfficer]) await sayTo(bot, 'help', who);
  west.undecided = await openAndClose(westOfficer, 'Vera Undecided', '7 Mill Lane');
  west.held = await openAndClose(westOfficer, 'Hal Heldback', '8 Mill Lane');
  east = await openAndClose(eastOfficer, 'Edna Eastside', '2 Quay Street');
}, 180_000); // about 20 turns through /api/messages

afterAll(async () => bot.stop());

describe('undecided retention cases are raised again', () => {
  it('puts a case past its retention date with no decision in its own team\'s managers\' digest only', async () => {
    // A hold on one west case: decided, so not raised.
    clock.set('2026-10-20T09:00:00Z');
    const review = await sayTo(bot, 'retention review', westManager);
    const holdForm = await press(bot, { ...review, body: (review.body as unknown[]).filter((el) => !JSON.stringify(el).includes('"caseId"') || JSON.stringify(el).includes(west.held)) }, 'Hold…', {}, westManager);
    expect(cardText(await press(bot, holdForm, 'Save hold', { holdReason: 'Order in force', holdReviewOn: '2027-06-01' }, westManager))).toContain(`${west.held}: held until 2027-06-01.`);

    // Retention (6 years from closure on 2 November 2020) ended on 2 November 2026; Tuesday 10 November is a working day.
    await morningDigests('2026-11-10T08:30:00Z');
    for (const manager of [westAdmin, westManager]) {
      const [digest, ...others] = digestsTo(manager);
      expect(others).toEqual([]);
      const shown = cardText(digest);
      expect(shown).toContain('Retention decisions overdue (1)');
      expect(shown).toContain(west.undecided);
      expect(shown).not.toContain(west.held);
      expect(shown).not.toContain(east);
      expect(JSON.stringify(digest)).not.toMatch(/Vera|Undecided|Mill Lane|Edna|Hal /);
    }
    const toEast = digestsTo(eastManager).map(cardText).join('\n');
    expect(toEast).toContain('Retention decisions overdue (1)');
    expect(toEast).toContain(east);
    expect(toEast).not.toContain(west.undecided);
    expect(digestsTo(westOfficer)).toEqual([]);
    expect(digestsTo(eastOfficer)).toEqual([]);
  });

  it('opens the review of the undecided cases from the digest', async () => {
    const [digest] = digestsTo(westManager);
    const review = await press(bot, digest, 'Retention review', {}, westManager);
    const shown = cardText(review);
    expect(shown).toContain('Retention review');
    expect(shown).toContain('1 needs a decision (held and scheduled cases not shown).');
    expect(shown).toContain(west.undecided);
    expect(shown).not.toContain(west.held);
    expect(shown).not.toContain(east);
    // "Show all" brings the held case back.
    expect(cardText(await press(bot, review, 'Show all', {}, westManager))).toContain(west.held);
    // An officer's press of the same button is refused.
    expect(cardText(await press(bot, digest, 'Retention review', {}, westOfficer))).toContain("only the team's managers and admins");
  });

  it('raises the undecided case again in each month\'s review', async () => {
    const outbox = bot.assistant.deps.db.collection('outbox');
    const monthly = async (at: string) => {
      clock.set(at);
      await bot.assistant.deps.retention.sendMonthlyReviews();
      return (await outbox.find({ _id: { $regex: `^retention-review:${TEST_TENANT}:${at.slice(0, 7)}:` } as never }).toArray()).map((m) => (m.to as { aadObjectId: string }).aadObjectId).sort();
    };
    expect(await monthly('2026-11-01T08:00:00Z')).toEqual([westAdmin.aadObjectId, westManager.aadObjectId].sort());
    expect(await monthly('2026-12-01T08:00:00Z')).toEqual([westAdmin.aadObjectId, westManager.aadObjectId].sort());
    await bot.assistant.reminderEngine.drained();
    const december = cardsTo(westManager).filter((c) => cardText(c).includes('Retention review')).at(-1);
    expect(cardText(december)).toContain(west.undecided);
  });

  it('stops raising it once a manager decides', async () => {
    clock.set('2026-12-01T09:00:00Z');
    const review = await press(bot, digestsTo(westManager)[0], 'Retention review', {}, westManager);
    expect(cardText(await press(bot, review, /^Destroy on /, {}, westManager))).toContain(`${west.undecided}: to be destroyed on the date its retention ends.`);
    await morningDigests('2026-12-02T08:30:00Z');
    expect(digestsTo(westManager).map(cardText).join('\n')).not.toContain('Retention decisions overdue');
    expect(digestsTo(eastManager).map(cardText).join('\n')).toContain(east);
  });
});
