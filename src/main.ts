/** Reads the configuration, starts the assistant, and stops it cleanly on SIGINT/SIGTERM (`npm start`, `npm run dev`). */
import 'dotenv/config';
import { ConfigError, loadConfig } from './config.js';
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
