/**
 * Who may govern the team's data: one function for every governance task, so the access policy (issue 11)
 * can take it over in one place. Checking the audit trail, changing the retention period and exporting are
 * an admin's tasks; reviewing retention and answering subject access requests are a manager's. Until the
 * admin role exists, managers (MANAGER_IDS) act as admins.
 */
export const governanceTasks = {
  'audit-check': 'admin',
  'retention-setting': 'admin',
  export: 'admin',
  'retention-review': 'manager',
  'subject-access': 'manager',
} as const;
export type GovernanceTask = keyof typeof governanceTasks;

export interface Governor {
  id: string;
  role?: string;
}

/** True while no admin role can be given (MANAGER_IDS is the only elevated list today). */
const MANAGERS_ACT_AS_ADMINS = true;

export function mayGovern(actor: Governor, task: GovernanceTask): boolean {
  if (actor.role === 'admin') return true;
  if (actor.role !== 'manager') return false;
  return governanceTasks[task] === 'manager' || MANAGERS_ACT_AS_ADMINS;
}

export const GOVERN_REFUSED = "Sorry, only the team's managers and admins can do that.";
