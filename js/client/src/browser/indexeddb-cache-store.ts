import type { CacheEntry, CacheEntryMeta, CacheStore } from '../ports.js';
import { defaultIndexedDb, openDatabase, requestResult, transactionDone } from './indexeddb.js';

/** Options of {@link IndexedDbCacheStore}. */
export interface IndexedDbCacheStoreOptions {
  /** The database name. Default `assetgate-cache`. */
  readonly databaseName?: string;
  /** The IndexedDB factory; default the page's `indexedDB`. */
  readonly indexedDB?: IDBFactory;
}

/**
 * A cached entry in the browser. `uri` is an object URL of {@link blob}, owned by the store: one
 * per entry and page, made the first time it is read, the same for every later read, and revoked
 * by the store when the entry is replaced or deleted (or the store closed). Show it; do not
 * revoke it yourself.
 */
export interface BrowserCacheEntry extends CacheEntry {
  /** The cached bytes. Reading the Blob from IndexedDB is lazy: no bytes move until used. */
  readonly blob: Blob;
}

type StoredMeta = CacheEntryMeta & { readonly key: string };

const META = 'meta';
const BYTES = 'bytes';

/**
 * The offline cache in IndexedDB: metadata and bytes in two object stores, so that `list()`
 * (eviction) never touches the bytes. IndexedDB is chosen over the Cache API because it
 * stores Blobs with their metadata in one transaction and exists in every browser context.
 */
export class IndexedDbCacheStore implements CacheStore {
  private readonly databaseName: string;
  private readonly factory: IDBFactory | undefined;
  private db: Promise<IDBDatabase> | undefined;
  /** The object URL of each entry shown in this page, with the `storedAt` of the bytes it shows. */
  private readonly urls = new Map<string, { readonly url: string; readonly storedAt: number }>();

  constructor(options: IndexedDbCacheStoreOptions = {}) {
    this.databaseName = options.databaseName ?? 'assetgate-cache';
    this.factory = options.indexedDB;
  }

  async get(key: string): Promise<BrowserCacheEntry | undefined> {
    const tx = (await this.open()).transaction([META, BYTES], 'readonly');
    const [meta, blob] = await Promise.all([
      requestResult(tx.objectStore(META).get(key)) as Promise<StoredMeta | undefined>,
      requestResult(tx.objectStore(BYTES).get(key)) as Promise<Blob | undefined>,
    ]);
    return meta && blob ? this.entry(meta, blob) : undefined;
  }

  async put(
    key: string,
    meta: CacheEntryMeta,
    bytes: ReadableStream<Uint8Array> | Uint8Array | Blob,
  ): Promise<BrowserCacheEntry> {
    // Collect the bytes before the transaction opens: a transaction closes while we await a stream.
    const blob = await toBlob(bytes, meta.contentType);
    const stored: StoredMeta = { ...pickMeta(meta), size: blob.size, key };
    const tx = (await this.open()).transaction([META, BYTES], 'readwrite');
    const done = transactionDone(tx);
    tx.objectStore(META).put(stored, key);
    tx.objectStore(BYTES).put(blob, key);
    await done;
    this.release(key);
    return this.entry(stored, blob);
  }

  async touch(key: string, usedAt: number): Promise<void> {
    const tx = (await this.open()).transaction(META, 'readwrite');
    const done = transactionDone(tx);
    const store = tx.objectStore(META);
    const meta = (await requestResult(store.get(key))) as StoredMeta | undefined;
    if (meta) store.put({ ...meta, usedAt }, key);
    await done;
  }

  async delete(key: string): Promise<void> {
    const tx = (await this.open()).transaction([META, BYTES], 'readwrite');
    const done = transactionDone(tx);
    tx.objectStore(META).delete(key);
    tx.objectStore(BYTES).delete(key);
    await done;
    this.release(key);
  }

  /**
   * The metadata of every entry, for eviction, with an empty `uri` (making object URLs for
   * entries nobody shows would only leak them): use {@link get} to show one.
   */
  async list(): Promise<CacheEntry[]> {
    const db = await this.open();
    const metas = (await requestResult(db.transaction(META, 'readonly').objectStore(META).getAll())) as StoredMeta[];
    return metas.map((meta) => ({ ...pickMeta(meta), key: meta.key, uri: '' }));
  }

  /** Closes the connection and revokes the object URLs this store made. */
  async close(): Promise<void> {
    for (const key of [...this.urls.keys()]) this.release(key);
    if (this.db) (await this.db).close();
    this.db = undefined;
  }

  /**
   * An entry whose `uri` is made on first read and then reused. Another tab may have stored new
   * bytes under the key: a different `storedAt` makes a new URL for them.
   */
  private entry(meta: StoredMeta, blob: Blob): BrowserCacheEntry {
    const urlOf = () => {
      const known = this.urls.get(meta.key);
      if (known && known.storedAt === meta.storedAt) return known.url;
      this.release(meta.key);
      const url = URL.createObjectURL(blob);
      this.urls.set(meta.key, { url, storedAt: meta.storedAt });
      return url;
    };
    return {
      ...pickMeta(meta),
      key: meta.key,
      blob,
      get uri() {
        return urlOf();
      },
    };
  }

  private release(key: string): void {
    const known = this.urls.get(key);
    if (!known) return;
    this.urls.delete(key);
    URL.revokeObjectURL(known.url);
  }

  private open(): Promise<IDBDatabase> {
    this.db ??= openDatabase(this.factory ?? defaultIndexedDb(), this.databaseName, 1, (db) => {
      db.createObjectStore(META);
      db.createObjectStore(BYTES);
    }).catch((error: unknown) => {
      this.db = undefined;
      throw error;
    });
    return this.db;
  }
}

function pickMeta(meta: CacheEntryMeta): CacheEntryMeta {
  const { contentType, size, storedAt, usedAt, expiresAt } = meta;
  return { contentType, size, storedAt, usedAt, expiresAt };
}

async function toBlob(bytes: ReadableStream<Uint8Array> | Uint8Array | Blob, type: string): Promise<Blob> {
  if (bytes instanceof Blob) return bytes.type === type ? bytes : new Blob([bytes], { type });
  if (bytes instanceof Uint8Array) return new Blob([bytes as Uint8Array<ArrayBuffer>], { type });
  const collected = await new Response(bytes).blob();
  return new Blob([collected], { type });
}
