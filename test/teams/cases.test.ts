/** Cases end to end: real activities over HTTP, real cards clicked with their own input ids. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../src/domain/clock.js';
import { messageActivity } from '../support/activities.js';
import { startTestBot, type TestBot } from '../support/bot.js';
import { cardInputs, cardText, choiceValue, errorsOn, lastCardSent, press, sayTo } from '../support/cardDriver.js';
import { expectValidCard, primaryButtons } from '../support/cards.js';

let bot: TestBot;
const clock = new ManualClock('2026-11-23T10:00:00Z');

beforeAll(async () => {
  bot = await startTestBot({ clock });
});
afterAll(async () => bot.stop());

const say = (text: string) => sayTo(bot, text);

const newCase = {
  area: 'kingsford',
  ward: 'kingsford-central',
  categories: 'noise,threats',
  address: '12 Mill Lane, Kingsford',
  postcode: 'kf1 2ab',
  source: 'phone',
  policeReferences: 'KP-2026-1181',
  victim1Name: 'Alice Smith',
  victim1Phone: '07700 900123',
  victim1Consent: 'true',
  victim2Name: 'Bob Smith',
  perpetrator1Name: 'Jay Bloggs',
  perpetrator1DateOfBirth: '2010-05-01',
  perpetrator1Tenure: 'council',
  incidentDate: '2026-11-20',
  incidentTime: '22:30',
  incidentDescription: 'Loud music and shouting until 2am; threats made at the door.',
};

describe('cases through Teams', () => {
  let caseCard: Record<string, unknown>;
  let reference: string;

  it('opens a case with two victims and an under-18 perpetrator', async () => {
    const form = await say('new case');
    caseCard = await press(bot, form, 'Open case', newCase);
    const shown = cardText(caseCard);
    reference = /ASB-2026-\d{4}/.exec(shown)![0];
    expect(shown).toContain(`Case ${reference} opened.`);
    expect(shown).toContain('Alice Smith');
    expect(shown).toContain('Bob Smith');
    expect(shown).toMatch(/Jay Bloggs \(\*\*under 18\*\*/);
    expect(shown).toContain('Incidents (1)');
    expect(shown).toContain('KF1 2AB');
  });

  it('opens one case, not two, when the same form is submitted twice', async () => {
    const form = await say('new case');
    const { victim2Name: _v2, perpetrator1Name: _p1, perpetrator1DateOfBirth: _dob, perpetrator1Tenure: _t, policeReferences: _pr, ...rest } = newCase;
    const values = { ...rest, victim1Name: 'Carol Jones', address: '1 Quay Street', postcode: 'KF3 9ZZ' };
    const first = await press(bot, form, 'Open case', values);
    const second = await press(bot, form, 'Open case', values);
    const ref = /ASB-2026-\d{4}/.exec(cardText(first))![0];
    expect(cardText(second)).toContain(ref);
    expect(cardText(second)).not.toContain('opened.');
    const found = await say('find carol jones');
    expect(cardText(found).match(/ASB-2026-\d{4}/g)).toEqual([ref]);
  });

  it('keeps everything typed and marks each problem when the form is wrong', async () => {
    const form = await say('new case');
    const refused = await press(bot, form, 'Open case', { ...newCase, area: '', postcode: 'NOT A POSTCODE', incidentDate: '2026-12-25' });
    expect(errorsOn(refused).join(' ')).toMatch(/Choose the area/);
    expect(errorsOn(refused).join(' ')).toMatch(/postcode/i);
    expect(errorsOn(refused).join(' ')).toMatch(/can't be in the future/);
    const kept = cardInputs(refused);
    expect(kept).toMatchObject({ victim1Name: 'Alice Smith', victim2Name: 'Bob Smith', perpetrator1Name: 'Jay Bloggs', incidentDescription: newCase.incidentDescription, postcode: 'NOT A POSTCODE' });
  });

  it('logs incidents, refuses a future date without losing the text, and flags the Case Review on the third report', async () => {
    let form = await press(bot, caseCard, 'Log incident');
    const alice = choiceValue(form, 'reportedBy', 'Alice Smith');
    const incident = { incidentCategories: 'noise', incidentDescription: 'Music again after midnight.', reportedBy: alice, incidentTime: '23:45' };

    const refused = await press(bot, form, 'Save incident', { ...incident, incidentDate: '2026-11-30' });
    expect(errorsOn(refused).join(' ')).toMatch(/can't be in the future/);
    expect(cardInputs(refused).incidentDescription).toBe('Music again after midnight.');

    caseCard = await press(bot, refused, 'Save incident', { incidentDate: '2026-11-21' });
    expect(cardText(caseCard)).toContain('Incidents (2)');
    expect(cardText(caseCard)).toMatch(/explain the ASB Case Review/);

    form = await press(bot, caseCard, 'Log incident');
    caseCard = await press(bot, form, 'Save incident', { ...incident, incidentDate: '2026-11-22', incidentDescription: 'Door kicked at 1am.' });
    expect(cardText(caseCard)).toContain('Incidents (3)');
    expect(cardText(caseCard)).toMatch(/Case Review threshold met: Alice Smith has reported 3 incidents/);

    // The owner is told too, once, in their personal chat.
    await bot.assistant.reminderEngine.drained();
    const told = bot.connector.sent('a:personal-aad-officer-1').filter((a) => JSON.stringify(a).includes('ASB Case Review threshold reached'));
    expect(told).toHaveLength(1);
    expect(JSON.stringify(told[0])).toContain('Alice Smith has now reported 3 incidents');
    expectValidCard((told[0]!.attachments as Array<{ content: unknown }>)[0]!.content);
  });

  it('finds the case by postcode, however it is typed, and by part of a name, street or police reference', async () => {
    for (const typed of ['find KF1 2AB', 'find kf12ab', 'find Bloggs', 'find blo', 'find alice smi', 'find mill lane', 'find KP-2026-1181']) {
      expect(cardText(await say(typed))).toContain(reference);
    }
    expect(cardText(await say(`case ${reference.toLowerCase()}`))).toContain(reference);
  });

  it('keeps to four primary buttons, and shows the latest 3 notes with "All notes" for the rest', async () => {
    const card = await say(`case ${reference}`);
    const cardLevel = (card.actions as Array<{ title: string; mode?: string }>).filter((a) => a.mode !== 'secondary').map((a) => a.title);
    expect(cardLevel).toEqual(['Log incident', 'Risk assessment', 'Add note', 'Deadlines']);
    expect(primaryButtons(card)).toEqual(cardLevel);
    expect(cardText(card)).toContain('No notes yet.');
    // The perpetrator's tenure was given; nobody's "Unknown" tenure is shown.
    expect(cardText(card)).toMatch(/Jay Bloggs \(\*\*under 18\*\*, Council\)/);
    let latest = card;
    for (const n of [1, 2, 3, 4]) {
      clock.advance(60_000);
      latest = await press(bot, await press(bot, latest, 'Add note'), 'Save note', { noteText: `Spoke to the victim, call ${n}.` });
    }
    const shown = cardText(latest);
    expect(shown).toContain('Note added.');
    const at = ['call 4.', 'call 3.', 'call 2.'].map((t) => shown.indexOf(t));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(shown).not.toContain('call 1.');
    expect(shown).toMatch(/Test Officer, \d+ Nov 2026/);
    const all = await press(bot, latest, 'All notes');
    expect(cardText(all)).toContain('notes');
    for (const n of [1, 2, 3, 4]) expect(cardText(all)).toContain(`Spoke to the victim, call ${n}.`);
    caseCard = await press(bot, all, 'Back to case');
  });

  it('lists the officer’s open cases', async () => {
    expect(cardText(await say('my cases'))).toContain(reference);
  });

  it('detects a conflicting edit and shows the current case', async () => {
    const staleForm = await press(bot, caseCard, 'Change status');
    const freshForm = await press(bot, caseCard, 'Change status');
    caseCard = await press(bot, freshForm, 'Change status', { status: 'investigating' });
    expect(cardText(caseCard)).toContain('Investigating');
    const conflict = await press(bot, staleForm, 'Change status', { status: 'intervention' });
    expect(cardText(conflict)).toMatch(/Someone else changed this case/);
    expect(cardText(conflict)).toContain('Investigating');
  });

  it('closes with a reason and the victim informed, then reopens with a reason', async () => {
    caseCard = await press(bot, await say(`case ${reference}`), 'Close');
    const refused = await press(bot, caseCard, 'Close case', { closureReason: 'asb-ceased' });
    expect(errorsOn(refused).join(' ')).toMatch(/Tick to confirm/);
    expect(cardInputs(refused).closureReason).toBe('asb-ceased');
    const closed = await press(bot, refused, 'Close case', { victimInformed: 'true' });
    expect(cardText(closed)).toMatch(/Case closed\./);
    expect(cardText(closed)).toMatch(/Closed: .*ASB ceased/);
    expect(cardText(await say('my cases'))).not.toContain(reference);

    const reopenForm = await press(bot, closed, 'Reopen');
    expect(errorsOn(await press(bot, reopenForm, 'Reopen case')).join(' ')).toMatch(/Say why/);
    const reopened = await press(bot, reopenForm, 'Reopen case', { reopenReason: 'The music started again.' });
    expect(cardText(reopened)).toMatch(/Reopened/);
  });

  it('records an audit entry for every change and view, naming fields but no values', async () => {
    const entries = await bot.assistant.deps.db.collection('audit').find({ caseReference: reference }).toArray();
    const actions = entries.map((e) => `${e.action}:${e.entity}`);
    expect(actions).toEqual(expect.arrayContaining(['create:case', 'view:case', 'create:incident', 'status:case']));
    expect(JSON.stringify(entries)).not.toContain('Alice');
  });

  it('offers to add a repeat report to the open case that names the same perpetrator at the same address', async () => {
    const form = await say('new case');
    const repeat = { ...newCase, victim1Name: 'Dan Evans', victim2Name: '', policeReferences: '', perpetrator1Address: '12 Mill Lane, Kingsford KF1 2AB', incidentDate: '2026-11-23', incidentTime: '01:15', incidentDescription: 'Shouting in the street.' };
    const offer = await press(bot, form, 'Open case', repeat);
    expect(cardText(offer)).toMatch(/may already be an open case/);
    expect(cardText(offer)).toContain(reference);
    const added = await press(bot, offer, `Add as incident to ${reference}`);
    expect(cardText(added)).toMatch(/Incident added to this case\./);
    expect(cardText(added)).toContain(reference);
    const anyway = await press(bot, offer, 'Create a new case anyway');
    expect(cardText(anyway)).toMatch(/Case ASB-2026-\d{4} opened\./);
    expect(cardText(anyway)).not.toContain(reference);
  });

  it('pages a case with 50 incidents and keeps every card within the size limit', async () => {
    const { caseFile } = bot.assistant.deps;
    const officer = { id: 'aad-officer-1', name: 'Test Officer', tenantId: '11111111-2222-3333-4444-555555555555', teamId: '11111111-2222-3333-4444-555555555555', roles: ['officer' as const] };
    const found = await caseFile.viewByReference(reference, officer);
    if (!found.ok) throw new Error('case not found');
    for (let i = 0; i < 50; i++) {
      const draft = { occurredAt: new Date(Date.UTC(2026, 9, 1 + (i % 28), 12)), categories: ['noise' as const], description: `Incident ${i}: `.padEnd(600, 'x'), reportedBy: { name: 'Neighbour' }, evidence: ['diary-sheet' as const] };
      await caseFile.logIncident(found.value.case.id, draft, officer, `bulk-${i}`);
    }
    const hub = await say(`case ${reference}`);
    expect(cardText(hub)).toMatch(/Incidents \(5\d\)/);
    let page = await press(bot, hub, /^Show all \d+ incidents$/);
    let pages = 1;
    while (/Older/.test(JSON.stringify(page))) {
      page = await press(bot, page, 'Older');
      pages += 1;
    }
    expect(pages).toBeGreaterThanOrEqual(5);
  });

  it('refuses a case from another organisation', async () => {
    const other = await bot.send(messageActivity(`case ${reference}`, { tenantId: 'another-tenant', aadObjectId: 'aad-outsider' }));
    expect(other.status).toBe(200);
    expect(cardText(lastCardSent(bot))).toMatch(/can't see that case|couldn't find/);
  });

  it('adds a person and assigns the case to another officer in the organisation', async () => {
    caseCard = await say(`case ${reference}`);
    const personForm = await press(bot, caseCard, 'Add person');
    const missingName = await press(bot, personForm, 'Add person', { personRole: 'witness', personPhone: '07700 900456' });
    expect(errorsOn(missingName).join(' ')).toMatch(/name/i);
    expect(cardInputs(missingName).personPhone).toBe('07700 900456');
    caseCard = await press(bot, missingName, 'Add person', { personName: 'Wendy Witness' });
    expect(cardText(caseCard)).toMatch(/Person added\./);
    expect(cardText(caseCard)).toContain('Wendy Witness');

    await bot.send(messageActivity('help', { aadObjectId: 'aad-officer-2', userName: 'Priya Patel' }));
    const assignForm = await press(bot, caseCard, 'Assign to…');
    caseCard = await press(bot, assignForm, 'Assign', { assignTo: 'aad-officer-2' });
    expect(cardText(caseCard)).toMatch(/Case assigned to Priya Patel\./);
    expect(cardText(caseCard)).toContain('Officer: Priya Patel');
    expect(cardText(await say('my cases'))).not.toContain(reference);
  });
});
