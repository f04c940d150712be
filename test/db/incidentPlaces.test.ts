/**
 * Incidents carry their case's team and area. Those stored before they did are given them once, at start-up;
 * a later start finds the done-marker and leaves the collection alone.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import type { Db, Document } from 'mongodb';
import { IncidentRepository } from '../../src/db/incidents.js';
import { startTestBot } from '../support/bot.js';
import { connectTarget } from './target.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

const incident = (id: string, caseId: string): Document => ({
  _id: id, caseId, occurredAt: new Date('2026-11-01T12:00:00Z'), categories: ['noise'], description: 'Loud music', reportedBy: { name: 'Neighbour' }, evidence: [], loggedBy: 'aad-officer', loggedAt: new Date('2026-11-01T12:05:00Z'),
});
const places = async (db: Db) =>
  Object.fromEntries((await db.collection('incidents').find({}, { sort: { _id: 1 } }).toArray()).map((d) => [d._id, { teamId: d.teamId, area: d.area }]));

describe('incidents carry their case team and area', () => {
  it('backfills incidents stored without them at the first start only', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'asb-places-'));
    dirs.push(dataDir);
    let bot = await startTestBot({ dataDir });
    // As stored before incidents carried a place (and no marker yet, as on a database of that time).
    let db = bot.assistant.deps.db;
    await db.collection('migrations').deleteMany({});
    await db.collection('cases').insertMany([{ _id: 'A', reference: 'ASB-2026-00001', teamId: 'team-1', area: 'kingsford' }, { _id: 'B', reference: 'ASB-2026-00002', teamId: 'team-2', area: 'porthaven' }] as Document[]);
    await db.collection('incidents').insertMany([incident('A-1', 'A'), incident('A-2', 'A'), incident('B-1', 'B'), incident('gone-1', 'no-such-case')]);
    await bot.stop();

    bot = await startTestBot({ dataDir });
    db = bot.assistant.deps.db;
    expect(await places(db)).toEqual({
      'A-1': { teamId: 'team-1', area: 'kingsford' },
      'A-2': { teamId: 'team-1', area: 'kingsford' },
      'B-1': { teamId: 'team-2', area: 'porthaven' },
      'gone-1': { teamId: undefined, area: undefined },
    });
    // Stored without a place after the backfill ran: a later start does not look again.
    await db.collection('incidents').insertOne(incident('B-2', 'B'));
    await bot.stop();

    bot = await startTestBot({ dataDir });
    db = bot.assistant.deps.db;
    expect((await places(db))['B-2']).toEqual({ teamId: undefined, area: undefined });
    expect(await db.collection('migrations').countDocuments({ _id: 'incidents.casePlace' as never })).toBe(1);
    await bot.stop();
  });

  it('stores the place with each incident and moves it with the case', async () => {
    const target = await connectTarget();
    try {
      const incidents = new IncidentRepository(target.db);
      const base = { occurredAt: new Date('2026-11-01T12:00:00Z'), categories: ['noise' as const], description: 'Loud music', reportedBy: { name: 'Neighbour' }, evidence: [], loggedBy: 'aad-officer', loggedAt: new Date('2026-11-01T12:05:00Z') };
      await incidents.insert({ ...base, id: 'A-1', caseId: 'A' }, { teamId: 'team-1', area: 'kingsford' });
      await incidents.insertMany([{ ...base, id: 'A-2', caseId: 'A' }, { ...base, id: 'B-1', caseId: 'B' }], (caseId) => ({ teamId: 'team-1', area: caseId === 'A' ? 'kingsford' : 'porthaven' }));
      await incidents.moveCase('A', { teamId: 'team-1', area: 'harbour' });
      expect(await places(target.db)).toEqual({
        'A-1': { teamId: 'team-1', area: 'harbour' },
        'A-2': { teamId: 'team-1', area: 'harbour' },
        'B-1': { teamId: 'team-1', area: 'porthaven' },
      });
      // Read back as the domain knows an incident: the place is storage only.
      expect(Object.keys((await incidents.forCase('A', 1))[0]!)).not.toContain('area');
    } finally {
      await target.stop();
    }
  });
});
