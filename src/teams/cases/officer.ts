/** Who is acting, from the activity: their Entra ID object id and name, and (for now) their team. */
import type { TurnContext } from 'botbuilder';
import type { Config } from '../../config.js';
import type { Officer } from '../../services/caseFile.js';
import { tenantIdOf } from '../activityContext.js';

/**
 * Until roles and teams are configured (a later issue), everyone in a tenant is one ASB team: officers see
 * their organisation's cases, never another organisation's.
 */
export function officerFrom(context: TurnContext, config?: Pick<Config, 'managerIds'>): Officer {
  const from = context.activity.from;
  const id = from.aadObjectId ?? from.id;
  return {
    id,
    name: from.name ?? 'Officer',
    teamIds: [tenantIdOf(context.activity) ?? 'local'],
    role: config?.managerIds.includes(id.toLowerCase()) ? 'manager' : 'officer',
  };
}
