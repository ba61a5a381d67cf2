/**
 * A TCP proxy in front of the real server that breaks the network on demand: it drops open
 * connections, refuses new ones for a while (its port closed), or passes everything through.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import { freePort } from './processes.js';

export class FlakyProxy {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  /** Connections accepted, and connections dropped on purpose. */
  accepted = 0;
  dropped = 0;

  private constructor(readonly port: number, private readonly targetPort: number) {}

  static async start(targetPort: number, port?: number): Promise<FlakyProxy> {
    const proxy = new FlakyProxy(port ?? (await freePort()), targetPort);
    await proxy.listen();
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Opens the port and forwards each connection to the target. */
  private listen(): Promise<void> {
    const server = createServer((client) => {
      this.accepted++;
      const upstream = connect(this.targetPort, '127.0.0.1');
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('error', () => undefined);
        s.on('close', () => {
          this.sockets.delete(s);
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream);
      upstream.pipe(client);
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
  }

  /** Resets every open connection, as a network that drops would. */
  drop(): void {
    for (const s of this.sockets) {
      this.dropped++;
      s.resetAndDestroy();
    }
  }

  /** Closes the port (connections are refused) for `ms`, dropping what is open, then listens again. */
  async refuseFor(ms: number): Promise<void> {
    await this.close();
    await new Promise((r) => setTimeout(r, ms));
    await this.listen();
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.drop();
    if (server) await new Promise<void>((r) => server.close(() => r()));
  }
}
