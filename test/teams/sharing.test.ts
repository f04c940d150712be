/**
 * Partner sharing as people really use it, over /api/messages: the case officer shares from the case card, a
 * full share of a case with an under-18 victim is narrowed (and says why) until a parent or guardian confirms
 * consent; the partner then reads the case with only their two buttons, each view audited, and asks the officer
 * for an update, which reaches the officer's personal chat; unsharing refuses them at once. The team card adds a
 * member by sign-in name (UPN) and refuses to remove someone who still owns an open case.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Actor } from '../../src/domain/access/actor.js';
import { ManualClock } from '../../src/domain/clock.js';
import { invokeAction, messageActivity, TEST_TENANT, type ActivityOptions } from '../support/activities.js';
import { startTestBot, type TestBot } from '../support/bot.js';
import { cardText, errorsOn, press, sayTo } from '../support/cardDriver.js';
import { expectValidCard } from '../support/cards.js';
import { teamCard } from '../../src/teams/team/cards.js';

const admin = { aadObjectId: 'aad-admin', userName: 'Ann Admin' };
const partner = { aadObjectId: 'aad-police', userName: 'PC Moss' };
const CHILD = 'Kasia Nowak';
const ADDRESS = '9 Birch Close';
const adminActor = (): Actor => ({ tenantId: TEST_TENANT, id: admin.aadObjectId, name: admin.userName, teamId: TEST_TENANT, roles: ['admin', 'manager', 'officer'] });

let bot: TestBot;
const clock = new ManualClock('2026-11-23T10:00:00Z');
let reference = '';

/** Every Action.Execute verb on a card. */
const verbsOn = (card: unknown): string[] => {
  const verbs: string[] = [];
  JSON.stringify(card, (_k, node: { type?: string; verb?: string }) => {
    if (node?.type === 'Action.Execute' && node.verb) verbs.push(node.verb);
    return node;
  });
  return verbs;
};
const adminChat = `a:personal-${admin.aadObjectId}`;
const postedTo = (conversationId: string, words: string) => (call: { method: string; conversationId?: string; body?: unknown }) =>
  call.method === 'POST' && call.conversationId === conversationId && JSON.stringify(call.body ?? {}).includes(words);

beforeAll(async () => {
  bot = await startTestBot({ clock, env: { ADMIN_IDS: admin.aadObjectId } });
  for (const who of [admin, partner]) await sayTo(bot, 'help', who);
  await bot.assistant.deps.roster.putMember(adminActor(), { id: partner.aadObjectId, name: partner.userName, roles: ['partner'], agency: 'police' });
  const form = await sayTo(bot, 'new case', admin);
  const opened = await press(bot, form, 'Open case', {
    area: 'kingsford', ward: 'kingsford-central', categories: 'noise', source: 'phone', victim1Consent: 'true', victim1Under18: 'true', incidentTime: '21:00',
    address: ADDRESS, postcode: 'KF1 3CD', victim1Name: CHILD, incidentDate: '2026-11-20', incidentDescription: 'Shouting in the stairwell.',
  }, admin);
  reference = /ASB-2026-\d{4}/.exec(cardText(opened))![0];
}, 120_000);
afterAll(async () => bot.stop());

