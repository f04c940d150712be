import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '../../src/config.js';
import { connectDatabase } from '../../src/db/connect.js';
import { createLogger } from '../../src/log.js';
import { startAssistant } from '../../src/startup.js';

const logger = createLogger('silent');

describe('MONGODB_URI', () => {
  // Hosts under .invalid never resolve (RFC 6761), so each URI is accepted and then fails to connect.
  const accepted = [
    'mongodb://h1.invalid:27017,h2.invalid:27017,h3.invalid:27017/asb?replicaSet=rs0',
    'mongodb://asb-bot:p%40ss%2Fword@db1.invalid:27017,db2.invalid:27018/asb?replicaSet=rs0&authSource=admin&w=majority&retryWrites=true',
    'mongodb+srv://asb-bot:secret@cluster0.example.invalid/asb?retryWrites=true&w=majority',
    'mongodb://officer:secret@db.invalid/?tls=true&authMechanism=SCRAM-SHA-256',
  ];

  it.each(accepted)('%s is parsed by the driver and fails only with "cannot reach"', async (uri) => {
    const failure = connectDatabase({ mongodbUri: uri, dataDir: 'memory', serverSelectionTimeoutMS: 300 }, logger);
    await expect(failure).rejects.toThrow(/cannot reach MongoDB/);
    await expect(failure).rejects.not.toThrow(/Invalid URL/);
  });

  it('a bot started with a three-host replica-set URI fails only with "cannot reach", never "Invalid URL"', async () => {
    const config = loadConfig({ PORT: '0', LOG_LEVEL: 'silent', MONGODB_URI: accepted[0]! });
    const error = await startAssistant(config, { logger }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toMatch(/cannot reach MongoDB at h1\.invalid:27017,h2\.invalid:27017,h3\.invalid:27017/);
    expect(error?.message).not.toMatch(/Invalid URL/);
  });

  it('a URI the driver refuses is reported as such', async () => {
    await expect(connectDatabase({ mongodbUri: 'mongodb://a:b:c@host/asb', dataDir: 'memory' }, logger)).rejects.toThrow(/MongoParseError|Username|password|colon/i);
  });

  it('the database is the one the URI names, else asb', async () => {
    const named = await connectDatabase({ dataDir: 'memory' }, logger);
    expect(named.db.databaseName).toBe('asb');
    const uri = `mongodb://127.0.0.1:${named.client.options.hosts[0]!.port}`;
    const other = await connectDatabase({ mongodbUri: `${uri}/casework?directConnection=true`, dataDir: 'memory' }, logger);
    const plain = await connectDatabase({ mongodbUri: `${uri}/?directConnection=true`, dataDir: 'memory' }, logger);
    try {
      expect(other.db.databaseName).toBe('casework');
      expect(plain.db.databaseName).toBe('asb');
      expect(await other.ping()).toBe(true);
    } finally {
      await other.close();
      await plain.close();
      await named.close();
    }
  });
});
