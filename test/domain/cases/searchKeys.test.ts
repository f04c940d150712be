import { caseSearchKeys, searchKeyFor } from '../../../src/domain/cases/searchKeys.js';
import { aCase, aVictim } from './caseFixtures.js';

describe('case search keys', () => {
  const current = aCase(
    {
      location: { address: '12 Acacia Ave, Kingsford', postcode: 'KF1 2AB' },
      policeReferences: ['CAD/1234/26'],
      victims: [aVictim('Zoë Smith', { contact: { address: '3 Mill Rd, Kingsford KF1 3CD' } })],
      perpetrators: [{ name: "Jay O'Neill", tenure: 'unknown' }],
      witnesses: [{ name: 'Pat Neighbour', contact: {} }],
    },
    { reference: 'ASB-2026-0042' },
  );

  it('covers the reference, names, streets, postcodes and police references', () => {
    expect(caseSearchKeys(current).sort()).toEqual(
      ['asb-2026-0042', 'zoe smith', 'jay oneill', 'pat neighbour', 'acacia avenue', 'kf1 2ab', 'mill road', 'kf1 3cd', 'cad/1234/26'].sort(),
    );
  });

  it('normalises what the officer types the same way', () => {
    expect(searchKeyFor('asb 2026 42')).toEqual({ kind: 'reference', key: 'asb-2026-0042' });
    expect(searchKeyFor('kf12ab')).toEqual({ kind: 'postcode', key: 'kf1 2ab' });
    expect(searchKeyFor('  ZOE   Smith ')).toEqual({ kind: 'text', key: 'zoe smith' });
    for (const typed of ['asb 2026 42', 'kf12ab', 'ZOË SMITH', 'CAD/1234/26']) {
      const { key } = searchKeyFor(typed);
      expect(caseSearchKeys(current)).toContain(key);
    }
  });
});
