/**
 * Who may govern the team's data, through the one access policy (src/domain/access/policy.ts): checking the
 * audit trail, changing the retention period and exporting are an admin's tasks; reviewing retention and
 * answering subject access requests are a manager's.
 */
import { decide, type Actor, type GovernanceAction } from '../access/index.js';

export type GovernanceTask = GovernanceAction;

export function mayGovern(actor: Actor, task: GovernanceTask): boolean {
  return decide(actor, task, { kind: 'team', teamId: actor.teamId }).allow;
}

export const GOVERN_REFUSED = "Sorry, only the team's managers and admins can do that.";
