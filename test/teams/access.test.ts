import { GOVERN_REFUSED } from '../../src/domain/governance/governors.js';
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
import { RosterRepository } from '../../src/db/roster.js';
import { newTeam } from '../../src/domain/access/roster.js';
import { defaultAreas } from '../../src/domain/cases/areas.js';
import { routeTable, type RouteRecord } from '../../src/teams/routes.js';
import { invokeAction, searchInvoke, messageActivity, TEST_TENANT, type ActivityOptions, type TestActivity } from '../support/activities.js';
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
  if (route.kind === 'search') return searchInvoke(route.dataset, '', { area: 'kingsford' }, where);
  return undefined;
}

const leaks = (said: string) => [reference, VICTIM, 'Kowalski', ADDRESS, POSTCODE, 'Jay Bloggs'].filter((secret) => said.includes(secret));

describe('the route table', () => {
  it('records every route the app has, each with its policy need', () => {
    const app = bot.assistant.teams.app as unknown as { _routes: Array<{ selector: (c: TurnContext) => Promise<boolean> }>; _invokeRoutes: unknown[] };
    const table = routeTable(bot.assistant.teams.app);
    expect(table.length).toBeGreaterThan(50);
    for (const route of table) expect(['public', 'use', 'open-case', 'list-cases', 'attend-meetings', 'manage-team', 'audit-check', 'retention-setting', 'export', 'retention-review', 'subject-access', 'case-review-settings']).toContain(route.need);
    // A verb or command registered without routes.ts adds a route the table does not know.
    expect(app._invokeRoutes.length).toBe(table.filter((r) => r.kind === 'execute' || r.kind === 'search').length);
    expect(app._routes.length).toBe(table.filter((r) => r.kind !== 'execute' && r.kind !== 'search').length);
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
      const name = route.kind === 'command' ? route.sample : route.kind === 'other' ? route.name : route.kind === 'search' ? route.dataset : route.verb;
      if (route.kind === 'search') {
        // A refused typeahead finds nothing, and says nothing (another tenant's admin gets their own team's wards).
        const results = ((await bot.send(activity)).body as { value?: { results?: unknown[] } }).value?.results;
        if (who !== otherAdmin) expect({ route: name, results }).toEqual({ route: name, results: [] });
        continue;
      }
      // A search echoes what was typed ("Cases matching “KF1 2AB”"); anything else of the case is a leak.
      const typed = /^find (.+)$/.exec(name)?.[1];
      const said = typed ? (await answerTo(activity)).split(`“${typed}”`).join('') : await answerTo(activity);
      expect({ route: name, leaks: leaks(said) }).toEqual({ route: name, leaks: [] });
      refusedWith.set(name, said);
      // A partner is refused every route that is staff work, before anything is read.
      if (who === partner && route.need !== 'use') expect({ route: name, refused: said.includes(ACCESS_REFUSED_MESSAGE) || said.includes(GOVERN_REFUSED) }).toEqual({ route: name, refused: true });
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

describe('privacy in a channel', () => {
  const channel = (who: ActivityOptions): ActivityOptions => ({ ...who, conversation: 'channel', conversationId: '19:asb-team@thread.tacv2' });

  it('shows `case <ref>` and `find <postcode>` as a summary: no address, no full name', async () => {
    const summary = await sayTo(bot, `case ${reference}`, channel(admin));
    const shown = JSON.stringify(summary);
    expect(cardText(summary)).toContain(reference);
    expect(cardText(summary)).toContain('victim M. K.');
    for (const secret of [VICTIM, 'Kowalski', ADDRESS, 'Jay Bloggs', 'Loud music']) expect(shown).not.toContain(secret);
    const found = JSON.stringify(await sayTo(bot, `find ${POSTCODE}`, channel(admin)));
    expect(found).toContain(reference);
    for (const secret of [VICTIM, 'Kowalski', ADDRESS, 'Jay Bloggs']) expect(found).not.toContain(secret);
  });

  it('gives "Show details" to the presser only, leaves the channel copy as it was, and audits the view', async () => {
    const summary = await sayTo(bot, `case ${reference}`, channel(admin));
    const before = bot.connector.calls.length;
    const details = await press(bot, summary, 'Show details', {}, channel(admin));
    expect(cardText(details)).toContain(VICTIM);
    // Nothing was posted or updated in the channel: the full card was only the invoke's answer to the presser.
    expect(bot.connector.calls.slice(before).filter((c) => c.method === 'POST' || c.method === 'PUT')).toEqual([]);
    const trail = await bot.assistant.deps.audit.forEntity(ids.caseId!);
    expect(trail.some((e) => e.action === 'view' && e.view === 'channel-details' && e.actorId === admin.aadObjectId)).toBe(true);
    expect(JSON.stringify(trail)).not.toContain(VICTIM);
  });
});

describe('partners and the roster', () => {
  it('lets a partner see a shared case read-only, audits the view, and refuses once unshared', async () => {
    const shared = await bot.assistant.deps.caseFile.share(ids.caseId!, { agency: 'police', basis: 's115', scope: 'full' }, adminActor());
    expect(shared).toMatchObject({ ok: true });
    const seen = await sayTo(bot, `case ${reference}`, partner);
    expect(cardText(seen)).toContain(VICTIM);
    const note = await answerTo(invokeAction('case.addNote', { caseId: ids.caseId, noteText: 'Partner edit' }, partner));
    expect(note).toContain("Sorry, you can't change that.");
    const trail = await bot.assistant.deps.audit.forEntity(ids.caseId!);
    expect(trail.some((e) => e.action === 'view' && e.view === 'partner' && e.actorId === partner.aadObjectId)).toBe(true);
    expect(trail.some((e) => e.action === 'share')).toBe(true);

    await bot.assistant.deps.caseFile.unshare(ids.caseId!, 'police', adminActor());
    const after = await answerTo(messageActivity(`case ${reference}`, partner));
    expect(after).toContain("I couldn't find that case.");
    expect(leaks(after)).toEqual([]);
  });

  it('narrows a full share to the summary when not every victim consents, and says why', async () => {
    const form = await sayTo(bot, 'new case', admin);
    const opened = await press(bot, form, 'Open case', {
      area: 'kingsford', ward: 'kingsford-central', categories: 'noise', source: 'phone', victim1Consent: 'false', incidentTime: '21:00',
      address: '2 Ash Way', postcode: 'KF1 4AA', victim1Name: 'Nina Patel', incidentDate: '2026-11-20', incidentDescription: 'Noise.',
    }, admin);
    const ref = /ASB-2026-\d{4}/.exec(cardText(opened))![0];
    const found = await bot.assistant.deps.caseFile.viewByReference(ref, adminActor());
    if (!found.ok) throw new Error('case not opened');
    const shared = await bot.assistant.deps.caseFile.share(found.value.case.id, { agency: 'police', basis: 'consent', scope: 'full' }, adminActor());
    expect(shared.ok && shared.value.narrowedBecause).toBe('victim-no-consent');
    const seen = await sayTo(bot, `case ${ref}`, partner);
    expect(cardText(seen)).toContain('summary only');
    expect(JSON.stringify(seen)).not.toContain('Nina Patel');
    expect(JSON.stringify(seen)).not.toContain('2 Ash Way');
  });

  it('lets an officer the admin adds see team cases, and refuses them at once when removed', async () => {
    expect(await answerTo(messageActivity(`case ${reference}`, officer))).toContain(NOT_ON_TEAM);
    await bot.assistant.deps.roster.putMember(adminActor(), { id: officer.aadObjectId, name: officer.userName, roles: ['officer'] });
    expect(await answerTo(messageActivity(`case ${reference}`, officer))).toContain(VICTIM);
    const removed = await bot.assistant.deps.roster.removeMember(adminActor(), officer.aadObjectId, async () => 0);
    expect(removed).toEqual({ ok: true });
    const after = await answerTo(messageActivity(`case ${reference}`, officer));
    expect(after).toContain(NOT_ON_TEAM);
    expect(leaks(after)).toEqual([]);
  });

  it('keeps a second team in the same tenant out of the first team\'s cases', async () => {
    const records = new RosterRepository(bot.assistant.deps.db);
    await records.addTeamOnce(newTeam('team-east', TEST_TENANT, defaultAreas, 'East district ASB team'));
    const east = { aadObjectId: 'aad-east-officer', userName: 'Eve East' };
    await records.putMember({ tenantId: TEST_TENANT, id: east.aadObjectId, teamId: 'team-east', name: east.userName, roles: ['officer', 'manager'] });
    const said = await answerTo(messageActivity(`case ${reference}`, east));
    expect(said).toContain("I couldn't find that case.");
    expect(leaks(said)).toEqual([]);
    const found = await answerTo(messageActivity(`find ${POSTCODE}`, east));
    expect(found).not.toContain(reference);
  });
});

describe('the audit trail of a case', () => {
  it('shows managers the views, shares and edits, paged, with no values; refuses an officer', async () => {
    const trail = await sayTo(bot, `audit ${reference}`, admin);
    const shown = cardText(trail);
    expect(shown).toContain(`Audit trail of ${reference}`);
    expect(shown).toContain('view case (channel-details)');
    expect(shown).toContain('share case');
    expect(shown).toContain('unshare case');
    expect(JSON.stringify(trail)).not.toContain(VICTIM);
    const east = { aadObjectId: 'aad-plain-officer', userName: 'Pat Plain' };
    await bot.assistant.deps.roster.putMember(adminActor(), { id: east.aadObjectId, name: east.userName, roles: ['officer'] });
    expect(await answerTo(messageActivity(`audit ${reference}`, east))).toContain(ACCESS_REFUSED_MESSAGE);
  });
});

describe('the team card', () => {
  it('lets an admin add someone the bot has seen, with roles, and remove them; an officer gets no team card', async () => {
    const newcomer = { aadObjectId: 'aad-newcomer', userName: 'Nia Newcomer' };
    await sayTo(bot, 'help', newcomer);
    const teamCard = await sayTo(bot, 'team', admin);
    expect(cardText(teamCard)).toContain('Your ASB team');
    const saved = await press(bot, teamCard, 'Save member', { memberPerson: newcomer.aadObjectId, memberRoles: 'officer' }, admin);
    expect(cardText(saved)).toContain('Nia Newcomer saved.');
    expect(await answerTo(messageActivity(`case ${reference}`, newcomer))).toContain(VICTIM);
    expect(await answerTo(messageActivity('team', newcomer))).toContain(ACCESS_REFUSED_MESSAGE);
    const bad = await press(bot, saved, 'Save member', { memberObjectId: 'not-an-id', memberRoles: 'officer' }, admin);
    expect(cardText(bad)).toContain('An Entra object id looks like');
    const removed = await answerTo(invokeAction('team.removeMember', { memberId: newcomer.aadObjectId }, admin));
    expect(removed).toContain('Removed from the team.');
    expect(await answerTo(messageActivity(`case ${reference}`, newcomer))).toContain(NOT_ON_TEAM);
  });
});
