import { z } from 'zod';
import { riskLevelSchema, riskRank, type RiskLevel } from '../riskLevel.js';

/** A broken risk rule (missing reason, manager confirming their own request…). The message is safe to show. */
export class RiskRuleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RiskRuleError';
  }
}

export const overrideStatuses = ['applied', 'pending-manager', 'rejected'] as const;
export type OverrideStatus = (typeof overrideStatuses)[number];

export const riskOverrideSchema = z.object({
  computedLevel: riskLevelSchema,
  requestedLevel: riskLevelSchema,
  reason: z.string().trim().min(1),
  requestedBy: z.string().min(1),
  requestedAt: z.coerce.date(),
  status: z.enum(overrideStatuses),
  decidedBy: z.string().min(1).optional(),
  decidedAt: z.coerce.date().optional(),
  decisionNote: z.string().optional(),
});
export type RiskOverride = z.infer<typeof riskOverrideSchema>;

export interface OverrideResult {
  /** The level in force now: while a lowering from high waits for a manager, it stays high. */
  level: RiskLevel;
  status: OverrideStatus;
  override: RiskOverride;
}

export function levelInForce(override: RiskOverride): RiskLevel {
  return override.status === 'applied' ? override.requestedLevel : override.computedLevel;
}

function result(override: RiskOverride): OverrideResult {
  return { level: levelInForce(override), status: override.status, override };
}

/**
 * An officer changes the computed level. A reason is always required. Raising, or lowering medium to standard,
 * applies at once; lowering a high result waits for a manager's confirmation and the level stays high meanwhile.
 */
export function applyOverride(
  computed: RiskLevel,
  requested: RiskLevel,
  reason: string,
  actor: string,
  at: Date,
): OverrideResult {
  const trimmed = reason.trim();
  if (!trimmed) throw new RiskRuleError('A reason is needed to change the computed risk level.');
  if (!actor.trim()) throw new RiskRuleError('The officer changing the level must be known.');
  if (requested === computed) throw new RiskRuleError(`The computed level is already ${computed}; there is nothing to change.`);
  const lowersHigh = computed === 'high' && riskRank(requested) < riskRank(computed);
  return result({
    computedLevel: computed,
    requestedLevel: requested,
    reason: trimmed,
    requestedBy: actor,
    requestedAt: new Date(at),
    status: lowersHigh ? 'pending-manager' : 'applied',
  });
}

function decide(override: RiskOverride, managerId: string, at: Date, status: 'applied' | 'rejected', note?: string): OverrideResult {
  if (override.status !== 'pending-manager') {
    throw new RiskRuleError('Only a lowering from high that is waiting for a manager can be confirmed or rejected.');
  }
  if (!managerId.trim()) throw new RiskRuleError('The confirming manager must be known.');
  if (managerId === override.requestedBy) {
    throw new RiskRuleError('A manager other than the officer who asked must confirm lowering a high risk.');
  }
  return result({
    ...override,
    status,
    decidedBy: managerId,
    decidedAt: new Date(at),
    ...(note?.trim() ? { decisionNote: note.trim() } : {}),
  });
}

/** A manager confirms lowering a high result; the requested level comes into force. */
export function confirmLowering(override: RiskOverride, managerId: string, at: Date, note?: string): OverrideResult {
  return decide(override, managerId, at, 'applied', note);
}

/** A manager refuses to lower a high result; the level stays high. */
export function rejectLowering(override: RiskOverride, managerId: string, at: Date, note?: string): OverrideResult {
  return decide(override, managerId, at, 'rejected', note);
}
