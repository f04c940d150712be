import { addressKey, findPossibleDuplicates, normaliseName, type DuplicateProbe } from '../../../src/domain/cases/duplicates.js';
import { aCase, aVictim } from './caseFixtures.js';

const probe = (overrides: Partial<DuplicateProbe>): DuplicateProbe => ({
  location: { address: '50 Elsewhere Street', postcode: 'ZZ9 9ZZ' },
  victims: [],
  perpetrators: [],
  ...overrides,
});

describe('normaliseName', () => {
  it('ignores case, spaces, accents and punctuation', () => {
    expect(normaliseName("  O'Brien,  Mary-Jane ")).toBe(normaliseName('obrien maryjane'));
    expect(normaliseName('ZOË  SMITH')).toBe(normaliseName('zoe smith'));
    expect(normaliseName('J. Bloggs')).not.toBe(normaliseName('Jo Bloggs'));
  });
});

describe('addressKey', () => {
  it('splits house, street and postcode, expanding abbreviations', () => {
    expect(addressKey('Flat 2, 12 Acacia Ave, Kingsford KF1 2AB')).toEqual({ house: 'flat 2 12', street: 'acacia avenue', postcode: 'KF1 2AB' });
    expect(addressKey('12a Mill Rd.')).toEqual({ house: '12a', street: 'mill road' });
  });
});

describe('findPossibleDuplicates', () => {
  const existing = aCase({
    location: { address: '12 Acacia Avenue, Kingsford', postcode: 'KF1 2AB' },
    victims: [aVictim('Alex Smith')],
    perpetrators: [{ name: "Jay O'Neill", address: '14 Acacia Avenue', tenure: 'council' }],
  });
  const elsewhere = aCase({ location: { place: 'Kingsford bus station' }, victims: [aVictim('Someone Else')] });

  it('matches a named perpetrator at the same postcode', () => {
    const found = findPossibleDuplicates(
      probe({ location: { address: '16 Acacia Avenue', postcode: 'KF1 2AB' }, perpetrators: [{ name: 'jay oneill' }] }),
      [existing, elsewhere],
    );
    expect(found).toEqual([
      {
        caseId: existing.id,
        reference: existing.reference,
        reasons: [{ kind: 'same-person', detail: "Perpetrator Jay O'Neill is named on this case (same postcode KF1 2AB)" }],
      },
    ]);
  });

  it('matches a named victim on the same street when postcodes are missing', () => {
    const found = findPossibleDuplicates(probe({ location: { address: '3 Acacia Av.' }, victims: [aVictim('ALEX  SMITH')] }), [existing]);
    expect(found).toHaveLength(1);
    expect(found[0].reasons[0].detail).toBe('Victim Alex Smith is named on this case (same street, acacia avenue)');
  });

  it('matches across roles: a victim here named as a perpetrator there', () => {
    const found = findPossibleDuplicates(
      probe({ location: { address: '14 Acacia Avenue', postcode: 'KF1 2AB' }, victims: [aVictim("Jay O'Neill")] }),
      [existing],
    );
    expect(found[0].reasons.map((r) => r.kind)).toEqual(['same-person']);
  });

  it('does not match the same name at a different postcode and street', () => {
    expect(findPossibleDuplicates(probe({ victims: [aVictim('Alex Smith')], perpetrators: [{ name: "Jay O'Neill" }] }), [existing])).toEqual([]);
  });

  it('does not match a different name at the same postcode', () => {
    expect(
      findPossibleDuplicates(probe({ location: { address: '16 Acacia Avenue', postcode: 'KF1 2AB' }, victims: [aVictim('Chris Jones')] }), [existing]),
    ).toEqual([]);
  });

  it('matches the same address with no names in common', () => {
    const found = findPossibleDuplicates(probe({ location: { address: '12, Acacia Avenue', postcode: 'KF1 2AB' } }), [existing]);
    expect(found).toEqual([
      { caseId: existing.id, reference: existing.reference, reasons: [{ kind: 'same-address', detail: 'Same address: 12 Acacia Avenue, Kingsford, KF1 2AB' }] },
    ]);
  });

  it('does not treat the house next door as the same address', () => {
    expect(findPossibleDuplicates(probe({ location: { address: '10 Acacia Avenue', postcode: 'KF1 2AB' } }), [existing])).toEqual([]);
  });

  it('matches the same named place', () => {
    const found = findPossibleDuplicates(probe({ location: { place: 'kingsford bus-station' } }), [existing, elsewhere]);
    expect(found).toEqual([{ caseId: elsewhere.id, reference: elsewhere.reference, reasons: [{ kind: 'same-place', detail: 'Same place: Kingsford bus station' }] }]);
  });

  it('takes a new-case draft straight from the form', () => {
    const draft = aCase({ location: { address: '99 Other Road', postcode: 'KF1 2AB' }, victims: [aVictim('Alex Smith')] });
    expect(findPossibleDuplicates(draft, [existing]).map((d) => d.reference)).toEqual([existing.reference]);
  });

  it('ignores closed cases', () => {
    const closed = { ...existing, status: 'closed' as const };
    expect(findPossibleDuplicates(probe({ location: { address: '12 Acacia Avenue', postcode: 'KF1 2AB' } }), [closed])).toEqual([]);
  });

  it('gives every reason for one case', () => {
    const found = findPossibleDuplicates(
      probe({ location: { address: '12 Acacia Avenue', postcode: 'KF1 2AB' }, victims: [aVictim('Alex Smith')], perpetrators: [{ name: "Jay O'Neill" }] }),
      [existing],
    );
    expect(found[0].reasons.map((r) => r.kind)).toEqual(['same-person', 'same-person', 'same-address']);
  });
});
