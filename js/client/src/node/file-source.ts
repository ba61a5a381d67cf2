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
import type { FileRef, FileSource, SendRequest, SendResponse } from '../ports.js';

export interface FileSourceOptions {
  /** The content type to declare; guessed from the extension when left out. */
  readonly contentType?: string;
  /** The filename to declare; the path's last segment by default. */
  readonly name?: string;
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
    send: (request) => send(absolute, request),
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
 * pool, a write call, a hash update) small against the bytes moved; a part in flight holds about
 * three chunks (one read ahead, one or two the socket has not taken yet).
 */
const CHUNK = 1024 * 1024;

/**
 * PUTs bytes `[start, end)` with node:http(s), writing a chunk only when the socket has taken the
 * last one (backpressure), so memory stays flat whatever the size. (Node's fetch with a streaming
 * body kept every chunk it had sent until the request ended: a GiB upload held a GiB.) The next
 * chunk is read while the socket sends the last, and buffers the socket has taken are read into
 * again, so the disk, the hash and the socket overlap without allocating a buffer per chunk.
 */
function send(path: string, r: SendRequest): Promise<SendResponse> {
  const length = r.end - r.start;
  const hash = r.checksum ? createHash(r.checksum) : undefined;
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
      reject(failure ?? networkError(r, r.url, e));
    });
    req.on('response', (response) => {
      touch();
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('error', (e) => {
        finish();
        reject(failure ?? networkError(r, r.url, e));
      });
      response.on('close', () => {
        if (response.complete) return;
        finish();
        reject(failure ?? networkError(r, r.url, new Error('the connection closed before the answer ended')));
      });
      response.on('end', () => {
        finish();
        resolve({
          status: response.statusCode ?? 0,
          header: (name) => {
            const v = response.headers[name.toLowerCase()];
            return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
          },
          body: Buffer.concat(chunks).toString('utf8'),
          checksum: hash && sent === length ? hash.digest('base64') : undefined,
        });
      });
    });
    touch();
    void (async () => {
      let handle: FileHandle | undefined;
      try {
        handle = await open(path, 'r');
        const file = handle;
        // Buffers whose bytes the socket has taken (their write callback ran): free to read into.
        const spare: Buffer[] = [];
        const read = (position: number): Promise<Buffer> => {
          const wanted = Math.min(CHUNK, r.end - position);
          // allocUnsafeSlow: a buffer of its own (not a slice of a shared pool), so `.buffer` is all of it.
          const buffer = spare.pop() ?? Buffer.allocUnsafeSlow(CHUNK);
          const reading = file.read(buffer, 0, wanted, position).then(({ bytesRead }) => {
            if (bytesRead === 0) throw new Error('the file is shorter than when the upload began');
            return buffer.subarray(0, bytesRead);
          });
          reading.catch(() => undefined); // a read ahead may fail while the loop waits for the socket: awaited below
          return reading;
        };
        let position = r.start;
        let next = position < r.end ? read(position) : undefined;
        while (next && !req.destroyed) {
          const bytes = await next;
          position += bytes.length;
          next = position < r.end ? read(position) : undefined;
          // Written first, hashed after: the socket sends while the hash runs. The buffer is read
          // into again only once the write has called back, after the hash is long done.
          const more = req.write(bytes, () => spare.push(Buffer.from(bytes.buffer)));
          hash?.update(bytes);
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
