import { initials, maskNames } from '../../../src/domain/privacy/masking.js';

describe('masking names in free text', () => {
  const people = ['Maria Kowalski', 'Jay Bloggs', "Anne-Marie O'Neil"];

  it.each([
    ['full names', 'Jay Bloggs shouted at Maria Kowalski.', 'J. B. shouted at M. K..'],
    ['first names and surnames', 'Maria said Bloggs was there; jay denied it.', 'M. K. said J. B. was there; J. B. denied it.'],
    ['possessives', "Jay's friends kicked Maria's door; Bloggs’ car blocked it.", "J. B.'s friends kicked M. K.'s door; J. B.’ car blocked it."],
    ['any case', 'MARIA KOWALSKI and maria', 'M. K. and M. K.'],
    ['hyphenated and apostrophised names', "Anne-Marie O'Neil and Anne-Marie", 'A. M. O. and A. M. O.'],
    ['postcodes', 'Outside KF1 2AB again', 'Outside [postcode] again'],
  ])('masks %s', (_label, text, expected) => {
    expect(maskNames(text, people)).toBe(expected);
  });

  it('leaves words that only contain a name alone', () => {
    expect(maskNames('Jayden and Mariana were not involved', people)).toBe('Jayden and Mariana were not involved');
  });

  it('gives one initial per part of a name', () => {
    expect(initials('Jane Mary Smith')).toBe('J. M. S.');
  });
});
