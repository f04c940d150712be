import { applyStatusChange, createCase, type Case } from '../../../src/domain/cases/case.js';
import {
  allowedNextStatuses,
  caseStatuses,
  changeStatus,
  type CaseStatus,
  type StatusChangeRequest,
} from '../../../src/domain/cases/status.js';

const at = new Date('2026-05-01T10:00:00Z');
const by = 'aad-officer-1';

const expectedMoves: Record<CaseStatus, CaseStatus[]> = {
  open: ['investigating', 'intervention', 'monitoring', 'closed'],
  reopened: ['investigating', 'intervention', 'monitoring', 'closed'],
  investigating: ['intervention', 'monitoring', 'closed', 'open'],
  intervention: ['monitoring', 'closed', 'investigating'],
  monitoring: ['closed', 'intervention'],
  closed: ['reopened'],
};

/** A request that satisfies every rule for the move, so only legality is being tested. */
function fullRequest(): StatusChangeRequest {
  return { by, at, reason: 'ASB recurred', closure: { reason: 'asb-ceased', victimInformed: true } };
}

describe('status machine', () => {
  it('allows exactly the documented moves', () => {
    for (const from of caseStatuses) {
      expect(allowedNextStatuses(from).sort()).toEqual([...expectedMoves[from]].sort());
    }
  });

  it('refuses every move not in the table, with a plain-English message', () => {
    for (const from of caseStatuses) {
      for (const to of caseStatuses) {
        const result = changeStatus(from, to, fullRequest());
        if (expectedMoves[from].includes(to)) {
          expect(result.ok).toBe(true);
        } else {
          expect(result.ok).toBe(false);
          if (!result.ok) {
            expect(result.refusal.code).toBe(from === to ? 'same-status' : 'not-allowed');
            expect(result.refusal.message).toMatch(/[A-Z].*\.$/);
          }
        }
      }
    }
  });

  it('explains a closed case must be reopened first', () => {
    const result = changeStatus('closed', 'investigating', fullRequest());
    expect(result).toEqual({ ok: false, refusal: { code: 'not-allowed', message: 'A closed case has to be reopened first.' } });
  });

  it('records who, when and why for a forward move', () => {
    const result = changeStatus('open', 'investigating', { by, byName: 'Sam Officer', at, reason: '  visited victim ' });
    expect(result).toEqual({
      ok: true,
      change: { from: 'open', to: 'investigating', by, byName: 'Sam Officer', at, reason: 'visited victim' },
    });
  });

  it('needs a reason to step back a stage', () => {
    const refused = changeStatus('monitoring', 'intervention', { by, at });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.refusal).toEqual({ code: 'reason-required', message: 'Say why the case is going back to intervention.' });
    expect(changeStatus('monitoring', 'intervention', { by, at, reason: 'ASB recurred' }).ok).toBe(true);
  });

  it('needs a closure reason and the victim-informed tick to close', () => {
    const none = changeStatus('monitoring', 'closed', { by, at });
    expect(none.ok === false && none.refusal.code).toBe('closure-required');

    const notInformed = changeStatus('monitoring', 'closed', { by, at, closure: { reason: 'asb-ceased', victimInformed: false } });
    expect(notInformed.ok).toBe(false);
    if (!notInformed.ok) {
      expect(notInformed.refusal.code).toBe('closure-incomplete');
      expect(notInformed.refusal.message).toContain('victim has been told');
    }

    const otherWithoutText = changeStatus('open', 'closed', { by, at, closure: { reason: 'other', victimInformed: true } });
    expect(otherWithoutText.ok === false && otherWithoutText.refusal.message).toBe('Say why the case is being closed');

    const ok = changeStatus('open', 'closed', { by, at, closure: { reason: 'other', otherText: 'Duplicate report', victimInformed: true } });
    expect(ok.ok).toBe(true);
  });

  it('needs a reason to reopen', () => {
    const refused = changeStatus('closed', 'reopened', { by, at, reason: '   ' });
    expect(refused).toEqual({ ok: false, refusal: { code: 'reason-required', message: 'Say why the case is being reopened.' } });
    expect(changeStatus('closed', 'reopened', { by, at, reason: 'New incident reported' }).ok).toBe(true);
  });

  it('applies changes to the case: history, closure, version', () => {
    let current: Case = createCase(
      {
        area: 'kingsford',
        ward: 'riverside',
        categories: ['noise'],
        location: { address: '1 Mill Lane' },
        policeReferences: [],
        source: 'phone',
        victims: [],
        perpetrators: [],
        witnesses: [],
      },
      { id: 'case-1', reference: 'ASB-2026-0001', ownerId: by, ownerName: 'Sam', teamId: 'team-1', at },
      () => 'p',
    );
    const close = changeStatus(current.status, 'closed', { by, at: new Date('2026-06-01T09:00:00Z'), closure: { reason: 'asb-ceased', victimInformed: true } });
    if (!close.ok) throw new Error(close.refusal.message);
    current = applyStatusChange(current, close.change);
    expect(current.status).toBe('closed');
    expect(current.version).toBe(2);
    expect(current.closure).toEqual({ reason: 'asb-ceased', victimInformed: true, closedBy: by, closedAt: new Date('2026-06-01T09:00:00Z') });

    const reopen = changeStatus(current.status, 'reopened', { by, at: new Date('2026-06-10T09:00:00Z'), reason: 'It started again' });
    if (!reopen.ok) throw new Error(reopen.refusal.message);
    current = applyStatusChange(current, reopen.change);
    expect(current.status).toBe('reopened');
    expect(current.closure).toBeUndefined();
    expect(current.statusHistory.map((c) => c.to)).toEqual(['closed', 'reopened']);
    expect(current.version).toBe(3);
    expect(current.updatedAt).toEqual(new Date('2026-06-10T09:00:00Z'));

    expect(() => applyStatusChange(current, close.change)).toThrow();
  });
});
