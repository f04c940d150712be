/**
 * SCRAM-SHA-256 on the server side (RFC 5802 with RFC 7677's hash; MongoDB's saslStart/saslContinue exchange,
 * specifications/source/auth/auth.md). The password itself is never kept: only the salt, the iteration count,
 * StoredKey = H(ClientKey) and ServerKey, as mongod stores them. The password must be printable ASCII, for which
 * SASLprep changes nothing, so the driver's prepared password and ours agree without a SASLprep library.
 */
import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';

export const SCRAM_SHA_256 = 'SCRAM-SHA-256';
/** mongod's default for SCRAM-SHA-256 (scramSHA256IterationCount); the driver refuses fewer than 4096. */
const ITERATIONS = 15_000;

export interface ScramCredential {
  user: string;
  salt: Buffer;
  iterations: number;
  storedKey: Buffer;
  serverKey: Buffer;
}

const hmac = (key: Buffer, text: string) => createHmac('sha256', key).update(text, 'utf8').digest();

/** Why a password cannot be used, or undefined. */
export function passwordProblem(password: string): string | undefined {
  if (password.length < 12) return 'must be at least 12 characters';
  if (!/^[\x20-\x7e]+$/.test(password)) return 'must be printable ASCII (letters, digits, punctuation, spaces)';
  return undefined;
}

export function scramCredential(user: string, password: string): ScramCredential {
  const problem = passwordProblem(password);
  if (problem) throw new Error(`The embedded server's password ${problem}`);
  if (user.length === 0) throw new Error("The embedded server's user name must not be empty");
  const salt = randomBytes(28);
  const salted = pbkdf2Sync(password, salt, ITERATIONS, 32, 'sha256');
  const clientKey = hmac(salted, 'Client Key');
  return { user, salt, iterations: ITERATIONS, storedKey: createHash('sha256').update(clientKey).digest(), serverKey: hmac(salted, 'Server Key') };
}

/** RFC 5802 §5.1: a user name escapes "=" and "," as "=3D" and "=2C". */
const unescapeName = (name: string) => name.replace(/=2C/g, ',').replace(/=3D/g, '=');

function attributes(message: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const part of message.split(',')) {
    const at = part.indexOf('=');
    if (at === 1) found.set(part[0]!, part.slice(2));
  }
  return found;
}

/** One client's exchange: client-first → server-first, then client-final → server-final (or a refusal). */
export class ScramConversation {
  private expected?: { nonce: string; authPrefix: string };

  constructor(private readonly credential: ScramCredential) {}

  /** The server-first message, or undefined for a client-first message that is not one. */
  start(clientFirst: string): string | undefined {
    // gs2 header: "n,," (no channel binding, no authzid); "y" or "p" would ask for binding we do not offer.
    const header = /^n,(?:a=[^,]*)?,/.exec(clientFirst);
    if (!header) return undefined;
    const bare = clientFirst.slice(header[0].length);
    const fields = attributes(bare);
    const name = fields.get('n');
    const clientNonce = fields.get('r');
    if (name === undefined || !clientNonce || unescapeName(name) !== this.credential.user) return undefined;
    const nonce = clientNonce + randomBytes(24).toString('base64');
    const serverFirst = `r=${nonce},s=${this.credential.salt.toString('base64')},i=${this.credential.iterations}`;
    this.expected = { nonce, authPrefix: `${bare},${serverFirst}` };
    return serverFirst;
  }

  /** The server-final message ("v=<signature>") when the proof is right, otherwise undefined. */
  finish(clientFinal: string): string | undefined {
    const expected = this.expected;
    this.expected = undefined;
    if (!expected) return undefined;
    const proofAt = clientFinal.lastIndexOf(',p=');
    if (proofAt < 0) return undefined;
    const withoutProof = clientFinal.slice(0, proofAt);
    const fields = attributes(withoutProof);
    if (fields.get('c') !== 'biws' || fields.get('r') !== expected.nonce) return undefined;
    const proof = Buffer.from(clientFinal.slice(proofAt + 3), 'base64');
    const authMessage = `${expected.authPrefix},${withoutProof}`;
    const signature = hmac(this.credential.storedKey, authMessage);
    if (proof.length !== signature.length) return undefined;
    const clientKey = Buffer.from(proof.map((byte, i) => byte ^ signature[i]!));
    if (!timingSafeEqual(createHash('sha256').update(clientKey).digest(), this.credential.storedKey)) return undefined;
    return `v=${hmac(this.credential.serverKey, authMessage).toString('base64')}`;
  }
}
