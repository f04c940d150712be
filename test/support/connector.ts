/**
 * A local stand-in for the Bot Connector REST API (/v3/conversations/...): the bot sends its replies and
 * proactive messages here, and tests read what it sent. It can also be told to fail, e.g. with 429s.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ConnectorCall {
  method: string;
  path: string;
  conversationId?: string;
  activityId?: string;
  body: Record<string, unknown> | undefined;
  /** When the stand-in accepted the call (ms since the epoch). */
  at: number;
  /** The activity id the stand-in answered with (what the bot receives from sendActivity). */
  answeredId?: string;
  /**
   * For a message the bot posted in a channel: the root post of the thread it landed in. A reply to a channel
   * post ("<channel>;messageid=<root>") lands in that post's thread; a post to the bare channel starts a thread.
   */
  threadRoot?: string;
}

interface Failure {
  status: number;
  headers: Record<string, string>;
}

export interface Member {
  id: string;
  name: string;
  aadObjectId: string;
  email?: string;
  userPrincipalName?: string;
}

export interface ConnectorStandIn {
  url: string;
  calls: ConnectorCall[];
  /** Activities the bot sent (new messages and replies), optionally for one conversation. */
  sent(conversationId?: string): Array<Record<string, unknown>>;
  /** Resolves once a call matching the predicate has been recorded. */
  waitFor(predicate: (call: ConnectorCall) => boolean, timeoutMs?: number): Promise<ConnectorCall>;
  /** The next `count` sends (not roster reads) are answered with this status (and headers, e.g. Retry-After) instead. */
  failNext(count: number, status: number, headers?: Record<string, string>): void;
  /** From now on, every call `refuse` picks is answered with this status (and headers): a test's own, seeded plan. */
  failWhen(refuse: (call: ConnectorCall) => boolean, status: number, headers?: Record<string, string>): void;
  /**
   * From now on, act like Teams: a message that would exceed a per-conversation or overall window (counted on
   * arrival) is answered 429 with Retry-After: 1.
   */
  enforceLimits(limits: { perConversation: ReadonlyArray<{ limit: number; perMs: number }>; overall: ReadonlyArray<{ limit: number; perMs: number }> }): void;
  /** How many calls were answered with a failure. */
  failures(): number;
  /** The calls answered with a failure, in order. */
  refused: ConnectorCall[];
  /** Every answer is delayed by this many ms (to keep a turn in progress). */
  setLatency(ms: number): void;
  /** How many requests have arrived, answered or not (a turn is in progress while its call is held). */
  arrivals(): number;
  /** Members returned for roster lookups (members/{id} and pagedmembers) in any conversation. */
  members: Member[];
  /** Messages the bot posted in this channel thread, in order. */
  inThread(rootId: string): Array<Record<string, unknown>>;
  clear(): void;
  stop(): Promise<void>;
}

const ROUTE = /^\/v3\/conversations(?:\/([^/]+))?(?:\/(activities|members|pagedmembers))?(?:\/([^/]+))?/;

