/**
 * A durable queue of uploads that runs while the app is open: items survive restarts (in the
 * {@link QueueStore}), outages are waited out, and each file becomes exactly one asset. That
 * last promise rests on two writes: the item's Idempotency-Key is stored when it is added (so a
 * create whose answer was lost, or cut off by a crash, finds the same upload when repeated), and
 * the upload id is stored as soon as the server answers (so a restart resumes instead of
 * starting again, sending only the parts the store lacks).
 */
import type { Clock, FileSource, FileSourceFactory, NetworkMonitor, Notifier, QueueEvent, QueueStore, StoredQueueItem } from '../ports.js';
import type { Asset } from '../types.js';
import { AssetgateError, isAbort } from '../errors.js';
import { randomId } from '../base64.js';
import { guessContentType } from '../content-types.js';
import { backoffDelay, type RetryPolicy } from '../retry.js';
import type { Uploader } from '../upload/uploader.js';

export type QueueItem = StoredQueueItem & {
  /** How many times the upload was declared again after its first one expired. */
  readonly generation?: number;
};

/** What a {@link QueueListener} hears: the notifier's events, plus retries and removals. */
export type QueueChange =
  | QueueEvent
  | { type: 'retrying'; item: QueueItem; code: string; message: string; delayMs: number }
  | { type: 'removed'; item: QueueItem };

export type QueueListener = (change: QueueChange) => void;

export interface QueueOptions {
  readonly store: QueueStore;
  /** Turns a stored {@link FileRef} back into a file after a restart. */
  readonly files: FileSourceFactory;
  /** When given, the queue waits while it says offline, and wakes up when it comes back. */
  readonly network?: NetworkMonitor;
  /** Told when an item is queued, progresses, completes, or fails for good. */
  readonly notifier?: Notifier;
  /** The backoff between attempts of an item that failed with a retryable error (attempts are not limited). */
  readonly retry?: RetryPolicy;
  readonly clock?: Clock;
  /**
   * Items uploaded at once (default 2), each with the client's `partConcurrency` parts in flight.
   * Small files are mostly round trips (create, PUT, complete), so a second item keeps the link
   * busy during the first one's; 1 uploads strictly one after another, in the order added.
   */
  readonly concurrency?: number;
}

const DEFAULT_CONCURRENCY = 2;

const MAX_REDECLARATIONS = 2;

export class UploadQueue {
  private readonly items = new Map<string, QueueItem>();
  private readonly listeners = new Set<QueueListener>();
  private readonly loaded: Promise<void>;
  private running = false;
  private loop?: Promise<void>;
  /** The items being uploaded (or waiting out their backoff), each with the controller that pauses it. */
  private readonly active = new Map<string, AbortController>();
  /** Everything waiting for a change: the run loop, backoffs, the wait for the network. */
  private wakers = new Set<() => void>();
  private loopWaker?: () => void;
  private idleWaiters: (() => void)[] = [];
  private readonly concurrency: number;

  constructor(private readonly uploader: Uploader, private readonly options: QueueOptions & { retry: RetryPolicy; clock: Clock }) {
    this.loaded = options.store.load().then((items) => items.forEach((i) => this.items.set(i.id, i)));
    this.concurrency = Math.max(1, Math.floor(options.concurrency ?? DEFAULT_CONCURRENCY));
  }

  /** Adds a file; it is stored before this resolves, and uploaded when the queue runs. */
  async add(file: FileSource, options: { filename?: string; contentType?: string } = {}): Promise<QueueItem> {
    await this.loaded;
    const now = this.options.clock.now();
    const filename = options.filename ?? file.name;
    const item: QueueItem = {
      id: randomId(),
      file: file.toRef(),
      filename,
      contentType: options.contentType || file.type || guessContentType(filename),
      size: file.size,
      idempotencyKey: randomId(),
      state: 'queued',
      attempts: 0,
      addedAt: now,
      updatedAt: now,
    };
    await this.save(item, true);
    this.emit({ type: 'queued', item });
    this.poke();
    return item;
  }

  /** Every item, in the order added. */
  async list(): Promise<QueueItem[]> {
    await this.loaded;
    return [...this.items.values()].sort((a, b) => a.addedAt - b.addedAt);
  }

