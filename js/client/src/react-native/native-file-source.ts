import { AssetgateError, aborted } from '../errors.js';
import { guessContentType } from '../content-types.js';
import type { FileRef, FileSource, FileSourceFactory, SendRequest, SendResponse } from '../ports.js';
import { hexToBase64 } from '../platform-shared/hex.js';
import { tempPath, toPath, type NativeFiles } from './native-files.js';

/** Options of a React Native file source. */
export interface NativeFileSourceOptions {
  /** The filename declared to the server; default the path's last segment (pass the picker's `fileName`). */
  readonly name?: string;
  /** The content type; default guessed from the name (pass the picker's `type`). */
  readonly type?: string;
}

/** The persisted form of a file on the device: its path, and size and modification time to notice a change. */
export interface NativePathRef extends FileRef {
  readonly kind: 'path';
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
  readonly name: string;
  readonly contentType: string;
}

/**
 * A file on the device as a {@link FileSource}. The bytes never pass through JavaScript where
 * the module can avoid it: the whole file is sent and hashed natively, and a range (a part of
 * a MULTIPART upload, or a hash of one) is first copied natively to a temp file that is sent or
 * hashed the same way, then deleted.
 */
export async function nativeFileSource(files: NativeFiles, uriOrPath: string, options: NativeFileSourceOptions = {}): Promise<FileSource> {
  const path = toPath(uriOrPath);
  let stat: { size: number; mtimeMs: number };
  try {
    stat = await files.stat(path);
  } catch (e) {
    throw new AssetgateError('FILE_UNREADABLE', `Cannot read ${path}: ${(e as Error)?.message ?? e}`, { cause: e });
  }
  const name = options.name ?? path.slice(path.lastIndexOf('/') + 1);
  const type = options.type ?? guessContentType(name);
  const { size, mtimeMs } = stat;
  const digest = (algorithm: 'sha256' | 'md5') => (start: number, end: number, signal?: AbortSignal) =>
    withRange(files, path, size, start, end, signal, async (file) => hexToBase64(await files.hash(file, algorithm)));
  return {
    name,
    type,
    size,
    fingerprint: `${path}:${size}:${mtimeMs}`,
    sha256: digest('sha256'),
    md5: digest('md5'),
    send: (request) => withRange(files, path, size, request.start, request.end, request.signal, (file) => sendFile(files, file, request)),
    toRef: (): NativePathRef => ({ kind: 'path', path, size, mtimeMs, name, contentType: type }),
  };
}

/**
 * The {@link FileSourceFactory} for queues of device files. A file whose size or modification
 * time changed since it was queued fails with `FILE_CHANGED` rather than uploading other bytes
 * under the old declaration.
 */
export function nativeFileSourceFactory(files: NativeFiles): FileSourceFactory {
  return async (ref) => {
    if (ref.kind !== 'path' || typeof ref.path !== 'string') {
      throw new AssetgateError('FILE_UNREADABLE', `React Native cannot read a queued file of kind "${ref.kind}".`);
    }
    const stored = ref as NativePathRef;
    const source = await nativeFileSource(files, stored.path, { name: stored.name, type: stored.contentType });
    if (source.size !== stored.size || (source.toRef() as NativePathRef).mtimeMs !== stored.mtimeMs) {
      throw new AssetgateError('FILE_CHANGED', `${stored.name} changed on the device since it was queued.`);
    }
    return source;
  };
}

/** Runs `use` on the whole file, or on a temp copy of the range that is deleted afterwards. */
async function withRange<T>(
  files: NativeFiles,
  path: string,
  size: number,
  start: number,
  end: number,
  signal: AbortSignal | undefined,
  use: (file: string) => Promise<T>,
): Promise<T> {
  if (signal?.aborted) throw aborted('Reading the file');
  if (start === 0 && end === size) return use(path);
  const slice = tempPath(files, 'range');
  try {
    await files.slice(path, slice, start, end);
  } catch (e) {
    await files.unlink(slice).catch(() => undefined);
    throw new AssetgateError('FILE_UNREADABLE', `Cannot read bytes ${start}-${end} of ${path}: ${(e as Error)?.message ?? e}`, { cause: e });
  }
  try {
    if (signal?.aborted) throw aborted('Reading the file');
    return await use(slice);
  } finally {
    await files.unlink(slice).catch(() => undefined);
  }
}

/**
 * Sends the file and, when the core asks for the store's checksum, hashes the very file that
 * was sent natively (the range's temp copy for a part), so the range is not sliced a second time.
 */
async function sendFile(files: NativeFiles, file: string, request: SendRequest): Promise<SendResponse> {
  const response = await files.upload(file, request);
  const algorithm = request.checksum;
  if (!algorithm || response.status < 200 || response.status >= 300) return response;
  const checksum = hexToBase64(await files.hash(file, algorithm));
  return { status: response.status, header: response.header, body: response.body, checksum };
}
