import type { Asset, AssetCache, AssetgateClient } from '@assetgate/client';
import { IndexedDbCacheStore } from '@assetgate/client/browser';
import { plainMessage } from './messages.js';
import { byId } from './ui/dom.js';
import { GalleryView, galleryItem, type GalleryItem } from './ui/gallery.js';

const KEPT = 'assetgate.gallery';
/** How far along an asset is; processing ends in one of the last three. */
const STAGE: Record<Asset['state'], number> = { PENDING: 0, AVAILABLE: 1, READY: 2, QUARANTINED: 2, FAILED: 2 };
const SHOWN = 60;
/** Thumbnails stay usable offline for this long after they were last fetched. */
const THUMBNAIL_TTL_MS = 3 * 24 * 3600 * 1000;

/**
 * The user's own assets: listed newest first, kept up to date by the event stream (read by the
 * SDK with the bearer token in a header), thumbnails from the SDK's offline cache. The last
 * listing is kept locally so the gallery shows offline too.
 */
export class Gallery {
  private readonly cache: AssetCache;
  private readonly view: GalleryView;
  private events?: AbortController;
  private readonly watched = new Set<string>();

  constructor(private readonly client: AssetgateClient) {
    this.cache = client.cache({ store: new IndexedDbCacheStore(), ttlMs: THUMBNAIL_TTL_MS, maxBytes: 50 * 1024 * 1024 });
    this.view = new GalleryView({
      thumbnail: async (item) => (item.thumbnail ? (await this.cache.get(item.id, { variant: item.thumbnail })).uri : undefined),
      download: (item) => void this.download(item),
      remove: (item) => void this.remove(item),
    });
  }

  async start(): Promise<void> {
    byId('gallery-section').hidden = false;
    this.view.show(kept());
    try {
      const items: GalleryItem[] = [];
      for await (const asset of this.client.assets.list({ limit: SHOWN })) {
        items.push(galleryItem(asset));
        if (items.length >= SHOWN) break;
      }
      this.view.show(items);
      this.keep();
    } catch (e) {
      this.say(navigator.onLine ? plainMessage(e as Error) : 'Offline: showing your files as of your last visit.');
    }
    this.follow();
  }

  stop(): void {
    this.events?.abort();
  }

  upsert(asset: Asset): void {
    // Answers can arrive out of order (the upload's own, then the event's): states only move on.
    const shown = this.view.all().find((item) => item.id === asset.id);
    if (shown && STAGE[shown.state] > STAGE[asset.state]) return;
    this.view.put(galleryItem(asset));
    this.keep();
    if (asset.state === 'AVAILABLE' || asset.state === 'PENDING') this.watch(asset.id);
  }

  /**
   * Looks again at an asset still being processed, a few times with growing pauses. The event
   * stream normally says when it is done; this covers an event sent before the stream connected.
   */
  private watch(id: string): void {
    if (this.watched.has(id)) return;
    this.watched.add(id);
    void (async () => {
      for (const seconds of [3, 6, 12, 24, 48]) {
        await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
        const shown = this.view.all().find((item) => item.id === id);
        if (!shown || (shown.state !== 'AVAILABLE' && shown.state !== 'PENDING')) break;
        const asset = await this.client.assets.get(id).catch(() => undefined);
        // Through upsert, so the kept listing (what shows offline) has the new state at once.
        if (asset && asset.state !== shown.state) this.upsert(asset);
      }
      this.watched.delete(id);
    })();
  }

  /** Applies each event as it comes: a processed, quarantined, failed or deleted asset. */
  private follow(): void {
    this.events?.abort();
    const controller = new AbortController();
    this.events = controller;
    void (async () => {
      for await (const event of this.client.events({ signal: controller.signal })) {
        const assetId = event.assetId;
        if (!assetId) continue;
        if (event.type === 'asset.deleted') {
          this.view.remove(assetId);
          this.keep();
          continue;
        }
        const asset = await this.client.assets.get(assetId).catch(() => undefined);
        if (asset) this.upsert(asset);
      }
    })().catch(() => undefined);
  }

  private async download(item: GalleryItem): Promise<void> {
    try {
      const asset = await this.client.assets.get(item.id);
      if (!asset.url) return;
      // The link serves Content-Disposition: attachment, so the page stays where it is.
      const link = document.createElement('a');
      link.href = asset.url;
      link.download = asset.filename;
      link.click();
    } catch (e) {
      this.say(plainMessage(e as Error));
    }
  }

  private async remove(item: GalleryItem): Promise<void> {
    try {
      await this.client.assets.delete(item.id);
      this.view.remove(item.id);
      this.keep();
      this.say(`${item.filename} was deleted.`);
      if (item.thumbnail) await this.cache.evict(item.id, { variant: item.thumbnail });
    } catch (e) {
      this.say(plainMessage(e as Error));
    }
  }

  private say(text: string): void {
    byId('gallery-status').textContent = text;
  }

  private keep(): void {
    localStorage.setItem(KEPT, JSON.stringify(this.view.all().slice(0, SHOWN)));
  }
}

/** Forgets the kept listing (signing out). */
export function forgetGallery(): void {
  localStorage.removeItem(KEPT);
}

function kept(): GalleryItem[] {
  try {
    return JSON.parse(localStorage.getItem(KEPT) ?? '[]') as GalleryItem[];
  } catch {
    return [];
  }
}
