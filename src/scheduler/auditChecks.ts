/**
 * The audit trail's own checks: every night each team's chain is verified and a break is reported to the
 * team's managers; every Monday the head hash is posted to them, so a rewrite of the whole chain (which the
 * chain alone cannot reveal) shows as a posted head that is no longer in it.
 */
import type { AuditLog } from '../db/audit.js';
import type { Clock } from '../domain/clock.js';
import { describeChainReport, UNASSIGNED_CHAIN } from '../domain/governance/auditChain.js';
import type { Logger } from '../log.js';
import type { Escalations, Outbox } from '../reminders/ports.js';
import type { JobDefinition } from './scheduler.js';

export const CHECK_AUDIT_CHAINS = 'governance.checkAuditChains';
export const POST_AUDIT_HEADS = 'governance.postAuditHeads';

export interface AuditCheckDeps {
  audit: AuditLog;
  outbox: Outbox;
  clock: Clock;
  logger: Logger;
  /** The managers of each team, told of a break in its chain and sent its head. */
  escalations: Pick<Escalations, 'managersOf'>;
  timeZone: string;
}

/** Sends `text` to every manager of the team (none for entries that name no team: they are checked, and logged). */
async function tellManagers(deps: AuditCheckDeps, teamId: string, key: string, text: string): Promise<void> {
  if (teamId === UNASSIGNED_CHAIN) return;
  for (const manager of await deps.escalations.managersOf(teamId)) {
    await deps.outbox.enqueue({ key: `${key}:${manager.aadObjectId}`, to: { kind: 'user', ...manager }, text });
  }
}

export async function checkAuditChains(deps: AuditCheckDeps): Promise<number> {
  let broken = 0;
  for (const teamId of await deps.audit.chains()) {
    const report = await deps.audit.verify(teamId);
    if (report.ok) continue;
    broken++;
    deps.logger.error({ teamId, seq: report.firstBreak.seq, kind: report.firstBreak.kind }, 'audit chain broken');
    const day = deps.clock.now().toISOString().slice(0, 10);
    await tellManagers(deps, teamId, `audit-break:${teamId}:${report.firstBreak.seq}:${day}`, `Nightly audit check: ${describeChainReport(report)} Tell your data protection officer.`);
  }
  return broken;
}

export async function postAuditHeads(deps: AuditCheckDeps): Promise<void> {
  for (const teamId of await deps.audit.chains()) {
    const head = await deps.audit.head(teamId);
    if (!head) continue;
    const at = deps.clock.now().toISOString().slice(0, 16).replace('T', ' ');
    await tellManagers(deps, teamId, `audit-head:${teamId}:${head.seq}`,
      `Audit trail head on ${at} UTC: entry #${head.seq}, hash ${head.hash}. Keep this message: \`audit check\` must show this entry unchanged.`);
  }
}

export function auditCheckJobs(deps: AuditCheckDeps): JobDefinition[] {
  return [
    { name: CHECK_AUDIT_CHAINS, every: '15 2 * * *', timezone: deps.timeZone, run: async () => void (await checkAuditChains(deps)) },
    { name: POST_AUDIT_HEADS, every: '0 7 * * 1', timezone: deps.timeZone, run: () => postAuditHeads(deps) },
  ];
}
