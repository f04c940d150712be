import { describe, expect, it } from '@jest/globals';
import { canActOnReminder } from '../../src/domain/reminders/access.js';

const recipient = { tenantId: 'council-a', aadObjectId: 'officer-1' };

describe('who may answer a reminder', () => {
  it('the person it is for', () => {
    expect(canActOnReminder({ id: 'officer-1', teamIds: ['council-a'], role: 'officer' }, recipient)).toBe(true);
  });
  it('a manager of their team, but not another officer', () => {
    expect(canActOnReminder({ id: 'manager-1', teamIds: ['council-a'], role: 'manager' }, recipient)).toBe(true);
    expect(canActOnReminder({ id: 'officer-2', teamIds: ['council-a'], role: 'officer' }, recipient)).toBe(false);
  });
  it('not a manager of another organisation', () => {
    expect(canActOnReminder({ id: 'manager-9', teamIds: ['council-b'], role: 'manager' }, recipient)).toBe(false);
  });
});
