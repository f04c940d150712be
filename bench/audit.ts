/**
 * The audit chain at scale (issue 14): writes a chain of 1M entries into the embedded server (in memory)
 * and times `AuditLog.verify` over it. Baseline, same run: reading the same entries in the same order
 * without hashing, so the figure shows what the check itself adds to the read. The server runs in a child process
 * (bench/database.ts), as mongod does: in this one its million documents made every garbage collection of the
 * check's own work slower (CPU per entry read grew from 34 µs at 100k to 73 µs at 1M). CPU seconds of this
 * process (the driver and the check) are printed beside the wall time and per entry, and the server's apart.
 * Target: 1M entries checked in ≤ 30 s. Run with `npm run bench -- audit` (BENCH_AUDIT_ENTRIES=100000 for a quick look).
 */
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { MongoClient } from 'mongodb';
import { AuditLog } from '../src/db/audit.js';
import { entryHash, GENESIS_HASH } from '../src/domain/governance/auditChain.js';
import { startDatabase } from './database.js';
import { printTable, timed, verdict } from './stats.js';

const ENTRIES = Number(process.env.BENCH_AUDIT_ENTRIES ?? 1_000_000);
const BATCH = 5_000;
const TEAM = 'team-bench';
const TARGET_CHECK_S = 30;

export async function main(): Promise<void> {
  const server = await startDatabase();
  const client = await MongoClient.connect(server.uri);
  /** The run, with the CPU seconds the database process spent on it (undefined in process). */
  const withServerCpu = async <T>(run: () => Promise<T>) => {
    const before = await server.cpuMs();
    const result = await timed(run);
    const after = await server.cpuMs();
    return { ...result, serverCpuSeconds: before === undefined || after === undefined ? undefined : (after - before) / 1000 };
  };
  try {
    const db = client.db('bench-audit');
    const log = new AuditLog(db);
    await log.ensureIndexes();
    const loadStart = performance.now();
    let prevHash = GENESIS_HASH;
    const start = Date.UTC(2020, 0, 1);
    for (let first = 1; first <= ENTRIES; first += BATCH) {
      const batch = [];
      for (let seq = first; seq < first + BATCH && seq <= ENTRIES; seq++) {
        const content = {
          at: new Date(start + seq * 60_000), actorId: `aad-officer-${seq % 40}`, actorName: 'Bench Officer', action: 'update', entity: 'case',
          entityId: `case-${seq % 10_000}`, caseReference: `ASB-2026-${String(seq % 10_000).padStart(4, '0')}`, changedFields: ['status', 'updatedAt'], teamId: TEAM,
        };
        const hash = entryHash(prevHash, content);
        batch.push({ _id: randomUUID(), ...content, seq, prevHash, hash });
        prevHash = hash;
      }
      await db.collection('audit').insertMany(batch as never[], { ordered: false });
    }
    await db.collection('auditHeads').insertOne({ _id: TEAM as never, seq: ENTRIES, hash: prevHash });
    const loadS = (performance.now() - loadStart) / 1000;

    // Same query, same order, same batch size as the check: what the server and the driver cost on their own.
    const read = await withServerCpu(async () => {
      let n = 0;
      for await (const _entry of db.collection('audit').find({ teamId: TEAM }, { projection: { _id: 0 } }).sort({ seq: 1 }).batchSize(10_000)) n++;
      return n;
    });
    const check = await withServerCpu(() => log.verify(TEAM));
    const report = check.value;
    if (!report.ok || report.entries !== ENTRIES || read.value !== ENTRIES) throw new Error(`The bench chain did not verify: ${JSON.stringify(report)}`);
    const perEntry = (run: { cpuSeconds: number }) => `${((run.cpuSeconds / ENTRIES) * 1e6).toFixed(1)} µs`;
    const serverCpu = (run: { serverCpuSeconds: number | undefined }) => (run.serverCpuSeconds === undefined ? '(in process)' : run.serverCpuSeconds.toFixed(1));
    const checkOnly = { cpuSeconds: Math.max(0, check.cpuSeconds - read.cpuSeconds) };

    printTable([
      { figure: `load ${ENTRIES.toLocaleString('en-GB')} chained entries`, seconds: loadS, 'cpu s': '', 'cpu per entry': '', 'server cpu s': '', target: '', verdict: '' },
      { figure: 'baseline: read them in order, no hashing', seconds: read.seconds, 'cpu s': read.cpuSeconds, 'cpu per entry': perEntry(read), 'server cpu s': serverCpu(read), target: '', verdict: '' },
      { figure: 'audit chain check (verify)', seconds: check.seconds, 'cpu s': check.cpuSeconds, 'cpu per entry': perEntry(check), 'server cpu s': serverCpu(check), target: `≤ ${TARGET_CHECK_S} s`, verdict: verdict(check.seconds <= TARGET_CHECK_S) },
      { figure: 'of which the check itself (verify − read)', seconds: '', 'cpu s': checkOnly.cpuSeconds, 'cpu per entry': perEntry(checkOnly), 'server cpu s': '', target: '', verdict: '' },
    ]);
  } finally {
    await client.close();
    await server.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
