/**
 * Boots the real assistant (startAssistant) on a free port with an in-memory embedded database, next to a
 * Bot Connector stand-in, and posts activities to it over HTTP exactly as Teams would.
 *
 * With TEST_MONGODB_URI set, every bot runs on that server instead, in a database of its own (one per
 * data directory, so a restart on the same dataDir sees the same data); the test file drops them after.
 */
import { createHash, randomBytes } from 'node:crypto';
import { afterAll } from '@jest/globals';
import { MongoClient } from 'mongodb';
import { loadConfig } from '../../src/config.js';
import type { Clock } from '../../src/domain/clock.js';
import { startAssistant, type Assistant, type StartOptions } from '../../src/startup.js';
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
  /** Outbox delivery settings, e.g. a seeded random generator for retry jitter. */
  dispatcher?: StartOptions['dispatcher'];
  /** The bot's logger, e.g. one that keeps its lines for a test to read. */
  logger?: StartOptions['logger'];
}

const externalUri = process.env.TEST_MONGODB_URI;
const fileTag = randomBytes(3).toString('hex');
const databasesToDrop = new Set<string>();
if (externalUri) {
  afterAll(async () => {
    const client = await new MongoClient(externalUri).connect();
    try {
      for (const name of databasesToDrop) await client.db(name).dropDatabase();
    } finally {
      await client.close();
    }
  });
}

/** On TEST_MONGODB_URI: the settings that put this bot in its own database there. */
function externalDatabase(options: TestBotOptions): { env: Record<string, string>; dbName?: string } {
  if (!externalUri || options.env?.MONGODB_URI) return { env: {} };
  const key = options.dataDir ? createHash('sha256').update(options.dataDir).digest('hex').slice(0, 8) : randomBytes(4).toString('hex');
  const dbName = `test_${fileTag}_${key}`;
  databasesToDrop.add(dbName);
  return { env: { MONGODB_URI: externalUri }, dbName };
}

export async function startTestBot(options: TestBotOptions = {}): Promise<TestBot> {
  const connector = options.connector ?? (await startConnectorStandIn());
  const external = externalDatabase(options);
  const config = loadConfig({ PORT: '0', LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', ...external.env, ...options.env });
  const assistant = await startAssistant(config, {
    database: { dbName: external.dbName },
    clock: options.clock,
    dataDir: options.dataDir ?? 'memory',
    processEveryMs: options.processEveryMs ?? 200,
    shutdownGraceMs: 2000,
    dispatcher: options.dispatcher,
    logger: options.logger,
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
