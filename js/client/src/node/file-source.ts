/**
 * Files on disk as a {@link FileSource}: read by range (never whole in memory), hashed with
 * node:crypto as they stream, and sent with fetch as a streaming body (`duplex: 'half'`) with the
 * exact Content-Length the URL was signed for, read from disk only as fetch pulls it.
 */
import { createReadStream, statSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
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

async function send(path: string, request: SendRequest): Promise<SendResponse> {
  const length = request.end - request.start;
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  request.signal?.addEventListener('abort', onAbort, { once: true });
  if (request.signal?.aborted) controller.abort();
  // TIMEOUT counts time without progress, so a large part on a slow link does not fail.
  let timedOut = false;
  let idle: ReturnType<typeof setTimeout> | undefined;
  const touch = () => {
    if (!request.timeoutMs) return;
    if (idle) clearTimeout(idle);
    idle = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, request.timeoutMs);
  };
  const hash = request.checksum ? createHash(request.checksum) : undefined;
  let sent = 0;
  const file = pulled(path, request.start, request.end, (chunk) => {
    hash?.update(chunk);
    sent += chunk.length;
    touch();
    request.onProgress?.(sent);
  });
  touch();
  try {
    const response = await fetch(request.url, {
      method: request.method,
      headers: { ...request.headers, 'Content-Length': String(length) },
      body: length === 0 ? new Uint8Array() : file.stream,
      duplex: 'half',
      signal: controller.signal,
    } as RequestInit);
    const body = await response.text();
    return {
      status: response.status,
      header: (name) => response.headers.get(name),
      body,
      checksum: hash && sent === length ? hash.digest('base64') : undefined,
    };
  } catch (e) {
    if (request.signal?.aborted) throw new AssetgateError('ABORTED', 'The upload was cancelled.');
    if (timedOut) throw new AssetgateError('TIMEOUT', `No progress sending to the storage for ${request.timeoutMs} ms; it will be retried.`, { cause: e });
    throw networkError(request, request.url, e);
  } finally {
    if (idle) clearTimeout(idle);
    request.signal?.removeEventListener('abort', onAbort);
    await file.close();
  }
}

/** Bytes read from the file per pull: small enough that parts in flight hold little memory. */
const CHUNK = 512 * 1024;

/**
 * The bytes `[start, end)` as a stream that reads the file only when fetch pulls (no read-ahead
 * beyond one chunk), counting and hashing each chunk as it goes out.
 */
function pulled(path: string, start: number, end: number, onChunk: (chunk: Uint8Array) => void): { stream: ReadableStream<Uint8Array>; close(): Promise<void> } {
  let handle: FileHandle | undefined;
  let position = start;
  const close = async () => {
    const h = handle;
    handle = undefined;
    await h?.close().catch(() => undefined);
  };
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const h = (handle ??= await open(path, 'r'));
        const wanted = Math.min(CHUNK, end - position);
        if (wanted <= 0) {
          await close();
          controller.close();
          return;
        }
        const buffer = new Uint8Array(wanted);
        const { bytesRead } = await h.read(buffer, 0, wanted, position);
        if (bytesRead === 0) {
          await close();
          controller.error(new Error(`${path} is shorter than expected (it changed while being sent)`));
          return;
        }
        position += bytesRead;
        const chunk = bytesRead === wanted ? buffer : buffer.subarray(0, bytesRead);
        onChunk(chunk);
        controller.enqueue(chunk);
      },
      cancel: close,
    },
    { highWaterMark: 0 },
  );
  return { stream, close };
}

