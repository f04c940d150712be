/**
 * Counts the turns in progress, so that the work a turn leaves behind (roster name refreshes, conversation
 * reference writes) runs once no officer is waiting for a reply. Fifty conversations starting at once then get
 * their fifty replies first, and the housekeeping after. It never waits longer than MAX_WAIT_MS, so a bot that is
 * never idle still writes.
 */
const MAX_WAIT_MS = 2000;

export class TurnsInProgress {
  private count = 0;
  private waiting: Array<() => void> = [];

  /** Whether an officer is waiting for a reply now. */
  get busy(): boolean {
    return this.count > 0;
  }

  async during<T>(turn: () => Promise<T>): Promise<T> {
    this.count++;
    try {
      return await turn();
    } finally {
      if (--this.count === 0) this.release();
    }
  }

  /** Resolves when no turn is in progress (after the last one's reply has gone), or after MAX_WAIT_MS. */
  settled(): Promise<void> {
    return new Promise((resolve) => {
      if (this.count === 0) {
        setImmediate(resolve);
        return;
      }
      const timer = setTimeout(() => resolve(), MAX_WAIT_MS);
      timer.unref();
      this.waiting.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private release(): void {
    const waiting = this.waiting;
    this.waiting = [];
    // setImmediate: the adapter writes the HTTP answer of the turn that just ended before this work starts.
    if (waiting.length > 0) setImmediate(() => waiting.forEach((resume) => resume()));
  }
}

/** Without a turn counter (jobs, tests of one repository): after the work in hand. */
export const afterWorkInHand = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A `schedule()` that runs `work` once the turns in hand have answered, however often it is called meanwhile. */
export function onceAfter(afterTurns: () => Promise<void>, work: () => unknown): () => void {
  let scheduled = false;
  return () => {
    if (scheduled) return;
    scheduled = true;
    void afterTurns().then(() => {
      scheduled = false;
      work();
    });
  };
}
