/**
 * An offline cache of asset bytes, keyed by asset id and variant, never by the short-lived signed
 * URL (which changes with every call). An entry is reused until it expires (`ttlMs`), refreshed
 * after that when the server answers, and served marked `stale` when it does not (offline). The
 * bytes kept are held under `maxBytes` by evicting the least recently used entries.
 */
import type { CacheEntry, CacheStore, Clock } from '../ports.js';
import { AssetgateError } from '../errors.js';
import type { Assets } from '../assets.js';

export interface CacheOptions {
  readonly store: CacheStore;
  /** How long an entry is fresh. Default 7 days. */
  readonly ttlMs?: number;
  /** The most bytes kept; least recently used entries go first. No limit by default. */
  readonly maxBytes?: number;
  readonly clock?: Clock;
}

/** A cached asset: where to show it from, and whether it is past its time. */
export interface CachedAsset extends CacheEntry {
  /** True when it expired and could not be refreshed (offline): shown, but perhaps out of date. */
  readonly stale: boolean;
}

const SEVEN_DAYS = 7 * 24 * 3600 * 1000;

/** Errors after which an entry must not be served: the asset is gone or not to be shown. */
const GONE = new Set(['NOT_FOUND', 'ASSET_NOT_DOWNLOADABLE']);

export class AssetCache {
  private readonly inFlight = new Map<string, Promise<CachedAsset>>();
  private readonly ttlMs: number;

  constructor(private readonly assets: Assets, private readonly options: CacheOptions & { clock: Clock }) {
    this.ttlMs = options.ttlMs ?? SEVEN_DAYS;
  }

  /** The local copy of an asset (or variant): fetched once, then reused until it expires. */
  async get(assetId: string, options: { variant?: string; signal?: AbortSignal } = {}): Promise<CachedAsset> {
    const key = keyOf(assetId, options.variant);
    const entry = await this.options.store.get(key);
    const now = this.options.clock.now();
    if (entry && entry.expiresAt > now) {
      await this.options.store.touch(key, now);
      return { ...entry, usedAt: now, stale: false };
    }
    let fetching = this.inFlight.get(key);
    if (!fetching) {
      fetching = this.fetch(key, assetId, options.variant, options.signal).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, fetching);
    }
    try {
      return await fetching;
    } catch (e) {
      if (e instanceof AssetgateError && GONE.has(e.code)) {
        await this.options.store.delete(key);
        throw e;
      }
      if (!entry) throw e;
      await this.options.store.touch(key, now);
      return { ...entry, usedAt: now, stale: true };
    }
  }

  /** Forgets one asset (or one of its variants). */
  async evict(assetId: string, options: { variant?: string } = {}): Promise<void> {
    await this.options.store.delete(keyOf(assetId, options.variant));
  }

  /** Forgets everything. */
  async clear(): Promise<void> {
    for (const e of await this.options.store.list()) await this.options.store.delete(e.key);
  }

  private async fetch(key: string, assetId: string, variant: string | undefined, signal?: AbortSignal): Promise<CachedAsset> {
    const store = this.options.store;
    if (store.download) {
      // The store downloads natively (React Native): it gets the signed URL, never the token.
      const { url, contentType } = await this.assets.signedUrl(assetId, { variant, signal });
      const now = this.options.clock.now();
      const entry = await store.download(key, { contentType: contentType ?? 'application/octet-stream', size: 0, storedAt: now, usedAt: now, expiresAt: now + this.ttlMs }, url, signal);
      await this.evictOverLimit(key);
      return { ...entry, stale: false };
    }
    const response = await this.assets.download(assetId, { variant, signal });
    const now = this.options.clock.now();
    const entry = await store.put(
      key,
      {
        contentType: response.headers.get('content-type') ?? 'application/octet-stream',
        size: Number(response.headers.get('content-length') ?? 0),
        storedAt: now,
        usedAt: now,
        expiresAt: now + this.ttlMs,
      },
      response.body ?? new Uint8Array(),
    );
    await this.evictOverLimit(key);
    return { ...entry, stale: false };
  }

  /** Evicts least recently used entries (never the one just stored) until the total fits. */
  private async evictOverLimit(keep: string): Promise<void> {
    const max = this.options.maxBytes;
    if (max === undefined) return;
    const entries = await this.options.store.list();
    let total = entries.reduce((sum, e) => sum + e.size, 0);
    for (const e of entries.sort((a, b) => a.usedAt - b.usedAt)) {
      if (total <= max) break;
      if (e.key === keep) continue;
      await this.options.store.delete(e.key);
      total -= e.size;
    }
  }
}

function keyOf(assetId: string, variant?: string): string {
  return variant ? `${assetId}:${variant}` : assetId;
}
