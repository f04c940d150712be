/**
 * No form blocks without saying why: a problem inside a section hidden behind a toggle opens the section, and a
 * problem with a field the card does not show is spelt out in the banner. Real card JSON, parsed.
 */
import { describe, expect, it } from '@jest/globals';
import { card, container, formErrors, formState, textInput, toggleSection } from '../../src/teams/cardKit.js';
import { errorsOn } from '../support/cardDriver.js';
import { expectValidCard } from '../support/cards.js';

function form(errors: Array<{ field: string; message: string }>) {
  const state = formState(errors, { postcode: 'KF9', witness1Name: 'Sam' });
  return expectValidCard(card([
    ...formErrors(state),
    ...textInput(state, 'postcode', { label: 'Postcode' }),
    toggleSection('Add a witness', 'witnesses'),
    container(textInput(state, 'witness1Name', { label: 'Name' }), { id: 'witnesses', isVisible: false }),
  ]));
}

const sectionVisible = (shown: Record<string, unknown>) =>
  (shown.body as Array<Record<string, unknown>>).find((e) => e.id === 'witnesses')?.isVisible;

describe('a form shown again with problems', () => {
  it('marks each problem under its field and keeps what was typed', () => {
    const shown = form([{ field: 'postcode', message: 'Enter a full UK postcode, like KF1 2AB' }]);
    expect(errorsOn(shown)).toEqual(['Please check the fields marked below.', 'Enter a full UK postcode, like KF1 2AB']);
    expect(JSON.stringify(shown)).toContain('"value":"KF9"');
    expect(sectionVisible(shown)).toBe(false);
  });

  it('opens a hidden section that holds a problem', () => {
    const shown = form([{ field: 'witness1Name', message: 'Keep the name under 120 characters' }]);
    expect(sectionVisible(shown)).toBe(true);
    expect(errorsOn(shown)).toEqual(['Please check the fields marked below.', 'Keep the name under 120 characters']);
  });

  it('spells out a problem with a field the card does not show', () => {
    const alone = form([{ field: 'teamId', message: 'This form belongs to another team; open it again from your team.' }]);
    expect(errorsOn(alone)).toEqual(['This form belongs to another team; open it again from your team.']);
    const both = form([{ field: 'postcode', message: 'Enter a full UK postcode, like KF1 2AB' }, { field: 'teamId', message: 'This form belongs to another team.' }]);
    expect(errorsOn(both)).toEqual(['This form belongs to another team. Please check the fields marked below.', 'Enter a full UK postcode, like KF1 2AB']);
  });
});
