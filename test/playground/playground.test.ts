/**
 * "The Playground shows the welcome card", and a short target group meeting in the team's channel: the real bot process and the real Microsoft 365 Agents Playground,
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

  // ---------------------------------------------------------------- a short meeting in the team's channel

  const channel = '19:asb-playground-target-group@thread.tacv2';
  const botMention = () => ({ mentioned: { id: playgroundBotId }, text: '<at>ASB Case Assistant</at>' });
  let playgroundBotId = '';

  /** A bot card in this conversation (or any of its threads) after `from`, whose JSON holds `text`. */
  async function cardIn(conversation: string, from: number, text: string): Promise<StreamEvent> {
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      const found = events.slice(from).find((e) => e.actionConversationId.split(';')[0] === conversation && (e.message.attachments ?? []).some((a) => JSON.stringify(a.content).includes(text)));
      if (found) return found;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`No card with "${text}" arrived. Stream so far: ${JSON.stringify(events.slice(from)).slice(0, 3000)}\nBot output: ${bot.output().slice(-2000)}`);
  }

  /** Posts as the chair, @mentioning the bot, in the channel or (with `root`) in a thread of it. */
  async function say(text: string, root?: string): Promise<string> {
    const conversation = root ? `${channel};messageid=${root}` : channel;
    const sent = await post(`/_conversation/v1/conversations/${encodeURIComponent(conversation)}/messages`, {
      text: `<at>ASB Case Assistant</at> ${text}`, textFormat: 'plain', from: { id: userId }, mentions: [botMention()],
    });
    expect(sent.status).toBe(200);
    return (JSON.parse(sent.text) as { messageId: string }).messageId;
  }

  type Node = Record<string, unknown>;
  const walk = (node: unknown, visit: (n: Node) => void): void => {
    if (Array.isArray(node)) node.forEach((n) => walk(n, visit));
    else if (node && typeof node === 'object') {
      visit(node as Node);
      Object.values(node).forEach((v) => walk(v, visit));
    }
  };

  /** Presses a card's Action.Execute button by title, with its inputs as shown plus `typed`; returns the card answered. */
  async function press(event: StreamEvent | { conversation: string; messageId: string; card: unknown }, title: string, typed: Record<string, string> = {}): Promise<Node> {
    // A top-level channel post is the root of its own thread, and the Playground finds it under that thread's id.
    const threadOf = (e: StreamEvent) => (e.actionConversationId.includes(';messageid=') ? e.actionConversationId : `${e.actionConversationId};messageid=${e.message.messageId}`);
    const { conversation, messageId, card } = 'message' in event ? { conversation: threadOf(event), messageId: event.message.messageId, card: event.message.attachments![0]!.content } : event;
    let button: Node | undefined;
    const inputs: Record<string, string> = {};
    walk(card, (n) => {
      if (n.type === 'Action.Execute' && n.title === title && !button) button = n;
      if (typeof n.type === 'string' && n.type.startsWith('Input.') && typeof n.id === 'string' && typeof n.value === 'string' && n.value !== '') inputs[n.id] = n.value;
    });
    if (!button) throw new Error(`No button "${title}" on ${JSON.stringify(card).slice(0, 1500)}`);
    const invoked = await post('/_conversation/v1/invoke', {
      name: 'adaptiveCard/action', from: { id: userId }, conversation: { id: conversation }, replyToId: messageId,
      value: { action: { type: 'Action.Execute', verb: button.verb, data: { ...(button.data as Node), ...inputs, ...typed } } },
    });
    if (invoked.status !== 200) throw new Error(`"${title}" answered ${invoked.status}: ${invoked.text.slice(0, 500)}\nBot output: ${bot.output().slice(-1500)}`);
    const body = JSON.parse(invoked.text) as { value?: Node };
    return expectValidCard(body.value) as Node;
  }

  const textOf = (card: unknown): string => {
    const texts: string[] = [];
    walk(card, (n) => {
      if (n.type === 'TextBlock' && typeof n.text === 'string') texts.push(n.text);
    });
    return texts.join('\n');
  };

  it('runs a short meeting: set up, start, thread replies (one /off), end, and the notes are in the minutes', async () => {
    playgroundBotId = ((await (await fetch(`${base}/_internal/v1/config`)).json()) as { config: { bot: { id: string } } }).config.bot.id;
    let from = events.length;
    await say('set up target group');
    const setUp = await cardIn(channel, from, 'Set up a target group');
    const group = await press(setUp, 'Set up group', { groupName: 'Playground Target Group', areas: 'kingsford', schedule: 'first Monday monthly' });
    expect(textOf(group)).toContain('Target group set up for this channel.');

    from = events.length;
    await say('schedule meeting');
    const agenda = await cardIn(channel, from, 'Agenda: Playground Target Group');
    expect(textOf(agenda.message.attachments![0]!.content)).toContain('**9. Date of the next meeting**');

    from = events.length;
    const command = await say('start meeting');
    // Unless today is the scheduled day, the chair is asked first.
    const first = await cardIn(channel, from, 'Start');
    if (JSON.stringify(first.message).includes('Start the meeting for')) await press(first, 'Start, and date the minutes today');
    // The meeting card is a new top-level post in the channel: its own id is the root of its thread.
    const live = await cardIn(channel, from, 'In progress');
    expect(live.actionConversationId).toBe(channel);
    const root = live.message.messageId;
    expect(root).not.toBe(command);
    const item = await press(live, 'Next');
    expect(textOf(item)).toContain('Item 2');

    from = events.length;
    await say('Victim Support will call the family weekly', root);
    // The live card is updated in place with the reply, under the chair's real name.
    expect(JSON.stringify((await cardIn(channel, from, 'Victim Support will call the family weekly')).message)).toContain('Priya Shah');
    await say('/off this stays out of the minutes', root);
    // A reply after it, awaited on the live card, so the /off reply has been handled before the meeting ends.
    from = events.length;
    await say('Housing will visit on Friday', root);
    const updated = JSON.stringify((await cardIn(channel, from, 'Housing will visit on Friday')).message);
    expect(updated).not.toContain('this stays out of the minutes');

    from = events.length;
    await say('end meeting');
    const summary = await cardIn(channel, from, 'Minutes: Playground Target Group');
    const minutes = JSON.stringify(summary.message.attachments![0]!.content);
    expect(minutes).toContain('Victim Support will call the family weekly');
    expect(minutes).toContain('Housing will visit on Friday');
    expect(minutes).not.toContain('this stays out of the minutes');
    expectValidCard(summary.message.attachments![0]);
  }, 90_000);
});
