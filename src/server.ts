/**
 * The HTTP side: POST /api/messages for Bot Framework activities, /healthz (alive) and /readyz (database
 * answers and the scheduler runs). Shutdown stops new requests and lets turns in progress finish.
 */
import type { TurnContext } from 'botbuilder';
import type { TeamsAdapter } from '@microsoft/teams-ai';
import restify, { type Request, type Response } from 'restify';
import type { Logger } from './log.js';
import type { DownloadResult } from './security/downloads.js';

export interface HttpServerDeps {
  adapter: TeamsAdapter;
  handleTurn(context: TurnContext): Promise<void>;
  isReady(): Promise<boolean>;
  logger: Logger;
  /** GET /downloads/<kind>/<id>.<ext>?…: every signed download (src/security/downloads.ts). */
  download?(url: string): Promise<DownloadResult>;
}

export interface HttpServer {
  listen(port: number): Promise<number>;
  /** Stops accepting requests, waits up to `graceMs` for requests in progress, then closes. */
  close(graceMs: number): Promise<void>;
}

/** A Bot Framework activity needs at least a type, a conversation and where to reply; anything else is refused. */
function activityProblem(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'the body must be a JSON activity';
  const activity = body as { type?: unknown; conversation?: { id?: unknown }; serviceUrl?: unknown };
  if (typeof activity.type !== 'string' || activity.type.length === 0) return 'the activity has no type';
  if (typeof activity.conversation?.id !== 'string') return 'the activity has no conversation id';
  if (typeof activity.serviceUrl !== 'string') return 'the activity has no serviceUrl';
  return undefined;
}

export function createHttpServer(deps: HttpServerDeps): HttpServer {
  const server = restify.createServer({ name: 'asb-case-assistant', handleUncaughtExceptions: false });
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
      const activityType = (req.body as { type?: unknown } | undefined)?.type;
      deps.logger.info(
        { reqId: req.id(), method: req.method, path: req.path(), status: res.statusCode, ms: Math.round(ms * 10) / 10, activityType: typeof activityType === 'string' ? activityType : undefined },
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
    try {
      await deps.adapter.process(req, res, (context) => deps.handleTurn(context));
    } catch (error) {
      deps.logger.error({ reqId: req.id(), err: error instanceof Error ? error.message : String(error) }, 'activity processing failed');
      if (!res.headersSent) res.send(500, { error: 'internal error' });
    }
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
    listen: (port) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, () => resolve((server.address() as { port: number }).port));
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