describe('sharing a case with a partner agency', () => {
  let caseCard: Record<string, unknown>;

  it('narrows a full share of an under-18 victim without a guardian to the summary, and says why', async () => {
    caseCard = await sayTo(bot, `case ${reference}`, admin);
    const form = await press(bot, caseCard, 'Share with a partner…', {}, admin);
    expect(cardText(form)).toContain("If you choose full details, only the summary is shared: an under-18 victim's consent must be given or confirmed by a parent or guardian.");
    expect(cardText(form)).toContain('K. N. (under 18): consents, not yet confirmed by a parent or guardian');
    expect(JSON.stringify(form)).not.toContain(CHILD);
    const missing = await press(bot, form, 'Share', { shareAgency: 'police' }, admin);
    expect(errorsOn(missing)).toEqual(expect.arrayContaining(['Choose the basis for sharing', 'Choose what to share']));
    expect(JSON.stringify(missing)).toContain('"value":"police"');
    const shared = await press(bot, missing, 'Share', { shareBasis: 'consent', shareScope: 'full' }, admin);
    expect(cardText(shared)).toContain("Shared with Police. Only the summary is shared: an under-18 victim's consent must be given or confirmed by a parent or guardian.");
    expect(cardText(shared)).toMatch(/Police · summary only · consent · since/);

    const seen = await sayTo(bot, `case ${reference}`, partner);
    expect(cardText(seen)).toContain('summary only');
    for (const secret of [CHILD, ADDRESS, 'Shouting']) expect(JSON.stringify(seen)).not.toContain(secret);
    expect(verbsOn(seen).sort()).toEqual(['case.askUpdate', 'case.partnerNoteForm']);
    // A summary share does not open the incidents either.
    const incidents = await bot.send(invokeAction('case.incidents', { caseId: (await caseId()), page: '0' }, partner));
    expect(JSON.stringify(incidents.body)).not.toContain('Shouting');
  });

  it('records a guardian\'s confirmation, keeping what was typed when something is missing, and then shares in full', async () => {
    const form = await press(bot, caseCard, 'Share with a partner…', {}, admin);
    const guardian = await press(bot, form, 'Record parent or guardian consent', {}, admin);
    const id = (await bot.assistant.deps.caseFile.viewByReference(reference, adminActor()));
    const victimId = id.ok ? id.value.case.victims[0]!.id : '';
    const incomplete = await press(bot, guardian, 'Save', { guardianVictimId: victimId, guardianName: 'Ewa Nowak', guardianOn: '2026-11-30' }, admin);
    expect(errorsOn(incomplete)).toEqual(expect.arrayContaining(['Choose how they are related to the child', 'That date is in the future', 'Say whether they gave or confirmed consent, or refused it']));
    expect(JSON.stringify(incomplete)).toContain('Ewa Nowak');
    const recorded = await press(bot, incomplete, 'Save', { guardianRelationship: 'parent', guardianOn: '2026-11-22', guardianDecision: 'confirmed' }, admin);
    expect(cardText(recorded)).toContain('Recorded: a parent or guardian gave or confirmed consent.');
    expect(cardText(recorded)).toContain('Full details may be shared: every victim consents.');
    expect(cardText(recorded)).toContain('K. N. (under 18): consent given or confirmed by parent E. N. on 22 November 2026');
    const shared = await press(bot, recorded, 'Share', { shareAgency: 'police', shareBasis: 'consent', shareScope: 'full' }, admin);
    expect(cardText(shared)).toContain('Shared with Police: full details.');
    caseCard = shared;
    const trail = await bot.assistant.deps.audit.forCase(reference, 0, 50);
    expect(trail.entries.filter((e) => e.action === 'share')).toHaveLength(2);
    expect(JSON.stringify(trail)).not.toContain('Ewa');
  });

  it('shows the partner the case read-only, audits the view, and refuses every change they replay', async () => {
    const seen = await sayTo(bot, `case ${reference}`, partner);
    expect(cardText(seen)).toContain(CHILD);
    const verbs = verbsOn(seen);
    expect(verbs).toEqual(expect.arrayContaining(['case.partnerNoteForm', 'case.askUpdate']));
    for (const verb of verbs) expect(['case.show', 'case.incidents', 'case.deadlines', 'case.partnerNoteForm', 'case.askUpdate']).toContain(verb);
    const trail = await bot.assistant.deps.audit.forCase(reference, 0, 50);
    expect(trail.entries.some((e) => e.action === 'view' && e.view === 'partner' && e.actorId === partner.aadObjectId)).toBe(true);
    const id = await caseId();
    const edits = ['case.logIncident', 'case.addNote', 'case.changeStatus', 'case.close', 'case.addPerson', 'case.assign', 'case.share', 'case.unshare', 'case.recordGuardian'];
    for (const verb of edits) {
      const said = JSON.stringify((await bot.send(invokeAction(verb, { caseId: id, version: '9', noteText: 'x', agency: 'police', shareAgency: 'police', shareBasis: 's115', shareScope: 'full', status: 'closed' }, partner))).body);
      expect({ verb, refused: said.includes("Sorry, you can't change that.") }).toEqual({ verb, refused: true });
    }
    const after = await bot.assistant.deps.caseFile.viewByReference(reference, adminActor());
    expect(after.ok && after.value.case.shares?.map((s) => s.scope)).toEqual(['full']);
  });

  it('takes a partner\'s "Ask for an update" and note to the case officer\'s personal chat, audited', async () => {
    const seen = await sayTo(bot, `case ${reference}`, partner);
    const asked = await press(bot, seen, 'Ask for an update', {}, partner);
    expect(cardText(asked)).toContain(`Ann Admin, the case officer, has been asked for an update on ${reference}.`);
    const update = await bot.connector.waitFor(postedTo(adminChat, `Update requested on ${reference}`), 10_000);
    const card = (update.body?.attachments as Array<{ content: unknown }>)[0]!.content;
    expect(cardText(expectValidCard(card))).toContain('PC Moss (Police) asks for an update on this case.');

    const noteForm = await press(bot, seen, 'Send a note to the officer', {}, partner);
    const empty = await press(bot, noteForm, 'Send note', {}, partner);
    expect(errorsOn(empty)).toContain('Write your note to the officer');
    const sent = await press(bot, empty, 'Send note', { partnerNote: 'We visited the flat today; the family want a call.' }, partner);
    expect(cardText(sent)).toContain('Your note is on its way to Ann Admin, the case officer.');
    await bot.connector.waitFor(postedTo(adminChat, 'We visited the flat today'), 10_000);
    const trail = await bot.assistant.deps.audit.forCase(reference, 0, 50);
    const requests = trail.entries.filter((e) => e.action === 'request' && e.actorId === partner.aadObjectId);
    expect(requests.map((e) => e.changedFields).sort()).toEqual([['note'], ['update']]);
    expect(JSON.stringify(trail)).not.toContain('visited the flat');
  });

  it('offers Share only to the case officer and managers; another officer replaying it is refused', async () => {
    const colleague = { aadObjectId: 'aad-colleague', userName: 'Cal Colleague' };
    await bot.assistant.deps.roster.putMember(adminActor(), { id: colleague.aadObjectId, name: colleague.userName, roles: ['officer'] });
    const seen = await sayTo(bot, `case ${reference}`, colleague);
    expect(cardText(seen)).toContain(CHILD);
    expect(verbsOn(seen)).not.toContain('case.shareForm');
    expect(cardText(seen)).toContain('Shared with partners');
    const replay = JSON.stringify((await bot.send(invokeAction('case.share', { caseId: await caseId(), shareAgency: 'police', shareBasis: 's115', shareScope: 'summary' }, colleague))).body);
    expect(replay).toContain("Sorry, you can't change that.");
  });

  it('refuses the partner at once when the case is unshared from the case card', async () => {
    const partnerCard = await sayTo(bot, `case ${reference}`, partner);
    const ownCard = await sayTo(bot, `case ${reference}`, admin);
    const unshared = await press(bot, ownCard, 'Unshare Police', {}, admin);
    expect(cardText(unshared)).toContain('No longer shared with Police.');
    expect(cardText(unshared)).not.toContain('Shared with partners');
    const said = JSON.stringify((await bot.send(messageActivity(`case ${reference}`, partner))).body ?? bot.connector.sent().at(-1));
    expect(said).not.toContain(CHILD);
    const lastReply = JSON.stringify(bot.connector.sent().at(-1));
    expect(lastReply).toContain("I couldn't find that case.");
    for (const button of ['Ask for an update', 'Send a note to the officer']) {
      const replay = await press(bot, partnerCard, button, {}, partner);
      expect(cardText(replay)).toContain("I couldn't find that case.");
    }
  });
});

