/**
 * MongoDB wire protocol framing: the legacy OP_QUERY (2004) that carries the driver's first handshake,
 * its OP_REPLY (1), and OP_MSG (2013) with its kind-0 body and kind-1 document sequences.
 */
import { BSON, type Document } from 'bson';
import { serializeCursorReply } from './encodedBatch.js';
import { MAX_BSON_OBJECT_SIZE } from './limits.js';

export const OP_REPLY = 1;
export const OP_QUERY = 2004;
export const OP_MSG = 2013;
const HEADER_SIZE = 16;
const CHECKSUM_PRESENT = 1 << 0;
export const MORE_TO_COME = 1 << 1;

/** Int32 and Double become JS numbers; Long (int64) becomes bigint, so it keeps its type and precision. */
export const deserializeOptions: BSON.DeserializeOptions = { useBigInt64: true, promoteValues: true, promoteBuffers: false };

export interface Request {
  requestId: number;
  opCode: typeof OP_QUERY | typeof OP_MSG;
  /** OP_MSG flag bits; 0 for OP_QUERY. */
  flags: number;
  /** The command document, with any document sequences attached under their identifiers. */
  command: Document;
  /** For OP_QUERY only: the collection name it was sent to, e.g. `admin.$cmd`. */
  fullCollectionName?: string;
}

export class ProtocolError extends Error {}

/** Reads the length prefix of the next message, or undefined if fewer than 4 bytes are buffered. */
export function peekMessageLength(buffer: Buffer): number | undefined {
  return buffer.length >= 4 ? buffer.readInt32LE(0) : undefined;
}

export function parseMessage(message: Buffer): Request {
  const requestId = message.readInt32LE(4);
  const opCode = message.readInt32LE(12);
  if (opCode === OP_MSG) return { requestId, opCode, ...parseOpMsg(message) };
  if (opCode === OP_QUERY) return { requestId, opCode, flags: 0, ...parseOpQuery(message) };
  throw new ProtocolError(`Unsupported opCode ${opCode}`);
}

function readDocument(message: Buffer, offset: number): { doc: Document; end: number } {
  const size = message.readInt32LE(offset);
  if (size < 5 || offset + size > message.length) throw new ProtocolError('Truncated BSON document');
  if (size > MAX_BSON_OBJECT_SIZE + 16 * 1024) throw new ProtocolError('BSON document exceeds maxBsonObjectSize');
  const doc = BSON.deserialize(message.subarray(offset, offset + size), deserializeOptions);
  return { doc, end: offset + size };
}

function readCString(message: Buffer, offset: number): { text: string; end: number } {
  const zero = message.indexOf(0, offset);
  if (zero < 0) throw new ProtocolError('Unterminated C string');
  return { text: message.toString('utf8', offset, zero), end: zero + 1 };
}

function parseOpMsg(message: Buffer): { flags: number; command: Document } {
  const flags = message.readUInt32LE(HEADER_SIZE);
  // The checksum (CRC-32C) is optional and only guards against corruption in transit; TCP on loopback suffices.
  const end = flags & CHECKSUM_PRESENT ? message.length - 4 : message.length;
  let offset = HEADER_SIZE + 4;
  let body: Document | undefined;
  const sequences: Record<string, Document[]> = {};
  while (offset < end) {
    const kind = message.readUInt8(offset);
    offset += 1;
    if (kind === 0) {
      const read = readDocument(message, offset);
      body = read.doc;
      offset = read.end;
    } else if (kind === 1) {
      const sectionEnd = offset + message.readInt32LE(offset);
      const id = readCString(message, offset + 4);
      const docs: Document[] = [];
      let at = id.end;
      while (at < sectionEnd) {
        const read = readDocument(message, at);
        docs.push(read.doc);
        at = read.end;
      }
      sequences[id.text] = docs;
      offset = sectionEnd;
    } else {
      throw new ProtocolError(`Unknown OP_MSG section kind ${kind}`);
    }
  }
  if (!body) throw new ProtocolError('OP_MSG without a body section');
  return { flags, command: { ...body, ...sequences } };
}

function parseOpQuery(message: Buffer): { command: Document; fullCollectionName: string } {
  const name = readCString(message, HEADER_SIZE + 4);
  const query = readDocument(message, name.end + 8).doc;
  // Legacy drivers wrap the command as { $query: {...}, $readPreference }.
  const command = '$query' in query ? (query.$query as Document) : query;
  return { command, fullCollectionName: name.text };
}

function header(length: number, requestId: number, responseTo: number, opCode: number): Buffer {
  const buffer = Buffer.alloc(HEADER_SIZE);
  buffer.writeInt32LE(length, 0);
  buffer.writeInt32LE(requestId, 4);
  buffer.writeInt32LE(responseTo, 8);
  buffer.writeInt32LE(opCode, 12);
  return buffer;
}

let nextResponseId = 1;

export function encodeReply(request: Request, reply: Document): Buffer {
  const body = serializeCursorReply(reply) ?? BSON.serialize(reply, { ignoreUndefined: true });
  const id = nextResponseId++;
  if (request.opCode === OP_QUERY) {
    const prefix = Buffer.alloc(20);
    prefix.writeInt32LE(0, 0); // responseFlags
    prefix.writeBigInt64LE(0n, 4); // cursorID
    prefix.writeInt32LE(0, 12); // startingFrom
    prefix.writeInt32LE(1, 16); // numberReturned
    const length = HEADER_SIZE + prefix.length + body.length;
    return Buffer.concat([header(length, id, request.requestId, OP_REPLY), prefix, body]);
  }
  const sectionHead = Buffer.from([0, 0, 0, 0, 0]); // flagBits 0, then section kind 0
  const length = HEADER_SIZE + sectionHead.length + body.length;
  return Buffer.concat([header(length, id, request.requestId, OP_MSG), sectionHead, body]);
}
