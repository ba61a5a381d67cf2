import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blobUtilFiles, rnFsFiles, type NativeFileKit } from '../src/react-native/index.js';
import { blobUtilStandIn } from './stand-ins/react-native-blob-util.js';
import { rnFsStandIn } from './stand-ins/react-native-fs.js';
import { storageServer, type StorageServer } from './stand-ins/storage-server.js';
import { tempDir } from './support/shared.js';

const tmp = tempDir('assetgate-rn-cache-');
let storage: StorageServer;
beforeAll(async () => {
  storage = await storageServer();
});
afterAll(async () => {
  await storage.close();
  tmp.remove();
});

const meta = { contentType: 'image/webp', size: 0, storedAt: 100, usedAt: 100, expiresAt: 10_000 };
const fileBytes = (uri: string) => fs.readFile(fileURLToPath(uri));

const modules: [string, (root: string) => Promise<{ kit: NativeFileKit; cacheDir: string }>][] = [
  ['react-native-fs stand-in', async (root) => {
    const RNFS = await rnFsStandIn(root);
    return { kit: rnFsFiles(RNFS), cacheDir: RNFS.CachesDirectoryPath };
  }],
  ['react-native-blob-util stand-in', async (root) => {
    const RNBU = await blobUtilStandIn(root);
    return { kit: blobUtilFiles(RNBU), cacheDir: RNBU.fs.dirs.CacheDir };
  }],
];

describe.each(modules)('React Native file cache store on the %s', (label, make) => {
  let kit: NativeFileKit;
  let cacheDir: string;
  let n = 0;
  beforeAll(async () => {
    ({ kit, cacheDir } = await make(join(tmp.dir, label.replace(/\W+/g, '-'))));
  });
  const freshStore = () => kit.cacheStore({ directory: `cache-${++n}` });

  it('stores bytes from a Uint8Array, a stream and a Blob in the caches directory, under file:// URIs Image can load', async () => {
    const store = freshStore();
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new Uint8Array([1, 2]));
        c.enqueue(new Uint8Array([3]));
        c.close();
      },
    });
    const a = await store.put('asset-1', meta, new Uint8Array([9, 8, 7]));
    const b = await store.put('asset-2:thumbnail', meta, stream);
    const c = await store.put('asset-3', meta, new Blob([new Uint8Array([4, 5])]));
    expect(a.uri).toMatch(new RegExp(`^file://${cacheDir}/cache-\\d+/`));
    expect(b.uri).not.toContain(':thumbnail'); // no characters a file URI would need to escape
    expect([...(await fileBytes(a.uri))]).toEqual([9, 8, 7]);
    expect([...(await fileBytes((await store.get('asset-2:thumbnail'))!.uri))]).toEqual([1, 2, 3]);
    expect([...(await fileBytes(c.uri))]).toEqual([4, 5]);
    expect([a.size, b.size, c.size]).toEqual([3, 3, 2]);
  });

  it('downloads a signed URL natively into an entry, with the size of what arrived', async () => {
    const store = freshStore();
    const photo = Buffer.alloc(200_000, 7);
    storage.serve('/signed/photo', photo);
    const entry = await store.download!('asset-9:preview', meta, `${storage.url}/signed/photo`);
    expect(entry.size).toBe(200_000);
    expect((await fileBytes(entry.uri)).equals(photo)).toBe(true);
    expect((await store.get('asset-9:preview'))?.uri).toBe(entry.uri);
  });

  it('keeps no entry when the download is refused, and says why', async () => {
    const store = freshStore();
    storage.serve('/signed/expired', 403);
    await expect(store.download!('asset-x', meta, `${storage.url}/signed/expired`)).rejects.toMatchObject({ code: 'STORAGE_REFUSED', status: 403 });
    expect(await store.get('asset-x')).toBeUndefined();
    expect(await store.list()).toEqual([]);
  });

  it('touch changes usedAt; list answers every entry; delete removes bytes and metadata', async () => {
    const store = freshStore();
    await store.put('a', meta, new Uint8Array([1]));
    await store.put('b', meta, new Uint8Array([2, 2]));
    await store.touch('a', 555);
    await store.touch('missing', 555);
    const listed = (await store.list()).sort((x, y) => x.key.localeCompare(y.key));
    expect(listed.map(({ key, usedAt, size }) => ({ key, usedAt, size }))).toEqual([
      { key: 'a', usedAt: 555, size: 1 },
      { key: 'b', usedAt: 100, size: 2 },
    ]);
    const bUri = listed[1]!.uri;
    await store.delete('b');
    await store.delete('missing');
    expect(await store.get('b')).toBeUndefined();
    await expect(fs.access(fileURLToPath(bUri))).rejects.toThrow();
  });

  it('survives a restart, and forgets an entry whose bytes the OS cleared', async () => {
    const directory = `cache-restart-${label.length}`;
    const before = kit.cacheStore({ directory });
    const kept = await before.put('kept', meta, new Uint8Array([1, 2, 3]));
    const cleared = await before.put('cleared', meta, new Uint8Array([4]));
    await fs.rm(fileURLToPath(cleared.uri));

    const after = kit.cacheStore({ directory });
    expect((await after.get('kept'))?.uri).toBe(kept.uri);
    expect(await after.get('cleared')).toBeUndefined();
    expect((await after.list()).map((e) => e.key)).toEqual(['kept']);
  });
});
