import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssetgateClient } from '../../src/index.js';
import { asyncStorageQueueStore, blobUtilFiles, rnFsFiles, toFileUri, type NativeFileKit } from '../../src/react-native/index.js';
import { asyncStorageStandIn } from '../stand-ins/async-storage.js';
import { blobUtilStandIn } from '../stand-ins/react-native-blob-util.js';
import { rnFsStandIn } from '../stand-ins/react-native-fs.js';
import { jpegFile } from '../support/media.js';
import { sharedClient, tempDir } from '../support/shared.js';
import { watched } from '../support/sources.js';

const tmp = tempDir('assetgate-rn-upload-');
afterAll(() => tmp.remove());
const MB = 1024 * 1024;

async function downloaded(client: AssetgateClient, id: string): Promise<Buffer> {
  return Buffer.from(await (await client.assets.download(id)).arrayBuffer());
}

/** Each module's kit, and how many native downloads (to a file) it has made. */
const modules: [string, (root: string) => Promise<{ kit: NativeFileKit; downloads: () => number }>][] = [
  ['react-native-fs stand-in', async (root) => {
    const RNFS = await rnFsStandIn(root);
    return { kit: rnFsFiles(RNFS), downloads: () => RNFS.downloads.length };
  }],
  ['react-native-blob-util stand-in', async (root) => {
    const RNBU = await blobUtilStandIn(root);
    return { kit: blobUtilFiles(RNBU), downloads: () => RNBU.requests.filter((r) => r.method === 'GET').length };
  }],
];

describe.each(modules)('React Native upload through the %s, against the real server', (label, make) => {
  const root = join(tmp.dir, label.replace(/\W+/g, '-'));
  let kit: NativeFileKit;
  let downloads: () => number;
  beforeAll(async () => {
    ({ kit, downloads } = await make(root));
  });

  it('uploads a picked photo (SINGLE, its SHA-256 declared) and the server keeps the same bytes', async () => {
    const path = await jpegFile(tmp.dir, `${label.length}-photo.jpg`, 400_000, 21);
    const client = sharedClient();
    const progress: number[] = [];
    const source = await kit.fileSource(toFileUri(path), { name: 'IMG_0001.jpg', type: 'image/jpeg' });
    const asset = await client.upload(source, { onProgress: (sent) => progress.push(sent) });
    expect(asset.filename).toBe('IMG_0001.jpg');
    expect(asset.checksum).toBe(`sha256:${createHash('sha256').update(await readFile(path)).digest('base64')}`);
    expect(progress.at(-1)).toBe(400_000);
    expect((await downloaded(client, asset.id)).equals(await readFile(path))).toBe(true);
  });

  it('uploads a video over the multipart threshold in parts sliced natively, each part checked', async () => {
    const path = await jpegFile(tmp.dir, `${label.length}-big.jpg`, 11 * MB + 5, 22);
    const client = sharedClient({ declareChecksumUpTo: 0 }); // part checksums computed while sending instead
    const answered: (string | undefined)[] = [];
    const source = watched(await kit.fileSource(path, { type: 'image/jpeg' }), { after: (_request, response) => void answered.push(response.checksum) });
    const asset = await client.upload(source);
    expect(asset.size).toBe(11 * MB + 5);
    // Three parts, each answered with the store's checksum by hashing the part's own temp slice.
    expect(answered).toHaveLength(3);
    expect(answered.every((c) => typeof c === 'string' && c.length === 44)).toBe(true);
    expect((await downloaded(client, asset.id)).equals(await readFile(path))).toBe(true);
  });

  it('queues on AsyncStorage, survives an app restart, and uploads after it', async () => {
    const storage = join(root, 'async-storage.json');
    const path = await jpegFile(tmp.dir, `${label.length}-queued.jpg`, 300_000, 23);
    const before = sharedClient().queue({ store: asyncStorageQueueStore(asyncStorageStandIn(storage)), files: kit.fileSourceFactory });
    await before.add(await kit.fileSource(path, { type: 'image/jpeg' }));
    // The app is killed before the queue ran; a new process reads the queue back.
    const { kit: relaunched } = await make(root);
    const client = sharedClient();
    const after = client.queue({ store: asyncStorageQueueStore(asyncStorageStandIn(storage)), files: relaunched.fileSourceFactory });
    after.start();
    await after.idle();
    await after.stop();
    const [item] = await after.list();
    expect(item?.state).toBe('completed');
    expect((await downloaded(client, item!.assetId!)).equals(await readFile(path))).toBe(true);
  });

  it('caches an uploaded asset in the caches directory with a file:// URI, downloaded once, natively', async () => {
    const client = sharedClient();
    const path = await jpegFile(tmp.dir, `${label.length}-cached.jpg`, 120_000, 24);
    const asset = await client.upload(await kit.fileSource(path, { type: 'image/jpeg' }));
    const cache = client.cache({ store: kit.cacheStore() });
    const before = downloads();
    const first = await cache.get(asset.id);
    // Downloaded natively to a file: React Native's fetch has no body stream to store.
    expect(downloads()).toBe(before + 1);
    expect(first.uri).toMatch(/^file:\/\//);
    expect((await readFile(new URL(first.uri))).equals(await readFile(path))).toBe(true);
    const again = await cache.get(asset.id);
    expect(again.uri).toBe(first.uri);
    expect(again.storedAt).toBe(first.storedAt);
    expect(downloads()).toBe(before + 1);
  });
});
