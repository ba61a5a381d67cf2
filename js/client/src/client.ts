/** `createClient`: the SDK's entry point. */
import type { CacheStore, Clock, FileSource, FileSourceFactory, NetworkMonitor, Notifier, QueueStore } from './ports.js';
import type { Asset } from './types.js';
import type { AuthProvider } from './auth/auth-provider.js';
import { AssetgateError } from './errors.js';
import { systemClock } from './clock.js';
import { DEFAULT_RETRY, type RetryPolicy } from './retry.js';
import { Api } from './api.js';
import { Assets } from './assets.js';
import { readEvents, type AssetEvent, type EventsOptions } from './events.js';
import { Uploader } from './upload/uploader.js';
import type { UploadOptions } from './upload/upload-options.js';
import { UploadQueue, type QueueOptions } from './queue/upload-queue.js';
import { AssetCache, type CacheOptions } from './cache/asset-cache.js';
import type { FetchLike } from './http.js';

export interface ClientOptions {
  /** The Assetgate server's base URL, e.g. `https://assets.example.com`. */
  readonly server: string;
  /** Where bearer tokens come from: `staticToken`, `refreshingToken`, `clientCredentials`. */
  readonly auth: AuthProvider;
  /** Retries of each call and each part; 6 attempts, 200 ms base, 20 s cap by default. */
  readonly retry?: Partial<RetryPolicy>;
  /** Per-request timeout in ms: for API calls until the answer, for parts without progress. Default 30 s. */
  readonly timeoutMs?: number;
  /** Parts sent at once in a MULTIPART upload. Default 4. */
  readonly partConcurrency?: number;
  /** Files up to this size declare their SHA-256 at create. Default 64 MiB. */
  readonly declareChecksumUpTo?: number;
  /** The fetch to use for API calls (the platform's by default). File bytes go through the FileSource. */
  readonly fetch?: FetchLike;
  readonly clock?: Clock;
}

export interface AssetgateClient {
  /** Uploads a file and resolves to the Asset once the server has verified it. */
  upload(file: FileSource, options?: UploadOptions): Promise<Asset>;
  /** Continues an upload begun earlier (its `uploadId` from `onCreated`), sending only the missing bytes. */
  resume(uploadId: string, file: FileSource, options?: UploadOptions): Promise<Asset>;
  /** Aborts an upload on the server. */
  abort(uploadId: string): Promise<void>;
  readonly assets: Assets;
  /** The caller's asset events, as long as the loop runs; reconnects by itself. */
  events(options?: EventsOptions): AsyncGenerator<AssetEvent, void, undefined>;
  /** A durable upload queue over the given store (see {@link UploadQueue}). */
  queue(options: QueueOptions): UploadQueue;
  /** An offline cache of asset bytes over the given store (see {@link AssetCache}). */
  cache(options: CacheOptions): AssetCache;
}

export type { QueueOptions, CacheOptions, CacheStore, FileSourceFactory, NetworkMonitor, Notifier, QueueStore };

export function createClient(options: ClientOptions): AssetgateClient {
  if (!options?.server) throw new AssetgateError('VALIDATION_FAILED', 'createClient needs the server URL.');
  if (!options.auth) throw new AssetgateError('VALIDATION_FAILED', 'createClient needs an auth provider, e.g. staticToken(token).');
  const clock = options.clock ?? systemClock;
  const retry: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry };
  const timeoutMs = options.timeoutMs ?? 30_000;
  const fetchImpl: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const api = new Api({ server: options.server, auth: options.auth, fetch: fetchImpl, timeoutMs, retry, clock });
  const uploader = new Uploader(api, {
    partConcurrency: Math.max(1, options.partConcurrency ?? 4),
    timeoutMs,
    retry,
    clock,
    declareChecksumUpTo: options.declareChecksumUpTo ?? 64 * 1024 * 1024,
  });
  const assets = new Assets(api);
  return {
    upload: (file, o) => uploader.upload(file, o),
    resume: (id, file, o) => uploader.resume(id, file, o),
    abort: (id) => api.call<void>('DELETE', `/v1/uploads/${id}`),
    assets,
    events: (o) => readEvents(api, o),
    queue: (o) => new UploadQueue(uploader, { retry, clock, ...o }),
    cache: (o) => new AssetCache(assets, { clock, ...o }),
  };
}
