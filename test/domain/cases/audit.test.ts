import { auditEntry, changedFieldNames } from '../../../src/domain/cases/audit.js';
import { aCase, aVictim } from './caseFixtures.js';

describe('changedFieldNames', () => {
  it('lists dotted paths of changed fields, ignoring updatedAt and version', () => {
    const before = aCase({ victims: [aVictim('Alex', { contact: { phone: '01632 960000' } })] });
    const after = {
      ...before,
      updatedAt: new Date('2026-03-01T00:00:00Z'),
      version: before.version + 1,
      status: 'investigating' as const,
      victims: [{ ...before.victims[0], contact: { phone: '01632 960999' } }, { ...before.victims[0], id: 'new' }],
      location: { ...before.location, postcode: 'KF9 9ZZ' },
    };
    expect(changedFieldNames(before, after).sort()).toEqual(['location.postcode', 'status', 'victims.0.contact.phone', 'victims.1'].sort());
  });

  it('compares dates by time and reports added and removed keys', () => {
    expect(changedFieldNames({ at: new Date('2026-01-01T00:00:00Z') }, { at: new Date('2026-01-01T00:00:00Z') })).toEqual([]);
    expect(changedFieldNames({ at: new Date('2026-01-01T00:00:00Z') }, { at: new Date('2026-01-02T00:00:00Z') })).toEqual(['at']);
    expect(changedFieldNames({ a: 1, b: { c: 2 } }, { b: {}, d: 3 }).sort()).toEqual(['a', 'b.c', 'd']);
    expect(changedFieldNames({ list: [1, 2, 3] }, { list: [1] })).toEqual(['list.1', 'list.2']);
  });

  it('never includes values', () => {
    const fields = changedFieldNames({ name: 'Alex Smith' }, { name: 'Alexandra Smith' });
    expect(fields.join()).not.toContain('Alex');
  });

  it('validates an audit entry', () => {
    const entry = {
      at: new Date(),
      actorId: 'aad-1',
      action: 'status' as const,
      entity: 'case' as const,
      entityId: 'case-1',
      caseReference: 'ASB-2026-0001',
      changedFields: ['status'],
    };
    expect(auditEntry(entry)).toEqual(entry);
    expect(() => auditEntry({ ...entry, actorId: '' })).toThrow();
  });
});
