import { createCase, type Case, type NewCaseDraft } from '../../../src/domain/cases/case.js';

let counter = 0;

/** A stored case for tests; override what the test is about. */
export function aCase(overrides: Partial<NewCaseDraft> = {}, extra: Partial<Case> = {}): Case {
  counter += 1;
  let person = 0;
  const draft: NewCaseDraft = {
    area: 'kingsford',
    ward: 'riverside',
    categories: ['noise'],
    location: { address: '1 Quiet Road, Kingsford', postcode: 'KF1 1AA' },
    policeReferences: [],
    source: 'phone',
    victims: [],
    perpetrators: [],
    witnesses: [],
    ...overrides,
  };
  const created = createCase(
    draft,
    {
      id: `case-${counter}`,
      reference: `ASB-2026-${String(counter).padStart(4, '0')}`,
      ownerId: 'aad-owner',
      ownerName: 'Sam Owner',
      teamId: 'team-north',
      at: new Date('2026-01-10T10:00:00Z'),
    },
    () => `case-${counter}-person-${++person}`,
  );
  return { ...created, ...extra };
}

export function aVictim(name: string, extra: Partial<NewCaseDraft['victims'][number]> = {}): NewCaseDraft['victims'][number] {
  return { name, contact: {}, consentToShare: { given: false }, under18: false, ...extra };
}
