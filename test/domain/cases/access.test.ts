import { canAccessCase, canEditCase } from '../../../src/domain/cases/access.js';
import { aCase, aVictim } from './caseFixtures.js';

describe('case access', () => {
  const consenting = aCase({ victims: [aVictim('A', { consentToShare: { given: true } }), aVictim('B', { consentToShare: { given: true } })] });
  const partlyConsenting = aCase({ victims: [aVictim('A', { consentToShare: { given: true } }), aVictim('B')] });

  it('lets the owner and the team see and edit', () => {
    expect(canAccessCase({ id: 'aad-owner', teamIds: [] }, consenting)).toBe(true);
    expect(canAccessCase({ id: 'someone', teamIds: ['team-north'] }, consenting)).toBe(true);
    expect(canEditCase({ id: 'someone', teamIds: ['team-north'] }, consenting)).toBe(true);
    expect(canAccessCase({ id: 'manager', teamIds: ['team-north'], role: 'manager' }, consenting)).toBe(true);
  });

  it('refuses someone outside the team', () => {
    expect(canAccessCase({ id: 'stranger', teamIds: ['team-south'] }, consenting)).toBe(false);
    expect(canAccessCase({ id: 'manager', teamIds: ['team-south'], role: 'manager' }, consenting)).toBe(false);
    expect(canEditCase({ id: 'stranger', teamIds: ['team-south'] }, consenting)).toBe(false);
  });

  it('lets a partner see only when every victim consents, and never edit', () => {
    const partner = { id: 'pc-jones', teamIds: ['team-north'], role: 'partner' as const };
    expect(canAccessCase(partner, consenting)).toBe(true);
    expect(canAccessCase(partner, partlyConsenting)).toBe(false);
    expect(canAccessCase(partner, aCase())).toBe(false);
    expect(canAccessCase({ ...partner, teamIds: ['team-south'] }, consenting)).toBe(false);
    expect(canEditCase(partner, consenting)).toBe(false);
  });
});
