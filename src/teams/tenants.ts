/** The tenant allow-list: only organisations named in ALLOWED_TENANTS may use the bot. */
import type { Activity } from 'botbuilder';
import { tenantIdOf } from './activityContext.js';

export const TENANT_REFUSAL =
  'Sorry, ASB Case Assistant is not available to your organisation. Please ask your ASB team administrator to arrange access.';

/** An empty list allows every tenant; configuration only permits that in local mode. */
export function isTenantAllowed(activity: Partial<Activity>, allowedTenants: string[]): boolean {
  if (allowedTenants.length === 0) return true;
  const tenantId = tenantIdOf(activity)?.toLowerCase();
  return tenantId !== undefined && allowedTenants.includes(tenantId);
}