export async function startConnectorStandIn(): Promise<ConnectorStandIn> {
  const calls: ConnectorCall[] = [];
  const failures: Failure[] = [];
  let planned: (Failure & { refuse: (call: ConnectorCall) => boolean }) | undefined;
  let limits: Parameters<ConnectorStandIn['enforceLimits']>[0] | undefined;
  const arrivals = new Map<string, number[]>();
  const overLimit = (conversationId: string, now: number): boolean => {
    if (!limits) return false;
    const within = (key: string, windows: ReadonlyArray<{ limit: number; perMs: number }>) =>
      windows.some((w) => (arrivals.get(key) ?? []).filter((t) => t > now - w.perMs).length >= w.limit);
    if (within(`c:${conversationId}`, limits.perConversation) || within('all', limits.overall)) return true;
    for (const key of [`c:${conversationId}`, 'all']) arrivals.set(key, [...(arrivals.get(key) ?? []).filter((t) => t > now - 30_000), now]);
    return false;
  };
  const throttled: Failure = { status: 429, headers: { 'Retry-After': '1' } };
  let failed = 0;
  const refused: ConnectorCall[] = [];
  const waiters = new Set<{ predicate: (call: ConnectorCall) => boolean; resolve: (call: ConnectorCall) => void }>();
  const standIn: Partial<ConnectorStandIn> = { members: [] };
  let latencyMs = 0;
  let arrived = 0;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      arrived += 1;
      setTimeout(respond, latencyMs);
    });
    const respond = () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url ?? '/', 'http://stand-in');
      const match = ROUTE.exec(url.pathname);
      const call: ConnectorCall = {
        method: req.method ?? 'GET',
        path: url.pathname,
        conversationId: match?.[1] ? decodeURIComponent(match[1]) : undefined,
        activityId: match?.[2] === 'activities' && match[3] ? decodeURIComponent(match[3]) : undefined,
        body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined,
        at: Date.now(),
      };
      const isPost = call.method === 'POST' && call.path.includes('/activities');
      // Told failures hit what the bot sends (posts, updates, deletes), not its roster reads.
      const sending = call.method !== 'GET';
      const failure = !sending
        ? undefined
        : failures.shift() ?? (planned?.refuse(call) ? planned : undefined) ?? (isPost && overLimit(call.conversationId ?? '', call.at) ? throttled : undefined);
      if (failure) {
        failed++;
        refused.push(call);
        res.writeHead(failure.status, { 'Content-Type': 'application/json', ...failure.headers });
        res.end(JSON.stringify({ error: { code: 'Throttled', message: 'stand-in failure' } }));
        return;
      }
      const body = answer(call, standIn.members ?? []);
      if (body === NOT_A_MEMBER) {
        calls.push(call);
        res.writeHead(404, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'MemberNotFoundInConversation', message: 'The member was not found.' } }));
        return;
      }
      const answeredId = (body as { id?: unknown }).id;
      if (typeof answeredId === 'string') call.answeredId = answeredId;
      if (isPost && call.conversationId?.includes('@thread.tacv2')) call.threadRoot = THREAD.exec(call.conversationId)?.[1] ?? call.answeredId;
      calls.push(call);
      for (const waiter of [...waiters]) {
        if (waiter.predicate(call)) {
          waiters.delete(waiter);
          waiter.resolve(call);
        }
      }
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return Object.assign(standIn, {
    url: `http://127.0.0.1:${port}/`,
    calls,
    refused,
    sent: (conversationId?: string) =>
      calls
        .filter((c) => c.method === 'POST' && (c.path.includes('/activities') || posted(c)) && (!conversationId || c.conversationId === conversationId))
        .map((c) => posted(c) ?? c.body ?? {}),
    inThread: (rootId: string) => calls.filter((c) => c.method === 'POST' && c.threadRoot === rootId).map((c) => posted(c) ?? c.body ?? {}),
    waitFor: (predicate: (call: ConnectorCall) => boolean, timeoutMs = 5000) => {
      const existing = calls.find(predicate);
      if (existing) return Promise.resolve(existing);
      return new Promise<ConnectorCall>((resolve, reject) => {
        const waiter = { predicate, resolve };
        waiters.add(waiter);
        setTimeout(() => {
          if (waiters.delete(waiter)) reject(new Error(`No matching connector call within ${timeoutMs} ms`));
        }, timeoutMs).unref();
      });
    },
    failNext: (count: number, status: number, headers: Record<string, string> = {}) => {
      for (let i = 0; i < count; i++) failures.push({ status, headers });
    },
    failWhen: (refuse: (call: ConnectorCall) => boolean, status: number, headers: Record<string, string> = {}) => {
      planned = { refuse, status, headers };
    },
    failures: () => failed,
    enforceLimits: (given: Parameters<ConnectorStandIn['enforceLimits']>[0]) => {
      limits = given;
    },
    setLatency: (ms: number) => {
      latencyMs = ms;
    },
    arrivals: () => arrived,
    clear: () => {
      calls.length = 0;
    },
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  }) as ConnectorStandIn;
}

const THREAD = /;messageid=([^;]+)/;
/** The message a createConversation call posts with it (a new channel thread carries its first post). */
const posted = (call: ConnectorCall) => (call.path === '/v3/conversations' ? (call.body?.activity as Record<string, unknown> | undefined) : undefined);
const NOT_A_MEMBER = Symbol('not a member');

function answer(call: ConnectorCall, members: Member[]): unknown {
  if (call.method === 'POST' && call.path === '/v3/conversations') {
    // A new post in a channel is a new thread, named "<channel>;messageid=<the post's id>".
    const channel = (call.body?.channelData as { channel?: { id?: string } } | undefined)?.channel?.id;
    const activityId = randomUUID();
    if (channel) call.threadRoot = activityId;
    return { id: channel ? `${channel};messageid=${activityId}` : `created-${randomUUID()}`, activityId };
  }
  if (call.path.includes('/pagedmembers')) return { members };
  if (call.path.includes('/members')) {
    const memberId = /\/members\/([^/]+)/.exec(call.path)?.[1];
    if (!memberId) return members;
    const wanted = decodeURIComponent(memberId);
    // Teams finds a member by their Teams id, Entra object id or sign-in name (UPN).
    return members.find((m) => m.id === wanted || m.aadObjectId === wanted || m.userPrincipalName?.toLowerCase() === wanted.toLowerCase()) ?? NOT_A_MEMBER;
  }
  return { id: call.activityId && call.method === 'PUT' ? call.activityId : randomUUID() };
}