  /** Starts uploading queued items (those left half-done by an earlier run first). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Stops after pausing the uploads in progress (kept on the server, to be resumed by the next start). */
  async stop(): Promise<void> {
    this.running = false;
    for (const controller of this.active.values()) controller.abort();
    this.poke();
    await this.loop;
  }

  /** Puts a failed item back in the queue. */
  async retry(id: string): Promise<void> {
    await this.loaded;
    const item = this.items.get(id);
    if (!item || item.state !== 'failed') return;
    await this.save({ ...item, state: item.uploadId ? 'uploading' : 'queued', error: undefined, attempts: 0 });
    this.poke();
  }

  /** Removes an item; an upload in progress is aborted on the server. */
  async remove(id: string): Promise<void> {
    await this.loaded;
    const item = this.items.get(id);
    if (!item) return;
    this.active.get(id)?.abort();
    this.items.delete(id);
    await this.options.store.remove(id);
    if (item.uploadId && item.state !== 'completed') await this.uploader.abortQuietly(item.uploadId);
    this.emit({ type: 'removed', item });
  }

  /** Listens to every change; answers a function that unsubscribes. */
  subscribe(listener: QueueListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves when no item is waiting or uploading (failed and completed ones stay listed). */
  async idle(): Promise<void> {
    await this.loaded;
    // Already idle: the run loop may be parked with nothing to do, and would never answer.
    if (this.pending().length === 0) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  /** Items waiting or uploading, oldest first. */
  private pending(): QueueItem[] {
    return [...this.items.values()].sort((a, b) => a.addedAt - b.addedAt).filter((i) => i.state === 'queued' || i.state === 'uploading');
  }

  private async run(): Promise<void> {
    await this.loaded;
    const tasks = new Set<Promise<void>>();
    while (this.running) {
      const pending = this.pending();
      if (pending.length === 0) this.idleWaiters.splice(0).forEach((r) => r());
      const item = tasks.size < this.concurrency ? pending.find((i) => !this.active.has(i.id)) : undefined;
      if (!item) {
        // Full, or nothing to start: a finished task, an added item, or stop() wakes it.
        let wake!: () => void;
        await new Promise<void>((resolve) => {
          wake = this.loopWaker = resolve;
          this.wakers.add(resolve);
        });
        this.wakers.delete(wake);
        this.loopWaker = undefined;
        continue;
      }
      if (this.options.network && !(await this.options.network.isOnline())) {
        await this.waitOnline();
        continue;
      }
      const controller = new AbortController();
      this.active.set(item.id, controller);
      const task = this.attempt(item, controller).finally(() => {
        this.active.delete(item.id);
        tasks.delete(task);
        this.loopWaker?.(); // only the loop: other items' backoffs run their full length
      });
      tasks.add(task);
    }
    await Promise.all(tasks);
  }

  private async attempt(item: QueueItem, controller: AbortController): Promise<void> {
    try {
      await this.process(item, controller);
    } catch {
      // The store itself failed (a full disk): wait a while rather than spin or stop for good.
      await this.pause(backoffDelay(this.options.retry, Math.max(item.attempts, 1) + 3));
    }
  }

  private async process(item: QueueItem, controller: AbortController): Promise<void> {
    try {
      const file = await this.openFile(item);
      const asset = await this.uploadOnce(item, file, controller.signal);
      const done = await this.save({ ...this.items.get(item.id)!, state: 'completed', assetId: asset.id, error: undefined });
      this.emit({ type: 'completed', item: done, assetId: asset.id });
    } catch (e) {
      const now = this.items.get(item.id);
      if (!now) return; // removed meanwhile
      if (isAbort(e) && controller.signal.aborted) return; // paused by stop(): resumed by the next start
      const error = e instanceof AssetgateError ? e : new AssetgateError('INTERNAL', String((e as Error)?.message ?? e), { retryable: false, cause: e });
      const attempts = now.attempts + 1;
      const saved = { code: error.code, message: error.message, status: error.status };
      if (error.retryable) {
        const delayMs = backoffDelay(this.options.retry, attempts, error.retryAfterMs);
        const waiting = await this.save({ ...now, attempts, error: saved });
        this.emit({ type: 'retrying', item: waiting, code: error.code, message: error.message, delayMs });
        await this.pause(delayMs);
      } else {
        const failed = await this.save({ ...now, attempts, state: 'failed', error: saved });
        this.emit({ type: 'failed', item: failed, code: error.code, message: error.message });
      }
    }
  }

  /** Creates the upload (once: under the stored key) or resumes the stored one. */
  private async uploadOnce(item: QueueItem, file: FileSource, signal: AbortSignal): Promise<Asset> {
    let lastPercent = -1;
    const options = {
      signal,
      abortOnCancel: false,
      filename: item.filename,
      contentType: item.contentType,
      onProgress: (sent: number, total: number) => {
        const percent = Math.floor((sent * 100) / Math.max(total, 1));
        if (percent === lastPercent) return;
        lastPercent = percent;
        this.emit({ type: 'progress', item: this.items.get(item.id) ?? item, sent, total });
      },
    };
    let current = this.items.get(item.id)!;
    for (;;) {
      if (!current.uploadId) {
        const generation = current.generation ?? 0;
        const key = generation === 0 ? current.idempotencyKey : `${current.idempotencyKey}~${generation}`;
        const created = await this.uploader.create(file, options, key);
        current = await this.save({ ...current, uploadId: created.uploadId, assetId: created.assetId, state: 'uploading' });
      }
      try {
        // Resuming also serves a create answered from the idempotency record: it sends only what is missing.
        return await this.uploader.resume(current.uploadId!, file, options);
      } catch (e) {
        const gone = e instanceof AssetgateError && ['UPLOAD_EXPIRED', 'UPLOAD_NOT_PENDING', 'NOT_FOUND'].includes(e.code);
        const generation = (current.generation ?? 0) + 1;
        if (!gone || generation > MAX_REDECLARATIONS) throw e;
        current = await this.save({ ...current, uploadId: undefined, assetId: undefined, generation });
      }
    }
  }

  private async openFile(item: QueueItem): Promise<FileSource> {
    try {
      return await this.options.files(item.file);
    } catch (e) {
      if (e instanceof AssetgateError) throw e;
      throw new AssetgateError('FILE_UNREADABLE', `Cannot open ${item.filename}: ${(e as Error)?.message ?? e}`, { cause: e });
    }
  }

  /** Stores an item's new state; an item removed meanwhile stays removed (in memory and in the store). */
  private async save(item: QueueItem, added = false): Promise<QueueItem> {
    const saved = { ...item, updatedAt: this.options.clock.now() };
    if (!added && !this.items.has(item.id)) return saved;
    this.items.set(item.id, saved);
    await this.options.store.save(saved);
    return saved;
  }

  private emit(change: QueueChange): void {
    for (const l of this.listeners) {
      try {
        l(change);
      } catch {
        // a listener's failure is its own
      }
    }
    if (change.type === 'queued' || change.type === 'progress' || change.type === 'completed' || change.type === 'failed') {
      Promise.resolve(this.options.notifier?.notify(change)).catch(() => undefined);
    }
  }

  /** Wakes everything waiting for a change. */
  private poke(): void {
    const wakers = this.wakers;
    this.wakers = new Set();
    wakers.forEach((w) => w());
  }

  private sleepUntilPoked(): Promise<void> {
    return new Promise((resolve) => this.wakers.add(resolve));
  }

  /** Waits out a backoff; coming back online or a stop/add ends it early. */
  private async pause(ms: number): Promise<void> {
    const controller = new AbortController();
    const unsubscribe = this.options.network?.subscribe((online) => online && controller.abort());
    const poked = this.sleepUntilPoked().then(() => controller.abort());
    await this.options.clock.sleep(ms, controller.signal).catch(() => undefined);
    unsubscribe?.();
    void poked;
  }

  private async waitOnline(): Promise<void> {
    await new Promise<void>((resolve) => {
      const unsubscribe = this.options.network!.subscribe((online) => {
        if (online) {
          unsubscribe();
          resolve();
        }
      });
      this.wakers.add(() => {
        unsubscribe();
        resolve();
      });
      // It may have come back between the look and the subscription.
      void Promise.resolve(this.options.network!.isOnline()).then((online) => online && this.poke());
    });
  }
}
