/**
 * Every route of the app goes through the access policy. The test reads the app's route table (the records of
 * src/teams/routes.ts), checks that it covers every route the teams-ai Application really has, and tries each
 * command and verb, with the ids of a real case and a real meeting, as (a) a member of the team, (b) someone in
 * the same tenant who is not on the team, (c) an administrator of another tenant's team and (d) a partner
 * without a share. (b)–(d) must be refused and must not see the case's reference, names or address.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { TurnContext } from 'botbuilder';
import type { Actor } from '../../src/domain/access/actor.js';
import { ACCESS_REFUSED_MESSAGE } from '../../src/domain/access/policy.js';
import { ManualClock } from '../../src/domain/clock.js';
import { routeTable, type RouteRecord } from '../../src/teams/routes.js';
import { invokeAction, messageActivity, TEST_TENANT, type ActivityOptions, type TestActivity } from '../support/activities.js';
import { startTestBot, type TestBot } from '../support/bot.js';
import { cardText, press, sayTo } from '../support/cardDriver.js';

const OTHER_TENANT = '99999999-8888-7777-6666-555555555555';
const admin = { aadObjectId: 'aad-admin', userName: 'Ann Admin' };
const officer = { aadObjectId: 'aad-new-officer', userName: 'Olu Officer' };
const outsider = { aadObjectId: 'aad-outsider', userName: 'Sam Elsewhere' };
const otherAdmin = { aadObjectId: 'aad-other-admin', userName: 'Oz Other', tenantId: OTHER_TENANT };
const partner = { aadObjectId: 'aad-police', userName: 'PC Moss' };

const VICTIM = 'Maria Kowalski';
const ADDRESS = '14 Elm Road';
const POSTCODE = 'KF1 2AB';
const NOT_ON_TEAM = "You're not on an ASB team in this organisation yet. Ask your team's administrator (Ann Admin) to add you.";

let bot: TestBot;
const clock = new ManualClock('2026-11-23T10:00:00Z');
const ids: Record<string, string> = {};
let reference = '';

const adminActor = (): Actor => ({ tenantId: TEST_TENANT, id: admin.aadObjectId, name: admin.userName, teamId: TEST_TENANT, roles: ['admin', 'manager', 'officer'] });

beforeAll(async () => {
  bot = await startTestBot({ clock, env: { ADMIN_IDS: `${admin.aadObjectId},${otherAdmin.aadObjectId}` } });
  for (const who of [admin, otherAdmin, partner, outsider]) await sayTo(bot, 'help', who);
  const form = await sayTo(bot, 'new case', admin);
  const opened = await press(bot, form, 'Open case', {
    area: 'kingsford', ward: 'kingsford-central', categories: 'noise', source: 'phone', victim1Consent: 'true', incidentTime: '21:00',
    address: ADDRESS, postcode: POSTCODE, victim1Name: VICTIM, perpetrator1Name: 'Jay Bloggs', perpetrator1Tenure: 'council', incidentDate: '2026-11-20', incidentDescription: 'Loud music until 2am.',
  }, admin);
  reference = /ASB-2026-\d{4}/.exec(cardText(opened))![0];
  const found = await bot.assistant.deps.caseFile.viewByReference(reference, adminActor());
  if (!found.ok) throw new Error('case not opened');
  ids.caseId = found.value.case.id;
  await bot.assistant.deps.roster.putMember(adminActor(), { id: partner.aadObjectId, name: partner.userName, roles: ['partner'], agency: 'police' });
  const group = await bot.assistant.deps.meetings.setUpGroup({
    name: 'Kingsford Target Group', areas: ['kingsford'], chair: { id: admin.aadObjectId, name: admin.userName }, minuteTaker: { id: admin.aadObjectId, name: admin.userName },
    memberAgencies: ['Police'], members: [], schedule: { nth: 2, weekday: 'thursday', everyMonths: 1 },
    channel: { teamId: '19:team@thread.tacv2', channelId: '19:channel@thread.tacv2', conversationId: '19:channel@thread.tacv2' },
  }, adminActor(), false);
  if (!group.ok) throw new Error('group not set up');
  ids.groupId = group.group.id;
  ids.meetingId = (await bot.assistant.deps.meetings.schedule(group.group, '2026-12-10', adminActor())).stored.meeting.id;
}, 120_000);
afterAll(async () => bot.stop());

/** Everything the bot said in answer to one activity: the invoke's card and any messages it posted. */
async function answerTo(activity: TestActivity): Promise<string> {
  const before = bot.connector.sent().length;
  const response = await bot.send(activity);
  expect(response.status).toBe(200);
  return JSON.stringify([response.body ?? null, bot.connector.sent().slice(before)]);
}

