/** Reads the configuration, starts the assistant, and stops it cleanly on SIGINT/SIGTERM (`npm start`, `npm run dev`). */
import 'dotenv/config';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './log.js';
import { startAssistant } from './startup.js';

export async function main(): Promise<void> {
  try {
    const assistant = await startAssistant(loadConfig());
    const shutdown = (signal: string) => {
      assistant.deps.logger.info({ signal }, 'shutting down');
      void assistant.stop().then(() => process.exit(0));
    };
    process.once('SIGINT', () => shutdown('SIGINT'));
    process.once('SIGTERM', () => shutdown('SIGTERM'));
  } catch (error) {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  }
}

/**
 * The build runs this once before it saves V8's compiled code (scripts/bundle.mjs): a start and stop on an in-memory
 * store, so that the code the start runs is compiled already when `npm start` loads the bundle, not only the
 * bundle's top level.
 */
export async function warmUp(): Promise<void> {
  const assistant = await startAssistant(loadConfig({ PORT: '0', LOG_LEVEL: 'silent' }), { dataDir: 'memory', logger: createLogger('silent') });
  await assistant.stop();
}
