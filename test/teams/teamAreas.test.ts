/**
 * The areas and wards in the case forms are the team's own (set by its admin), not the default seed, and the
 * ward list holds only the chosen area's wards whenever the server draws the form.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../src/domain/clock.js';
import { TEST_TENANT } from '../support/activities.js';
import { startTestBot, type TestBot } from '../support/bot.js';
import { cardText, errorsOn, press, sayTo } from '../support/cardDriver.js';

let bot: TestBot;
const clock = new ManualClock('2026-11-23T10:00:00Z');

beforeAll(async () => {
  bot = await startTestBot({ clock });
  // Local mode: the tenant is the team and everyone its admin.
  const admin = { tenantId: TEST_TENANT, id: 'aad-admin', name: 'Ada Admin', teamId: TEST_TENANT, roles: ['officer', 'manager', 'admin'] as const };
  const saved = await bot.assistant.deps.roster.setAreas({ ...admin, roles: [...admin.roles] }, [
    { id: 'westmoor', name: 'Westmoor', wards: [{ id: 'moor-end', name: 'Moor End' }, { id: 'high-street', name: 'High Street' }] },
    { id: 'eastvale', name: 'Eastvale', wards: [{ id: 'vale-park', name: 'Vale Park' }] },
  ]);
  expect(saved.ok).toBe(true);
});
afterAll(async () => bot.stop());

const choicesOf = (card: unknown, id: string): string[] => {
  let titles: string[] = [];
  JSON.stringify(card, (_key, node: { id?: string; choices?: Array<{ title: string }> }) => {
    if (node && node.id === id && node.choices) titles = node.choices.map((c) => c.title);
    return node;
  });
  return titles;
};

describe("the team's areas and wards in the case forms", () => {
  it('offers the team’s areas, filters the wards by the chosen area, and names the area in the error', async () => {
    const form = await sayTo(bot, 'new case');
    expect(choicesOf(form, 'area')).toEqual(['Westmoor', 'Eastvale']);
    expect(choicesOf(form, 'ward')).toEqual(['Westmoor: Moor End', 'Westmoor: High Street', 'Eastvale: Vale Park']);
    expect(JSON.stringify(form)).not.toContain('Kingsford');

    const typed = { area: 'westmoor', ward: 'vale-park', categories: 'noise', address: '3 Moor Lane', source: 'phone', victim1Name: 'Ann Lee' };
    const refused = await press(bot, form, 'Open case', typed);
    expect(errorsOn(refused)).toContain('Choose a ward in Westmoor: Moor End, High Street');
    expect(choicesOf(refused, 'ward')).toEqual(['Moor End', 'High Street']);

    const opened = await press(bot, refused, 'Open case', { ward: 'high-street' });
    expect(cardText(opened)).toContain('Area: Westmoor, High Street');
    expect(cardText(await sayTo(bot, 'my cases'))).toContain('Westmoor');
  });
});
