/**
 * Fault injection for multi-step actions: a FaultPlan that fails once after a chosen step, an assistant started
 * with it, and a snapshot of every stored document so a resumed action can be compared with an uninterrupted one.
 */
import { loadConfig } from '../../src/config.js';
import type { StoredTargetGroup } from '../../src/db/targetGroups.js';
import type { NewCaseDraft } from '../../src/domain/cases/case.js';
import type { FirstIncidentDraft } from '../../src/domain/cases/incident.js';
import { ManualClock } from '../../src/domain/clock.js';
import type { TargetGroupInput } from '../../src/domain/meetings/targetGroup.js';
import type { Officer } from '../../src/services/caseFile.js';
import type { FaultPlan } from '../../src/services/intents.js';
import { startAssistant, type Assistant } from '../../src/startup.js';

/** Fails once, after `step` of `kind` is marked done; until armed it lets everything through. */
export class FailOnce implements FaultPlan {
  private target: { kind: string; step: string } | undefined;
  readonly seen: Array<{ kind: string; step: string }> = [];

  arm(kind: string, step: string): void {
    this.target = { kind, step };
  }

  afterStep(kind: string, step: string): void {
    this.seen.push({ kind, step });
    if (this.target?.kind === kind && this.target.step === step) {
      this.target = undefined;
      throw new Error(`injected fault after ${kind}/${step}`);
    }
  }
}

export const FAULT_TEST_START = '2026-11-23T10:00:00Z';
export const FAULT_TENANT = 'tenant-fault';
export const faultOfficer: Officer = { tenantId: FAULT_TENANT, id: 'aad-officer-1', name: 'Olive Officer', teamId: FAULT_TENANT, roles: ['officer'] };

/** A case with one victim to update weekly (so opening it sets a reminder) and one perpetrator. */
export const faultCaseDraft: NewCaseDraft = {
  area: 'kingsford',
  ward: 'kingsford-central',
  categories: ['noise'],
  location: { address: '12 Mill Lane, Kingsford', postcode: 'KF1 2AB' },
  policeReferences: [],
  source: 'phone',
  victims: [{ name: 'Alice Smith', contact: {}, consentToShare: { given: false }, under18: false, updateFrequency: 'weekly' }],
  perpetrators: [{ name: 'Jay Bloggs', tenure: 'council' }],
  witnesses: [],
};

export const faultIncident = (day: number): FirstIncidentDraft => ({
  occurredAt: new Date(`2026-11-${day}T21:00:00Z`), categories: ['noise'], description: `Loud music, night ${day}.`, evidence: [],
});

/** A fresh assistant on an in-memory database, a stopped clock, and intents the sweep may take over at once. */
/** The Kingsford target group in its channel, chaired (and minuted) by `chair`. */
export async function faultTargetGroup(assistant: Assistant, chair: Officer, schedule: TargetGroupInput['schedule']): Promise<StoredTargetGroup> {
  const set = await assistant.deps.meetings.setUpGroup({
    name: 'Kingsford Target Group', areas: ['kingsford'], chair: { id: chair.id, name: chair.name }, minuteTaker: { id: chair.id, name: chair.name },
    memberAgencies: ['Police'], members: [], schedule, channel: { teamId: 'team-1', channelId: 'channel-1', conversationId: 'channel-1' },
  }, chair, false);
  if (!set.ok) throw new Error('group not set up');
  return set.group;
}

export async function startWithFaults(env: Record<string, string> = {}): Promise<{ assistant: Assistant; faults: FailOnce; clock: ManualClock }> {
  const faults = new FailOnce();
  const clock = new ManualClock(FAULT_TEST_START);
  const assistant = await startAssistant(loadConfig({ PORT: '0', LOG_LEVEL: 'silent', ...env }), {
    clock, dataDir: 'memory', processEveryMs: 60_000, faults, intentLeaseMs: 0, shutdownGraceMs: 100,
  });
  return { assistant, faults, clock };
}

/** Collections that hold the scheduler's and the resume mechanism's own bookkeeping, not the action's result. */
const BOOKKEEPING = /^(agenda|intents$|turnState|conversationReferences$)/;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
/** Delivery state moves with the dispatcher's timing; what was queued, and to whom, is what counts. */
const OUTBOX_FIELDS = ['_id', 'to', 'card'];

/**
 * Every stored document, with random ids renamed in order of appearance, so two runs that did the same
 * compare equal. Documents are ordered by their content with the ids masked.
 */
export async function snapshot(assistant: Assistant): Promise<Record<string, unknown[]>> {
  const { db } = assistant.deps;
  await assistant.deps.audit.flush(); // the chain's head moves after the reply
  const names = (await db.listCollections().toArray()).map((c) => c.name).filter((n) => !BOOKKEEPING.test(n)).sort();
  const raw: Record<string, string[]> = {};
  for (const name of names) {
    const docs = await db.collection(name).find({}).toArray();
    raw[name] = docs
      .map((doc) => {
        const kept = name === 'outbox' ? Object.fromEntries(OUTBOX_FIELDS.map((f) => [f, doc[f]])) : doc;
        // An audit entry without a key gets a driver ObjectId; only its content matters.
        if (name === 'audit' && typeof kept._id === 'object') delete kept._id;
        // The chain's hashes cover the entries' random ids, so they differ between runs; the chain itself is
        // checked by `audit check` (test/governance/auditChain.test.ts).
        if (name === 'audit' || name === 'auditHeads') {
          delete kept.hash;
          delete kept.prevHash;
        }
        return JSON.stringify(kept);
      })
      .sort((a, b) => (a.replace(UUID, 'ID') < b.replace(UUID, 'ID') ? -1 : 1));
  }
  const renamed = new Map<string, string>();
  const rename = (text: string) => text.replace(UUID, (id) => renamed.get(id) ?? (renamed.set(id, `id${renamed.size + 1}`), `id${renamed.size}`));
  return Object.fromEntries(names.map((name) => [name, raw[name]!.map((doc) => JSON.parse(rename(doc)) as unknown)]));
}

