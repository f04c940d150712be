/** Which index each recorded read used, from the database's own explain of it. */
import type { Db, Document } from 'mongodb';

/** The command without the driver's session and routing fields, ready to explain. */
export function bare(command: Document): Document {
  const drop = new Set(['lsid', 'txnNumber', 'readConcern', 'writeConcern', 'apiVersion', 'apiStrict', 'apiDeprecationErrors', 'maxTimeMS', 'comment']);
  return Object.fromEntries(Object.entries(command).filter(([key]) => !key.startsWith('$') && !drop.has(key)));
}

/** For each command: its collection and the index its winning plan scanned ('IDHACK' for a lookup by _id, else 'COLLSCAN'). */
export async function explainedIndexes(db: Db, commands: readonly Document[]): Promise<Array<{ collection: string; index: string }>> {
  const used = [];
  for (const command of commands) {
    const explained = await db.command({ explain: bare(command), verbosity: 'queryPlanner' });
    let index = 'COLLSCAN';
    const plan = explained.queryPlanner?.winningPlan ?? explained.stages?.[0]?.$cursor?.queryPlanner?.winningPlan;
    for (let stage = plan?.queryPlan ?? plan; stage; stage = stage.inputStage) {
      if (stage.stage === 'IXSCAN' || stage.stage === 'COUNT_SCAN') index = stage.indexName;
      if (stage.stage === 'IDHACK' || stage.stage === 'EXPRESS_IXSCAN' || stage.stage === 'EXPRESS_CLUSTERED_IXSCAN') index = 'IDHACK';
    }
    used.push({ collection: String(Object.values(command)[0]), index });
  }
  return used;
}
