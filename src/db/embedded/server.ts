/**
 * The TCP side: accepts driver connections (on 127.0.0.1 unless told otherwise), frames messages, checks each
 * connection has authenticated when the server has a user, runs commands, replies.
 */
import net from 'node:net';
import { ConnectionAuth } from './auth.js';
import type { Cursors } from './cursors.js';
import { runCommand } from './dispatch.js';
import { MAX_MESSAGE_SIZE_BYTES } from './limits.js';
import type { ScramCredential } from './scram.js';
import type { Store } from './store.js';
import { encodeReply, MORE_TO_COME, parseMessage, peekMessageLength } from './wire.js';

export class WireServer {
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private readonly inFlight = new Set<Promise<void>>();
  private nextConnectionId = 1;

  constructor(
    private readonly store: Store,
    private readonly cursors: Cursors,
    /** The one user every connection must authenticate as; none means no authentication. */
    private readonly credential?: ScramCredential,
  ) {
    this.server = net.createServer((socket) => this.accept(socket));
  }

  listen(port: number, host = '127.0.0.1'): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve((this.server.address() as net.AddressInfo).port));
    });
  }

  /** Stops accepting connections, lets commands already running finish, then closes every connection. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    await Promise.allSettled([...this.inFlight]);
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  private accept(socket: net.Socket): void {
    const connectionId = this.nextConnectionId++;
    const auth = new ConnectionAuth(this.credential);
    this.sockets.add(socket);
    socket.setNoDelay(true);
    let buffered = Buffer.alloc(0);
    // Requests on one connection are answered in order, one at a time, as the protocol expects.
    let queue = Promise.resolve();
    socket.on('data', (chunk) => {
      buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
      for (;;) {
        const length = peekMessageLength(buffered);
        if (length === undefined) break;
        if (length < 16 || length > MAX_MESSAGE_SIZE_BYTES) {
          socket.destroy();
          return;
        }
        if (buffered.length < length) break;
        const message = buffered.subarray(0, length);
        buffered = buffered.subarray(length);
        queue = queue.then(() => this.track(this.handle(socket, message, connectionId, auth)));
      }
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.sockets.delete(socket));
  }

  private async track(work: Promise<void>): Promise<void> {
    this.inFlight.add(work);
    try {
      await work;
    } finally {
      this.inFlight.delete(work);
    }
  }

  private async handle(socket: net.Socket, message: Buffer, connectionId: number, auth: ConnectionAuth): Promise<void> {
    let request;
    try {
      request = parseMessage(message);
    } catch {
      socket.destroy();
      return;
    }
    let reply = auth.intercept(request.command) ?? auth.answerHello(request.command, await runCommand(request.command, { catalog: this.store.catalog, cursors: this.cursors, connectionId }));
    // Acknowledge only what is durable: the command's journal records are fsynced before the reply goes out.
    try {
      await this.store.commit();
    } catch (error) {
      // The store has taken the command's changes back; the client learns the write did not happen.
      reply = { ok: 0, errmsg: error instanceof Error ? error.message : 'write failed', code: 1, codeName: 'InternalError' };
    }
    if (request.flags & MORE_TO_COME) return;
    if (!socket.destroyed) socket.write(encodeReply(request, reply));
  }
}
