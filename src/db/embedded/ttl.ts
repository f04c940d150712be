/** The TTL monitor: removes documents whose indexed date is older than the index's `expireAfterSeconds`. */
import type { Catalog } from './catalog.js';
import { leafValues } from './paths.js';

export function expireDocuments(catalog: Catalog, now: Date): number {
  let removed = 0;
  for (const collection of catalog.allCollections()) {
    for (const spec of collection.indexSpecs()) {
      const fields = Object.keys(spec.key);
      if (spec.expireAfterSeconds === undefined || fields.length !== 1) continue;
      const cutoff = now.getTime() - spec.expireAfterSeconds * 1000;
      for (const doc of [...collection.all()]) {
        // An array of dates expires by its earliest date; documents without a date never expire.
        const dates = leafValues(doc, fields[0]!).filter((v): v is Date => v instanceof Date);
        if (dates.length > 0 && Math.min(...dates.map((d) => d.getTime())) <= cutoff) {
          catalog.remove(collection, doc);
          removed += 1;
        }
      }
    }
  }
  return removed;
}
