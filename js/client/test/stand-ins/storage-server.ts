/** A tiny storage for the stand-in tests: records each request's headers and body, and serves files. */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StoredRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

export interface StorageServer {
  readonly url: string;
  readonly received: StoredRequest[];
  /** Makes GET `path` answer these bytes (or a status without them). */
  serve(path: string, bytes: Buffer | number): void;
  close(): Promise<void>;
}

/** PUT answers 200 with an ETag; `/hang` never answers; GET serves what {@link serve} set, else 404. */
export async function storageServer(): Promise<StorageServer> {
  const received: StoredRequest[] = [];
  const files = new Map<string, Buffer | number>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
      if (req.url === '/hang') return;
      if (req.method === 'GET') {
        const file = files.get(req.url ?? '');
        if (typeof file === 'number' || file === undefined) {
          res.statusCode = file ?? 404;
          res.end('<Error/>');
        } else {
          res.setHeader('Content-Type', 'image/jpeg');
          res.end(file);
        }
        return;
      }
      res.setHeader('ETag', `"etag-${received.length}"`);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    serve: (path, bytes) => void files.set(path, bytes),
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
