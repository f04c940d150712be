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
    ['street addresses', "A man from 16 Mill Lane shouted outside 14 mill lane; Flat 2, 7 High Street and 3a St John's Road too", 'A man from [address] shouted outside [address]; [address] and [address] too'],
    ['phone numbers', 'Call 07700 900123, 07700-900-123 or +44 1632 960000', 'Call [phone], [phone] or [phone]'],
    ['email addresses', 'Wrote to maria.k+asb@example.org twice', 'Wrote to [email] twice'],
    ['the walk-through incident', 'Man from 16 Mill Lane shouted at Maria Kowalski outside 14 Mill Lane, KF1 2AB, phone 07700 900123', 'Man from [address] shouted at M. K. outside [address], [postcode], phone [phone]'],
  ])('masks %s', (_label, text, expected) => {
    expect(maskNames(text, people)).toBe(expected);
  });

  it('leaves references, dates, times and counts alone', () => {
    const text = 'ASB-2026-0042, police ref WMP/2026/1201, on 01/12/2026 at 23:15, 3 youths, 2 times down the road, 2 lads on the green';
    expect(maskNames(text, people)).toBe(text);
  });

  it('leaves words that only contain a name alone', () => {
    expect(maskNames('Jayden and Mariana were not involved', people)).toBe('Jayden and Mariana were not involved');
  });

  it('gives one initial per part of a name', () => {
    expect(initials('Jane Mary Smith')).toBe('J. M. S.');
  });
});
