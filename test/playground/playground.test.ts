/**
 * "The Playground shows the welcome card": the real bot process and the real Microsoft 365 Agents Playground,
 * driven through the Playground's own internal API and WebSocket stream (what its browser UI uses).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBot, startPlayground, waitForOk, type RunningProcess } from '../../scripts/playground.js';
import { Verbs } from '../../src/teams/verbs.js';
import { expectValidCard } from '../support/cards.js';

const require = createRequire(import.meta.url);

interface StreamEvent {
  action: string;
  actionConversationId: string;
  message: { messageId: string; text?: string; attachments?: Array<{ contentType: string; content: Record<string, unknown> }> };
}
interface MinimalWebSocket {
  on(event: 'message', listener: (data: Buffer) => void): void;
  on(event: 'open' | 'close', listener: () => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
  close(): void;
}
// `ws` comes with the Playground's dependencies; Node 20's own WebSocket needs a flag.
const WebSocket = require('ws') as new (url: string) => MinimalWebSocket;

/** Why the Playground cannot run here, or undefined when it can. */
function playgroundUnavailable(): string | undefined {
  try {
    execFileSync(process.execPath, [require.resolve('@microsoft/m365agentsplayground/cli.js'), '--version'], { timeout: 15_000, stdio: 'pipe' });
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

const unavailable = playgroundUnavailable();
if (unavailable) console.warn(`Skipping the Playground test: the Playground cannot start here (${unavailable}).`);

(unavailable ? describe.skip : describe)('Agents Playground', () => {
  let workDir: string;
  let bot: RunningProcess;
  let playground: RunningProcess;
  let base: string;
  let socket: MinimalWebSocket;
  const events: StreamEvent[] = [];
  let personalChatId: string;
  let userId: string;

  /** Waits for a bot message in the stream after `from` that satisfies `match`. */
  async function nextMessage(from: number, match: (event: StreamEvent) => boolean, what: string): Promise<StreamEvent> {
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const found = events.slice(from).find((event) => event.actionConversationId === personalChatId && match(event));
      if (found) return found;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`No ${what} arrived. Stream so far: ${JSON.stringify(events).slice(0, 2000)}\nBot output: ${bot.output().slice(-2000)}`);
  }

  const cardTitled = (title: string) => (event: StreamEvent) =>
    event.action === 'createMessage' && (event.message.attachments ?? []).some((attachment) => JSON.stringify(attachment.content).includes(title));

  async function post(path: string, body: unknown): Promise<{ status: number; text: string }> {
    const response = await fetch(`${base}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, text: await response.text() };
  }

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'asb-playground-'));
    const botPort = await freePort();
    bot = startBot({ port: botPort, dataDir: join(workDir, 'data'), env: { LOG_LEVEL: 'warn' } });
    await waitForOk(`http://127.0.0.1:${botPort}/readyz`, bot, 30_000).catch((error: Error) => {
      throw new Error(`${error.message}\nBot output: ${bot.output()}`);
    });

    const playgroundPort = await freePort();
    base = `http://127.0.0.1:${playgroundPort}`;
    playground = startPlayground({ botEndpoint: `http://127.0.0.1:${botPort}/api/messages`, port: playgroundPort, cwd: workDir });
    await waitForOk(`${base}/_internal/v1/config`, playground, 30_000).catch((error: Error) => {
      throw new Error(`${error.message}\nPlayground output: ${playground.output()}`);
    });

    const config = (await (await fetch(`${base}/_internal/v1/config`)).json()) as {
      config: { personalChat: { id: string }; currentUser: { id: string } };
    };
    personalChatId = config.config.personalChat.id;
    userId = config.config.currentUser.id;

    socket = new WebSocket(`ws://127.0.0.1:${playgroundPort}/_ws_conversation/v1/conversations/stream`);
    socket.on('message', (data) => {
      const event = JSON.parse(data.toString('utf8')) as Partial<StreamEvent>;
      if (event.action && event.message) events.push(event as StreamEvent);
    });
    await new Promise<void>((resolve, reject) => {
      socket.on('open', resolve);
      socket.on('error', reject);
    });
  }, 60_000);

  afterAll(async () => {
    socket?.close();
    await Promise.all([playground?.stop('SIGTERM', 5_000), bot?.stop('SIGINT', 10_000)]);
    rmSync(workDir, { recursive: true, force: true });
  }, 30_000);

  it('uses the fixed ids from scripts/playground.yml', () => {
    expect(personalChatId).toBe('a:asb-playground-personal-chat');
    expect(userId).toBe('user-id-0');
  });

  it('shows the welcome card when the bot is installed in the personal chat', async () => {
    const from = events.length;
    const install = await post(`/_debug/conversation/${encodeURIComponent(personalChatId)}/installation`, {});
    expect(install.status).toBe(200);
    const welcome = await nextMessage(from, cardTitled('Welcome to ASB Case Assistant'), 'welcome card');
    const card = expectValidCard(welcome.message.attachments![0]);
    expect((card.actions as Array<{ verb: string }>).map((action) => action.verb)).toEqual([Verbs.caseNew, Verbs.casesMine, Verbs.helpShow]);
  });

  it('does not repeat the welcome when the Playground reloads and sends the install again', async () => {
    const from = events.length;
    expect((await post(`/_debug/conversation/${encodeURIComponent(personalChatId)}/installation`, {})).status).toBe(200);
    await post(`/_conversation/v1/conversations/${encodeURIComponent(personalChatId)}/messages`, { text: 'help', textFormat: 'plain', from: { id: userId } });
    await nextMessage(from, cardTitled('What I can do'), 'help card');
    expect(events.slice(from).filter(cardTitled('Welcome to ASB Case Assistant'))).toEqual([]);
  });

  it('answers "help" with the help card', async () => {
    const from = events.length;
    const sent = await post(`/_conversation/v1/conversations/${encodeURIComponent(personalChatId)}/messages`, {
      text: 'help',
      textFormat: 'plain',
      from: { id: userId },
    });
    expect(sent.status).toBe(200);
    const help = await nextMessage(from, cardTitled('What I can do'), 'help card');
    expectValidCard(help.message.attachments![0]);
  });

  it('answers the welcome card\'s Help button (Action.Execute) with the help card', async () => {
    const welcome = events.find(cardTitled('Welcome to ASB Case Assistant'));
    const from = events.length;
    const invoked = await post('/_conversation/v1/invoke', {
      name: 'adaptiveCard/action',
      from: { id: userId },
      conversation: { id: personalChatId },
      replyToId: welcome?.message.messageId,
      value: { action: { type: 'Action.Execute', verb: Verbs.helpShow, data: {} } },
    });
    expect(invoked.status).toBe(200);
    await nextMessage(from, cardTitled('What I can do'), 'help card after the Help button');
  });
});