const data = () => ({ ...ids, key: `case-review:${ids.caseId}`, interventionId: 'x', assessmentId: 'x', actionId: 'x', victimId: 'x' });

function activityFor(route: RouteRecord, who: ActivityOptions): TestActivity | undefined {
  const where: ActivityOptions = { ...who, conversation: 'channel', conversationId: '19:channel@thread.tacv2' };
  if (route.kind === 'execute') return invokeAction(route.verb, data(), where);
  if (route.kind === 'submit') return { ...messageActivity('', where), text: undefined, value: { verb: route.verb, ...data() } };
  if (route.kind === 'command') return messageActivity(route.sample.replace(/ASB-\d{4}-\d{4}/, reference), where);
  return undefined;
}

const leaks = (said: string) => [reference, VICTIM, 'Kowalski', ADDRESS, POSTCODE, 'Jay Bloggs'].filter((secret) => said.includes(secret));

describe('the route table', () => {
  it('records every route the app has, each with its policy need', () => {
    const app = bot.assistant.teams.app as unknown as { _routes: Array<{ selector: (c: TurnContext) => Promise<boolean> }>; _invokeRoutes: unknown[] };
    const table = routeTable(bot.assistant.teams.app);
    expect(table.length).toBeGreaterThan(50);
    for (const route of table) expect(['public', 'use', 'open-case', 'list-cases', 'attend-meetings', 'manage-team', 'audit-check', 'retention-setting', 'export', 'retention-review', 'subject-access']).toContain(route.need);
    // A verb or command registered without routes.ts adds a route the table does not know.
    expect(app._invokeRoutes.length).toBe(table.filter((r) => r.kind === 'execute').length);
    expect(app._routes.length).toBe(table.filter((r) => r.kind !== 'execute').length);
  });

  it('lets a member of the team see the case', async () => {
    expect(await answerTo(messageActivity(`case ${reference}`, admin))).toContain(VICTIM);
  });

  const people: Array<[string, ActivityOptions]> = [
    ['(b) someone in the tenant who is not on the team', outsider],
    ['(c) an administrator of another tenant', otherAdmin],
    ['(d) a partner without a share', partner],
  ];
  it.each(people)('refuses %s on every route, and shows them nothing of the case', async (_label, who) => {
    const refusedWith = new Map<string, string>();
    for (const route of routeTable(bot.assistant.teams.app)) {
      if (route.need === 'public') continue;
      const activity = activityFor(route, who);
      if (!activity) continue;
      const name = route.kind === 'command' ? route.sample : route.kind === 'other' ? route.name : route.verb;
      // A search echoes what was typed ("Cases matching “KF1 2AB”"); anything else of the case is a leak.
      const typed = /^find (.+)$/.exec(name)?.[1];
      const said = typed ? (await answerTo(activity)).split(`“${typed}”`).join('') : await answerTo(activity);
      expect({ route: name, leaks: leaks(said) }).toEqual({ route: name, leaks: [] });
      refusedWith.set(name, said);
      // A partner is refused every route that is staff work, before anything is read.
      if (who === partner && route.need !== 'use') expect({ route: name, refused: said.includes(ACCESS_REFUSED_MESSAGE) }).toEqual({ route: name, refused: true });
    }
    expect(refusedWith.size).toBeGreaterThan(50);
    if (who === outsider) {
      for (const [name, said] of refusedWith) expect({ route: name, said: said.includes(NOT_ON_TEAM) }).toEqual({ route: name, said: true });
    }
  }, 300_000);

  it('gives another tenant replaying a meeting card no card and no signed link', async () => {
    for (const verb of ['meeting.show', 'meeting.attendanceForm', 'meeting.correctionForm', 'meeting.schedule', 'meeting.addCorrection', 'meeting.markFinal', 'meeting.end']) {
      const said = await answerTo(invokeAction(verb, { meetingId: ids.meetingId, groupId: ids.groupId, correctionText: 'x' }, otherAdmin));
      expect({ verb, link: said.includes('/minutes/'), group: said.includes('Kingsford Target Group') }).toEqual({ verb, link: false, group: false });
    }
  });
});
