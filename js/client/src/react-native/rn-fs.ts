import type { SendRequest, SendResponse } from '../ports.js';
import { headerLookup, type NativeFiles } from './native-files.js';
import { nativeFileKit, type NativeFileKit } from './native-file-kit.js';
import { supervise } from './transfer.js';

/**
 * The part of react-native-fs this adapter uses (pass the module itself:
 * `import RNFS from 'react-native-fs'`). Declared here, not imported, so that an app that uses
 * react-native-blob-util instead need not install react-native-fs.
 */
export interface RnFsModule {
  readonly CachesDirectoryPath: string;
  readonly TemporaryDirectoryPath: string;
  stat(path: string): Promise<{ size: number | string; mtime: Date | number | string }>;
  read(path: string, length: number, position: number, encoding: 'base64'): Promise<string>;
  writeFile(path: string, contents: string, encoding: 'base64' | 'utf8'): Promise<void>;
  appendFile(path: string, contents: string, encoding: 'base64'): Promise<void>;
  readFile(path: string, encoding: 'utf8'): Promise<string>;
  hash(path: string, algorithm: 'sha256' | 'md5'): Promise<string>;
  exists(path: string): Promise<boolean>;
  mkdir(path: string): Promise<void>;
  readdir(path: string): Promise<string[]>;
  moveFile(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  uploadFiles(options: RnFsUploadOptions): { jobId: number; promise: Promise<{ statusCode: number; headers: Record<string, string>; body: string }> };
  stopUpload(jobId: number): void;
  downloadFile(options: { fromUrl: string; toFile: string; progress?: (res: unknown) => void }): { jobId: number; promise: Promise<{ statusCode: number }> };
  stopDownload(jobId: number): void;
}

/** The options of react-native-fs's `uploadFiles` this adapter passes. */
export interface RnFsUploadOptions {
  toUrl: string;
  method: string;
  headers: Record<string, string>;
  binaryStreamOnly: boolean;
  files: { name: string; filename: string; filepath: string; filetype: string }[];
  progress?: (res: { totalBytesSent: number; totalBytesExpectedToSend: number }) => void;
}

/** Bytes read per call when slicing a range; bounds what crosses the bridge at once. */
const SLICE_CHUNK = 1024 * 1024;

/**
 * The React Native adapter over react-native-fs. Whole files are sent natively by `uploadFiles`
 * (raw body, `binaryStreamOnly`) and hashed natively by `hash`. react-native-fs cannot send or hash
 * a part of a file, so a range is copied to a temp file through `read`/`appendFile` in 1 MB base64
 * chunks (this crosses the JS bridge: prefer react-native-blob-util for files large enough to
 * upload in parts, at or above the server's multipart threshold).
 */
export function rnFsFiles(RNFS: RnFsModule): NativeFileKit {
  return nativeFileKit(rnFsNativeFiles(RNFS));
}

/** The {@link NativeFiles} of react-native-fs. */
export function rnFsNativeFiles(RNFS: RnFsModule): NativeFiles {
  return {
    cacheDir: RNFS.CachesDirectoryPath,
    tempDir: RNFS.TemporaryDirectoryPath || RNFS.CachesDirectoryPath,
    async stat(path) {
      const s = await RNFS.stat(path);
      return { size: Number(s.size), mtimeMs: toMillis(s.mtime) };
    },
    hash: (path, algorithm) => RNFS.hash(path, algorithm),
    async slice(path, dest, start, end) {
      await RNFS.writeFile(dest, '', 'utf8');
      for (let at = start; at < end; at += SLICE_CHUNK) {
        await RNFS.appendFile(dest, await RNFS.read(path, Math.min(SLICE_CHUNK, end - at), at, 'base64'), 'base64');
      }
    },
    upload: (path, request) => uploadWithRnFs(RNFS, path, request),
    download: (url, dest, signal) =>
      supervise({ method: 'GET', signal }, () => {
        const job = RNFS.downloadFile({ fromUrl: url, toFile: dest });
        return { promise: job.promise.then((r) => ({ status: r.statusCode })), stop: () => RNFS.stopDownload(job.jobId) };
      }),
    writeBase64: (path, base64, append) => (append ? RNFS.appendFile(path, base64, 'base64') : RNFS.writeFile(path, base64, 'base64')),
    writeUtf8: (path, text) => RNFS.writeFile(path, text, 'utf8'),
    readUtf8: (path) => RNFS.readFile(path, 'utf8'),
    exists: (path) => RNFS.exists(path),
    mkdir: (path) => RNFS.mkdir(path),
    list: (dir) => RNFS.readdir(dir),
    move: (from, to) => RNFS.moveFile(from, to),
    unlink: (path) => RNFS.unlink(path),
  };
}

function uploadWithRnFs(RNFS: RnFsModule, path: string, request: SendRequest): Promise<SendResponse> {
  return supervise(request, (progressed) => {
    const job = RNFS.uploadFiles({
      toUrl: request.url,
      method: request.method,
      headers: request.headers,
      // The file as the raw body, as a signed PUT wants it, not a multipart form.
      binaryStreamOnly: true,
      files: [{ name: 'file', filename: path.slice(path.lastIndexOf('/') + 1), filepath: path, filetype: request.headers['Content-Type'] ?? '' }],
      progress: (res) => {
        progressed();
        request.onProgress?.(res.totalBytesSent);
      },
    });
    return {
      promise: job.promise.then((result) => {
        request.onProgress?.(request.end - request.start);
        return { status: result.statusCode, header: headerLookup(result.headers), body: result.body ?? '' };
      }),
      stop: () => RNFS.stopUpload(job.jobId),
    };
  });
}

function toMillis(mtime: Date | number | string): number {
  if (mtime instanceof Date) return mtime.getTime();
  const n = Number(mtime);
  // react-native-fs documents seconds in its types but answers a Date; seconds would be < 1e11.
  return Number.isFinite(n) ? (n < 1e11 ? n * 1000 : n) : Date.parse(String(mtime));
}
