/**
 * The one access policy: may this actor do this to this stored resource? Pure; the facts about the resource
 * (its team, tenant, owner, area, shares) come from storage, never from a card.
 *
 * - Staff (officer or manager) see and change the cases of their own team, within the areas they cover;
 *   the owner always sees their own case. Only the case's officer or a manager shares it with a partner. Managers and admins read the audit trail.
 * - A partner sees a case of their team only while it is shared with their agency, the full details only when
 *   the share is full (see sharing.ts), and never changes anything beyond a note to the officer or a request
 *   for an update.
 * - Meetings, their minutes and actions belong to a tenant; only staff of that tenant see them.
 * - Admins manage the team roster, its areas and wards.
 * A refusal carries a reason for logs and tests; the message shown reveals nothing about the resource.
 */
import { hasRole, isStaff, type Actor } from './actor.js';
import type { CaseShare } from './sharing.js';

/** What the policy reads of a case. */
export interface CaseFacts {
  teamId: string;
  ownerId: string;
  area: string;
  shares?: readonly CaseShare[];
}

export type CaseAction = 'view' | 'view-summary' | 'edit' | 'share' | 'audit' | 'partner-request' | 'approve-lowering';
export type TeamAction = 'open-case' | 'list-cases' | 'attend-meetings' | 'manage-team' | 'case-review-settings' | 'use' | GovernanceAction;
/** Data governance (src/domain/governance/): the chain check, retention setting and exports are an admin's; retention review and subject access a manager's. */
export type GovernanceAction = 'audit-check' | 'retention-setting' | 'export' | 'retention-review' | 'subject-access';
export type MeetingAction = 'view' | 'change' | 'download';

export type Resource =
  /** A case, or something recorded on it: a person, an incident, a risk assessment, an intervention, a note. */
  | { kind: 'case' | 'person' | 'incident' | 'risk-assessment' | 'intervention'; case: CaseFacts }
  | { kind: 'team'; teamId?: string }
  /** A target group, its meetings, minutes and agreed actions. */
  | { kind: 'target-group' | 'meeting' | 'minutes' | 'action'; tenantId: string }
  | { kind: 'reminder'; recipient: { tenantId: string; aadObjectId: string } };

export type Action = CaseAction | TeamAction | MeetingAction | 'act';

export type RefusalReason = 'not-on-team' | 'other-team' | 'outside-areas' | 'not-shared' | 'read-only' | 'needs-role' | 'other-tenant' | 'not-theirs';
export type Decision = { allow: true; scope: 'full' | 'summary' } | { allow: false; reason: RefusalReason };

const allow = (scope: 'full' | 'summary' = 'full'): Decision => ({ allow: true, scope });
const refuse = (reason: RefusalReason): Decision => ({ allow: false, reason });

export function decide(actor: Actor, action: Action, resource: Resource): Decision {
  if (!actor.teamId || actor.roles.length === 0) return refuse('not-on-team');
  switch (resource.kind) {
    case 'case':
    case 'person':
    case 'incident':
    case 'risk-assessment':
    case 'intervention':
      return decideCase(actor, action, resource.case);
    case 'team':
      return decideTeam(actor, action, resource.teamId);
    case 'target-group':
    case 'meeting':
    case 'minutes':
    case 'action':
      if (resource.tenantId !== actor.tenantId) return refuse('other-tenant');
      return isStaff(actor) ? allow() : refuse('needs-role');
    case 'reminder': {
      const { recipient } = resource;
      if (recipient.tenantId !== actor.tenantId) return refuse('other-tenant');
      if (recipient.aadObjectId === actor.id) return allow();
      return hasRole(actor, 'manager') ? allow() : refuse('not-theirs');
    }
  }
}

function decideCase(actor: Actor, action: Action, facts: CaseFacts): Decision {
  if (facts.teamId !== actor.teamId) return refuse('other-team');
  if (hasRole(actor, 'partner') && !isStaff(actor)) return decidePartner(actor, action, facts);
  if (!isStaff(actor)) return refuse('needs-role');
  const covers = !actor.areas?.length || actor.areas.includes(facts.area) || facts.ownerId === actor.id;
  if (!covers) return refuse('outside-areas');
  switch (action) {
    case 'view':
    case 'view-summary':
    case 'edit':
      return allow(action === 'view-summary' ? 'summary' : 'full');
    case 'share':
      // Sharing outside the team is the case officer's or a manager's decision.
      return hasRole(actor, 'manager') || facts.ownerId === actor.id ? allow() : refuse('needs-role');
    case 'audit':
    case 'approve-lowering':
      return hasRole(actor, 'manager') || (action === 'audit' && hasRole(actor, 'admin')) ? allow() : refuse('needs-role');
    default:
      return refuse('read-only');
  }
}

function decidePartner(actor: Actor, action: Action, facts: CaseFacts): Decision {
  const share = facts.shares?.find((s) => s.agency === actor.agency);
  if (!share) return refuse('not-shared');
  switch (action) {
    case 'view':
      return allow(share.scope);
    case 'view-summary':
      return allow('summary');
    case 'partner-request':
      return allow(share.scope);
    default:
      return refuse('read-only');
  }
}

function decideTeam(actor: Actor, action: Action, teamId: string | undefined): Decision {
  if (teamId !== undefined && teamId !== actor.teamId) return refuse('other-team');
  switch (action) {
    case 'use':
      return allow();
    case 'manage-team':
    case 'audit-check':
    case 'retention-setting':
    case 'export':
      return hasRole(actor, 'admin') ? allow() : refuse('needs-role');
    case 'retention-review':
    case 'subject-access':
      return hasRole(actor, 'manager') ? allow() : refuse('needs-role');
    // The team's ASB Case Review thresholds, local rules and timescales: its admin or a manager.
    case 'case-review-settings':
      return hasRole(actor, 'admin') || hasRole(actor, 'manager') ? allow() : refuse('needs-role');
    case 'open-case':
    case 'list-cases':
    case 'attend-meetings':
      return isStaff(actor) ? allow() : refuse('needs-role');
    default:
      return refuse('needs-role');
  }
}

/** True when the decision allows the action. */
export const allowed = (decision: Decision): decision is { allow: true; scope: 'full' | 'summary' } => decision.allow;

/** The refusal shown to the user: the same words whether the resource exists, belongs elsewhere or is hidden. */
export const ACCESS_REFUSED_MESSAGE = "Sorry, you can't see that. If you need it, ask the case owner or your team manager.";
export const EDIT_REFUSED_MESSAGE = "Sorry, you can't change that. Ask the case owner or your team manager.";

/** May the actor do this to this case (or something recorded on it)? */
export const mayCase = (actor: Actor, action: CaseAction, current: CaseFacts): boolean => decide(actor, action, { kind: 'case', case: current }).allow;

/** Thrown by a service when the actor may not do what they asked; the turn answers with the refusal message. */
export class AccessRefused extends Error {
  constructor(readonly reason: RefusalReason = 'needs-role') {
    super('access refused');
  }
}
