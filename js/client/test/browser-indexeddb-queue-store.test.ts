import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { IndexedDbQueueStore } from '../src/browser/indexeddb-queue-store.js';
import { blobFileSourceFactory, fileSource } from '../src/browser/blob-file-source.js';
import type { StoredQueueItem } from '../src/ports.js';

function item(id: string, file: Blob, overrides: Partial<StoredQueueItem> = {}): StoredQueueItem {
  const source = fileSource(file, { name: `${id}.jpg`, type: 'image/jpeg' });
  return {
    id,
    file: source.toRef(),
    filename: source.name,
    contentType: source.type,
    size: source.size,
    idempotencyKey: `key-${id}`,
    state: 'queued',
    attempts: 0,
    addedAt: 1000,
    updatedAt: 1000,
    ...overrides,
  };
}

describe('IndexedDbQueueStore (under fake-indexeddb)', () => {
  it('loads items in the order they were added, even when added in the same millisecond', async () => {
    const store = new IndexedDbQueueStore({ indexedDB: new IDBFactory() });
    for (const id of ['c', 'a', 'b']) await store.save(item(id, new Blob([id])));
    expect((await store.load()).map((i) => i.id)).toEqual(['c', 'a', 'b']);
  });

  it('replaces an item in place, keeping its position', async () => {
    const store = new IndexedDbQueueStore({ indexedDB: new IDBFactory() });
    await store.save(item('first', new Blob(['1'])));
    await store.save(item('second', new Blob(['2'])));
    await store.save(item('first', new Blob(['1']), { state: 'failed', attempts: 3, uploadId: 'up-1' }));
    const loaded = await store.load();
    expect(loaded.map((i) => [i.id, i.state, i.attempts, i.uploadId])).toEqual([
      ['first', 'failed', 3, 'up-1'],
      ['second', 'queued', 0, undefined],
    ]);
  });

  it('keeps the order of concurrent saves of new items without losing any', async () => {
    const store = new IndexedDbQueueStore({ indexedDB: new IDBFactory() });
    const ids = Array.from({ length: 20 }, (_, i) => `item-${i}`);
    await Promise.all(ids.map((id) => store.save(item(id, new Blob([id])))));
    expect((await store.load()).map((i) => i.id).sort()).toEqual([...ids].sort());
  });

  it('removes an item, and removing a missing one is not an error', async () => {
    const store = new IndexedDbQueueStore({ indexedDB: new IDBFactory() });
    await store.save(item('a', new Blob(['a'])));
    await store.save(item('b', new Blob(['b'])));
    await store.remove('a');
    await store.remove('never-there');
    expect((await store.load()).map((i) => i.id)).toEqual(['b']);
  });

  it('survives a reload: a new store on the same database sees the items, and the Blob comes back readable', async () => {
    const indexedDB = new IDBFactory();
    const before = new IndexedDbQueueStore({ indexedDB, databaseName: 'user-1-queue' });
    const picked = new File([new Uint8Array([1, 2, 3, 4, 5])], 'IMG_0001.jpg', { type: 'image/jpeg', lastModified: 42 });
    await before.save(item('a', picked));
    await before.close();

    const after = new IndexedDbQueueStore({ indexedDB, databaseName: 'user-1-queue' });
    const [loaded] = await after.load();
    const source = await blobFileSourceFactory(loaded!.file);
    expect(source.name).toBe('a.jpg');
    expect(source.size).toBe(5);
    expect([...new Uint8Array(await (loaded!.file.blob as Blob).arrayBuffer())]).toEqual([1, 2, 3, 4, 5]);
  });

  it('keeps queues with different database names apart', async () => {
    const indexedDB = new IDBFactory();
    await new IndexedDbQueueStore({ indexedDB, databaseName: 'alice' }).save(item('a', new Blob(['a'])));
    expect(await new IndexedDbQueueStore({ indexedDB, databaseName: 'bob' }).load()).toEqual([]);
  });
});
