/**
 * Counts what this process's turns send to Teams, per tenant, over the last second: the outbox dispatcher leaves
 * that much room in the tenant's send budget, so a morning's proactive messages do not get officers' replies
 * throttled (src/domain/reminders/rateLimits.ts, leavingRoomForReplies).
 */
import type { TeamsAdapter } from '@microsoft/teams-ai';
import type { TurnReplies } from '../reminders/ports.js';

const WINDOW_MS = 1000;

export class TurnReplyMeter implements TurnReplies {
  /** Send times (ms) per tenant, oldest first, within the last window. */
  private readonly sent = new Map<string, number[]>();

  constructor(private readonly nowMs: () => number = Date.now) {}

  /** Counts every activity the adapter's turns send through the Bot Connector (not invoke responses, which ride the HTTP answer). */
  watch(adapter: TeamsAdapter): void {
    adapter.use(async (context, next) => {
      const tenantId = context.activity.conversation?.tenantId ?? (context.activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id;
      if (tenantId) {
        context.onSendActivities(async (_context, activities, send) => {
          this.record(tenantId, activities.filter((a) => a.type !== 'invokeResponse' && a.type !== 'trace').length);
          return send();
        });
      }
      await next();
    });
  }

  record(tenantId: string, count: number): void {
    if (count === 0) return;
    const now = this.nowMs();
    const times = this.prune(tenantId, now);
    for (let i = 0; i < count; i++) times.push(now);
    this.sent.set(tenantId, times);
  }

  lastSecond(tenantId: string): number {
    return this.prune(tenantId, this.nowMs()).length;
  }

  private prune(tenantId: string, now: number): number[] {
    const times = this.sent.get(tenantId) ?? [];
    const first = times.findIndex((t) => t > now - WINDOW_MS);
    const kept = first === -1 ? [] : first === 0 ? times : times.slice(first);
    if (kept.length === 0) this.sent.delete(tenantId);
    else if (kept !== times) this.sent.set(tenantId, kept);
    return kept;
  }
}
