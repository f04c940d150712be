/**
 * The edge with BOT_ID set: a token is checked against Bot Framework's published keys (here a local identity
 * provider stand-in, through BOT_OPENID_METADATA_URL). A bad token gets 401, an identity provider that cannot be
 * reached 503, and no answer carries an internal message, a host name or a stack.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { createSign, generateKeyPairSync, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { loadConfig } from '../../src/config.js';
import { messageActivity, TEST_TENANT } from '../support/activities.js';
import { startTestBot, type TestBot } from '../support/bot.js';

const BOT_ID = '6f1b0c2e-8a43-4c7b-9d55-0a4e2f1c3b7d';
const KID = 'test-signing-key';
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;

let identityProvider: http.Server;
let idpUrl: string;
beforeAll(async () => {
  identityProvider = http.createServer((req, res) => {
    res.setHeader('Content-Type', 'application/json');
    if (req.url === '/openid') res.end(JSON.stringify({ issuer: 'https://api.botframework.com', jwks_uri: `${idpUrl}/keys` }));
    else if (req.url === '/keys') res.end(JSON.stringify({ keys: [{ ...publicKey.export({ format: 'jwk' }), kid: KID, use: 'sig', endorsements: ['msteams'] }] }));
    else res.writeHead(404).end('{}');
  });
  await new Promise<void>((resolve) => identityProvider.listen(0, '127.0.0.1', resolve));
  idpUrl = `http://127.0.0.1:${(identityProvider.address() as AddressInfo).port}`;
});
afterAll(async () => new Promise<void>((resolve) => identityProvider.close(() => resolve())));

/**
 * What reaches the console. Bot Framework prints a failed request's whole error with its stack (and the token
 * extractor its keys); captured from the start, before the bot wraps the console, so anything printed is seen.
 */
const printed: string[] = [];
const consoleMethods = { error: console.error, warn: console.warn, log: console.log };
beforeAll(() => {
  for (const method of ['error', 'warn', 'log'] as const) console[method] = (...args: unknown[]) => void printed.push(args.map(String).join(' '));
});
afterAll(() => void Object.assign(console, consoleMethods));

let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
/** A Bot Framework channel token, signed by `key`. */
function token(serviceUrl: string, key = privateKey, kid = KID, claims: Record<string, unknown> = {}): string {
  const now = Math.floor(Date.now() / 1000);
  const unsigned = `${b64({ alg: 'RS256', typ: 'JWT', kid })}.${b64({ iss: 'https://api.botframework.com', aud: BOT_ID, serviceurl: serviceUrl, nbf: now - 60, iat: now - 60, exp: now + 3600, ...claims })}`;
  return `${unsigned}.${createSign('RSA-SHA256').update(unsigned).sign(key).toString('base64url')}`;
}

const env = (metadataUrl: string) => ({
  BOT_ID,
  BOT_PASSWORD: 'not-a-real-secret',
  ALLOWED_TENANTS: TEST_TENANT,
  LINK_SIGNING_SECRET: 'test-link-signing-secret-0123456789abcdef',
  PUBLIC_URL: 'https://asb-bot.example.gov.uk',
  BOT_OPENID_METADATA_URL: metadataUrl,
});

/** Nothing in an error body may come from inside: no stack, host, address, file path or library message. */
function expectGeneric(body: unknown): void {
  const text = JSON.stringify(body);
  expect(text).not.toMatch(/127\.0\.0\.1|localhost|botframework|ECONN|ENOTFOUND|getaddrinfo|\bat\s|\.js|\.ts|token|key/i);
  expect(text).not.toMatch(/[A-Za-z]Error\b/);
}

describe('the bot edge with BOT_ID set', () => {
  it('gets 401 for a token without a signature we know, a stranger\'s signature, an unknown key or another audience', async () => {
    bot = await startTestBot({ env: env(`${idpUrl}/openid`) });
    const activity = { ...messageActivity('help'), serviceUrl: bot.connector.url };
    for (const bad of ['Bearer not.a.jwt', `Bearer ${token(bot.connector.url, stranger)}`, `Bearer ${token(bot.connector.url, privateKey, 'unknown-key')}`, `Bearer ${token(bot.connector.url, privateKey, KID, { aud: randomUUID() })}`]) {
      const response = await bot.send(activity, { Authorization: bad });
      expect(response.status).toBe(401);
      expectGeneric(response.body);
    }
    expect(bot.connector.calls).toHaveLength(0);
  });

  it('gets 503 with a generic body when the identity provider cannot be reached', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    bot = await startTestBot({ env: env(`http://127.0.0.1:${port}/openid`) });
    printed.length = 0;
    const response = await bot.send({ ...messageActivity('help'), serviceUrl: bot.connector.url }, { Authorization: `Bearer ${token(bot.connector.url)}` });
    expect(response.status).toBe(503);
    expect(response.body).toEqual({ error: 'The service is temporarily unavailable; please try again.' });
    expectGeneric(response.body);
    expect(printed).toEqual([]);
    expect(bot.connector.calls).toHaveLength(0);
    // The bot itself stays healthy.
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
  });
});

describe('what a refused token leaves in the logs', () => {
  it('prints nothing to the console, and logs one reason line without a stack for each request', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const sink = new Writable({ write: (chunk: Buffer, _encoding, done) => void (lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>), done()) });
    bot = await startTestBot({ env: env(`${idpUrl}/openid`), logger: pino({ level: 'info' }, sink) });
    printed.length = 0;
    const activity = { ...messageActivity('help'), serviceUrl: bot.connector.url };
    const expired = token(bot.connector.url, privateKey, KID, { nbf: 1_600_000_000, iat: 1_600_000_000, exp: 1_600_000_600 });
    for (const bad of ['Bearer not.a.jwt', `Bearer ${token(bot.connector.url, stranger)}`, `Bearer ${token(bot.connector.url, privateKey, 'unknown-key')}`, `Bearer ${expired}`]) {
      expect((await bot.send(activity, { Authorization: bad })).status).toBe(401);
    }
    expect(printed).toEqual([]);
    const refused = lines.filter((line) => line.msg === 'activity refused');
    expect(refused).toHaveLength(4);
    for (const line of refused) {
      expect(line.status).toBe(401);
      expect(String(line.reason)).not.toMatch(/\n|\bat\s|\.js:\d|\.ts:\d/);
    }
    // The console is still the console outside a request.
    console.error('outside a request');
    expect(printed).toEqual(['outside a request']);
  });
});

describe('where the bot listens', () => {
  it('binds 127.0.0.1 in local mode unless HOST says otherwise, and every interface with BOT_ID set', () => {
    expect(loadConfig({}).host).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(loadConfig(env('https://login.example.gov.uk/openid')).host).toBeUndefined();
  });
});
