/** A MongoDB server error: the wire reply carries `ok: 0`, this code and code name, so the driver raises MongoServerError. */
export class CommandError extends Error {
  constructor(
    readonly code: number,
    readonly codeName: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export const badValue = (message: string) => new CommandError(2, 'BadValue', message);
export const failedToParse = (message: string) => new CommandError(9, 'FailedToParse', message);
export const typeMismatch = (message: string) => new CommandError(14, 'TypeMismatch', message);
export const illegalOperation = (message: string) => new CommandError(20, 'IllegalOperation', message);
export const namespaceNotFound = (message: string) => new CommandError(26, 'NamespaceNotFound', message);
export const indexNotFound = (message: string) => new CommandError(27, 'IndexNotFound', message);
export const commandNotFound = (name: string) =>
  new CommandError(59, 'CommandNotFound', `no such command: '${name}'`);
export const conflictingUpdateOperators = (path: string, at: string) =>
  new CommandError(40, 'ConflictingUpdateOperators', `Updating the path '${path}' would create a conflict at '${at}'`);
export const immutableField = (message: string) => new CommandError(66, 'ImmutableField', message);
export const invalidOptions = (message: string) => new CommandError(72, 'InvalidOptions', message);
export const indexOptionsConflict = (message: string) => new CommandError(85, 'IndexOptionsConflict', message);
export const cursorNotFound = (id: bigint) => new CommandError(43, 'CursorNotFound', `cursor id ${id} not found`);
export const namespaceExists = (message: string) => new CommandError(48, 'NamespaceExists', message);
export const bsonTooLarge = (message: string) => new CommandError(10334, 'BSONObjectTooLarge', message);
export const unrecognisedStage = (name: string) =>
  new CommandError(40324, 'Location40324', `Unrecognized pipeline stage name: '${name}'`);

/** Turns anything thrown while running a command into a CommandError, keeping mingo's message readable. */
export function asCommandError(error: unknown): CommandError {
  if (error instanceof CommandError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return badValue(message.replace(/^mingo: /, ''));
}
