/**
 * Boots the real assistant (startAssistant) on a free port with an in-memory embedded database, next to a
 * Bot Connector stand-in, and posts activities to it over HTTP exactly as Teams would.
 */
import { loadConfig } from '../../src/config.js';
import type { Clock } from '../../src/domain/clock.js';
import { startAssistant, type Assistant } from '../../src/startup.js';
import type { TestActivity } from './activities.js';
import { startConnectorStandIn, type ConnectorStandIn } from './connector.js';

export interface TestBot {
  url: string;
  assistant: Assistant;
  connector: ConnectorStandIn;
  /** POSTs the activity to /api/messages (filling in the stand-in's serviceUrl) and returns the HTTP answer. */
  send(activity: TestActivity, headers?: Record<string, string>): Promise<{ status: number; body: unknown }>;
  stop(): Promise<void>;
}

export interface TestBotOptions {
  env?: Record<string, string>;
  clock?: Clock;
  dataDir?: string;
  processEveryMs?: number;
  /** Reuse a stand-in across restarts. */
  connector?: ConnectorStandIn;
}

export async function startTestBot(options: TestBotOptions = {}): Promise<TestBot> {
  const connector = options.connector ?? (await startConnectorStandIn());
  const config = loadConfig({ PORT: '0', LOG_LEVEL: 'silent', ...options.env });
  const assistant = await startAssistant(config, {
    clock: options.clock,
    dataDir: options.dataDir ?? 'memory',
    processEveryMs: options.processEveryMs ?? 200,
    shutdownGraceMs: 2000,
  });
  return {
    url: assistant.url,
    assistant,
    connector,
    send: async (activity, headers = {}) => {
      const response = await fetch(`${assistant.url}/api/messages`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers },
        body: JSON.stringify({ ...activity, serviceUrl: activity.serviceUrl || connector.url }),
      });
      const text = await response.text();
      return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
    },
    stop: async () => {
      await assistant.stop();
      if (!options.connector) await connector.stop();
    },
  };
}
