/**
 * Files on disk as a {@link FileSource}: read by range with fs streams (never whole in memory),
 * hashed with node:crypto as they stream, and sent with fetch as a streaming body with the exact
 * Content-Length the URL was signed for.
 */
import { createReadStream, statSync } from 'node:fs';
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
  const file = range(path, request.start, request.end);
  async function* counted() {
    for await (const chunk of file) {
      hash?.update(chunk as Buffer);
      sent += (chunk as Buffer).length;
      touch();
      request.onProgress?.(sent);
      yield chunk as Buffer;
    }
  }
  touch();
  try {
    const response = await fetch(request.url, {
      method: request.method,
      headers: { ...request.headers, 'Content-Length': String(length) },
      body: length === 0 ? new Uint8Array() : (Readable.toWeb(Readable.from(counted())) as ReadableStream<Uint8Array>),
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
    file.destroy();
  }
}
