/**
 * Data governance in Teams, for managers and admins: `audit check` (the audit chain), and the retention,
 * subject access and export commands. Each handler asks `mayGovern` before anything else.
 */
import type { Deps } from '../../deps.js';
import { mayGovern, GOVERN_REFUSED } from '../../domain/governance/governors.js';
import type { AssistantApp } from '../app.js';
import { attach } from '../cardKit.js';
import { officerFrom } from '../cases/officer.js';
import { auditCheckCard } from './auditCheck.js';

export function registerGovernance(app: AssistantApp, deps: Deps): void {
  app.message(/^\s*audit\s+check\s*$/i, async (context) => {
    const officer = officerFrom(context, deps.config);
    if (!mayGovern(officer, 'audit-check')) {
      await context.sendActivity(GOVERN_REFUSED);
      return;
    }
    const teamId = officer.teamIds[0] ?? officer.id;
    const report = await deps.audit.verify(teamId);
    await deps.audit.record({ at: deps.clock.now(), actorId: officer.id, actorName: officer.name, action: 'check', entity: 'audit', entityId: teamId, changedFields: [], teamId });
    await context.sendActivity(attach(auditCheckCard(report)));
  });
}
