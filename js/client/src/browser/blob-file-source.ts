import { AssetgateError, aborted } from '../errors.js';
import type { FileRef, FileSource, FileSourceFactory, SendRequest, SendResponse } from '../ports.js';
import { bytesToBase64 } from '../base64.js';
import { sendWithXhr } from './xhr-send.js';

/** Options of {@link fileSource}. */
export interface BlobFileSourceOptions {
  /** The filename declared to the server; default the File's name (a bare Blob: `blob`). */
  readonly name?: string;
  /** The content type; default the Blob's type. */
  readonly type?: string;
}

/** The persisted form of a browser file: the Blob itself, which IndexedDB stores by structured clone. */
export interface BlobFileRef extends FileRef {
  readonly kind: 'blob';
  readonly blob: Blob;
  readonly name: string;
  readonly type: string;
}

/**
 * A picked `File` (from `<input type="file">` or a drop) or any `Blob`, as a {@link FileSource}.
 * Ranges are Blob slices, so no more than one range is ever read into memory, and only to hash
 * it. Bytes go out with XMLHttpRequest for upload progress.
 */
export function fileSource(file: Blob, options: BlobFileSourceOptions = {}): FileSource {
  const name = options.name ?? (file as Partial<File>).name ?? 'blob';
  const type = options.type ?? file.type;
  const lastModified = (file as Partial<File>).lastModified ?? 0;
  return {
    name,
    type,
    size: file.size,
    fingerprint: `blob:${name}:${file.size}:${lastModified}`,
    sha256: (start, end, signal) => sha256OfRange(file, start, end, signal),
    send: (request: SendRequest): Promise<SendResponse> => sendWithXhr(request, file.slice(request.start, request.end)),
    toRef: (): BlobFileRef => ({ kind: 'blob', blob: file, name, type }),
  };
}

/**
 * The {@link FileSourceFactory} for a queue whose items were added with {@link fileSource}: it
 * turns a stored `blob` reference back into a source.
 */
export const blobFileSourceFactory: FileSourceFactory = (ref) => {
  if (ref.kind !== 'blob' || !(ref.blob instanceof Blob)) {
    throw new AssetgateError('FILE_UNREADABLE', `The browser cannot read a queued file of kind "${ref.kind}".`);
  }
  const stored = ref as BlobFileRef;
  return fileSource(stored.blob, { name: stored.name, type: stored.type });
};

/**
 * SHA-256 of `[start, end)` with Web Crypto. `digest` takes the whole buffer, so the range is
 * read into memory: callers keep ranges to one part (~16 MB) or one file under the multipart
 * threshold. Web Crypto exists only in secure contexts (https, localhost).
 */
async function sha256OfRange(file: Blob, start: number, end: number, signal?: AbortSignal): Promise<string> {
  if (signal?.aborted) throw aborted('Hashing the file');
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) {
    throw new AssetgateError('FILE_UNREADABLE', 'Web Crypto is unavailable: the page must be served over https (or from localhost).');
  }
  let bytes: ArrayBuffer;
  try {
    bytes = await file.slice(start, end).arrayBuffer();
  } catch (e) {
    // A File whose underlying file was moved or edited since it was picked can no longer be read.
    throw new AssetgateError('FILE_UNREADABLE', `The file can no longer be read (moved or changed since it was picked).`, { cause: e });
  }
  if (signal?.aborted) throw aborted('Hashing the file');
  return bytesToBase64(new Uint8Array(await subtle.digest('SHA-256', bytes)));
}
