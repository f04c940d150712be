/**
 * Data governance in Teams, for managers and admins: `audit check` (the audit chain), and the retention,
 * subject access and export commands. Each is a route whose need is its governance task in the one policy.
 */
import type { Deps } from '../../deps.js';
import type { AssistantApp } from '../app.js';
import { attach } from '../cardKit.js';
import { onCommand } from '../routes.js';
import { auditCheckCard } from './auditCheck.js';

export function registerGovernance(app: AssistantApp, deps: Deps): void {
  onCommand(app, /^\s*audit\s+check\s*$/i, 'audit check', 'audit-check', async (context, officer) => {
    const teamId = officer.teamId!;
    const report = await deps.audit.verify(teamId);
    await deps.audit.record({ at: deps.clock.now(), actorId: officer.id, actorName: officer.name, action: 'check', entity: 'audit', entityId: teamId, changedFields: [], teamId });
    await context.sendActivity(attach(auditCheckCard(report)));
  });
}
