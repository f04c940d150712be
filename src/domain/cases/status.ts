/**
 * The life of a case: open → investigating → intervention → monitoring → closed, and reopened.
 *
 * Allowed moves (the table below is the whole rule):
 * - Forward to any later working stage. Officers sometimes skip a stage, e.g. a warning issued
 *   at the first visit goes straight from open to intervention.
 * - Back exactly one stage, with a reason: ASB recurs during monitoring (monitoring → intervention),
 *   an intervention is withdrawn for more enquiries (intervention → investigating), or a case
 *   moved on too early (investigating → open). Longer jumps back are refused so that the history
 *   stays readable; the officer steps back one stage at a time.
 * - Closed from any working stage, with a closure reason and the "victim informed" tick.
 * - A closed case can only be reopened, with a reason. Reopened then behaves like open.
 */
import { z } from 'zod';
import { closureSchema, type Closure, type CaseClosure } from './closure.js';

export const caseStatuses = ['open', 'investigating', 'intervention', 'monitoring', 'closed', 'reopened'] as const;
export const caseStatusSchema = z.enum(caseStatuses);
export type CaseStatus = z.infer<typeof caseStatusSchema>;

export const statusLabels: Record<CaseStatus, string> = {
  open: 'Open',
  investigating: 'Investigating',
  intervention: 'Intervention',
  monitoring: 'Monitoring',
  closed: 'Closed',
  reopened: 'Reopened',
};

type MoveKind = 'forward' | 'back' | 'close' | 'reopen';

const allowedMoves: Record<CaseStatus, Partial<Record<CaseStatus, MoveKind>>> = {
  open: { investigating: 'forward', intervention: 'forward', monitoring: 'forward', closed: 'close' },
  reopened: { investigating: 'forward', intervention: 'forward', monitoring: 'forward', closed: 'close' },
  investigating: { intervention: 'forward', monitoring: 'forward', closed: 'close', open: 'back' },
  intervention: { monitoring: 'forward', closed: 'close', investigating: 'back' },
  monitoring: { closed: 'close', intervention: 'back' },
  closed: { reopened: 'reopen' },
};

export const MAX_STATUS_REASON = 1000;

export const statusChangeSchema = z.object({
  from: caseStatusSchema,
  to: caseStatusSchema,
  by: z.string().min(1),
  byName: z.string().optional(),
  at: z.date(),
  reason: z.string().max(MAX_STATUS_REASON).optional(),
  closure: closureSchema.optional(),
});
export type StatusChange = z.infer<typeof statusChangeSchema>;

export type StatusRefusalCode = 'same-status' | 'not-allowed' | 'reason-required' | 'closure-required' | 'closure-incomplete';
export interface StatusRefusal {
  code: StatusRefusalCode;
  message: string;
}

export type StatusChangeResult = { ok: true; change: StatusChange } | { ok: false; refusal: StatusRefusal };

export interface StatusChangeRequest {
  by: string;
  byName?: string;
  at: Date;
  reason?: string;
  closure?: Closure;
}

export function isActiveStatus(status: CaseStatus): boolean {
  return status !== 'closed';
}

export function allowedNextStatuses(current: CaseStatus): CaseStatus[] {
  return Object.keys(allowedMoves[current]) as CaseStatus[];
}

export function canMove(from: CaseStatus, to: CaseStatus): boolean {
  return allowedMoves[from][to] !== undefined;
}

function refuse(code: StatusRefusalCode, message: string): StatusChangeResult {
  return { ok: false, refusal: { code, message } };
}

export function changeStatus(current: CaseStatus, to: CaseStatus, request: StatusChangeRequest): StatusChangeResult {
  if (current === to) return refuse('same-status', `The case is already ${statusLabels[to].toLowerCase()}.`);
  const move = allowedMoves[current][to];
  if (!move) return refuse('not-allowed', notAllowedMessage(current, to));

  const reason = request.reason?.trim() || undefined;
  if (reason && reason.length > MAX_STATUS_REASON)
    return refuse('not-allowed', `Keep the reason under ${MAX_STATUS_REASON} characters.`);
  if (move === 'reopen' && !reason) return refuse('reason-required', 'Say why the case is being reopened.');
  if (move === 'back' && !reason)
    return refuse('reason-required', `Say why the case is going back to ${statusLabels[to].toLowerCase()}.`);

  let closure: Closure | undefined;
  if (move === 'close') {
    if (!request.closure) return refuse('closure-required', 'Choose a reason for closing the case.');
    const checked = closureSchema.safeParse(request.closure);
    if (!checked.success) return refuse('closure-incomplete', checked.error.issues.map((i) => i.message).join(' '));
    closure = checked.data;
  }

  const change: StatusChange = { from: current, to, by: request.by, at: request.at };
  if (request.byName) change.byName = request.byName;
  if (reason) change.reason = reason;
  if (closure) change.closure = closure;
  return { ok: true, change };
}

/** The closure to store on the case for a closing change. */
export function closureFromChange(change: StatusChange): CaseClosure | undefined {
  if (change.to !== 'closed' || !change.closure) return undefined;
  const closure: CaseClosure = {
    reason: change.closure.reason,
    victimInformed: true,
    closedBy: change.by,
    closedAt: change.at,
  };
  if (change.closure.otherText) closure.otherText = change.closure.otherText;
  return closure;
}

function notAllowedMessage(from: CaseStatus, to: CaseStatus): string {
  if (from === 'closed') return 'A closed case has to be reopened first.';
  if (to === 'reopened') return 'Only a closed case can be reopened.';
  const options = allowedNextStatuses(from).map((s) => statusLabels[s].toLowerCase());
  return `A case that is ${statusLabels[from].toLowerCase()} can't move to ${statusLabels[to].toLowerCase()}. It can move to: ${options.join(', ')}.`;
}
