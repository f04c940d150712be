/**
 * The compiled app as `npm start` runs it: dist/ is built if stale, then `node scripts/start.mjs` runs the bundle
 * (with its code cache) as its own process on a fresh data directory and driven over HTTP like Teams. A card turn, a chart and a letter
 * prove that the bundle still finds the card templates, the question set, the letter templates and the packages
 * it loads on first use (vega, resvg, docxtemplater).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PizZip from 'pizzip';
import { cardText, choiceValue, press, sayTo, type DrivenBot } from './support/cardDriver.js';
import { startConnectorStandIn, type ConnectorStandIn } from './support/connector.js';

const dataDir = mkdtempSync(join(tmpdir(), 'asb-compiled-'));
let child: ChildProcess;
let connector: ConnectorStandIn;
let bot: DrivenBot;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  const built = spawnSync(process.execPath, ['scripts/start.mjs', '--build-only'], { encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`the build failed: ${built.stderr}`);
  connector = await startConnectorStandIn();
  const port = await freePort();
  child = spawn(process.execPath, ['--disable-warning=DEP0111', 'scripts/start.mjs'], {
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn', MONGODB_URI: '', BOT_ID: '', ADMIN_IDS: '', TIMEZONE: 'Europe/London' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let waited = 0; ; waited += 100) {
    if (await fetch(`${url}/readyz`).then((r) => r.status === 200, () => false)) break;
    if (child.exitCode !== null || waited > 90_000) throw new Error('the compiled app never answered /readyz with 200');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  bot = {
    connector,
    send: async (activity) => {
      const response = await fetch(`${url}/api/messages`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ ...activity, serviceUrl: connector.url }),
      });
      const text = await response.text();
      return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
    },
  };
}, 180_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  await connector?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the compiled app (dist/)', () => {
  it('answers a card turn, opens a case, draws a chart and makes a letter', async () => {
    expect(cardText(await sayTo(bot, 'help'))).toContain('new case');

    const opened = await press(bot, await sayTo(bot, 'new case'), 'Open case', {
      area: 'kingsford', ward: 'kingsford-central', categories: 'noise', address: '12 Mill Lane, Kingsford', source: 'phone',
      victim1Name: 'Alice Smith', victim1Consent: 'true', perpetrator1Name: 'Jay Bloggs',
    });
    const reference = /ASB-\d{4}-\d{4}/.exec(cardText(opened))![0];

    const form = await press(bot, opened, 'Letter');
    const letter = await press(bot, form, 'Make letter', { letter: choiceValue(form, 'letter', 'Welcome letter with diary sheet: Alice Smith') });
    const letterUrl = /"url":"([^"]+\/downloads\/letters\/[^"]+)"/.exec(JSON.stringify(letter))![1]!;
    const docx = await fetch(letterUrl);
    expect(docx.status).toBe(200);
    const text = new PizZip(Buffer.from(await docx.arrayBuffer())).file('word/document.xml')!.asText().replace(/<[^>]+>/g, ' ');
    expect(text).toContain(reference);

    const figures = await sayTo(bot, 'figures');
    const charts = [...JSON.stringify(figures).matchAll(/"url":"([^"]+figures-chart[^"]+)"/g)].map((m) => m[1]!);
    expect(charts.length).toBeGreaterThan(0);
    const png = await fetch(charts[0]!);
    expect(png.status).toBe(200);
    expect(Buffer.from(await png.arrayBuffer()).subarray(1, 4).toString('ascii')).toBe('PNG');
  }, 120_000);
});
