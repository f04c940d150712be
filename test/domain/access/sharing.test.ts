import { fullShareRefusal, grantShare } from '../../../src/domain/access/sharing.js';

const adult = (given: boolean) => ({ consentToShare: { given }, under18: false });
const child = (given: boolean, guardian?: string) => ({ consentToShare: { given, ...(guardian ? { guardian: { name: guardian } } : {}) }, under18: true });

describe('sharing a case with a partner agency', () => {
  it.each([
    ['every adult consents', [adult(true), adult(true)], undefined],
    ['one victim does not consent', [adult(true), adult(false)], 'victim-no-consent'],
    ['a child consents without a parent or guardian', [adult(true), child(true)], 'child-consent-not-confirmed'],
    ['a child consents, confirmed by a guardian', [adult(true), child(true, 'Mother, Ann K.')], undefined],
    ['no victim recorded', [], 'no-victims'],
  ] as const)('full share when %s: %s', (_label, victims, refusal) => {
    expect(fullShareRefusal(victims)).toBe(refusal);
  });

  it('narrows a full share to summary and says why', () => {
    const granted = grantShare({ agency: 'police', basis: 's115', scope: 'full' }, [adult(false)], { id: 'o' }, new Date(0));
    expect(granted.share.scope).toBe('summary');
    expect(granted.narrowedBecause).toBe('victim-no-consent');
    expect(grantShare({ agency: 'police', basis: 'consent', scope: 'full' }, [adult(true)], { id: 'o' }, new Date(0)).share.scope).toBe('full');
  });
});
