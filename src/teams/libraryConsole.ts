/**
 * Bot Framework writes to the console itself when a request fails: CloudAdapter.process prints the whole error
 * with its stack (a bad or unverifiable token, an identity provider that is down), and the token extractor
 * prints the keys it had. That is noise on stderr our log cannot control, and it may carry host names. While the
 * adapter handles a request, its console output is dropped; the server logs one reason line of its own instead.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

const quiet = new AsyncLocalStorage<true>();
let installed = false;

function install(): void {
  if (installed) return;
  installed = true;
  for (const method of ['error', 'warn', 'log', 'info', 'debug', 'trace'] as const) {
    const original = console[method].bind(console);
    console[method] = (...args: unknown[]) => {
      if (quiet.getStore() !== true) original(...args);
    };
  }
}

/** Runs `work` with the console silenced for it alone (and what it starts); other requests still print. */
export function withLibraryConsoleSilenced<T>(work: () => Promise<T>): Promise<T> {
  install();
  return quiet.run(true, work);
}
