import { placeholderDataUrl, type Asset } from '@assetgate/client';
import { byId, el } from './dom.js';
import { formatBytes } from '../format.js';

/** What the gallery keeps of an asset (also stored locally, so the gallery shows offline). */
export interface GalleryItem {
  readonly id: string;
  readonly filename: string;
  readonly contentType: string;
  readonly size: number;
  readonly state: Asset['state'];
  readonly createdAt: string;
  /** The variant to show as its thumbnail, when it has one. */
  readonly thumbnail?: string;
  /** The asset's ThumbHash (`metadata.placeholder`), drawn until the thumbnail has loaded, and offline. */
  readonly placeholder?: string;
}

export interface GalleryActions {
  /** An URL to show the thumbnail from (the offline cache's object URL), or undefined. */
  thumbnail(item: GalleryItem): Promise<string | undefined>;
  download(item: GalleryItem): void;
  remove(item: GalleryItem): void;
}

const STATE_TEXT: Record<string, string> = {
  PENDING: 'Processing',
  AVAILABLE: 'Uploaded',
  READY: 'Ready',
  QUARANTINED: 'Quarantined: failed a content check',
  FAILED: 'Failed',
};

export function galleryItem(asset: Asset): GalleryItem {
  const variants = asset.variants ?? {};
  const thumbnail = ['thumbnail', 'poster', 'preview'].find((name) => variants[name]);
  const hash = asset.metadata?.placeholder;
  return {
    id: asset.id, filename: asset.filename, contentType: asset.contentType, size: asset.size,
    state: asset.state, createdAt: asset.createdAt, thumbnail,
    placeholder: hash?.kind === 'thumbhash' ? hash.value : undefined,
  };
}

/** The user's assets, newest first, each with its thumbnail, state, and download and delete buttons. */
export class GalleryView {
  private readonly list = byId<HTMLUListElement>('gallery');
  private readonly items = new Map<string, GalleryItem>();
  private readonly nodes = new Map<string, HTMLLIElement>();

  constructor(private readonly actions: GalleryActions) {}

  /** Replaces the whole list (a fresh listing, or the one kept from the last visit). */
  show(items: readonly GalleryItem[]): void {
    for (const id of [...this.items.keys()]) if (!items.some((i) => i.id === id)) this.remove(id);
    for (const item of [...items].reverse()) this.put(item);
    this.paintEmpty();
  }

  /** Adds or updates one item; a new one goes first (newest first). */
  put(item: GalleryItem): void {
    const before = this.items.get(item.id);
    this.items.set(item.id, item);
    let node = this.nodes.get(item.id);
    if (!node) {
      node = this.create(item);
      this.nodes.set(item.id, node);
      this.list.prepend(node);
    }
    node.dataset.state = item.state;
    const badge = node.querySelector<HTMLElement>('.badge')!;
    badge.dataset.state = item.state;
    badge.textContent = STATE_TEXT[item.state] ?? item.state;
    const downloadable = item.state === 'AVAILABLE' || item.state === 'READY';
    node.querySelector<HTMLButtonElement>('.download')!.disabled = !downloadable;
    const shown = node.querySelector('img:not(.placeholder)');
    // Drawn at once, from the listing alone: the thumbnail replaces it when it has loaded.
    if (item.placeholder && !shown && !node.querySelector('img.placeholder')) this.paintPlaceholder(node, item.placeholder);
    if (item.thumbnail && (before?.thumbnail !== item.thumbnail || !shown)) void this.paintThumbnail(node, item);
    this.paintEmpty();
  }

  remove(id: string): void {
    this.items.delete(id);
    this.nodes.get(id)?.remove();
    this.nodes.delete(id);
    this.paintEmpty();
  }

  all(): GalleryItem[] {
    return [...this.items.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  private create(item: GalleryItem): HTMLLIElement {
    return el('li', { 'data-id': item.id },
      el('div', { class: 'thumb' }, item.contentType.startsWith('video/') ? 'Video' : 'No preview yet'),
      el('div', { class: 'meta' },
        el('p', { class: 'file', title: item.filename }, item.filename),
        el('span', { class: 'badge' }), ' ', el('span', { class: 'size' }, formatBytes(item.size))),
      el('div', { class: 'actions' },
        el('button', { type: 'button', class: 'download', 'aria-label': `Download ${item.filename}`, onclick: () => this.actions.download(this.items.get(item.id)!) }, 'Download'),
        el('button', { type: 'button', class: 'delete danger', 'aria-label': `Delete ${item.filename}`, onclick: () => this.actions.remove(this.items.get(item.id)!) }, 'Delete')));
  }

  private paintPlaceholder(node: HTMLLIElement, hash: string): void {
    const url = placeholderDataUrl({ kind: 'thumbhash', value: hash });
    if (url) node.querySelector('.thumb')!.replaceChildren(el('img', { class: 'placeholder', alt: '', src: url }));
  }

  private async paintThumbnail(node: HTMLLIElement, item: GalleryItem): Promise<void> {
    const url = await this.actions.thumbnail(item).catch(() => undefined);
    if (!url || !this.nodes.has(item.id)) return;
    const box = node.querySelector('.thumb')!;
    const img = el('img', { alt: `Thumbnail of ${item.filename}`, src: url });
    // Swapped in once decoded, so the placeholder does not give way to an empty box.
    await img.decode().catch(() => undefined);
    if (this.nodes.get(item.id) === node) box.replaceChildren(img);
  }

  private paintEmpty(): void {
    byId('gallery-empty').hidden = this.items.size > 0;
  }
}
