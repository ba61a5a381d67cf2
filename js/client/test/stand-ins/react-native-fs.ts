/**
 * A stand-in for react-native-fs on top of Node's fs, following the module's documented API
 * (its README and index.d.ts) for the calls the adapter uses: `read` takes a length and a
 * position, `hash` answers hex, `stat` answers `mtime` as a Date, and `uploadFiles` with
 * `binaryStreamOnly` sends the file as the raw body.
 */
import { createHash } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import { join } from 'node:path';
import type * as RNFS from 'react-native-fs';
import { downloadToFile, uploadFile, type FileUploadResult, type Transfer } from './http-transfer.js';

type UploadOptions = Parameters<typeof RNFS.uploadFiles>[0];
type DownloadOptions = Parameters<typeof RNFS.downloadFile>[0];

export interface RnFsStandIn {
  readonly CachesDirectoryPath: string;
  readonly TemporaryDirectoryPath: string;
  stat: typeof RNFS.stat;
  read: typeof RNFS.read;
  writeFile: typeof RNFS.writeFile;
  appendFile: typeof RNFS.appendFile;
  readFile: typeof RNFS.readFile;
  hash: typeof RNFS.hash;
  exists: typeof RNFS.exists;
  mkdir: typeof RNFS.mkdir;
  readdir: typeof RNFS.readdir;
  moveFile: typeof RNFS.moveFile;
  unlink: typeof RNFS.unlink;
  uploadFiles: typeof RNFS.uploadFiles;
  stopUpload: typeof RNFS.stopUpload;
  downloadFile: typeof RNFS.downloadFile;
  stopDownload: typeof RNFS.stopDownload;
  /** Test hook: the upload jobs started, with the options they got. */
  readonly uploads: UploadOptions[];
  /** Test hook: the download jobs started. */
  readonly downloads: DownloadOptions[];
}

/** A react-native-fs whose caches and temporary directories are under `root`. */
export async function rnFsStandIn(root: string): Promise<RnFsStandIn> {
  const caches = join(root, 'Caches');
  const tmp = join(root, 'tmp');
  await fs.mkdir(caches, { recursive: true });
  await fs.mkdir(tmp, { recursive: true });
  const jobs = new Map<number, Transfer<unknown>>();
  let nextJob = 1;
  const uploads: UploadOptions[] = [];
  const downloads: DownloadOptions[] = [];

  const encodingOf = (e: unknown): BufferEncoding => (typeof e === 'string' ? (e as BufferEncoding) : ((e as { encoding?: BufferEncoding })?.encoding ?? 'utf8'));

  return {
    CachesDirectoryPath: caches,
    TemporaryDirectoryPath: tmp,
    uploads,
    downloads,
    async stat(path) {
      const s = await fs.stat(path);
      // The type says number; the module answers Dates (FS.common.js wraps them).
      return { name: undefined, path, size: s.size, mode: s.mode, ctime: s.ctime as unknown as number, mtime: s.mtime as unknown as number, originalFilepath: path, isFile: () => s.isFile(), isDirectory: () => s.isDirectory() };
    },
    async read(path, length = 0, position = 0, encoding) {
      const handle = await fs.open(path, 'r');
      try {
        const buffer = Buffer.alloc(length);
        const { bytesRead } = await handle.read(buffer, 0, length, position);
        return buffer.subarray(0, bytesRead).toString(encodingOf(encoding));
      } finally {
        await handle.close();
      }
    },
    writeFile: (path, contents, encoding) => fs.writeFile(path, Buffer.from(contents, encodingOf(encoding))),
    appendFile: (path, contents, encoding) => fs.appendFile(path, Buffer.from(contents, encodingOf(encoding))),
    readFile: async (path, encoding) => (await fs.readFile(path)).toString(encodingOf(encoding)),
    hash: (path, algorithm) =>
      new Promise((resolve, reject) => {
        const hash = createHash(algorithm);
        createReadStream(path).on('data', (c) => hash.update(c)).on('error', reject).on('end', () => resolve(hash.digest('hex')));
      }),
    exists: (path) => fs.access(path).then(() => true, () => false),
    mkdir: async (path) => {
      await fs.mkdir(path, { recursive: true });
    },
    readdir: (path) => fs.readdir(path),
    moveFile: (from, to) => fs.rename(from, to),
    unlink: (path) => fs.rm(path, { recursive: true }),
    uploadFiles(options: UploadOptions) {
      uploads.push(options);
      if (!options.binaryStreamOnly) throw new Error('this stand-in sends raw bodies only (binaryStreamOnly)');
      const jobId = nextJob++;
      const transfer = uploadFile(options.method ?? 'POST', options.toUrl, options.headers ?? {}, options.files[0]!.filepath, (sent, total) =>
        options.progress?.({ jobId, totalBytesSent: sent, totalBytesExpectedToSend: total }),
      );
      jobs.set(jobId, transfer);
      options.begin?.({ jobId });
      const promise = transfer.promise.then((r: FileUploadResult) => ({ jobId, statusCode: r.status, headers: r.headers, body: r.body }));
      return { jobId, promise: promise.finally(() => jobs.delete(jobId)) };
    },
    stopUpload: (jobId) => jobs.get(jobId)?.cancel(),
    downloadFile(options: DownloadOptions) {
      downloads.push(options);
      const jobId = nextJob++;
      const transfer = downloadToFile(options.fromUrl, options.toFile);
      jobs.set(jobId, transfer);
      const promise = transfer.promise.then((r) => ({ jobId, statusCode: r.status, bytesWritten: 0 }));
      return { jobId, promise: promise.finally(() => jobs.delete(jobId)) };
    },
    stopDownload: (jobId) => jobs.get(jobId)?.cancel(),
  };
}
