/**
 * Long commands share the server with every other connection: one that works for more than SLICE_MS waits for
 * the event loop before going on, so other requests are answered meanwhile. The driver's monitor sends `hello`
 * every 10 s on its own connection and marks the server unknown when no answer comes within its timeout; mongod
 * answers it during a long index build or bulk write, and so must this server.
 */
export const SLICE_MS = 25;

export class Slices {
  private until = performance.now() + SLICE_MS;
  /** How many times the command has given way. */
  yields = 0;

  /** Resolves at once within a slice; past it, after the event loop has run what was waiting. */
  pause(): Promise<void> | undefined {
    if (performance.now() < this.until) return undefined;
    return new Promise<void>((resolve) => setImmediate(() => {
      this.yields += 1;
      this.until = performance.now() + SLICE_MS;
      resolve();
    }));
  }
}
