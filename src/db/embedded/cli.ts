/**
 * `npm run db -- --port 27017 --data-dir ./data`: runs the embedded server on its own, so the data can be
 * inspected with mongosh or Compass (`mongosh mongodb://127.0.0.1:27017/asb`).
 */
import { parseArgs } from 'node:util';
import { startEmbeddedMongo } from './index.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '27017' },
    'data-dir': { type: 'string', default: './data' },
    'in-memory': { type: 'boolean', default: false },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a port number, not "${values.port}"`);
  process.exit(1);
}
try {
  const server = await startEmbeddedMongo({ port, dataDir: values['in-memory'] ? undefined : values['data-dir'], dbName: 'asb' });
  console.log(`Embedded MongoDB-compatible server listening at ${server.uri} (data: ${values['in-memory'] ? 'in memory' : values['data-dir']})`);
  const stop = () => void server.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
