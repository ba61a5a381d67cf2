import type { SendRequest, SendResponse } from '../ports.js';

/**
 * What the React Native file source and cache store need from a native file module. Two
 * implementations: {@link rnFsFiles} (react-native-fs) and {@link blobUtilFiles}
 * (react-native-blob-util). Paths are plain file paths (no `file://`).
 */
export interface NativeFiles {
  /** Where cached assets live: the module's caches directory (the OS may clear it when low on space). */
  readonly cacheDir: string;
  /** Where range slices go for the time of one request. */
  readonly tempDir: string;
  stat(path: string): Promise<{ size: number; mtimeMs: number }>;
  /** Hex digest of a whole file, computed natively. */
  hash(path: string, algorithm: 'sha256' | 'md5'): Promise<string>;
  /** Copies bytes `[start, end)` of `path` to the new file `dest`, without holding them all in JS. */
  slice(path: string, dest: string, start: number, end: number): Promise<void>;
  /** Sends a whole file as the raw request body (not a form), natively. */
  upload(path: string, request: SendRequest): Promise<SendResponse>;
  /** Downloads `url` straight to `dest`; answers the status (the file is the body whatever it is). */
  download(url: string, dest: string, signal?: AbortSignal): Promise<{ status: number }>;
  writeBase64(path: string, base64: string, append: boolean): Promise<void>;
  writeUtf8(path: string, text: string): Promise<void>;
  readUtf8(path: string): Promise<string>;
  exists(path: string): Promise<boolean>;
  mkdir(path: string): Promise<void>;
  /** Names (not paths) of the entries of a directory. */
  list(dir: string): Promise<string[]>;
  move(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
}

/** A path given as a `file://` URI (what react-native-image-picker answers) as a plain path. */
export function toPath(uriOrPath: string): string {
  if (!uriOrPath.startsWith('file://')) return uriOrPath;
  return decodeURIComponent(uriOrPath.slice('file://'.length));
}

/** A plain path as the `file://` URI that Image and react-native-fast-image load. */
export function toFileUri(path: string): string {
  return `file://${path.split('/').map(encodeURIComponent).join('/')}`;
}

/** A fresh name in the temp directory, so concurrent parts never share a slice file. */
export function tempPath(files: NativeFiles, label: string): string {
  const random = Math.random().toString(36).slice(2, 10);
  return `${files.tempDir}/assetgate-${label}-${Date.now().toString(36)}-${random}`;
}

/** Case-insensitive header lookup over a native module's plain header object. */
export function headerLookup(headers: Record<string, unknown> | null | undefined): (name: string) => string | null {
  const lower = new Map<string, string>();
  for (const [k, v] of Object.entries(headers ?? {})) lower.set(k.toLowerCase(), Array.isArray(v) ? v.join(', ') : String(v));
  return (name) => lower.get(name.toLowerCase()) ?? null;
}
