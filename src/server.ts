/**
 * The HTTP side: POST /api/messages for Bot Framework activities, /healthz (alive) and /readyz (database
 * answers and the scheduler runs). Shutdown stops new requests and lets turns in progress finish.
 */
import type { TurnContext } from 'botbuilder';
import type { TeamsAdapter } from '@microsoft/teams-ai';
import restify, { type Request, type Response } from 'restify';
import type { Logger } from './log.js';
import type { DownloadResult } from './security/downloads.js';
import { ACTIVITY_TYPE, activityProblem } from './teams/activityEnvelope.js';
import { withLibraryConsoleSilenced } from './teams/libraryConsole.js';

export interface HttpServerDeps {
  adapter: TeamsAdapter;
  handleTurn(context: TurnContext): Promise<void>;
  isReady(): Promise<boolean>;
  logger: Logger;
  /** GET /downloads/<kind>/<id>.<ext>?…: every signed download (src/security/downloads.ts). */
  download?(url: string): Promise<DownloadResult>;
}

export interface HttpServer {
  /** Listens on `host` (every interface when omitted). */
  listen(port: number, host?: string): Promise<number>;
  /** Stops accepting requests, waits up to `graceMs` for requests in progress, then closes. */
  close(graceMs: number): Promise<void>;
}

/** What the adapter answered, held back so that no internal message reaches the caller. */
interface AdapterAnswer {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** A stand-in for the response: the Bot Framework adapter writes its error messages (and stacks' text) into the body. */
function capturingResponse(answer: AdapterAnswer) {
  return {
    status: (code: number) => void (answer.status = code),
    header: (name: string, value: string) => void (answer.headers[name] = value),
    send: (body: unknown) => void (answer.body = body),
    end: () => undefined,
  };
}

/**
 * An identity provider could not be reached or failed: Bot Framework's OpenID metadata and keys (checking the
 * caller's token), or Entra ID (the bot's own token for its reply; MSAL says "network_error").
 */
const IDENTITY_PROVIDER_DOWN = /Failed to load (openID config|Keys)|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|socket hang up|network timeout|network_error|Network request failed|request to https?:\/\/\S+ failed/i;

/** jsonwebtoken's own errors, which Bot Framework passes on unwrapped (so the adapter answers them 500). */
const BAD_TOKEN = /^(invalid (signature|token|algorithm)|jwt [a-z ]+|.*Unauthorized)/i;

/** Turns the adapter's answer into ours: invoke responses pass through, errors get a fixed body. */
function publicAnswer(answer: AdapterAnswer): { status: number; body?: unknown; reason?: string } {
  const text = typeof answer.body === 'string' ? answer.body : answer.body instanceof Error ? answer.body.message : '';
  if (answer.status < 400) return { status: answer.status, body: answer.body };
  if ((answer.status === 401 || answer.status >= 500) && IDENTITY_PROVIDER_DOWN.test(text)) {
    return { status: 503, body: { error: 'The service is temporarily unavailable; please try again.' }, reason: `identity provider unreachable: ${text}` };
  }
  if (answer.status === 401 || answer.status === 403 || BAD_TOKEN.test(text)) return { status: 401, body: { error: 'unauthorized' }, reason: text };
  // An invoke no route handles (Bot Framework answers 501): the caller's request, not our failure.
  if (answer.status === 501) return { status: 400, body: { error: 'this request is not supported' }, reason: 'no handler for the invoke' };
  if (answer.status >= 500) return { status: 500, body: { error: 'internal error' }, reason: text };
  return { status: answer.status, body: { error: 'request refused' }, reason: text };
}

/** The activity type for the request log: only a real-looking one (a refused body may hold anything, of any size). */
function loggableType(body: unknown): string | undefined {
  const type = (body as { type?: unknown } | undefined)?.type;
  return typeof type === 'string' && ACTIVITY_TYPE.test(type) ? type : undefined;
}

export function createHttpServer(deps: HttpServerDeps): HttpServer {
  // find-my-way (restify's router) answers 404 to a path segment over 100 characters by default; a chart link's id
  // carries the chart's numbers (src/domain/figures/chartNumbers.ts), a few hundred characters at most.
  const routerOptions = { maxParamLength: 2048 };
  const server = restify.createServer({ name: 'asb-case-assistant', handleUncaughtExceptions: false, ...routerOptions });
  server.use(restify.plugins.bodyParser({ mapParams: false, maxBodySize: 1024 * 1024 }));
  let inFlight = 0;
  let closing = false;
  let drained: (() => void) | undefined;

  server.pre((req: Request, res: Response, next: restify.Next) => {
    if (closing) {
      res.header('Connection', 'close');
      res.send(503, { error: 'shutting down' });
      return next(false);
    }
    inFlight += 1;
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      inFlight -= 1;
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      deps.logger.info(
        { reqId: req.id(), method: req.method, path: req.path(), status: res.statusCode, ms: Math.round(ms * 10) / 10, activityType: loggableType(req.body) },
        'request',
      );
      if (closing && inFlight === 0) drained?.();
    });
    return next();
  });

