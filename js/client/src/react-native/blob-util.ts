import type { SendRequest, SendResponse } from '../ports.js';
import { headerLookup, type NativeFiles } from './native-files.js';
import { nativeFileKit, type NativeFileKit } from './native-file-kit.js';
import { supervise } from './transfer.js';

/**
 * The part of react-native-blob-util this adapter uses (pass the module itself:
 * `import ReactNativeBlobUtil from 'react-native-blob-util'`). Declared here, not imported, so
 * that an app that uses react-native-fs instead need not install it.
 */
export interface BlobUtilModule {
  config(options: { timeout?: number; path?: string; overwrite?: boolean }): { fetch: BlobUtilModule['fetch'] };
  fetch(method: string, url: string, headers?: Record<string, string>, body?: string | null): BlobUtilTask;
  /** A path as a request body the native side streams from the file. */
  wrap(path: string): string;
  readonly fs: BlobUtilFs;
}

/** The task react-native-blob-util's `fetch` answers: a promise with progress and cancel. */
export interface BlobUtilTask extends Promise<BlobUtilResponse> {
  uploadProgress(config: { interval?: number }, callback: (sent: number, total: number) => void): BlobUtilTask;
  progress(config: { interval?: number }, callback: (received: number, total: number) => void): BlobUtilTask;
  cancel(callback?: (reason: unknown) => void): unknown;
}

export interface BlobUtilResponse {
  info(): { status: number; headers: Record<string, string> };
  text(): string | Promise<unknown>;
}

/** The part of `ReactNativeBlobUtil.fs` this adapter uses. */
export interface BlobUtilFs {
  readonly dirs: { readonly CacheDir: string };
  stat(path: string): Promise<{ size: number | string; lastModified: number | string }>;
  hash(path: string, algorithm: 'sha256' | 'md5'): Promise<string>;
  /** Copies bytes `[start, end)` to `dest`, natively. */
  slice(src: string, dest: string, start: number, end: number): Promise<string>;
  writeFile(path: string, data: string, encoding: 'base64' | 'utf8'): Promise<unknown>;
  appendFile(path: string, data: string, encoding: 'base64'): Promise<unknown>;
  readFile(path: string, encoding: 'utf8'): Promise<unknown>;
  exists(path: string): Promise<boolean>;
  mkdir(path: string): Promise<unknown>;
  ls(path: string): Promise<string[]>;
  mv(path: string, dest: string): Promise<unknown>;
  unlink(path: string): Promise<unknown>;
}

/** How often native progress events come, in ms. */
const PROGRESS_INTERVAL = 250;

/**
 * The React Native adapter over react-native-blob-util: nothing of a file passes through
 * JavaScript. A file is sent with `fetch(method, url, headers, wrap(path))` and hashed with
 * `fs.hash`; a range (a part) is first copied natively with `fs.slice` to a temp file in the
 * caches directory. Note: without a signed `Content-Type` (S3 part URLs sign none) the module
 * adds `Content-Type: application/octet-stream`, which S3 accepts as an unsigned header.
 */
export function blobUtilFiles(ReactNativeBlobUtil: BlobUtilModule): NativeFileKit {
  return nativeFileKit(blobUtilNativeFiles(ReactNativeBlobUtil));
}

/** The {@link NativeFiles} of react-native-blob-util. */
export function blobUtilNativeFiles(RNBU: BlobUtilModule): NativeFiles {
  const fs = RNBU.fs;
  return {
    cacheDir: fs.dirs.CacheDir,
    tempDir: fs.dirs.CacheDir,
    async stat(path) {
      const s = await fs.stat(path);
      return { size: Number(s.size), mtimeMs: Number(s.lastModified) };
    },
    hash: (path, algorithm) => fs.hash(path, algorithm),
    async slice(path, dest, start, end) {
      await fs.slice(path, dest, start, end);
    },
    upload: (path, request) => uploadWithBlobUtil(RNBU, path, request),
    download: (url, dest, signal) =>
      supervise({ method: 'GET', signal }, (progressed) => {
        const task = RNBU.config({ path: dest, overwrite: true }).fetch('GET', url);
        task.progress({ interval: PROGRESS_INTERVAL }, progressed);
        return { promise: task.then((r) => ({ status: r.info().status })), stop: () => task.cancel() };
      }),
    writeBase64: async (path, base64, append) => {
      await (append ? fs.appendFile(path, base64, 'base64') : fs.writeFile(path, base64, 'base64'));
    },
    writeUtf8: async (path, text) => {
      await fs.writeFile(path, text, 'utf8');
    },
    readUtf8: async (path) => String(await fs.readFile(path, 'utf8')),
    exists: (path) => fs.exists(path),
    mkdir: async (path) => {
      await fs.mkdir(path);
    },
    list: (dir) => fs.ls(dir),
    move: async (from, to) => {
      await fs.mv(from, to);
    },
    unlink: async (path) => {
      await fs.unlink(path);
    },
  };
}

function uploadWithBlobUtil(RNBU: BlobUtilModule, path: string, request: SendRequest): Promise<SendResponse> {
  return supervise(request, (progressed) => {
    const task = RNBU.fetch(request.method, request.url, request.headers, RNBU.wrap(path));
    task.uploadProgress({ interval: PROGRESS_INTERVAL }, (sent) => {
      progressed();
      request.onProgress?.(Number(sent));
    });
    return {
      promise: task.then(async (response) => {
        const info = response.info();
        request.onProgress?.(request.end - request.start);
        return { status: info.status, header: headerLookup(info.headers), body: String((await response.text()) ?? '') };
      }),
      stop: () => task.cancel(),
    };
  });
}
