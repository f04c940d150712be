/**
 * What the edge hardening costs, each figure beside its same-run baseline: the activity envelope check against
 * parsing the same JSON body; a SCRAM-SHA-256 login (new client, first command) against the same without a user;
 * an unindexed find with maxTimeMS against the same find without it. `npm run bench -- edge`.
 */
import { MongoClient } from 'mongodb';
import { startEmbeddedMongo } from '../src/db/embedded/index.js';
import { activityProblem } from '../src/teams/activityEnvelope.js';
import { invokeAction, messageActivity } from '../test/support/activities.js';
import { printTable } from './stats.js';

function perOp(runs: number, work: (i: number) => unknown): number {
  const started = performance.now();
  for (let i = 0; i < runs; i++) work(i);
  return (performance.now() - started) / runs;
}

async function perOpAsync(runs: number, work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < runs; i++) await work();
  return (performance.now() - started) / runs;
}

function envelope(): Record<string, string | number> {
  const bodies = [messageActivity('help'), invokeAction('case.show', { caseId: 'a-case' })].map((a) => JSON.stringify({ ...a, serviceUrl: 'https://smba.trafficmanager.net/uk/' }));
  const parsed = bodies.map((body) => JSON.parse(body) as unknown);
  perOp(2_000, (i) => activityProblem(parsed[i % 2]));
  const baseline = perOp(20_000, (i) => JSON.parse(bodies[i % 2]!));
  const check = perOp(20_000, (i) => activityProblem(parsed[i % 2]));
  return { figure: 'activity envelope check', 'µs per op': check * 1000, 'baseline µs': baseline * 1000, baseline: 'JSON.parse of the body', ratio: check / baseline };
}

async function login(): Promise<Record<string, string | number>> {
  const plain = await startEmbeddedMongo({ dbName: 'asb' });
  const secured = await startEmbeddedMongo({ dbName: 'asb', auth: { user: 'bench', password: 'a-long-enough-secret' } });
  const connect = (uri: string) => async () => {
    const client = new MongoClient(uri);
    await client.db('asb').command({ ping: 1 });
    await client.close();
  };
  await connect(secured.uri)();
  const baseline = await perOpAsync(20, connect(plain.uri));
  const scram = await perOpAsync(20, connect(secured.uri));
  await Promise.all([plain.stop(), secured.stop()]);
  return { figure: 'new client + first command, SCRAM', 'µs per op': scram * 1000, 'baseline µs': baseline * 1000, baseline: 'same, no user', ratio: scram / baseline };
}

async function timeLimit(): Promise<Record<string, string | number>> {
  const server = await startEmbeddedMongo({ dbName: 'asb' });
  const client = await new MongoClient(server.uri).connect();
  const incidents = client.db('asb').collection('incidents');
  await incidents.insertMany(Array.from({ length: 20_000 }, (_, i) => ({ seq: i, note: `note ${i}` })));
  const find = (options: { maxTimeMS?: number }) => () => incidents.find({ note: { $regex: 'never$' } }, options).toArray();
  await find({})();
  const baseline = await perOpAsync(20, find({}));
  const limited = await perOpAsync(20, find({ maxTimeMS: 60_000 }));
  await client.close();
  await server.stop();
  return { figure: 'unindexed find of 20k, maxTimeMS', 'µs per op': limited * 1000, 'baseline µs': baseline * 1000, baseline: 'same find, no maxTimeMS', ratio: limited / baseline };
}

export async function main(): Promise<void> {
  printTable([envelope(), await login(), await timeLimit()]);
}
