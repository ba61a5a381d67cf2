import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { IndexedDbCacheStore } from '../src/browser/indexeddb-cache-store.js';

const meta = { contentType: 'image/webp', size: 3, storedAt: 100, usedAt: 100, expiresAt: 10_000 };

function streamOf(...chunks: number[][]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(new Uint8Array(chunk));
      controller.close();
    },
  });
}

async function bytesAt(uri: string): Promise<number[]> {
  return [...new Uint8Array(await (await fetch(uri)).arrayBuffer())];
}

describe('IndexedDbCacheStore (under fake-indexeddb)', () => {
  it('stores bytes from a stream, a Uint8Array or a Blob, and gives them back as a typed Blob', async () => {
    const store = new IndexedDbCacheStore({ indexedDB: new IDBFactory() });
    await store.put('a', meta, streamOf([1, 2], [3]));
    await store.put('b', meta, new Uint8Array([4, 5, 6]));
    await store.put('c:thumbnail', meta, new Blob([new Uint8Array([7, 8, 9])]));
    for (const [key, bytes] of [['a', [1, 2, 3]], ['b', [4, 5, 6]], ['c:thumbnail', [7, 8, 9]]] as const) {
      const entry = await store.get(key);
      expect(entry?.blob.type).toBe('image/webp');
      expect([...new Uint8Array(await entry!.blob.arrayBuffer())]).toEqual(bytes);
    }
  });

  it('answers one object URL per entry that serves the cached bytes, the same for every read', async () => {
    const store = new IndexedDbCacheStore({ indexedDB: new IDBFactory() });
    const put = await store.put('a', meta, new Uint8Array([1, 2, 3]));
    expect(put.uri).toMatch(/^blob:/);
    const got = await store.get('a');
    expect(got!.uri).toBe(put.uri);
    expect({ ...(await store.get('a'))! }.uri).toBe(put.uri); // copies (the cache spreads entries) too
    expect(await bytesAt(got!.uri)).toEqual([1, 2, 3]);
    await store.close();
  });

  it('revokes an entry\'s object URL when the entry is replaced or deleted, and all of them on close', async () => {
    const store = new IndexedDbCacheStore({ indexedDB: new IDBFactory() });
    const first = (await store.put('a', meta, new Uint8Array([1]))).uri;
    const second = (await store.put('a', meta, new Uint8Array([2]))).uri;
    expect(second).not.toBe(first);
    await expect(fetch(first)).rejects.toThrow();
    expect(await bytesAt(second)).toEqual([2]);

    await store.delete('a');
    await expect(fetch(second)).rejects.toThrow();

    const kept = (await store.put('b', meta, new Uint8Array([3]))).uri;
    await store.close();
    await expect(fetch(kept)).rejects.toThrow();
  });

  it('makes a new URL when another tab stored new bytes under the key', async () => {
    const indexedDB = new IDBFactory();
    const thisTab = new IndexedDbCacheStore({ indexedDB });
    const otherTab = new IndexedDbCacheStore({ indexedDB });
    const shown = (await thisTab.put('a', meta, new Uint8Array([1]))).uri;
    await otherTab.put('a', { ...meta, storedAt: 200 }, new Uint8Array([9]));
    const now = (await thisTab.get('a'))!.uri;
    expect(now).not.toBe(shown);
    expect(await bytesAt(now)).toEqual([9]);
  });

  it('records the size of the bytes actually stored, not the declared one', async () => {
    const store = new IndexedDbCacheStore({ indexedDB: new IDBFactory() });
    const entry = await store.put('a', { ...meta, size: 999 }, new Uint8Array([1, 2]));
    expect(entry.size).toBe(2);
    expect((await store.get('a'))!.size).toBe(2);
  });

  it('touch changes usedAt only; list answers metadata of every entry; delete removes bytes and metadata', async () => {
    const store = new IndexedDbCacheStore({ indexedDB: new IDBFactory() });
    await store.put('a', meta, new Uint8Array([1, 2, 3]));
    await store.put('b', meta, new Uint8Array([4, 5, 6]));
    await store.touch('a', 500);
    await store.touch('missing', 500);
    const listed = await store.list();
    expect(listed.map(({ key, usedAt, storedAt, expiresAt, size }) => ({ key, usedAt, storedAt, expiresAt, size }))).toEqual([
      { key: 'a', usedAt: 500, storedAt: 100, expiresAt: 10_000, size: 3 },
      { key: 'b', usedAt: 100, storedAt: 100, expiresAt: 10_000, size: 3 },
    ]);
    expect(listed.every((entry) => entry.uri === '')).toBe(true);

    await store.delete('a');
    await store.delete('missing');
    expect(await store.get('a')).toBeUndefined();
    expect((await store.list()).map((entry) => entry.key)).toEqual(['b']);
  });

  it('keeps the entries across a reload (a new store on the same database)', async () => {
    const indexedDB = new IDBFactory();
    const before = new IndexedDbCacheStore({ indexedDB });
    await before.put('a', meta, new Uint8Array([1, 2, 3]));
    await before.close();
    const entry = await new IndexedDbCacheStore({ indexedDB }).get('a');
    expect([...new Uint8Array(await entry!.blob.arrayBuffer())]).toEqual([1, 2, 3]);
  });
});
