/** Small local servers that fail in ways the real one cannot be made to: to force a fault, nothing more. */
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type Socket } from 'node:net';

export interface Running {
  readonly url: string;
  /** Connections (or requests) received. */
  readonly count: () => number;
  close(): Promise<void>;
}

/** Accepts connections and never answers: a hung server. */
export async function silentServer(): Promise<Running> {
  const sockets = new Set<Socket>();
  let count = 0;
  const server = createTcpServer((s) => {
    count++;
    sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    count: () => count,
    close: () => new Promise((r) => {
      sockets.forEach((s) => s.destroy());
      server.close(() => r());
    }),
  };
}

/** An HTTP server answering with `handler`; the n-th request (from 1) is passed along. */
export async function answeringServer(handler: (req: IncomingMessage, res: ServerResponse, n: number) => void): Promise<Running> {
  let count = 0;
  const server = createHttpServer((req, res) => {
    count++;
    req.resume();
    handler(req, res, count);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    count: () => count,
    close: () => new Promise((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}

export function problem(res: ServerResponse, status: number, code: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/problem+json', ...headers });
  res.end(JSON.stringify({ type: 'about:blank', title: code, status, detail: `forced ${code}`, code }));
}
