import { AssetgateError } from '../errors.js';
import type { CacheEntry, CacheEntryMeta, CacheStore } from '../ports.js';
import { bytesToBase64 } from '../base64.js';
import { tempPath, toFileUri, type NativeFiles } from './native-files.js';

/** Options of {@link FileCacheStore}. */
export interface FileCacheStoreOptions {
  /** The folder under the module's caches directory. Default `assetgate-cache`. */
  readonly directory?: string;
}

/** Bytes per base64 write when bytes come from JavaScript (a stream, an array or a Blob). */
const WRITE_CHUNK = 768 * 1024;

/**
 * The offline cache as files in the caches directory: `<name>` holds the bytes, `<name>.json`
 * the metadata, written last so that an entry exists only once its bytes are whole. `uri` is a
 * `file://` URI for Image or react-native-fast-image. The OS may clear the caches directory
 * when the device is low on space; the cache then fetches again.
 */
export class FileCacheStore implements CacheStore {
  /** The directory of the entries. */
  readonly dir: string;
  private ready: Promise<void> | undefined;

  constructor(private readonly files: NativeFiles, options: FileCacheStoreOptions = {}) {
    this.dir = `${files.cacheDir}/${options.directory ?? 'assetgate-cache'}`;
  }

  async get(key: string): Promise<CacheEntry | undefined> {
    await this.prepare();
    const meta = await this.readMeta(fileName(key));
    if (!meta) return undefined;
    if (!(await this.files.exists(this.dataPath(key)))) {
      // The OS cleared the bytes but not (yet) the metadata: the entry is gone.
      await this.files.unlink(this.metaPath(key)).catch(() => undefined);
      return undefined;
    }
    return this.entry(key, meta);
  }

  async put(key: string, meta: CacheEntryMeta, bytes: ReadableStream<Uint8Array> | Uint8Array | Blob): Promise<CacheEntry> {
    await this.prepare();
    const partial = tempPath(this.files, 'cache');
    try {
      await writeBytes(this.files, partial, bytes);
      return await this.commit(key, meta, partial);
    } finally {
      await this.files.unlink(partial).catch(() => undefined);
    }
  }

  /**
   * Downloads a signed URL straight to a file, natively, so the bytes never cross the JS bridge
   * (React Native's fetch has no streaming body). The cache uses it instead of {@link put}.
   */
  async download(key: string, meta: CacheEntryMeta, url: string, signal?: AbortSignal): Promise<CacheEntry> {
    await this.prepare();
    const partial = tempPath(this.files, 'download');
    try {
      const { status } = await this.files.download(url, partial, signal);
      if (status < 200 || status >= 300) {
        throw new AssetgateError(status >= 500 ? 'STORAGE_ERROR' : 'STORAGE_REFUSED', `The download of ${key} answered ${status}.`, { status });
      }
      return await this.commit(key, meta, partial);
    } finally {
      await this.files.unlink(partial).catch(() => undefined);
    }
  }

  async touch(key: string, usedAt: number): Promise<void> {
    await this.prepare();
    const meta = await this.readMeta(fileName(key));
    if (meta) await this.files.writeUtf8(this.metaPath(key), JSON.stringify({ ...meta, usedAt }));
  }

  async delete(key: string): Promise<void> {
    await this.prepare();
    // Metadata first: without it the entry no longer exists, even if removing the bytes fails.
    await this.files.unlink(this.metaPath(key)).catch(() => undefined);
    await this.files.unlink(this.dataPath(key)).catch(() => undefined);
  }

  async list(): Promise<CacheEntry[]> {
    await this.prepare();
    const names = (await this.files.list(this.dir)).filter((n) => n.endsWith('.json'));
    const entries: CacheEntry[] = [];
    for (const name of names) {
      const meta = await this.readMeta(name.slice(0, -'.json'.length));
      if (meta) entries.push(this.entry(meta.key, meta));
    }
    return entries;
  }

  private async commit(key: string, meta: CacheEntryMeta, partial: string): Promise<CacheEntry> {
    const { size } = await this.files.stat(partial);
    await this.files.unlink(this.dataPath(key)).catch(() => undefined);
    await this.files.move(partial, this.dataPath(key));
    const stored: StoredMeta = { key, contentType: meta.contentType, size, storedAt: meta.storedAt, usedAt: meta.usedAt, expiresAt: meta.expiresAt };
    await this.files.writeUtf8(this.metaPath(key), JSON.stringify(stored));
    return this.entry(key, stored);
  }

  private entry(key: string, meta: StoredMeta): CacheEntry {
    const { contentType, size, storedAt, usedAt, expiresAt } = meta;
    return { key, contentType, size, storedAt, usedAt, expiresAt, uri: toFileUri(this.dataPath(key)) };
  }

  private async readMeta(name: string): Promise<StoredMeta | undefined> {
    try {
      return JSON.parse(await this.files.readUtf8(`${this.dir}/${name}.json`)) as StoredMeta;
    } catch {
      return undefined; // missing, or cut short by a crash: as good as absent
    }
  }

  private dataPath(key: string): string {
    return `${this.dir}/${fileName(key)}`;
  }

  private metaPath(key: string): string {
    return `${this.dir}/${fileName(key)}.json`;
  }

  private prepare(): Promise<void> {
    this.ready ??= (async () => {
      if (!(await this.files.exists(this.dir))) await this.files.mkdir(this.dir);
    })().catch((e: unknown) => {
      this.ready = undefined;
      throw e;
    });
    return this.ready;
  }
}

type StoredMeta = CacheEntryMeta & { readonly key: string };

/**
 * A key (`assetId` or `assetId:variant`) as a file name that needs no escaping in a `file://`
 * URI: letters, digits and `-` stay, anything else becomes `_` and two hex digits (`:` is `_3a`).
 */
export function fileName(key: string): string {
  return key.replace(/[^A-Za-z0-9-]/g, (c) => '_' + c.charCodeAt(0).toString(16).padStart(2, '0'));
}

/** Writes bytes that are in JavaScript to a file, in base64 chunks (the only binary form the modules take). */
async function writeBytes(files: NativeFiles, path: string, bytes: ReadableStream<Uint8Array> | Uint8Array | Blob): Promise<void> {
  let first = true;
  const write = async (chunk: Uint8Array) => {
    for (let at = 0; at < chunk.length || first; at += WRITE_CHUNK) {
      await files.writeBase64(path, bytesToBase64(chunk.subarray(at, at + WRITE_CHUNK)), !first);
      first = false;
    }
  };
  if (bytes instanceof Uint8Array) return write(bytes);
  if (typeof (bytes as ReadableStream).getReader === 'function') {
    const reader = (bytes as ReadableStream<Uint8Array>).getReader();
    for (let r = await reader.read(); !r.done; r = await reader.read()) await write(r.value);
    if (first) await write(new Uint8Array());
    return;
  }
  return write(await blobBytes(bytes as Blob));
}

/** A Blob's bytes; React Native's Blob has no `arrayBuffer`, so FileReader is the fallback there. */
async function blobBytes(blob: Blob): Promise<Uint8Array> {
  if (typeof blob.arrayBuffer === 'function') return new Uint8Array(await blob.arrayBuffer());
  const dataUrl = await new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
  const binary = atob(dataUrl.slice(dataUrl.indexOf(',') + 1));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}
