/**
 * Crash safety: a dispatcher process delivering 500 due reminders is killed with SIGKILL mid-dispatch and
 * restarted on the same data. Every reminder arrives, and duplicates are at most the messages that were in
 * flight at the kill (the dispatcher's concurrency). Five rounds, each killed at a different point.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultDispatcherOptions } from '../../src/reminders/dispatcher.js';
import { startConnectorStandIn, type ConnectorStandIn } from '../support/connector.js';

const child = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'dispatch-child.ts');
const MESSAGES = 500;
let connector: ConnectorStandIn;

beforeAll(async () => {
  connector = await startConnectorStandIn();
});
afterAll(async () => connector.stop());

const deliveredTexts = () => connector.sent().map((a) => String(a.text));

/** Runs the dispatcher; kills it with SIGKILL once `killAfter` messages have arrived (or lets it finish). */
function runDispatcher(dataDir: string, killAfter?: number): Promise<'killed' | 'done'> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', child, dataDir, connector.url, String(MESSAGES), '5', '20'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let stdout = '';
    proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    proc.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const watch =
      killAfter === undefined
        ? undefined
        : setInterval(() => {
            if (deliveredTexts().length >= killAfter) proc.kill('SIGKILL');
          }, 2);
    proc.once('exit', (code, signal) => {
      clearInterval(watch);
      if (signal === 'SIGKILL') resolve('killed');
      else if (code === 0 && stdout.includes('done')) resolve('done');
      else reject(new Error(`dispatcher exited with ${code}; stderr: ${stderr}`));
    });
  });
}

describe('reminder delivery survives SIGKILL', () => {
  for (const [round, killAfter] of [[1, 60], [2, 150], [3, 260], [4, 380], [5, 470]] as const) {
    it(`round ${round}: killed after ${killAfter} deliveries, restarted, every reminder arrives`, async () => {
      connector.clear();
      const dataDir = await mkdtemp(path.join(os.tmpdir(), 'asb-crash-'));
      try {
        expect(await runDispatcher(dataDir, killAfter)).toBe('killed');
        const beforeRestart = deliveredTexts().length;
        expect(beforeRestart).toBeGreaterThanOrEqual(killAfter);
        expect(beforeRestart).toBeLessThan(MESSAGES);
        expect(await runDispatcher(dataDir)).toBe('done');

        const delivered = deliveredTexts();
        const unique = new Set(delivered);
        expect(unique.size).toBe(MESSAGES);
        const duplicates = delivered.length - unique.size;
        expect(duplicates).toBeLessThanOrEqual(defaultDispatcherOptions.concurrency);
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
    }, 60_000);
  }
});
