/**
 * Escalations go to the managers of the case's own team (the roster), never to every manager in the tenant:
 * two ASB teams share one tenant, and neither team's high-risk notice or overdue digest reaches the other's.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Actor } from '../../src/domain/access/actor.js';
import { newTeam } from '../../src/domain/access/roster.js';
import { defaultAreas } from '../../src/domain/cases/areas.js';
import { ManualClock } from '../../src/domain/clock.js';
import { RosterRepository } from '../../src/db/roster.js';
import { defaultQuestionSet } from '../../src/domain/risk/defaultQuestionSet.js';
import { answerInputId } from '../../src/teams/risk/answersForm.js';
import { TEST_TENANT } from '../support/activities.js';
import { startTestBot, type TestBot } from '../support/bot.js';
import { expectValidCard } from '../support/cards.js';
import { cardText, press, sayTo } from '../support/cardDriver.js';

const clock = new ManualClock('2026-12-01T10:00:00Z');
const westAdmin = { aadObjectId: 'aad-west-admin', userName: 'Wyn West' };
const westManager = { aadObjectId: 'aad-west-manager', userName: 'Wes Manager' };
const eastManager = { aadObjectId: 'aad-east-manager', userName: 'Esi Manager' };
const eastOfficer = { aadObjectId: 'aad-east-officer', userName: 'Eli Officer' };
let bot: TestBot;
const references: Record<'west' | 'east', string> = { west: '', east: '' };
let westResult: Record<string, unknown>;

const westActor = (): Actor => ({ tenantId: TEST_TENANT, id: westAdmin.aadObjectId, name: westAdmin.userName, teamId: TEST_TENANT, roles: ['admin', 'manager', 'officer'] });
const chatOf = (who: { aadObjectId: string }) => `a:personal-${who.aadObjectId}`;
const cardsTo = (who: { aadObjectId: string }) =>
  bot.connector.sent(chatOf(who)).flatMap((a) => ((a.attachments ?? []) as Array<{ content: unknown }>).map((x) => cardText(expectValidCard(x.content))));

function highRiskAnswers(): Record<string, string> {
  const answers = Object.fromEntries(defaultQuestionSet.questions.map((q) => [answerInputId(q.id), [...q.answers].sort((a, b) => a.weight - b.weight)[0]!.id]));
  const threat = defaultQuestionSet.questions.find((q) => q.answers.some((a) => a.automaticHigh))!;
  answers[answerInputId(threat.id)] = threat.answers.find((a) => a.automaticHigh)!.id;
  return answers;
}

async function openCase(who: { aadObjectId: string; userName: string }, victim: string): Promise<Record<string, unknown>> {
  return press(bot, await sayTo(bot, 'new case', who), 'Open case', {
    area: 'kingsford', ward: 'kingsford-central', categories: 'threats', address: '4 Orchard Row', postcode: 'KF1 3CD', source: 'phone',
    victim1Name: victim, victim1Consent: 'true', incidentDate: '2026-11-30', incidentTime: '21:00', incidentDescription: 'Threats shouted.',
  }, who);
}

beforeAll(async () => {
  bot = await startTestBot({ clock, env: { ADMIN_IDS: westAdmin.aadObjectId } });
  await sayTo(bot, 'help', westAdmin);
  await bot.assistant.deps.roster.putMember(westActor(), { id: westManager.aadObjectId, name: westManager.userName, roles: ['manager', 'officer'] });
  const records = new RosterRepository(bot.assistant.deps.db);
  await records.addTeamOnce(newTeam('team-east', TEST_TENANT, defaultAreas, 'East district ASB team'));
  await records.putMember({ tenantId: TEST_TENANT, id: eastManager.aadObjectId, teamId: 'team-east', name: eastManager.userName, roles: ['manager', 'officer'] });
  await records.putMember({ tenantId: TEST_TENANT, id: eastOfficer.aadObjectId, teamId: 'team-east', name: eastOfficer.userName, roles: ['officer'] });
  for (const who of [westManager, eastManager, eastOfficer]) await sayTo(bot, 'help', who);
}, 120_000);
afterAll(async () => bot.stop());

describe('escalations to the managers of the case\'s own team', () => {
  it('tells only the west team\'s managers of a high-risk victim on a west case', async () => {
    const west = await openCase(westAdmin, 'Dora Reed');
    references.west = /ASB-2026-\d{4}/.exec(cardText(west))![0];
    const east = await openCase(eastOfficer, 'Edna Ross');
    references.east = /ASB-2026-\d{4}/.exec(cardText(east))![0];
    bot.connector.clear();
    westResult = await press(bot, await press(bot, west, 'Risk assessment', {}, westAdmin), 'Save assessment', highRiskAnswers(), westAdmin);
    await bot.assistant.reminderEngine.drained();
    expect(cardsTo(westManager).join('\n')).toContain('High-risk victim: manager review');
    expect(cardsTo(eastManager)).toEqual([]);
  });

  it('asks only the west team\'s managers to confirm lowering a high result on a west case', async () => {
    const change = await press(bot, westResult, 'Change level', {}, westAdmin);
    await press(bot, change, 'Change level', { riskLevel: 'medium', overrideReason: 'The threat was withdrawn and the person has moved away.' }, westAdmin);
    const outbox = bot.assistant.deps.db.collection('outbox');
    const asked = await outbox.find({ _id: { $regex: '^risk-lowering:' } as never }).toArray();
    expect(asked.map((m) => (m.to as { aadObjectId: string }).aadObjectId)).toEqual([westManager.aadObjectId]);
  });

  it('sends each team\'s overdue items to its own managers only', async () => {
    await press(bot, await press(bot, await sayTo(bot, `case ${references.east}`, eastOfficer), 'Risk assessment', {}, eastOfficer), 'Save assessment', highRiskAnswers(), eastOfficer);
    await bot.assistant.reminderEngine.drained();
    bot.connector.clear();
    clock.set('2026-12-08T08:30:00Z');
    await bot.assistant.deps.planner.sendMorningDigests();
    await bot.assistant.reminderEngine.drained();
    const toWest = cardsTo(westManager).filter((c) => c.includes('Team overdue items')).join('\n');
    const toEast = cardsTo(eastManager).filter((c) => c.includes('Team overdue items')).join('\n');
    expect(toWest).toContain(references.west);
    expect(toWest).not.toContain(references.east);
    expect(toEast).toContain(references.east);
    expect(toEast).not.toContain(references.west);
  });

  it('tells only the east team\'s managers when an east officer can no longer be reached', async () => {
    await bot.assistant.reminderEngine.drained();
    bot.connector.clear();
    bot.connector.failNext(1, 403);
    await bot.assistant.deps.outbox.enqueue({ key: 'to-an-east-leaver', to: { kind: 'user', tenantId: TEST_TENANT, aadObjectId: eastOfficer.aadObjectId }, text: 'A reminder' });
    await bot.assistant.reminderEngine.drained();
    expect(cardsTo(eastManager).join('\n')).toContain('Eli Officer can no longer be reached');
    expect(cardsTo(westManager)).toEqual([]);
    expect(cardsTo(westAdmin)).toEqual([]);
  });
});
