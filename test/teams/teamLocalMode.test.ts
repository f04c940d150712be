/**
 * The `team` card in local mode (no BOT_ID, no ADMIN_IDS: the Playground): nobody is stored on a roster, so
 * the card lists everyone the assistant has seen in the organisation, under the names the Teams roster gave,
 * and says why there is nothing to remove.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../src/domain/clock.js';
import { messageActivity } from '../support/activities.js';
import { startTestBot, type TestBot } from '../support/bot.js';
import { cardText, findButton, sayTo } from '../support/cardDriver.js';
import { expectValidCard } from '../support/cards.js';

let bot: TestBot;
const ada = { aadObjectId: 'aad-ada', userName: 'Ada Lovell' };
const ruth = { aadObjectId: 'aad-ruth' };

beforeAll(async () => {
  bot = await startTestBot({ clock: new ManualClock('2026-12-01T10:00:00Z') });
  bot.connector.members = [{ id: '29:aad-ruth', aadObjectId: 'aad-ruth', name: 'Ruth Penrose' }, { id: '29:aad-ada', aadObjectId: 'aad-ada', name: 'Ada Lovell' }];
  await sayTo(bot, 'help', ada);
  // Ruth's client sends no name: the roster gives it.
  const { name: _name, ...from } = messageActivity('help', ruth).from as Record<string, unknown>;
  await bot.send({ ...messageActivity('help', ruth), from });
});
afterAll(async () => bot.stop());

describe('the team card in local mode', () => {
  it('lists everyone who has used the assistant, by roster name, with their roles', async () => {
    const card = expectValidCard(await sayTo(bot, 'team', ada));
    const shown = cardText(card);
    expect(shown).toContain('Local mode (no ADMIN_IDS)');
    expect(shown).toContain('**Ada Lovell** · officer, manager, admin');
    expect(shown).toContain('**Ruth Penrose** · officer, manager, admin');
    expect(shown.indexOf('Ada Lovell')).toBeLessThan(shown.indexOf('Ruth Penrose'));
    expect(() => findButton(card, 'Remove')).toThrow();
    expect(() => findButton(card, 'Save member')).toThrow();
    expect(findButton(card, 'Change areas and wards…')).toBeDefined();
  });
});
