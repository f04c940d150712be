import { decide, type Action, type Resource } from '../../../src/domain/access/policy.js';
import type { Actor } from '../../../src/domain/access/actor.js';
import type { CaseShare } from '../../../src/domain/access/sharing.js';

const tenant = 'tenant-a';
const officer: Actor = { tenantId: tenant, id: 'officer', name: 'Olu Officer', teamId: 'team-north', roles: ['officer'] };
const manager: Actor = { ...officer, id: 'manager', roles: ['officer', 'manager'] };
const admin: Actor = { ...officer, id: 'admin', roles: ['admin'] };
const southOfficer: Actor = { ...officer, id: 'south', teamId: 'team-south' };
const areaOfficer: Actor = { ...officer, id: 'area', areas: ['riverside'] };
const nobody: Actor = { tenantId: tenant, id: 'stranger', name: 'S', roles: [] };
const otherTenant: Actor = { ...officer, tenantId: 'tenant-b' };
const police: Actor = { tenantId: tenant, id: 'pc', name: 'PC', teamId: 'team-north', roles: ['partner'], agency: 'police' };
const housing: Actor = { ...police, id: 'ho', agency: 'housing' };

const share = (scope: CaseShare['scope']): CaseShare => ({ agency: 'police', basis: 's115', scope, sharedBy: 'officer', sharedAt: new Date(0) });
const aCase = (extra: Partial<{ area: string; ownerId: string; shares: CaseShare[] }> = {}): Resource => ({
  kind: 'case',
  case: { teamId: 'team-north', ownerId: 'owner', area: 'kingsford', ...extra },
});
const meeting: Resource = { kind: 'meeting', tenantId: tenant };
const reminder: Resource = { kind: 'reminder', recipient: { tenantId: tenant, aadObjectId: 'officer' } };

type Row = [string, Actor, Action, Resource, 'full' | 'summary' | string];
const rows: Row[] = [
  ['team officer views a team case', officer, 'view', aCase(), 'full'],
  ['team officer edits a team case', officer, 'edit', aCase(), 'full'],
  ['team officer may not read the audit trail', officer, 'audit', aCase(), 'needs-role'],
  ['manager reads the audit trail', manager, 'audit', aCase(), 'full'],
  ['manager approves a lowering', manager, 'approve-lowering', aCase(), 'full'],
  ['officer may not approve a lowering', officer, 'approve-lowering', aCase(), 'needs-role'],
  ['admin alone sees no case', admin, 'view', aCase(), 'needs-role'],
  ['admin manages the team', admin, 'manage-team', { kind: 'team', teamId: 'team-north' }, 'full'],
  ['officer may not manage the team', officer, 'manage-team', { kind: 'team', teamId: 'team-north' }, 'needs-role'],
  ['another team sees nothing', southOfficer, 'view', aCase(), 'other-team'],
  ['another tenant sees nothing', { ...otherTenant, teamId: 'team-b' }, 'view', aCase(), 'other-team'],
  ['someone on no team sees nothing', nobody, 'view', aCase(), 'not-on-team'],
  ['someone on no team may not even use the bot', nobody, 'use', { kind: 'team' }, 'not-on-team'],
  ['an officer outside the area is refused', areaOfficer, 'view', aCase(), 'outside-areas'],
  ['an officer sees a case in their area', areaOfficer, 'view', aCase({ area: 'riverside' }), 'full'],
  ['an officer always sees a case they own', areaOfficer, 'view', aCase({ ownerId: 'area' }), 'full'],
  ['a partner without a share sees nothing', police, 'view', aCase(), 'not-shared'],
  ['a partner of another agency sees nothing', housing, 'view', aCase({ shares: [share('full')] }), 'not-shared'],
  ['a partner sees a summary share as summary', police, 'view', aCase({ shares: [share('summary')] }), 'summary'],
  ['a partner sees a full share in full', police, 'view', aCase({ shares: [share('full')] }), 'full'],
  ['a partner never edits', police, 'edit', aCase({ shares: [share('full')] }), 'read-only'],
  ['the case officer shares their case', officer, 'share', aCase({ ownerId: 'officer' }), 'full'],
  ['a manager shares a team case', manager, 'share', aCase(), 'full'],
  ['another officer may not share it', officer, 'share', aCase(), 'needs-role'],
  ['a partner may not add a note to the case', police, 'edit', aCase({ shares: [share('full')] }), 'read-only'],
  ['a partner never shares on', police, 'share', aCase({ shares: [share('full')] }), 'read-only'],
  ['a partner may ask for an update', police, 'partner-request', aCase({ shares: [share('summary')] }), 'summary'],
  ['a partner may not open cases', police, 'open-case', { kind: 'team' }, 'needs-role'],
  ['a partner may not list cases', police, 'list-cases', { kind: 'team' }, 'needs-role'],
  ['staff attend their tenant\'s meetings', officer, 'view', meeting, 'full'],
  ['another tenant gets no meeting', { ...otherTenant, teamId: 'team-b' }, 'view', meeting, 'other-tenant'],
  ['another tenant gets no minutes', { ...otherTenant, teamId: 'team-b' }, 'download', { kind: 'minutes', tenantId: tenant }, 'other-tenant'],
  ['a partner gets no meeting', police, 'view', meeting, 'needs-role'],
  ['the recipient answers their reminder', officer, 'act', reminder, 'full'],
  ['a manager answers a team reminder', { ...manager, id: 'm2' }, 'act', reminder, 'full'],
  ['another officer may not', { ...officer, id: 'o2' }, 'act', reminder, 'not-theirs'],
  ['a manager of another tenant may not', { ...manager, tenantId: 'tenant-b', id: 'm3' }, 'act', reminder, 'other-tenant'],
];

describe('the access policy', () => {
  it.each(rows)('%s', (_label, actor, action, resource, expected) => {
    const decision = decide(actor, action, resource);
    if (expected === 'full' || expected === 'summary') expect(decision).toEqual({ allow: true, scope: expected });
    else expect(decision).toEqual({ allow: false, reason: expected });
  });
});
