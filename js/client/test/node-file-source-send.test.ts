/**
 * The Node file source's PUT against a real node:http server in this process: the bytes that
 * arrive, the store's checksum computed on the worker thread (large requests) and on the main
 * thread (small ones), progress, cancelling, an early answer, and a hashing fault.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { AssetgateError } from '../src/index.js';
import { fileSource, type FileSourceOptions } from '../src/node/index.js';
import { ChunkPool } from '../src/node/file-source.js';
import { offThreadHash } from '../src/node/hash-worker.js';
import { tempDir } from './support/shared.js';

const MB = 1024 * 1024;
const tmp = tempDir();
/** Requests from this size on are hashed on the worker here (the default is larger: fewer bytes to move). */
const FROM = 8 * MB;
const SIZE = 3 * FROM + 12_345; // three large requests and an odd tail
let bytes: Buffer;
let path: string;
let server: Server;
let base: string;
/** What the server received, by request path. */
const received = new Map<string, Buffer>();

beforeAll(async () => {
  bytes = randomBytes(SIZE);
  path = join(tmp.dir, 'file.bin');
  await writeFile(path, bytes);
  server = createServer((req, res) => {
    if (req.url === '/refuse') {
      // Answers before reading the body, as a store refusing an expired URL does (then drains it).
      res.writeHead(403, { 'Content-Type': 'application/xml' }).end('<Error><Code>AccessDenied</Code></Error>');
      return req.resume();
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.set(req.url!, Buffer.concat(chunks));
      res.writeHead(200, { ETag: '"e"' }).end();
    });
    req.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  tmp.remove();
});

/** The file as a source whose requests of FROM bytes and more are hashed on the worker. */
const source = (options: FileSourceOptions = {}) => fileSource(path, { offThreadHashFrom: FROM, ...options });
const digest = (algorithm: string, start: number, end: number) => createHash(algorithm).update(bytes.subarray(start, end)).digest('base64');

describe('Node file source: send', () => {

  it.each([
    ['md5', 'on the worker thread', 0, 2 * FROM + 777],
    ['sha256', 'on the worker thread', MB + 3, SIZE],
    ['md5', 'on the main thread', 5, 5 + FROM - 1],
    ['sha256', 'on the main thread', SIZE - 1000, SIZE],
  ] as const)('sends the exact range with its %s computed %s, progress to the last byte', async (algorithm, _where, start, end) => {
    const progress: number[] = [];
    const url = `${base}/${algorithm}-${start}-${end}`;
    const answer = await source().send({ method: 'PUT', url, headers: {}, start, end, checksum: algorithm, onProgress: (n) => progress.push(n) });

    expect(answer.status).toBe(200);
    expect(answer.header('ETag')).toBe('"e"');
    expect(received.get(new URL(url).pathname)!.equals(bytes.subarray(start, end))).toBe(true);
    expect(answer.checksum).toBe(digest(algorithm, start, end));
    expect(progress.at(-1)).toBe(end - start);
  });

  it('computes each request\'s own digest when four large requests share the worker at once', async () => {
    const threaded = source({ offThreadHashFrom: 0 });
    const ranges = [0, 1, 2, 3].map((n) => [n * (SIZE >> 2), n === 3 ? SIZE : (n + 1) * (SIZE >> 2)] as const);
    const answers = await Promise.all(ranges.map(([start, end], n) =>
      threaded.send({ method: 'PUT', url: `${base}/part-${n}`, headers: {}, start, end, checksum: 'md5' })));
    answers.forEach((answer, n) => expect(answer.checksum).toBe(digest('md5', ...ranges[n])));
  });

  it('never starts the worker when told not to (offThreadHashFrom: Infinity), and still gives the checksum', async () => {
    const answer = await source({ offThreadHashFrom: Infinity }).send({ method: 'PUT', url: `${base}/inline`, headers: {}, start: 0, end: SIZE, checksum: 'sha256' });
    expect(answer.checksum).toBe(digest('sha256', 0, SIZE));
  });

  it('gives the storage\'s early answer without a checksum, and does not hang on the chunks the socket kept', async () => {
    const answer = await source().send({ method: 'PUT', url: `${base}/refuse`, headers: {}, start: 0, end: SIZE, checksum: 'md5' });
    expect(answer.status).toBe(403);
    expect(answer.body).toContain('AccessDenied');
    expect(answer.checksum).toBeUndefined();
  });

  it('fails ABORTED when cancelled half way, and the next request works', async () => {
    const controller = new AbortController();
    const sending = source().send({
      method: 'PUT', url: `${base}/cancelled`, headers: {}, start: 0, end: SIZE, checksum: 'md5', signal: controller.signal,
      onProgress: (n) => n >= 4 * MB && controller.abort(),
    });
    await expect(sending).rejects.toMatchObject({ code: 'ABORTED' });

    const answer = await source().send({ method: 'PUT', url: `${base}/after-cancel`, headers: {}, start: 0, end: SIZE, checksum: 'md5' });
    expect(answer.checksum).toBe(digest('md5', 0, SIZE));
  });

  it('reuses its chunks across requests: 32 large requests leave no more than a few MiB of buffers behind', async () => {
    // The worker thread keeps every chunk it has seen alive until its own (rare) collection:
    // chunks made anew per request piled up, a whole pool of them per request.
    const many = source();
    const before = process.memoryUsage().arrayBuffers;
    for (let n = 0; n < 32; n++) {
      const start = (n % 2) * FROM;
      await many.send({ method: 'PUT', url: `${base}/many`, headers: {}, start, end: start + FROM, checksum: 'md5' });
    }
    expect((process.memoryUsage().arrayBuffers - before) / MB).toBeLessThan(40);
  });

  it('fails with a retryable error when the hashing thread cannot hash (a forced fault: an unknown algorithm)', async () => {
    const sending = source().send({ method: 'PUT', url: `${base}/fault`, headers: {}, start: 0, end: SIZE, checksum: 'no-such-digest' as 'md5' });
    const error = await sending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AssetgateError);
    expect(error).toMatchObject({ code: 'INTERNAL', retryable: true });
    // The worker lives on for the next digest.
    const answer = await source().send({ method: 'PUT', url: `${base}/after-fault`, headers: {}, start: 0, end: SIZE, checksum: 'sha256' });
    expect(answer.checksum).toBe(digest('sha256', 0, SIZE));
  });
});

