// @vitest-environment jsdom
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileSource } from '../src/browser/blob-file-source.js';

/** A storage stand-in that answers CORS like a configured bucket and records each PUT. */
interface Received {
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}
let server: Server;
let base: string;
const received: Received[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Expose-Headers', 'ETag');
    if (req.method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Methods', 'PUT');
      res.setHeader('Access-Control-Allow-Headers', 'content-type, x-amz-checksum-sha256');
      res.end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks) });
      if (req.url === '/hang') return; // never answers: a stalled storage
      res.setHeader('ETag', '"etag-1"');
      res.statusCode = req.url === '/refuse' ? 403 : 200;
      res.end(req.url === '/refuse' ? '<Error><Code>SignatureDoesNotMatch</Code></Error>' : '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const bytes = Uint8Array.from({ length: 50_000 }, (_, i) => i % 256);
const file = () => new File([bytes], 'a.jpg', { type: 'image/jpeg' });

describe('browser fileSource.send (XMLHttpRequest under jsdom, against a local storage stand-in)', () => {
  it('sends exactly the range with the signed headers, reports progress, and answers status, headers and body', async () => {
    const progress: number[] = [];
    const response = await fileSource(file()).send({
      method: 'PUT',
      url: `${base}/part`,
      headers: { 'Content-Type': 'image/jpeg', 'Content-Length': '20000' },
      start: 10_000,
      end: 30_000,
      onProgress: (sent) => progress.push(sent),
    });
    expect(response.status).toBe(200);
    expect(response.header('etag')).toBe('"etag-1"');
    const put = received.at(-1)!;
    expect([...put.body]).toEqual([...bytes.subarray(10_000, 30_000)]);
    expect(put.headers['content-type']).toBe('image/jpeg');
    expect(put.headers['content-length']).toBe('20000');
    expect(progress.at(-1)).toBe(20_000);
  });

  it('resolves an error answer for the core to judge', async () => {
    const response = await fileSource(file()).send({ method: 'PUT', url: `${base}/refuse`, headers: {}, start: 0, end: 10 });
    expect(response.status).toBe(403);
    expect(response.body).toContain('SignatureDoesNotMatch');
  });

  it('fails with TIMEOUT when nothing moves for timeoutMs', async () => {
    const started = Date.now();
    await expect(
      fileSource(file()).send({ method: 'PUT', url: `${base}/hang`, headers: {}, start: 0, end: 10, timeoutMs: 300 }),
    ).rejects.toMatchObject({ code: 'TIMEOUT', status: 0, retryable: true });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('fails with ABORTED when the signal aborts mid-request', async () => {
    const controller = new AbortController();
    const sending = fileSource(file()).send({ method: 'PUT', url: `${base}/hang`, headers: {}, start: 0, end: 10, signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    await expect(sending).rejects.toMatchObject({ code: 'ABORTED', retryable: false });
  });

  it('fails with NETWORK when the storage cannot be reached', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(
      fileSource(file()).send({ method: 'PUT', url: `http://127.0.0.1:${port}/x`, headers: {}, start: 0, end: 10 }),
    ).rejects.toMatchObject({ code: 'NETWORK', retryable: true });
  });
});