async function caseId(): Promise<string> {
  const found = await bot.assistant.deps.caseFile.viewByReference(reference, adminActor());
  if (!found.ok) throw new Error('case not found');
  return found.value.case.id;
}

describe('the team card', () => {
  const nell = { aadObjectId: 'aad-nell', userName: 'Nell Newbie' } satisfies ActivityOptions;

  it('adds a member by sign-in name (UPN), and says so plainly when nobody has that name', async () => {
    bot.connector.members = [{ id: '29:aad-nell', aadObjectId: 'aad-nell', name: 'Nell Newbie', userPrincipalName: 'Nell.Newbie@council.example' }];
    const team = await sayTo(bot, 'team', admin);
    expect(cardText(team)).toContain('Only people who have used the assistant are listed here');
    const unknown = await press(bot, team, 'Save member', { memberObjectId: 'nobody@council.example', memberRoles: 'officer' }, admin);
    expect(errorsOn(unknown).join('\n')).toContain("I can't find anyone with that sign-in name.");
    expect(JSON.stringify(unknown)).toContain('nobody@council.example');
    const saved = await press(bot, unknown, 'Save member', { memberObjectId: 'nell.newbie@council.example', memberRoles: 'officer' }, admin);
    expect(cardText(saved)).toContain('Nell Newbie saved.');
    expect(cardText(saved)).toContain('**Nell Newbie** · officer');
    const member = await sayTo(bot, 'my cases', nell);
    expect(cardText(member)).toContain('My open cases');
  });

  it('searches the organisation in Teams (Data.Query over graph.microsoft.com/users), and says so on the card', () => {
    const card = expectValidCard(teamCard([], [{ id: 'aad-seen', name: 'Sid Seen' }], true));
    expect(JSON.stringify(card)).toContain('"choices.data":{"type":"Data.Query","dataset":"graph.microsoft.com/users"}');
    expect(cardText(card)).toContain('Type a name to search your organisation, or pick someone who has used the assistant.');
    expect(JSON.stringify(card)).toContain('Sid Seen');
  });

  it('refuses to remove a member who still owns an open case, until it is reassigned', async () => {
    const form = await sayTo(bot, 'new case', nell);
    const opened = await press(bot, form, 'Open case', {
      area: 'kingsford', ward: 'kingsford-central', categories: 'noise', source: 'phone', incidentTime: '20:00',
      victim1Name: 'Omar Said', address: '3 Oak Lane', postcode: 'KF1 5EF', incidentDate: '2026-11-21', incidentDescription: 'Music.',
    }, nell);
    const ref = /ASB-2026-\d{4}/.exec(cardText(opened))?.[0];
    if (!ref) throw new Error(cardText(opened));
    const refused = JSON.stringify((await bot.send(invokeAction('team.removeMember', { memberId: nell.aadObjectId }, admin))).body);
    expect(refused).toContain('Nell Newbie still owns 1 open case. Reassign them first.');
    expect(cardText(await sayTo(bot, 'my cases', nell))).toContain(ref);
    const found = await bot.assistant.deps.caseFile.viewByReference(ref, adminActor());
    if (!found.ok) throw new Error('case not found');
    await bot.assistant.deps.caseFile.assign(found.value.case.id, undefined, { id: admin.aadObjectId, name: admin.userName }, adminActor());
    const removed = JSON.stringify((await bot.send(invokeAction('team.removeMember', { memberId: nell.aadObjectId }, admin))).body);
    expect(removed).toContain('Removed from the team.');
  });
});