  server.post('/api/messages', async (req: Request, res: Response) => {
    // With BOT_ID set the adapter checks the Bot Framework token first, so shape errors never reach an unauthenticated caller.
    const hasAuth = typeof req.headers.authorization === 'string';
    const problem = activityProblem(req.body);
    if (problem && (hasAuth || !deps.adapter.botFrameworkAuthConfig?.MicrosoftAppId)) {
      res.send(400, { error: problem });
      return;
    }
    const answer: AdapterAnswer = { status: 200, headers: {}, body: undefined };
    try {
      await withLibraryConsoleSilenced(() => deps.adapter.process(req, capturingResponse(answer) as unknown as Response, (context) => deps.handleTurn(context)));
    } catch (error) {
      answer.status = 500;
      answer.body = error instanceof Error ? error.message : String(error);
    }
    const reply = publicAnswer(answer);
    if (reply.reason !== undefined) {
      // Authentication and adapter errors name no person; they may name hosts, which belong in the log only.
      const log = reply.status === 401 ? deps.logger.warn.bind(deps.logger) : deps.logger.error.bind(deps.logger);
      log({ reqId: req.id(), status: reply.status, reason: reply.reason.split('\n')[0]!.slice(0, 300) }, 'activity refused');
    }
    if (res.headersSent) return;
    for (const [name, value] of Object.entries(answer.headers)) if (reply.body === answer.body) res.header(name, value);
    if (reply.body === undefined) res.send(reply.status);
    else res.send(reply.status, reply.body);
  });

  server.get('/downloads/:kind/:file', async (req: Request, res: Response) => {
    const found: DownloadResult = deps.download ? await deps.download(req.url ?? '') : { ok: false, status: 404 };
    if (!found.ok) {
      res.send(found.status, { error: found.status === 403 ? 'This link has expired or is not valid. Ask for a new one in Teams.' : 'not found' });
      return;
    }
    res.writeHead(200, {
      'Content-Type': found.file.contentType,
      'Content-Disposition': `attachment; filename="${found.file.filename}"`,
      'Content-Length': found.file.body.length,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    res.end(found.file.body);
  });

  server.get('/healthz', async (_req: Request, res: Response) => {
    res.send(200, { status: 'ok' });
  });

  server.get('/readyz', async (_req: Request, res: Response) => {
    const ready = await deps.isReady();
    res.send(ready ? 200 : 503, { status: ready ? 'ready' : 'not ready' });
  });

  return {
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        const listening = () => resolve((server.address() as { port: number }).port);
        if (host) server.listen(port, host, listening);
        else server.listen(port, listening);
      }),
    close: async (graceMs) => {
      closing = true;
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.server.closeIdleConnections();
      if (inFlight > 0) {
        await Promise.race([new Promise<void>((resolve) => (drained = resolve)), new Promise((resolve) => setTimeout(resolve, graceMs).unref())]);
      }
      server.server.closeAllConnections();
      await stopped;
    },
  };
}
