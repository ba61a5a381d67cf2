/**
 * A stand-in for react-native-blob-util on top of Node's fs and http, following the module's
 * documented API (README, index.d.ts) for the calls the adapter uses: `fetch(method, url,
 * headers, wrap(path))` streams the file as the body and answers a task with `uploadProgress`,
 * `progress` and `cancel`; `config({ path })` saves the response body to a file; `fs.slice`
 * copies `[start, end)`; `fs.hash` answers hex. Like the native code, it adds
 * `Content-Type: application/octet-stream` to a file body sent without a content type.
 */
import { createHash } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { FetchBlobResponse, FS, ReactNativeBlobUtil, StatefulPromise } from 'react-native-blob-util';
import { downloadToFile, uploadFile, type Transfer } from './http-transfer.js';

const WRAP_PREFIX = 'ReactNativeBlobUtil-file://';

type StandInFs = Pick<FS, 'dirs' | 'stat' | 'hash' | 'slice' | 'writeFile' | 'appendFile' | 'readFile' | 'exists' | 'mkdir' | 'ls' | 'mv' | 'unlink'>;

export interface BlobUtilStandIn extends Pick<ReactNativeBlobUtil, 'fetch' | 'config' | 'wrap'> {
  readonly fs: StandInFs;
  /** Test hook: the requests sent, with their headers as the server would see them. */
  readonly requests: { method: string; url: string; headers: Record<string, string> }[];
}

/** A react-native-blob-util whose CacheDir is under `root`. */
export async function blobUtilStandIn(root: string): Promise<BlobUtilStandIn> {
  const cacheDir = join(root, 'CacheDir');
  await fs.mkdir(cacheDir, { recursive: true });
  const requests: BlobUtilStandIn['requests'] = [];

  function task(start: (onUpload: (s: number, t: number) => void, onDownload: (r: number, t: number) => void) => Transfer<{ status: number; headers: Record<string, string>; body: string }>): StatefulPromise<FetchBlobResponse> {
    let uploadListener: (s: number, t: number) => void = () => {};
    let downloadListener: (r: number, t: number) => void = () => {};
    let transfer: Transfer<{ status: number; headers: Record<string, string>; body: string }> | undefined;
    let rejectCancelled: (e: Error) => void = () => {};
    const promise = new Promise<FetchBlobResponse>((resolve, reject) => {
      rejectCancelled = reject;
      // The native call starts on the next tick, after the caller has attached its listeners.
      setTimeout(() => {
        transfer = start((s, t) => uploadListener(s, t), (r, t) => downloadListener(r, t));
        transfer.promise.then((r) => resolve(response(r)), reject);
      });
    }) as StatefulPromise<FetchBlobResponse>;
    const listenerOf = (args: unknown[]) => args[args.length - 1] as (a: number, b: number) => void;
    promise.uploadProgress = ((...args: unknown[]) => ((uploadListener = listenerOf(args)), promise)) as StatefulPromise<FetchBlobResponse>['uploadProgress'];
    promise.progress = ((...args: unknown[]) => ((downloadListener = listenerOf(args)), promise)) as StatefulPromise<FetchBlobResponse>['progress'];
    promise.cancel = (cb) => {
      transfer?.cancel();
      rejectCancelled(new Error('canceled'));
      cb?.('canceled');
      return promise;
    };
    promise.expire = () => promise as unknown as StatefulPromise<void>;
    return promise;
  }

  function response(r: { status: number; headers: Record<string, string>; body: string }): FetchBlobResponse {
    const info = { taskId: 'stand-in', state: '2', headers: r.headers, redirects: [], status: r.status, respType: 'text' as const, rnfbEncode: 'utf8' as const, timeout: false };
    return { respInfo: info, info: () => info, text: () => r.body, data: r.body } as unknown as FetchBlobResponse;
  }

  function fetchWith(config: { path?: string }) {
    return (method: string, url: string, headers: Record<string, string> = {}, body?: unknown) =>
      task((onUpload, onDownload) => {
        if (config.path) {
          requests.push({ method, url, headers });
          const download = downloadToFile(url, config.path);
          return { promise: download.promise.then((r) => { onDownload(1, 1); return { ...r, headers: {}, body: config.path! }; }), cancel: download.cancel };
        }
        if (typeof body !== 'string' || !body.startsWith(WRAP_PREFIX)) throw new Error('this stand-in sends wrapped files only');
        const sent = Object.keys(headers).some((h) => h.toLowerCase() === 'content-type') ? headers : { ...headers, 'Content-Type': 'application/octet-stream' };
        requests.push({ method, url, headers: sent });
        return uploadFile(method, url, sent, body.slice(WRAP_PREFIX.length), onUpload);
      });
  }

  const hex = (path: string, algorithm: string) =>
    new Promise<string>((resolve, reject) => {
      const hash = createHash(algorithm);
      createReadStream(path).on('data', (c) => hash.update(c)).on('error', reject).on('end', () => resolve(hash.digest('hex')));
    });
  const buffer = (data: string | number[], encoding?: string) => (Array.isArray(data) ? Buffer.from(data) : Buffer.from(data, (encoding ?? 'utf8') as BufferEncoding));

  const standIn: BlobUtilStandIn = {
    requests,
    wrap: (path) => WRAP_PREFIX + path,
    fetch: fetchWith({}) as ReactNativeBlobUtil['fetch'],
    config: ((options: { path?: string }) => ({ ...standIn, fetch: fetchWith(options) })) as unknown as ReactNativeBlobUtil['config'],
    fs: {
      dirs: { CacheDir: cacheDir } as FS['dirs'],
      async stat(path) {
        const s = await fs.stat(path);
        return { path, filename: path.slice(path.lastIndexOf('/') + 1), size: s.size, lastModified: s.mtimeMs, type: s.isDirectory() ? 'directory' : 'file' };
      },
      hash: hex,
      async slice(src, dest, start, end) {
        const handle = await fs.open(src, 'r');
        try {
          const bytes = Buffer.alloc(Math.max(0, end - start));
          const { bytesRead } = await handle.read(bytes, 0, bytes.length, start);
          await fs.writeFile(dest, bytes.subarray(0, bytesRead));
        } finally {
          await handle.close();
        }
        return dest;
      },
      writeFile: async (path, data, encoding) => fs.writeFile(path, buffer(data, encoding)),
      appendFile: async (path, data, encoding) => {
        const bytes = buffer(data, encoding);
        await fs.appendFile(path, bytes);
        return bytes.length;
      },
      readFile: async (path, encoding) => (await fs.readFile(path)).toString(encoding as BufferEncoding),
      exists: (path) => fs.access(path).then(() => true, () => false),
      mkdir: async (path) => {
        await fs.mkdir(path, { recursive: true });
      },
      ls: (path) => fs.readdir(path),
      mv: async (path, dest) => {
        await fs.rename(path, dest);
        return true;
      },
      unlink: (path) => fs.rm(path, { recursive: true }),
    },
  };
  return standIn;
}
