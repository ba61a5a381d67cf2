import type { AssetgateClient, Asset, QueueItem, UploadQueue } from '@assetgate/client';
import { blobFileSourceFactory, browserNetwork, browserNotifier, fileSource, IndexedDbQueueStore } from '@assetgate/client/browser';
import type { WebConfig } from './config.js';
import { contentTypeOf, refusal } from './policy.js';
import { plainMessage } from './messages.js';
import { byId } from './ui/dom.js';
import { wirePicker } from './ui/picker.js';
import { QueueView, type UploadRow } from './ui/queue-view.js';

/**
 * The upload side of the page: files chosen here go into the SDK's durable queue (IndexedDB),
 * which uploads them one after the other, resumes after a reload, waits while offline, and
 * notifies when done. This class only translates between that queue and the list on screen.
 */
export class Uploads {
  private readonly notifier = browserNotifier();
  private readonly view: QueueView;
  private readonly listeners: ((asset: Asset) => void)[] = [];
  private queue!: UploadQueue;
  private refused = 0;

  constructor(private readonly client: AssetgateClient, private readonly config: WebConfig) {
    this.view = new QueueView({
      cancel: (id) => void this.queue.remove(id),
      retry: (id) => void this.queue.retry(id),
      dismiss: (id) => (id.startsWith('refused-') ? this.view.remove(id) : void this.queue.remove(id)),
    });
  }

  /** Called with each asset an upload made. */
  onAsset(listener: (asset: Asset) => void): void {
    this.listeners.push(listener);
  }

  /** Shows the queue kept from earlier visits and lets the user add files (before signing in too). */
  async open(accept: string): Promise<void> {
    this.queue = this.client.queue({
      store: new IndexedDbQueueStore(),
      files: blobFileSourceFactory,
      network: browserNetwork(),
      notifier: this.notifier,
    });
    for (const item of await this.queue.list()) this.view.put(rowOf(item));
    this.queue.subscribe((change) => {
      switch (change.type) {
        case 'queued':
          this.view.put(rowOf(change.item));
          break;
        case 'progress':
          // Byte counts can trail the completion by a tick; a finished row stays finished.
          if (this.view.get(change.item.id)?.state === 'completed') break;
          this.view.patch(change.item.id, { state: 'uploading', sent: change.sent, error: undefined });
          break;
        case 'retrying':
          this.view.patch(change.item.id, { error: `${plainMessage(change, this.config.upload)}` });
          break;
        case 'completed':
          this.view.patch(change.item.id, { state: 'completed', sent: change.item.size, error: undefined });
          void this.client.assets.get(change.assetId).then((asset) => this.listeners.forEach((l) => l(asset)), () => undefined);
          break;
        case 'failed':
          this.view.patch(change.item.id, rowOf(change.item));
          break;
        case 'removed':
          this.view.remove(change.item.id);
          break;
      }
    });
    wirePicker(accept, (files) => void this.add(files));
    const connection = byId('connection');
    const showConnection = () => {
      connection.textContent = navigator.onLine ? '' : 'Offline: chosen files wait and go out when you are back online.';
      connection.classList.toggle('offline', !navigator.onLine);
      this.view.setOnline(navigator.onLine);
    };
    window.addEventListener('online', showConnection);
    window.addEventListener('offline', showConnection);
    showConnection();
    byId('uploader').hidden = false;
  }

  /** Queues the files the server would accept; the others are listed with the server's reason. */
  async add(files: readonly File[]): Promise<void> {
    // Asked on the user's action; the queue notifies when a file is done or has failed.
    void this.notifier.requestPermission().catch(() => false);
    for (const file of files) {
      const refused = refusal(file, this.config.upload);
      if (refused) {
        this.view.put({ id: `refused-${++this.refused}`, filename: file.name, size: file.size, state: 'refused', sent: 0, error: refused.message });
        continue;
      }
      await this.queue.add(fileSource(file, { type: contentTypeOf(file) }));
    }
  }

  /** Runs the queue (signed in): files that failed because the session expired go again. */
  async resume(): Promise<void> {
    for (const item of await this.queue.list()) {
      if (item.state === 'failed' && item.error?.code === 'UNAUTHENTICATED') await this.queue.retry(item.id);
    }
    this.queue.start();
  }

  /** Stops sending (signed out); the upload in progress stays on the server, to be resumed. */
  async pause(): Promise<void> {
    await this.queue?.stop();
  }
}

function rowOf(item: QueueItem): UploadRow {
  const state = item.state === 'uploading' ? 'uploading' : item.state;
  return {
    id: item.id,
    filename: item.filename,
    size: item.size,
    state,
    sent: item.state === 'completed' ? item.size : 0,
    error: item.error ? plainMessage(item.error) : undefined,
    retryable: item.state === 'failed',
  };
}
