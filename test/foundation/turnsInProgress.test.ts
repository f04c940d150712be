/** Housekeeping waits for the turns in progress to answer, but never for longer than two seconds. */
import { describe, expect, it } from '@jest/globals';
import { TurnsInProgress } from '../../src/turnsInProgress.js';

const after = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('turns in progress', () => {
  it('settles at once when no turn is in progress, and once the last of several turns has answered', async () => {
    const turns = new TurnsInProgress();
    await turns.settled();
    const ends: Array<() => void> = [];
    const running = [1, 2].map(() => turns.during(() => new Promise<void>((resolve) => ends.push(resolve))));
    let settled = false;
    void turns.settled().then(() => (settled = true));
    ends[0]!();
    await after(20);
    expect(settled).toBe(false);
    ends[1]!();
    await Promise.all(running);
    await after(5);
    expect(settled).toBe(true);
  });

  it('stops waiting after two seconds when turns never stop', async () => {
    const turns = new TurnsInProgress();
    const never = turns.during(() => new Promise<void>(() => undefined));
    const started = performance.now();
    await turns.settled();
    expect(performance.now() - started).toBeGreaterThanOrEqual(1900);
    void never;
  });

  it('counts a turn that failed as over', async () => {
    const turns = new TurnsInProgress();
    await expect(turns.during(async () => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
    let settled = false;
    void turns.settled().then(() => (settled = true));
    await after(5);
    expect(settled).toBe(true);
  });
});
