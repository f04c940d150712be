/**
 * Authentication of one connection, when the server has a user: until the client has proved the password with
 * SCRAM-SHA-256, only hello/isMaster, ping and the SASL exchange itself are answered; anything else gets
 * MongoDB's code 13 (Unauthorized). The one user may authenticate against any database (authSource).
 */
import { Binary, type Document } from 'bson';
import { commandName } from './dispatch.js';
import { SCRAM_SHA_256, ScramConversation, type ScramCredential } from './scram.js';

const OPEN_BEFORE_AUTH = new Set(['hello', 'isMaster', 'ismaster', 'ping', 'saslStart', 'saslContinue']);
const HELLO = new Set(['hello', 'isMaster', 'ismaster']);

const refusal = (code: number, codeName: string, errmsg: string): Document => ({ ok: 0, errmsg, code, codeName });
const authenticationFailed = () => refusal(18, 'AuthenticationFailed', 'Authentication failed.');

function payloadText(payload: unknown): string | undefined {
  if (payload instanceof Binary) return Buffer.from(payload.buffer.subarray(0, payload.position)).toString('utf8');
  if (payload instanceof Uint8Array) return Buffer.from(payload).toString('utf8');
  return typeof payload === 'string' ? payload : undefined;
}

export class ConnectionAuth {
  private authenticated: boolean;
  private conversation?: { id: number; scram: ScramConversation };
  private conversations = 0;

  constructor(private readonly credential: ScramCredential | undefined) {
    this.authenticated = credential === undefined;
  }

  /** A reply of its own for the SASL commands and for a command refused before authentication; else undefined. */
  intercept(command: Document): Document | undefined {
    if (!this.credential) return undefined;
    const name = commandName(command);
    if (name === 'saslStart') return this.saslStart(this.credential, command);
    if (name === 'saslContinue') return this.saslContinue(command);
    if (this.authenticated || OPEN_BEFORE_AUTH.has(name)) return undefined;
    return refusal(13, 'Unauthorized', `Command ${name} requires authentication`);
  }

  /**
   * As mongod: hello with `saslSupportedMechs: "<db>.<user>"` learns the mechanism to use, and one carrying a
   * `speculativeAuthenticate` saslStart gets its first step answered at once (one round trip fewer per connection).
   */
  answerHello(command: Document, reply: Document): Document {
    if (!this.credential || !HELLO.has(commandName(command))) return reply;
    let answered = reply;
    const asked = command.saslSupportedMechs;
    if (typeof asked === 'string' && asked.slice(asked.indexOf('.') + 1) === this.credential.user) answered = { ...answered, saslSupportedMechs: [SCRAM_SHA_256] };
    const speculative = command.speculativeAuthenticate as Document | undefined;
    if (speculative && typeof speculative === 'object' && speculative.saslStart !== undefined) {
      const { ok, conversationId, done, payload } = this.saslStart(this.credential, speculative);
      if (ok === 1) answered = { ...answered, speculativeAuthenticate: { conversationId, done, payload } };
    }
    return answered;
  }

  private saslStart(credential: ScramCredential, command: Document): Document {
    this.authenticated = false;
    if (command.mechanism !== SCRAM_SHA_256) {
      return refusal(334, 'MechanismUnavailable', `Received authentication for mechanism ${String(command.mechanism).slice(0, 40)} which is not enabled`);
    }
    const scram = new ScramConversation(credential);
    const serverFirst = scram.start(payloadText(command.payload) ?? '');
    if (serverFirst === undefined) return authenticationFailed();
    this.conversation = { id: ++this.conversations, scram };
    return { conversationId: this.conversation.id, done: false, payload: new Binary(Buffer.from(serverFirst)), ok: 1 };
  }

  private saslContinue(command: Document): Document {
    const conversation = this.conversation;
    this.conversation = undefined;
    if (!conversation || Number(command.conversationId) !== conversation.id) return refusal(17, 'ProtocolError', 'No SASL session state found');
    const serverFinal = conversation.scram.finish(payloadText(command.payload) ?? '');
    if (serverFinal === undefined) return authenticationFailed();
    this.authenticated = true;
    return { conversationId: conversation.id, done: true, payload: new Binary(Buffer.from(serverFinal)), ok: 1 };
  }
}
