/**
 * A real crash: the assistant process is SIGKILLed right after a step of opening a case (the first, then the last), then
 * started again on the same data. Its start-up sweep finishes the case: one case, its first incident, one
 * audit entry and one reminder, and no action left unfinished.
 */
import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const child = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'open-case-child.ts');

function runChild(dataDir: string, killAfter?: string): Promise<{ signal: NodeJS.Signals | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', child, dataDir, ...(killAfter ? [killAfter] : [])], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    proc.once('exit', (code, signal) => (signal || code === 0 ? resolve({ signal, stdout }) : reject(new Error(`child exited with ${code}: ${stderr}`))));
  });
}

describe('opening a case survives SIGKILL after its first and its last step', () => {
  // Two of the four steps (the first and the last): each round starts two processes, which is slow on a busy machine.
  for (const step of ['case', 'reminders']) {
    it(`killed after "${step}", restarted: the case is complete`, async () => {
      const dataDir = await mkdtemp(path.join(os.tmpdir(), 'asb-killed-'));
      try {
        expect((await runChild(dataDir, step)).signal).toBe('SIGKILL');
        const after = await runChild(dataDir);
        expect(JSON.parse(after.stdout.trim())).toEqual({ cases: 1, incidents: 1, audit: 1, reminders: 1, unfinished: 0 });
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
    }, 180_000);
  }
});
