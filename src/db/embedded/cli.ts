/**
 * `npm run db -- --port 27017 --data-dir ./data`: runs the embedded server on its own, so the data can be
 * inspected with mongosh or Compass (`mongosh mongodb://127.0.0.1:27017/asb`). With EMBEDDED_DB_USER and
 * EMBEDDED_DB_PASSWORD set (environment or .env), every client must log in as that user (SCRAM-SHA-256), and `--host` may then
 * open it to the network (`--host 0.0.0.0`); without a user it listens on 127.0.0.1 only.
 */
import 'dotenv/config';
import { parseArgs } from 'node:util';
import { startEmbeddedMongo } from './index.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '27017' },
    host: { type: 'string', default: '127.0.0.1' },
    'data-dir': { type: 'string', default: './data' },
    'in-memory': { type: 'boolean', default: false },
  },
});

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be a port number, not "${values.port}"`);
const user = process.env.EMBEDDED_DB_USER ?? '';
const password = process.env.EMBEDDED_DB_PASSWORD ?? '';
if ((user === '') !== (password === '')) fail('Set both EMBEDDED_DB_USER and EMBEDDED_DB_PASSWORD, or neither');
try {
  const server = await startEmbeddedMongo({
    port,
    host: values.host,
    dataDir: values['in-memory'] ? undefined : values['data-dir'],
    dbName: 'asb',
    auth: user ? { user, password } : undefined,
  });
  const shown = user ? `mongodb://${encodeURIComponent(user)}:<password>@${values.host}:${server.port}/asb` : `mongodb://${values.host}:${server.port}/asb`;
  console.log(`Embedded MongoDB-compatible server listening at ${shown} (data: ${values['in-memory'] ? 'in memory' : values['data-dir']}; ${user ? 'SCRAM-SHA-256 login required' : 'no login, this machine only'})`);
  const stop = () => void server.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
