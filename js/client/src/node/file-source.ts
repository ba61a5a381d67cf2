/**
 * Files on disk as a {@link FileSource}: read by range (never whole in memory), hashed with
 * node:crypto as they stream, and sent with node:http(s) with the exact Content-Length the URL
 * was signed for, read from disk only as fast as the socket takes them.
 */
import { createReadStream, statSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { request as httpRequest, type ClientRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { basename, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { AssetgateError, guessContentType, networkError } from '../index.js';
import { offThreadHash } from './hash-worker.js';
import type { FileRef, FileSource, SendRequest, SendResponse } from '../ports.js';

export interface FileSourceOptions {
  /** The content type to declare; guessed from the extension when left out. */
  readonly contentType?: string;
  /** The filename to declare; the path's last segment by default. */
  readonly name?: string;
  /**
   * Requests of at least this many bytes compute the store's checksum on a worker thread, beside
   * the sending; smaller ones on the main thread. Default {@link OFF_THREAD_HASH_FROM} (32 MiB);
   * `Infinity` never starts a thread.
   */
  readonly offThreadHashFrom?: number;
}

/** A file reference the queue persists. */
export interface PathRef extends FileRef {
  readonly kind: 'path';
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
  readonly name?: string;
  readonly contentType?: string;
}

export function fileSource(path: string, options: FileSourceOptions = {}): FileSource {
  const absolute = resolve(path);
  let stat;
  try {
    stat = statSync(absolute);
  } catch (e) {
    throw new AssetgateError('FILE_UNREADABLE', `Cannot read ${path}: ${(e as Error).message}`, { cause: e });
  }
  if (!stat.isFile()) throw new AssetgateError('FILE_UNREADABLE', `${path} is not a file.`);
  const name = options.name ?? basename(absolute);
  const size = stat.size;
  const mtimeMs = stat.mtimeMs;
  return {
    name,
    type: options.contentType ?? guessContentType(name),
    size,
    fingerprint: `${absolute}:${size}:${mtimeMs}`,
    sha256: (start, end, signal) => digest('sha256', absolute, start, end, signal),
    md5: (start, end, signal) => digest('md5', absolute, start, end, signal),
    send: (request) => send(absolute, request, options.offThreadHashFrom ?? OFF_THREAD_HASH_FROM),
    toRef: (): PathRef => ({ kind: 'path', path: absolute, size, mtimeMs, name, contentType: options.contentType }),
  };
}

function range(path: string, start: number, end: number, signal?: AbortSignal): Readable {
  if (end <= start) return Readable.from([]);
  // fs ranges are inclusive of their end.
  return createReadStream(path, { start, end: end - 1, highWaterMark: 1024 * 1024, signal });
}

async function digest(algorithm: 'sha256' | 'md5', path: string, start: number, end: number, signal?: AbortSignal): Promise<string> {
  const hash = createHash(algorithm);
  try {
    for await (const chunk of range(path, start, end, signal)) hash.update(chunk as Buffer);
  } catch (e) {
    if (signal?.aborted) throw new AssetgateError('ABORTED', 'Reading the file was cancelled.');
    throw new AssetgateError('FILE_UNREADABLE', `Cannot read ${path}: ${(e as Error).message}`, { cause: e });
  }
  return hash.digest('base64');
}

/**
 * Bytes read from the file per write. Large writes keep the per-chunk work (a read on the thread
 * pool, a write call, a hash update) small against the bytes moved.
 */
const CHUNK = 1024 * 1024;
/**
 * Chunks one request holds at most: one being read ahead, the rest with the socket or the hashing
 * thread. When all are out, the next read waits for one to come back, so memory stays bounded even
 * when the socket or the digest falls behind the disk.
 */
const CHUNKS_PER_REQUEST = 4;
/**
 * Bytes per chunk of a request hashed on the worker thread. Every chunk costs two messages between
 * the threads (the bytes to hash, the word that they are hashed); 4 MiB chunks send a quarter of
 * the messages of 1 MiB ones. Measured on 1 GiB SINGLE PUTs to S3Proxy, both builds in the same
 * rounds in both orders (bench/README.md, js-upload.sh): 0.26 s less of the Node process's CPU
 * per GiB (2.12-2.53 s against 2.38-2.78 s) and 5% more MiB/s.
 */
const OFF_THREAD_CHUNK = 4 * CHUNK;
/**
 * Chunks a request hashed on the worker thread holds at most (16 MiB). The worker shares 2 cores
 * with the main thread and, in the benchmark, the receiving server: when it falls a few chunks
 * behind the socket, too few chunks left the next read waiting for it and the socket idle (with
 * 1 MiB chunks, 8 did better than 4 and 16 no better than 8).
 */
const CHUNKS_PER_OFF_THREAD_REQUEST = 4;
/**
 * Requests from this size on are hashed on the worker thread ({@link offThreadHash}); smaller ones
 * on the main thread. Measured on 2 cores, 1 GiB: the worker takes the digest off the path of a
 * lone large PUT (MD5 to a local sink: 2.4 s on the main thread, 1.6 s beside it), but costs
 * 0.2-0.45 s more CPU per GiB in messages, which parts sent in parallel (16 MiB by default) do not
 * win back: their sockets drain while the main thread hashes another part. A small upload never
 * starts a thread.
 */
export const OFF_THREAD_HASH_FROM = 32 * CHUNK;

/**
 * PUTs bytes `[start, end)` with node:http(s), writing a chunk only when the socket has taken the
 * last one (backpressure), so memory stays flat whatever the size. (Node's fetch with a streaming
 * body kept every chunk it had sent until the request ended: a GiB upload held a GiB.) The next
 * chunk is read while the socket sends the last; the store's checksum of a large range is computed
 * on a worker thread beside the sending (see {@link offThreadHash}), and chunks are read into
 * again once both the socket and the digest are done with them, so the disk, the digest and the
 * socket overlap without allocating a buffer per chunk.
 */
function send(path: string, r: SendRequest, offThreadFrom: number): Promise<SendResponse> {
  const length = r.end - r.start;
  const offThread = r.checksum && length >= offThreadFrom ? offThreadHash(r.checksum) : undefined;
  const hash = r.checksum && !offThread ? createHash(r.checksum) : undefined;
  return new Promise<SendResponse>((resolve, reject) => {
    let failure: AssetgateError | undefined;
    let idle: ReturnType<typeof setTimeout> | undefined;
    const url = new URL(r.url);
    const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, {
      method: r.method,
      headers: { ...r.headers, 'Content-Length': String(length) },
    });
    const fail = (error: AssetgateError) => {
      failure ??= error;
      req.destroy(failure);
    };
    // TIMEOUT counts time without progress, so a large part on a slow link does not fail.
    const touch = () => {
      if (!r.timeoutMs) return;
      if (idle) clearTimeout(idle);
      idle = setTimeout(() => fail(new AssetgateError('TIMEOUT', `No progress sending to the storage for ${r.timeoutMs} ms; it will be retried.`)), r.timeoutMs);
    };
    const onAbort = () => fail(new AssetgateError('ABORTED', 'The upload was cancelled.'));
    if (r.signal?.aborted) onAbort();
    r.signal?.addEventListener('abort', onAbort, { once: true });
    const finish = () => {
      if (idle) clearTimeout(idle);
      r.signal?.removeEventListener('abort', onAbort);
    };
    let sent = 0;
    req.on('error', (e) => {
      finish();
      offThread?.discard();
      reject(failure ?? networkError(r, r.url, e));
    });
    req.on('response', (response) => {
      touch();
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('error', (e) => {
        finish();
        offThread?.discard();
        reject(failure ?? networkError(r, r.url, e));
      });
      response.on('close', () => {
        if (response.complete) return;
        finish();
        offThread?.discard();
        reject(failure ?? networkError(r, r.url, new Error('the connection closed before the answer ended')));
      });
      response.on('end', () => {
        finish();
        const status = response.statusCode ?? 0;
        const answer = (checksum: string | undefined): SendResponse => ({
          status,
          header: (name) => {
            const v = response.headers[name.toLowerCase()];
            return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
          },
          body: Buffer.concat(chunks).toString('utf8'),
          checksum,
        });
        const whole = sent === length;
        if (!offThread) return resolve(answer(hash && whole ? hash.digest('base64') : undefined));
        if (!whole || status < 200 || status >= 300) {
          offThread.discard();
          return resolve(answer(undefined));
        }
        offThread.digest().then((checksum) => resolve(answer(checksum)), (e: Error) => reject(hashFailed(e)));
      });
    });
    // Chunks the socket still held when the request ended may never come back: let a read that
    // waits for one go on (the loop then sees the request destroyed and stops).
    const chunks = offThread ? new ChunkPool(CHUNKS_PER_OFF_THREAD_REQUEST, OFF_THREAD_CHUNK) : new ChunkPool(CHUNKS_PER_REQUEST);
    req.on('close', () => chunks.close());
    touch();
    void (async () => {
      let handle: FileHandle | undefined;
      try {
        handle = await open(path, 'r');
        const file = handle;
        const read = async (position: number): Promise<Buffer> => {
          const buffer = await chunks.take();
          const wanted = Math.min(buffer.length, r.end - position);
          const { bytesRead } = await file.read(buffer, 0, wanted, position);
          if (bytesRead === 0) throw new Error('the file is shorter than when the upload began');
          return buffer.subarray(0, bytesRead);
        };
        const readAhead = (position: number) => {
          const reading = read(position);
          reading.catch(() => undefined); // a read ahead may fail while the loop waits for the socket: awaited below
          return reading;
        };
        let position = r.start;
        let next = position < r.end ? readAhead(position) : undefined;
        while (next && !req.destroyed) {
          const bytes = await next;
          position += bytes.length;
          next = position < r.end ? readAhead(position) : undefined;
          // Written first, hashed after: the socket sends while the hash runs. The chunk is read
          // into again only once the socket and the digest have both let go of it.
          const chunk = Buffer.from(bytes.buffer);
          let holders = offThread ? 2 : 1;
          const release = () => {
            if (--holders === 0) chunks.give(chunk);
          };
          const more = req.write(bytes, release);
          if (offThread) {
            offThread.update(bytes).then(release, (e: Error) => {
              release();
              fail(hashFailed(e));
            });
          } else {
            hash?.update(bytes);
          }
          sent += bytes.length;
          touch();
          r.onProgress?.(sent);
          if (!more) await drained(req);
        }
        // A read left running when the request ended early must settle before the file closes.
        await next?.catch(() => undefined);
        if (!req.destroyed) req.end();
      } catch (e) {
        fail(new AssetgateError('FILE_UNREADABLE', `Cannot read ${path}: ${(e as Error).message}`, { cause: e }));
      } finally {
        await handle?.close().catch(() => undefined);
      }
    })();
  });
}

/** The worker thread could not hash (it died): the range is sent again, on a new one. */
function hashFailed(cause: Error): AssetgateError {
  return new AssetgateError('INTERNAL', `Computing the file's checksum failed (${cause.message}); it will be retried.`, { retryable: true, cause });
}

/**
 * Chunks that ended requests gave back, taken again by the next ones. A chunk the worker thread
 * has seen stays alive until that thread's own collector runs, which is rare (it allocates
 * little): without reuse, every part would leave its chunks behind (a GiB in 16 MiB parts held
 * a quarter of a GiB).
 */
/** Spare chunks by size, with how many are kept at most: enough for four parts in flight, and for one large request. */
const spareChunks = new Map<number, { readonly kept: number; readonly chunks: Buffer[] }>([
  [CHUNK, { kept: 4 * CHUNKS_PER_REQUEST, chunks: [] }],
  [OFF_THREAD_CHUNK, { kept: CHUNKS_PER_OFF_THREAD_REQUEST, chunks: [] }],
]);

/**
 * At most `size` chunk buffers for one request, each a SharedArrayBuffer of its own (the hashing
 * thread reads it where it is), taken from and given back to the process's spare chunks.
 * {@link take} waits while all are out, until {@link close}.
 */
export class ChunkPool {
  private readonly free: Buffer[] = [];
  private readonly waiting: Array<(buffer: Buffer) => void> = [];
  private made = 0;
  private closed = false;

  constructor(private readonly size: number, private readonly chunkSize = CHUNK) {}

  take(): Promise<Buffer> {
    const buffer = this.free.pop();
    if (buffer) return Promise.resolve(buffer);
    if (this.made < this.size || this.closed) return Promise.resolve(this.make());
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** A chunk that the socket and the digest are both done with. */
  give(buffer: Buffer): void {
    const waiter = this.waiting.shift();
    if (waiter) waiter(buffer);
    else if (this.closed) spare(buffer);
    else this.free.push(buffer);
  }

  /**
   * The request ended: its idle chunks go back to the process, as do those still out when they
   * come back; waiting and later takes get a chunk at once instead of waiting.
   */
  close(): void {
    this.closed = true;
    for (const buffer of this.free.splice(0)) spare(buffer);
    for (const waiter of this.waiting.splice(0)) waiter(this.make());
  }

  /** Chunks this pool took so far (for tests: the bound holds). */
  get allocated(): number {
    return this.made;
  }

  private make(): Buffer {
    this.made++;
    const reused = spareChunks.get(this.chunkSize)?.chunks.pop();
    return reused ?? Buffer.from(new SharedArrayBuffer(this.chunkSize));
  }
}

function spare(buffer: Buffer) {
  const spares = spareChunks.get(buffer.length);
  if (spares && spares.chunks.length < spares.kept) spares.chunks.push(buffer);
}

/** Resolves when the request can take more, or has ended for good. */
function drained(req: ClientRequest): Promise<void> {
  return new Promise((resolve) => {
    // Destroyed while a chunk was being read: its 'close' has already been emitted.
    if (req.destroyed) return resolve();
    const done = () => {
      req.off('drain', done);
      req.off('close', done);
      resolve();
    };
    req.once('drain', done);
    req.once('close', done);
  });
}
