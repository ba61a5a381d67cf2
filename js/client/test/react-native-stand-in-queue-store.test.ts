import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { asyncStorageQueueStore, netInfoNetwork, type NetInfoStateLike } from '../src/react-native/index.js';
import type { StoredQueueItem } from '../src/ports.js';
import { asyncStorageStandIn } from './stand-ins/async-storage.js';
import { tempDir } from './support/shared.js';

const tmp = tempDir('assetgate-rn-queue-');
afterAll(() => tmp.remove());
let files = 0;
const storageFile = () => join(tmp.dir, `storage-${++files}.json`);

function item(id: string, overrides: Partial<StoredQueueItem> = {}): StoredQueueItem {
  return {
    id,
    file: { kind: 'path', path: `/data/${id}.jpg`, size: 10, mtimeMs: 1, name: `${id}.jpg`, contentType: 'image/jpeg' },
    filename: `${id}.jpg`,
    contentType: 'image/jpeg',
    size: 10,
    idempotencyKey: `key-${id}`,
    state: 'queued',
    attempts: 0,
    addedAt: 1,
    updatedAt: 1,
    ...overrides,
  };
}

describe('asyncStorageQueueStore on the AsyncStorage stand-in', () => {
  it('loads items in the order they were added; a replaced item keeps its place', async () => {
    const store = asyncStorageQueueStore(asyncStorageStandIn(storageFile()));
    for (const id of ['c', 'a', 'b']) await store.save(item(id));
    await store.save(item('c', { state: 'uploading', uploadId: 'up-1', attempts: 1 }));
    const loaded = await store.load();
    expect(loaded.map((i) => [i.id, i.state, i.uploadId])).toEqual([
      ['c', 'uploading', 'up-1'],
      ['a', 'queued', undefined],
      ['b', 'queued', undefined],
    ]);
  });

  it('gives concurrent saves of new items distinct places, losing none', async () => {
    const store = asyncStorageQueueStore(asyncStorageStandIn(storageFile()));
    const ids = Array.from({ length: 15 }, (_, i) => `item-${i}`);
    await Promise.all(ids.map((id) => store.save(item(id))));
    expect((await store.load()).map((i) => i.id)).toEqual(ids);
  });

  it('removes items (a missing one is no error) and survives an app restart with its order', async () => {
    const file = storageFile();
    const before = asyncStorageQueueStore(asyncStorageStandIn(file), { key: 'uploads' });
    for (const id of ['x', 'y', 'z']) await before.save(item(id));
    await before.remove('y');
    await before.remove('never');

    const after = asyncStorageQueueStore(asyncStorageStandIn(file), { key: 'uploads' });
    expect((await after.load()).map((i) => i.id)).toEqual(['x', 'z']);
    await after.save(item('w'));
    expect((await after.load()).map((i) => i.id)).toEqual(['x', 'z', 'w']);
  });

  it('keeps queues with different keys apart, and leaves the app\'s own keys alone', async () => {
    const storage = asyncStorageStandIn(storageFile());
    await storage.setItem('app.settings', '{"theme":"dark"}');
    await asyncStorageQueueStore(storage, { key: 'alice' }).save(item('a'));
    expect(await asyncStorageQueueStore(storage, { key: 'bob' }).load()).toEqual([]);
    expect((await asyncStorageQueueStore(storage, { key: 'alice' }).load()).map((i) => i.id)).toEqual(['a']);
    expect(await storage.getItem('app.settings')).toBe('{"theme":"dark"}');
  });

  it('reads the queue in one call where the module has one (v3 getMany), and item by item where it has not', async () => {
    const file = storageFile();
    await asyncStorageQueueStore(asyncStorageStandIn(file)).save(item('a'));
    await asyncStorageQueueStore(asyncStorageStandIn(file)).save(item('b'));
    const v3 = asyncStorageStandIn(file);
    const getItem = vi.spyOn(v3, 'getItem');
    expect((await asyncStorageQueueStore(v3).load()).map((i) => i.id)).toEqual(['a', 'b']);
    expect(getItem).not.toHaveBeenCalled();
    const { getMany: _v3Only, ...minimal } = asyncStorageStandIn(file);
    expect((await asyncStorageQueueStore(minimal).load()).map((i) => i.id)).toEqual(['a', 'b']);
  });

  it('skips a value that was cut short, keeping the rest', async () => {
    const storage = asyncStorageStandIn(storageFile());
    const store = asyncStorageQueueStore(storage);
    await store.save(item('good'));
    await storage.setItem('assetgate.queue:broken', '{"seq": 2, "item": {"id"');
    expect((await asyncStorageQueueStore(storage).load()).map((i) => i.id)).toEqual(['good']);
  });
});

describe('netInfoNetwork', () => {
  function netInfo(initial: NetInfoStateLike) {
    const listeners = new Set<(s: NetInfoStateLike) => void>();
    return {
      fetch: async () => initial,
      addEventListener(listener: (s: NetInfoStateLike) => void) {
        listeners.add(listener);
        return () => void listeners.delete(listener);
      },
      emit: (s: NetInfoStateLike) => listeners.forEach((l) => l(s)),
    };
  }

  it('is online when connected and the internet is not known to be unreachable', async () => {
    expect(await netInfoNetwork(netInfo({ isConnected: true, isInternetReachable: null })).isOnline()).toBe(true);
    expect(await netInfoNetwork(netInfo({ isConnected: true, isInternetReachable: false })).isOnline()).toBe(false);
    expect(await netInfoNetwork(netInfo({ isConnected: false, isInternetReachable: null })).isOnline()).toBe(false);
  });

  it('reports changes of online, not every detail NetInfo reports, until unsubscribed', () => {
    const info = netInfo({ isConnected: true });
    const seen: boolean[] = [];
    const unsubscribe = netInfoNetwork(info).subscribe((online) => seen.push(online));
    info.emit({ isConnected: true, isInternetReachable: true });
    info.emit({ isConnected: true, isInternetReachable: null });
    info.emit({ isConnected: false, isInternetReachable: false });
    info.emit({ isConnected: true, isInternetReachable: true });
    unsubscribe();
    info.emit({ isConnected: false });
    expect(seen).toEqual([true, false, true]);
  });
});
