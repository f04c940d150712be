/**
 * The ward list follows the chosen area. Teams checks required inputs before any submit, so the form cannot be
 * redrawn for a new area; instead the Ward input is a typeahead (Data.Query, associatedInputs "auto") and the
 * assistant answers Teams' `application/search` invokes, which carry the chosen area, with that area's wards.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../src/domain/clock.js';
import { searchInvoke } from '../support/activities.js';
import { startTestBot, type TestBot } from '../support/bot.js';
import { cardText, errorsOn, findElement, press, sayTo } from '../support/cardDriver.js';
import { newCaseForm } from '../support/caseForms.js';
import { expectValidCard } from '../support/cards.js';

let bot: TestBot;
const officer = { aadObjectId: 'aad-ward-officer', userName: 'Wendy Ward' };

beforeAll(async () => {
  bot = await startTestBot({ clock: new ManualClock('2026-12-01T10:00:00Z') });
  await sayTo(bot, 'help', officer);
});
afterAll(async () => bot.stop());

const search = async (text: string, inputs: Record<string, string>) => {
  const response = await bot.send(searchInvoke('asb.wards', text, inputs, officer));
  expect(response.status).toBe(200);
  expect(response.body).toMatchObject({ type: 'application/vnd.microsoft.search.searchResponse' });
  return (response.body as { value: { results: Array<{ title: string; value: string }> } }).value.results;
};

describe('the ward typeahead', () => {
  it('is on the new-case form, with the whole list as the fallback for clients without search', async () => {
    const form = expectValidCard(await sayTo(bot, 'new case', officer));
    const ward = findElement(form, 'ward');
    expect(ward['choices.data']).toEqual({ type: 'Data.Query', dataset: 'asb.wards', associatedInputs: 'auto' });
    expect(ward).toMatchObject({ isRequired: true });
    expect((ward.choices as Array<{ title: string }>).map((c) => c.title)).toEqual(expect.arrayContaining(['Kingsford: Riverside', 'Porthaven: Harbour']));
  });

  it("answers with the chosen area's wards only, matching what is typed", async () => {
    expect(await search('', { area: 'porthaven', categories: 'noise' })).toEqual([
      { title: 'Harbour', value: 'Harbour' },
      { title: 'Porthaven East', value: 'Porthaven East' },
      { title: 'Westcliff', value: 'Westcliff' },
    ]);
    expect(await search('CLIFF', { area: 'porthaven' })).toEqual([{ title: 'Westcliff', value: 'Westcliff' }]);
    expect(await search('harbour', { area: 'kingsford' })).toEqual([]);
  });

  it('offers every area’s wards, named with their area, before an area is chosen', async () => {
    const all = await search('', {});
    expect(all).toHaveLength(10);
    expect(all[0]).toEqual({ title: 'Kingsford: Kingsford Central', value: 'Kingsford: Kingsford Central' });
    expect(await search('town', { area: 'atlantis' })).toEqual([{ title: 'Millbrook: Millbrook Town', value: 'Millbrook: Millbrook Town' }]);
  });

  it("shows a chosen ward by its name when the form is drawn again, and files the case under the ward's id", async () => {
    // The Playground's renderer puts the value in the typeahead's box: it must read as the ward, not its id.
    const form = await sayTo(bot, 'new case', officer);
    const typed = newCaseForm({ ward: 'Kingsford: Riverside', categories: '' });
    const refused = expectValidCard(await press(bot, form, 'Open case', typed, officer));
    expect(errorsOn(refused).length).toBeGreaterThan(0);
    const ward = findElement(refused, 'ward');
    expect(ward.value).toBe('Riverside');
    expect(ward.choices).toEqual(expect.arrayContaining([{ title: 'Riverside', value: 'Riverside' }]));
    const opened = await press(bot, refused, 'Open case', { ...typed, ward: 'Riverside', categories: 'noise' }, officer);
    expect(cardText(opened)).toContain('Area: Kingsford, Riverside');
    expect(await bot.assistant.deps.db.collection('cases').findOne({ ward: 'riverside' } as never)).toMatchObject({ area: 'kingsford' });
    const wrongArea = await press(bot, await sayTo(bot, 'new case', officer), 'Open case', newCaseForm({ ward: 'Porthaven: Harbour' }), officer);
    expect(errorsOn(wrongArea).join(' ')).toContain('Choose a ward in Kingsford');
  });

  it('reads a malformed search safely', async () => {
    const response = await bot.send({ ...searchInvoke('asb.wards', '', {}, officer), value: { queryText: 42, dataset: 'asb.wards', data: 'not an object' } });
    expect(response.status).toBe(200);
    expect((response.body as { value: { results: unknown[] } }).value.results).toHaveLength(10);
  });
});
