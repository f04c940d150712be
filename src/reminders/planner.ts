/**
 * Turns stored reminders into proactive messages at the right moments:
 * - `sendDueNotices` (every minute): each reminder whose next notice time has come gets its card queued in the
 *   outbox (the outbox key makes it idempotent, so a crash between the two writes cannot send it twice);
 * - `sendMorningDigests` (08:30 on working days): each officer's digest (overdue, due today, high-risk visits
 *   within 3 working days, the week's count), and
 *   each manager's digest of the team's overdue items (escalated the working morning after they fell due) and
 *   of reminders that could not be delivered, and the team's closed cases past their retention date with no
 *   decision.
 */
import type { ConversationReferences } from '../db/conversationReferences.js';
import { addDays, londonDate, type LocalDate } from '../domain/calendar/localDate.js';
import type { CaseRepository } from '../db/cases.js';
import type { RiskLevel } from '../domain/riskLevel.js';
import type { WorkingCalendar } from '../domain/calendar/workingCalendar.js';
import type { Clock } from '../domain/clock.js';
import { noticesDue } from '../domain/reminders/notices.js';
import { digestCard, managerDigestCard, reminderCard, type ManagerDigest, type OfficerDigest } from '../teams/reminders/cards.js';
import type { OutboxStore } from '../db/outbox.js';
import type { ReminderRecord, ReminderStore } from '../db/reminders.js';
import type { Escalations, Recipient, RetentionDecisionsDue } from './ports.js';

const BATCH = 500;
/** The digest's look-ahead for first visits to high-risk victims (issue 13 §5). */
export const HIGH_RISK_VISITS_WITHIN_WORKING_DAYS = 3;
const DIGEST_ITEMS = 200;

export interface PlannerDeps {
  reminders: ReminderStore;
  outbox: OutboxStore;
  references: ConversationReferences;
  calendar: WorkingCalendar;
  clock: Clock;
  /** The managers of each item's own team (escalations and undelivered reminders go to them). */
  escalations: Escalations;
  /** The cases reminders are on (for the risk level of a first visit). */
  cases?: Pick<CaseRepository, 'get'>;
  /** Each team's undecided cases past their retention date, for its managers' digest. */
  retention?: RetentionDecisionsDue;
}

export class ReminderPlanner {
  constructor(private readonly deps: PlannerDeps) {}

  /** Queues every notice that has come due; returns how many were queued. */
  async sendDueNotices(): Promise<number> {
    const { reminders, outbox, calendar, clock } = this.deps;
    let queued = 0;
    for (let batch = await reminders.dueForNotice(clock.now(), BATCH); batch.length > 0; batch = await reminders.dueForNotice(clock.now(), BATCH)) {
      let advanced = 0;
      for (const reminder of batch) {
        const { send, passed } = noticesDue(reminder, clock.now(), calendar);
        if (send) {
          await outbox.enqueue({
            key: `reminder:${reminder._id}:${send.id}`,
            to: { kind: 'user', ...reminder.recipient },
            card: reminderCard(reminder, send.stage, londonDate(clock.now())),
          });
          queued++;
        }
        if (await reminders.recordNotices(reminder, passed.map((n) => n.id))) advanced++;
      }
      if (advanced === 0) break;
    }
    return queued;
  }

  /** The 08:30 digests; does nothing on a weekend or bank holiday. */
  async sendMorningDigests(): Promise<{ officers: number; managers: number }> {
    const { reminders, outbox, calendar, clock } = this.deps;
    const today = londonDate(clock.now());
    if (!calendar.isWorkingDay(today)) return { officers: 0, managers: 0 };
    let officers = 0;
    for (const recipient of await reminders.recipientsWithOpenDue(calendar.addWorkingDays(today, HIGH_RISK_VISITS_WITHIN_WORKING_DAYS))) {
      const digest = await this.digestOf(recipient.aadObjectId, today);
      if (digest.overdue.length + digest.today.length + digest.highRiskVisits.length === 0) continue;
      await outbox.enqueue({ key: `digest:${recipient.tenantId}:${recipient.aadObjectId}:${today}`, to: { kind: 'user', ...recipient }, card: digestCard(digest, today) });
      officers++;
    }
    return { officers, managers: await this.sendManagerDigests(today) };
  }

