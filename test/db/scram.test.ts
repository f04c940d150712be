/**
 * SCRAM-SHA-256 on the embedded server, through the real driver: the right user and password work; a wrong one
 * is the AuthenticationFailed the driver reports; a client that has not logged in gets only hello and ping.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MongoClient, MongoServerError } from 'mongodb';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../src/db/embedded/index.js';

const USER = 'asb-bot';
const PASSWORD = 'correct horse, battery staple!';

let server: EmbeddedMongo;
const clients: MongoClient[] = [];
beforeAll(async () => {
  server = await startEmbeddedMongo({ dbName: 'asb', auth: { user: USER, password: PASSWORD } });
});
afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await server.stop();
});

const at = (userInfo: string, query = '') => `mongodb://${userInfo}127.0.0.1:${server.port}/asb${query}`;
function client(uri: string): MongoClient {
  const made = new MongoClient(uri, { serverSelectionTimeoutMS: 5000 });
  clients.push(made);
  return made;
}

async function refusal(work: Promise<unknown>): Promise<MongoServerError> {
  const error = await work.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(MongoServerError);
  return error as MongoServerError;
}

describe('SCRAM-SHA-256 on the embedded server', () => {
  it('lets the user in with the password, whichever database the URI names for it', async () => {
    const bot = client(server.uri);
    await bot.db('asb').collection('cases').insertOne({ reference: 'ASB-2026-0001' });
    expect(await bot.db('asb').collection('cases').countDocuments()).toBe(1);
    const explicit = client(at(`${USER}:${encodeURIComponent(PASSWORD)}@`, '?authSource=admin&authMechanism=SCRAM-SHA-256'));
    expect(await explicit.db('asb').collection('cases').findOne({}, { projection: { _id: 0 } })).toEqual({ reference: 'ASB-2026-0001' });
  });

  it('refuses a wrong password or another user with AuthenticationFailed (code 18)', async () => {
    for (const userInfo of [`${USER}:${encodeURIComponent('not the password!!')}@`, `someone-else:${encodeURIComponent(PASSWORD)}@`]) {
      const error = await refusal(client(at(userInfo)).db('asb').command({ ping: 1 }));
      expect({ code: error.code, codeName: error.codeName, message: error.message }).toEqual({ code: 18, codeName: 'AuthenticationFailed', message: 'Authentication failed.' });
    }
  });

  it('refuses SCRAM-SHA-1, which it does not offer', async () => {
    const error = await refusal(client(at(`${USER}:${encodeURIComponent(PASSWORD)}@`, '?authMechanism=SCRAM-SHA-1')).db('asb').command({ ping: 1 }));
    expect(error.code).toBe(334);
  });

  it('answers only hello and ping before a client has logged in; everything else is Unauthorized (code 13)', async () => {
    const anonymous = client(at(''));
    expect(await anonymous.db('asb').command({ ping: 1 })).toMatchObject({ ok: 1 });
    expect(await anonymous.db('admin').command({ hello: 1 })).toMatchObject({ isWritablePrimary: true });
    const reads = [
      anonymous.db('asb').collection('cases').findOne({}),
      anonymous.db('asb').collection('cases').insertOne({ reference: 'ASB-2026-0002' }),
      anonymous.db('asb').listCollections().toArray(),
      anonymous.db('admin').command({ buildInfo: 1 }),
      anonymous.db('asb').command({ saslContinue: 1, conversationId: 1, payload: Buffer.from('c=biws,r=x,p=eA==') }),
    ];
    const codes = [];
    for (const read of reads) codes.push((await refusal(read)).code);
    expect(codes).toEqual([13, 13, 13, 13, 17]);
    expect(await client(server.uri).db('asb').collection('cases').countDocuments()).toBe(1);
  });

  it('will not listen beyond this machine without a user, nor start with a weak password', async () => {
    await expect(startEmbeddedMongo({ host: '0.0.0.0' })).rejects.toThrow(/EMBEDDED_DB_USER/);
    await expect(startEmbeddedMongo({ auth: { user: USER, password: 'short' } })).rejects.toThrow(/at least 12/);
    await expect(startEmbeddedMongo({ auth: { user: USER, password: 'pässwörd-with-umlauts' } })).rejects.toThrow(/printable ASCII/);
  });
});
