/**
 * The ports the core defines and each platform adapter (`/node`, `/browser`, `/react-native`)
 * implements. The core never imports a platform module: it only sees these interfaces, so the
 * same queue, cache and upload logic runs on every platform.
 */

/** What a platform can put in a request body. The platform's {@link FileSource} chooses. */
export type UploadBody = Blob | Uint8Array | ReadableStream<Uint8Array>;

/**
 * One file to upload, read by byte range so that no platform holds the whole file in memory.
 * A source MUST be readable again from any range: parts are retried and resumed.
 */
export interface FileSource {
  /** The filename declared to the server (never used in object keys). */
  readonly name: string;
  /** The content type; empty when unknown (the core then guesses from the name). */
  readonly type: string;
  /** The exact size in bytes. */
  readonly size: number;
  /**
   * What identifies this file across restarts, for resume and for the queue: a path plus size
   * and modification time, or a picked file's name, size and lastModified.
   */
  readonly fingerprint: string;
  /** SHA-256 of bytes `[start, end)`, as base64. */
  sha256(start: number, end: number, signal?: AbortSignal): Promise<string>;
  /**
   * MD5 of bytes `[start, end)`, as base64, where the platform has MD5 (Web Crypto has not).
   * Used only to resume a MULTIPART upload on S3 (whose store checksums are MD5s) for parts an
   * earlier process sent; without it those parts are completed by ETag alone.
   */
  md5?(start: number, end: number, signal?: AbortSignal): Promise<string>;
  /**
   * Sends bytes `[start, end)` in one HTTP request and reports how many bytes went out.
   * Platforms send their own bytes (a stream in Node, XHR with a Blob in browsers for upload
   * progress, a file path through a native module in React Native).
   */
  send(request: SendRequest): Promise<SendResponse>;
  /** A JSON-able (or, for IndexedDB, structured-cloneable) reference a queue can persist. */
  toRef(): FileRef;
}

/** A persisted reference to a file; {@link FileSourceFactory} turns it back into a source. */
export interface FileRef {
  readonly kind: string;
  readonly [field: string]: unknown;
}

/** Rebuilds a {@link FileSource} from a persisted {@link FileRef} after a restart. */
export type FileSourceFactory = (ref: FileRef) => FileSource | Promise<FileSource>;

/** A PUT (or other method) of a byte range of a file to a signed URL. */
export interface SendRequest {
  readonly method: string;
  readonly url: string;
  /** Exactly the headers the server signed; nothing else is added. */
  readonly headers: Record<string, string>;
  readonly start: number;
  readonly end: number;
  readonly signal?: AbortSignal;
  /** Called with the bytes of this request sent so far. */
  readonly onProgress?: (sent: number) => void;
  /** Milliseconds without progress after which the request fails with `TIMEOUT`. */
  readonly timeoutMs?: number;
  /**
   * The checksum the store computes itself (the upload's `checksumAlgorithm`). A platform that
   * can compute it while the bytes go out answers it in {@link SendResponse.checksum}, so the file
   * is read once; one that cannot leaves it out and the core reads the range again for SHA-256.
   */
  readonly checksum?: 'sha256' | 'md5';
}

/** The storage's answer to a {@link SendRequest}. */
export interface SendResponse {
  readonly status: number;
  /** Header lookup, case-insensitive (`etag`, `retry-after`). */
  header(name: string): string | null;
  readonly body: string;
  /** The requested {@link SendRequest.checksum} of the bytes sent, as base64, when computed. */
  readonly checksum?: string;
}

/** Durable storage of the upload queue's items. Writes MUST be durable when the promise settles. */
export interface QueueStore {
  /** Every stored item, in the order they were added. */
  load(): Promise<StoredQueueItem[]>;
  /** Inserts or replaces the item with this id. */
  save(item: StoredQueueItem): Promise<void>;
  /** Removes the item; removing a missing item is not an error. */
  remove(id: string): Promise<void>;
}

/** A queue item as persisted. */
export interface StoredQueueItem {
  readonly id: string;
  readonly file: FileRef;
  readonly filename: string;
  readonly contentType: string;
  readonly size: number;
  /** Sent as `Idempotency-Key`, so a retried create never makes a second upload. */
  readonly idempotencyKey: string;
  readonly state: 'queued' | 'uploading' | 'completed' | 'failed';
  /** The server's upload id once created: a restart resumes it instead of starting again. */
  readonly uploadId?: string;
  readonly assetId?: string;
  readonly attempts: number;
  readonly error?: { code: string; message: string; status: number };
  readonly addedAt: number;
  readonly updatedAt: number;
}

/** Bytes and metadata of the offline cache. Keys are `assetId` or `assetId:variant`. */
export interface CacheStore {
  get(key: string): Promise<CacheEntry | undefined>;
  /** Stores the bytes (streamed where the platform can) and answers the entry. */
  put(key: string, meta: CacheEntryMeta, bytes: ReadableStream<Uint8Array> | Uint8Array | Blob): Promise<CacheEntry>;
  /**
   * Optional: downloads `url` (a short-lived signed storage URL, which needs no token) straight
   * into the store and answers the entry, with the size actually stored. Stores that can
   * download natively have it (React Native, whose fetch has no streaming body, so the bytes
   * would otherwise cross the JS bridge as base64); the cache then uses it instead of `put`.
   */
  download?(key: string, meta: CacheEntryMeta, url: string, signal?: AbortSignal): Promise<CacheEntry>;
  /** Marks an entry used now (for LRU eviction). */
  touch(key: string, usedAt: number): Promise<void>;
  delete(key: string): Promise<void>;
  /**
   * Metadata of every entry, for eviction. `uri` may be empty here (the browser store makes an
   * entry's object URL only when the entry is read, as the URL holds its Blob until revoked);
   * show an entry through `get`.
   */
  list(): Promise<CacheEntry[]>;
}

export interface CacheEntryMeta {
  readonly contentType: string;
  readonly size: number;
  readonly storedAt: number;
  readonly usedAt: number;
  readonly expiresAt: number;
}

/** A cached entry: its metadata and where a platform can show it from. */
export interface CacheEntry extends CacheEntryMeta {
  readonly key: string;
  /** A local file path (Node, React Native: `file://...`) or an object URL (browser). */
  readonly uri: string;
}

/** Tells the queue when the device is online. */
export interface NetworkMonitor {
  isOnline(): boolean | Promise<boolean>;
  /** Calls the listener on every change; answers a function that unsubscribes. */
  subscribe(listener: (online: boolean) => void): () => void;
}

/** What the queue tells the user about, through a {@link Notifier}. */
export type QueueEvent =
  | { type: 'queued'; item: StoredQueueItem }
  | { type: 'progress'; item: StoredQueueItem; sent: number; total: number }
  | { type: 'completed'; item: StoredQueueItem; assetId: string }
  | { type: 'failed'; item: StoredQueueItem; code: string; message: string };

/** Shows the user what the queue did on their behalf (a local or browser notification). */
export interface Notifier {
  notify(event: QueueEvent): void | Promise<void>;
}

/** Time, replaceable in tests (cache expiry, backoff). */
export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}