describe('Node file source: the hashing thread', () => {
  const shared = (data: Buffer) => {
    const view = Buffer.from(new SharedArrayBuffer(data.length));
    data.copy(view);
    return view;
  };

  it('keeps interleaved digests apart, and a discarded one does not disturb the others', async () => {
    const a = offThreadHash('md5');
    const b = offThreadHash('sha256');
    const dropped = offThreadHash('md5');
    const x = randomBytes(3 * MB + 1);
    const y = randomBytes(MB);
    await Promise.all([a.update(shared(x)), b.update(shared(y)), dropped.update(shared(y)), a.update(shared(y)), b.update(shared(x))]);
    dropped.discard();
    await expect(dropped.update(shared(x))).rejects.toThrow(/discarded/);
    expect(await a.digest()).toBe(createHash('md5').update(x).update(y).digest('base64'));
    expect(await b.digest()).toBe(createHash('sha256').update(y).update(x).digest('base64'));
    expect(await offThreadHash('sha256').digest()).toBe(createHash('sha256').digest('base64'));
  });

  it('refuses bytes that are not in a SharedArrayBuffer (they would be copied, or read while reused)', async () => {
    await expect(offThreadHash('md5').update(Buffer.alloc(10))).rejects.toThrow(TypeError);
  });
});

describe('Node file source: chunk pool', () => {
  it('holds at most its size of buffers, waits for one to come back, and stops waiting when closed', async () => {
    const pool = new ChunkPool(2, 1024);
    const one = await pool.take();
    const two = await pool.take();
    let third: Buffer | undefined;
    const waiting = pool.take().then((b) => (third = b));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(third).toBeUndefined();
    expect(pool.allocated).toBe(2);
    pool.give(one);
    expect(await waiting).toBe(one);

    const fourth = pool.take();
    pool.close();
    expect((await fourth).buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(pool.allocated).toBe(3);
    expect(two.buffer).toBeInstanceOf(SharedArrayBuffer);
  });

  it('keeps spare chunks by size: a pool only ever takes chunks of its own size', async () => {
    const small = new ChunkPool(1);
    const one = await small.take();
    small.close();
    small.give(one);
    const large = new ChunkPool(2, 4 * MB);
    const taken = [await large.take(), await large.take()];
    expect(taken.map((b) => b.length)).toEqual([4 * MB, 4 * MB]);
    expect(taken).not.toContain(one);
    large.close();
    taken.forEach((b) => large.give(b));
    const again = new ChunkPool(2, 4 * MB);
    expect(new Set([await again.take(), await again.take()])).toEqual(new Set(taken));
  });

  it('gives a closed pool\'s chunks, idle or coming back later, to the next pool', async () => {
    // Empties the process's spare chunks that earlier requests left.
    const drain = new ChunkPool(64);
    for (let n = 0; n < 64; n++) await drain.take();
    const first = new ChunkPool(2);
    const idle = await first.take();
    const out = await first.take();
    first.give(idle);
    first.close();
    first.give(out); // the socket let go of it after the request ended
    const next = new ChunkPool(2);
    const taken = new Set([await next.take(), await next.take()]);
    expect(taken.has(idle) && taken.has(out)).toBe(true);
  });
});