  /**
   * The officer's digest (also the `digest` command): what is overdue, what is due today, first visits to
   * high-risk victims due within 3 working days, and how many items are due this week (today and the next 6 days).
   */
  async digestOf(aadObjectId: string, today: LocalDate): Promise<OfficerDigest> {
    const { reminders, calendar } = this.deps;
    const weekEnds = addDays(today, 6);
    const visitsBy = calendar.addWorkingDays(today, HIGH_RISK_VISITS_WITHIN_WORKING_DAYS);
    const items = await reminders.openFor(aadObjectId, weekEnds > visitsBy ? weekEnds : visitsBy, DIGEST_ITEMS);
    const visits = items.filter((i) => i.kind === 'first-visit' && i.dueDate > today && i.dueDate <= visitsBy);
    const risk = await this.riskOf(visits.flatMap((v) => (v.caseId ? [v.caseId] : [])));
    return {
      overdue: items.filter((i) => i.dueDate < today),
      today: items.filter((i) => i.dueDate === today),
      highRiskVisits: visits.filter((v) => v.caseId && risk.get(v.caseId) === 'high'),
      visitsWithinWorkingDays: HIGH_RISK_VISITS_WITHIN_WORKING_DAYS,
      dueThisWeek: items.filter((i) => i.dueDate >= today && i.dueDate <= weekEnds).length,
      weekEnds,
    };
  }

  private async riskOf(caseIds: readonly string[]): Promise<Map<string, RiskLevel | undefined>> {
    const { cases } = this.deps;
    if (!cases || caseIds.length === 0) return new Map();
    const found = await Promise.all([...new Set(caseIds)].map((id) => cases.get(id)));
    return new Map(found.flatMap((c) => (c ? [[c.id, c.riskLevel] as const] : [])));
  }

  private async sendManagerDigests(today: LocalDate): Promise<number> {
    const { reminders, outbox, escalations } = this.deps;
    const overdue = await reminders.overdueNotEscalated(today, 1000);
    const since = new Date(this.deps.clock.now().getTime() - 24 * 60 * 60 * 1000);
    const failed = await outbox.failedSince(since);
    // One digest per manager, holding only what belongs to their own team.
    const byManager = new Map<string, { manager: Recipient; digest: ManagerDigest }>();
    const digestOf = (manager: Recipient) => {
      const id = `${manager.tenantId}:${manager.aadObjectId}`;
      let entry = byManager.get(id);
      if (!entry) byManager.set(id, (entry = { manager, digest: { escalated: [], undelivered: [] } }));
      return entry.digest;
    };
    const digestsOf = async (about: { caseId?: string; recipient: Recipient }) => (await escalations.managersFor(about)).map(digestOf);
    const escalated: ReminderRecord[] = [];
    for (const item of overdue) {
      const digests = await digestsOf(item);
      if (digests.length === 0) continue;
      const officerName = await this.nameOf(item.recipient);
      for (const digest of digests) digest.escalated.push({ ...item, officerName });
      escalated.push(item);
    }
    for (const message of failed) {
      if (message.to.kind !== 'user' || message._id.startsWith('manager-digest:')) continue;
      const recipient = { tenantId: message.to.tenantId, aadObjectId: message.to.aadObjectId };
      const recipientName = await this.nameOf(recipient);
      for (const digest of await digestsOf({ recipient })) digest.undelivered.push({ recipientName, reason: undeliveredReason(message.lastError) });
    }
    for (const team of (await this.deps.retention?.overdueDecisions()) ?? []) {
      for (const manager of await escalations.managersOf(team.teamId)) {
        const digest = digestOf(manager);
        const retention = (digest.retention ??= { count: 0, references: [] });
        retention.count += team.count;
        retention.references.push(...team.references);
      }
    }
    for (const { manager, digest } of byManager.values()) {
      await outbox.enqueue({ key: `manager-digest:${manager.tenantId}:${manager.aadObjectId}:${today}`, to: { kind: 'user', ...manager }, card: managerDigestCard(digest, today) });
    }
    for (const item of escalated) await reminders.markEscalated(item._id, today);
    return byManager.size;
  }

  private async nameOf(person: ReminderRecord['recipient']): Promise<string> {
    return (await this.deps.references.nameOf(person.aadObjectId, person.tenantId)) ?? 'An officer';
  }
}

function undeliveredReason(error: string | undefined): string {
  if (error === 'http-403' || error === 'http-404' || error?.startsWith('no-')) return 'the assistant cannot reach them in Teams (app removed or account gone)';
  return 'Teams did not accept the message after several tries';
}
