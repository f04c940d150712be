/** Routes a command document to its handler and shapes the reply, including MongoDB's error replies. */
import type { Document } from 'bson';
import { adminCommands } from './commands/admin.js';
import { aggregateCommands } from './commands/aggregate.js';
import type { CommandContext, CommandHandler } from './commands/context.js';
import { ddlCommands } from './commands/ddl.js';
import { Slices } from './slices.js';
import { readCommands } from './commands/read.js';
import { writeCommands } from './commands/write.js';
import { asCommandError, commandNotFound, illegalOperation } from './errors.js';

const handlers: Record<string, CommandHandler> = {
  ...adminCommands,
  ...readCommands,
  ...writeCommands,
  ...aggregateCommands,
  ...ddlCommands,
};

export function commandName(command: Document): string {
  return Object.keys(command)[0] ?? '';
}

/** Runs one command and returns the reply document (`ok: 1` or MongoDB's error shape). */
export async function runCommand(command: Document, context: Omit<CommandContext, 'db' | 'slices'>): Promise<Document> {
  const name = commandName(command);
  try {
    if (command.txnNumber !== undefined || command.startTransaction !== undefined || command.autocommit !== undefined) {
      throw illegalOperation('Transaction numbers are only allowed on a replica set member or mongos');
    }
    const handler = Object.hasOwn(handlers, name) ? handlers[name] : undefined;
    if (!handler) throw commandNotFound(name);
    const db = typeof command.$db === 'string' ? command.$db : 'admin';
    return { ...(await handler(command, { ...context, db, slices: new Slices() })), ok: 1 };
  } catch (error) {
    const e = asCommandError(error);
    return { ok: 0, errmsg: e.message, code: e.code, codeName: e.codeName, ...e.extra };
  }
}
