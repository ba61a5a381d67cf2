import type { QueueStore, StoredQueueItem } from '../ports.js';

/**
 * The part of `@react-native-async-storage/async-storage` this store uses: calls that exist in
 * both its v2 and v3 APIs (pass the default export, or a v3 `createAsyncStorage(...)` instance).
 */
export interface AsyncStorageLike {
  getItem(key: string): Promise<string | null>;
  setItem(key: string, value: string): Promise<void>;
  removeItem(key: string): Promise<void>;
  getAllKeys(): Promise<readonly string[]>;
  /** v3: many values in one call across the bridge (used when present). */
  getMany?(keys: string[]): Promise<Record<string, string | null>>;
  /** v2: the same (used when present). */
  multiGet?(keys: readonly string[]): Promise<readonly (readonly [string, string | null])[]>;
}

/** Options of {@link asyncStorageQueueStore}. */
export interface AsyncStorageQueueStoreOptions {
  /** The prefix of this queue's keys; give each queue (or signed-in user) its own. Default `assetgate.queue`. */
  readonly key?: string;
}

/** One stored item, with its insertion number to keep the order items were added in. */
interface Stored {
  readonly seq: number;
  readonly item: StoredQueueItem;
}

/**
 * The upload queue in AsyncStorage: one key per item (`<key>:<id>`), so saving an item's
 * progress rewrites only that item and no single value grows with the queue (Android's
 * AsyncStorage limits a value's size). Operations run one after another, so two saves of new
 * items never take the same position.
 */
export function asyncStorageQueueStore(storage: AsyncStorageLike, options: AsyncStorageQueueStoreOptions = {}): QueueStore {
  const prefix = `${options.key ?? 'assetgate.queue'}:`;
  let positions: Promise<Map<string, number>> | undefined;
  let tail: Promise<unknown> = Promise.resolve();

  /** Runs `task` after every earlier operation has settled. */
  function serial<T>(task: () => Promise<T>): Promise<T> {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  }

  async function readAll(): Promise<Stored[]> {
    const keys = (await storage.getAllKeys()).filter((k) => k.startsWith(prefix));
    const stored: Stored[] = [];
    for (const value of await readValues(storage, keys)) {
      if (value === null) continue;
      try {
        stored.push(JSON.parse(value) as Stored);
      } catch {
        // A value cut short (the app killed mid-write on some platforms): skip it, keep the rest.
      }
    }
    return stored.sort((a, b) => a.seq - b.seq);
  }

  function known(): Promise<Map<string, number>> {
    positions ??= readAll().then((all) => new Map(all.map((s) => [s.item.id, s.seq])));
    return positions;
  }

  return {
    load: () =>
      serial(async () => {
        const all = await readAll();
        positions = Promise.resolve(new Map(all.map((s) => [s.item.id, s.seq])));
        return all.map((s) => s.item);
      }),
    save: (item) =>
      serial(async () => {
        const seqs = await known();
        const seq = seqs.get(item.id) ?? Math.max(0, ...seqs.values()) + 1;
        await storage.setItem(prefix + item.id, JSON.stringify({ seq, item } satisfies Stored));
        seqs.set(item.id, seq);
      }),
    remove: (id) =>
      serial(async () => {
        await storage.removeItem(prefix + id);
        (await known()).delete(id);
      }),
  };
}

/** The values of `keys`, in one bridge call where the module has one (an app start reads every item). */
async function readValues(storage: AsyncStorageLike, keys: string[]): Promise<(string | null)[]> {
  if (keys.length === 0) return [];
  if (storage.getMany) {
    const values = await storage.getMany(keys);
    return keys.map((k) => values[k] ?? null);
  }
  if (storage.multiGet) {
    const pairs = new Map(await storage.multiGet(keys));
    return keys.map((k) => pairs.get(k) ?? null);
  }
  return Promise.all(keys.map((k) => storage.getItem(k)));
}
