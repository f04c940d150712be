import type { Document } from 'bson';
import type { Catalog } from '../catalog.js';
import type { Collection } from '../collection.js';
import type { Cursors } from '../cursors.js';
import { badValue, CommandError, invalidOptions } from '../errors.js';
import type { Slices } from '../slices.js';

const invalidNamespace = (message: string) => new CommandError(73, 'InvalidNamespace', message);

export interface CommandContext {
  catalog: Catalog;
  cursors: Cursors;
  /** The database the command was sent to (`$db`). */
  db: string;
  connectionId: number;
  /** Where a long command gives way to the others (see slices.ts). */
  slices: Slices;
}

/**
 * Commands run against the in-memory state, synchronously unless they can run long (index builds, write
 * batches); durability is awaited afterwards by the dispatcher.
 */
export type CommandHandler = (command: Document, context: CommandContext) => Document | Promise<Document>;

/** The collection name a command targets: the value of its first field. */
export function targetName(command: Document, name: string): string {
  const target = command[name];
  if (typeof target !== 'string' || target.length === 0) {
    throw invalidNamespace(`collection name has invalid type ${typeof target}`);
  }
  return target;
}

export function lookupCollection(command: Document, name: string, context: CommandContext): Collection | undefined {
  return context.catalog.collection(context.db, targetName(command, name));
}

/** Numeric command options arrive as int32, double or int64; all mean the same number. */
export function optionalNumber(command: Document, field: string): number | undefined {
  const value = command[field];
  if (value === undefined || value === null) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) throw badValue(`Field '${field}' must be numeric`);
  return n;
}

/** Options MongoDB supports but this server does not: refused out loud rather than ignored. */
export function refuseUnsupported(command: Document, fields: string[]): void {
  for (const field of fields) {
    if (command[field] !== undefined && command[field] !== false) {
      throw invalidOptions(`The embedded server does not support the '${field}' option`);
    }
  }
  const collation = command.collation as Document | undefined;
  if (collation && collation.locale !== 'simple') throw invalidOptions('The embedded server supports only the simple collation');
}
