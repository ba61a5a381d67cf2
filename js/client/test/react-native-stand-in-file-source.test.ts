import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blobUtilFiles, rnFsFiles, toFileUri, type NativeFileKit } from '../src/react-native/index.js';
import { blobUtilStandIn } from './stand-ins/react-native-blob-util.js';
import { rnFsStandIn } from './stand-ins/react-native-fs.js';
import { storageServer, type StorageServer } from './stand-ins/storage-server.js';
import { tempDir } from './support/shared.js';

const tmp = tempDir('assetgate-rn-');
let storage: StorageServer;
beforeAll(async () => {
  storage = await storageServer();
});
afterAll(async () => {
  await storage.close();
  tmp.remove();
});

const bytes = Buffer.from(Uint8Array.from({ length: 3 * 1024 * 1024 + 17 }, (_, i) => (i * 7 + (i >> 10)) % 256));
const digest = (algorithm: string, data: Buffer) => createHash(algorithm).update(data).digest('base64');

/** The same behaviour is required of both modules: one table, two rows. */
const modules: [string, (root: string) => Promise<{ kit: NativeFileKit; tempDir: string }>][] = [
  ['react-native-fs stand-in', async (root) => {
    const RNFS = await rnFsStandIn(root);
    return { kit: rnFsFiles(RNFS), tempDir: RNFS.TemporaryDirectoryPath };
  }],
  ['react-native-blob-util stand-in', async (root) => {
    const RNBU = await blobUtilStandIn(root);
    return { kit: blobUtilFiles(RNBU), tempDir: RNBU.fs.dirs.CacheDir };
  }],
];

describe.each(modules)('React Native file source on the %s', (label, make) => {
  let kit: NativeFileKit;
  let temp: string;
  let photo: string;
  beforeAll(async () => {
    const root = join(tmp.dir, label.replace(/\W+/g, '-'));
    ({ kit, tempDir: temp } = await make(root));
    photo = join(root, 'IMG 0001.jpg');
    await fs.writeFile(photo, bytes);
  });

  it('opens a picked file:// URI with the picker\'s name and type, its size, and a fingerprint of path, size and time', async () => {
    const source = await kit.fileSource(toFileUri(photo), { name: 'holiday.jpg', type: 'image/jpeg' });
    expect([source.name, source.type, source.size]).toEqual(['holiday.jpg', 'image/jpeg', bytes.length]);
    expect(source.fingerprint).toMatch(new RegExp(`^${photo.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:${bytes.length}:\\d+`));
    const plain = await kit.fileSource(photo);
    expect([plain.name, plain.type]).toEqual(['IMG 0001.jpg', 'image/jpeg']);
  });

  it('fails with FILE_UNREADABLE for a missing file', async () => {
    await expect(kit.fileSource(join(tmp.dir, 'missing.jpg'))).rejects.toMatchObject({ code: 'FILE_UNREADABLE' });
  });

  it('hashes the whole file and any range (SHA-256 and MD5), leaving no temp file behind', async () => {
    const source = await kit.fileSource(photo);
    expect(await source.sha256(0, bytes.length)).toBe(digest('sha256', bytes));
    expect(await source.sha256(1024 * 1024, 2 * 1024 * 1024 + 5)).toBe(digest('sha256', bytes.subarray(1024 * 1024, 2 * 1024 * 1024 + 5)));
    expect(await source.md5!(5, 1_500_000)).toBe(digest('md5', bytes.subarray(5, 1_500_000)));
    expect((await fs.readdir(temp)).filter((n) => n.startsWith('assetgate-'))).toEqual([]);
  });

  it('sends a range as the raw body with the signed headers, reports progress to the range size, and answers the store\'s checksum when asked', async () => {
    const source = await kit.fileSource(photo);
    const progress: number[] = [];
    const response = await source.send({
      method: 'PUT', url: `${storage.url}/part-2`, headers: { 'Content-Type': 'image/jpeg' },
      start: 1024 * 1024, end: 3 * 1024 * 1024, checksum: 'sha256', onProgress: (sent) => progress.push(sent),
    });
    expect(response.status).toBe(200);
    expect(response.header('ETag')).toMatch(/^"etag-/);
    expect(response.checksum).toBe(digest('sha256', bytes.subarray(1024 * 1024, 3 * 1024 * 1024)));
    const put = storage.received.at(-1)!;
    expect(put.method).toBe('PUT');
    expect(put.headers['content-type']).toBe('image/jpeg');
    expect(put.body.equals(bytes.subarray(1024 * 1024, 3 * 1024 * 1024))).toBe(true);
    expect(progress.at(-1)).toBe(2 * 1024 * 1024);
    expect((await fs.readdir(temp)).filter((n) => n.startsWith('assetgate-'))).toEqual([]);
  });

  it('sends the whole file', async () => {
    const source = await kit.fileSource(photo);
    const response = await source.send({ method: 'PUT', url: `${storage.url}/single`, headers: { 'Content-Type': 'image/jpeg' }, start: 0, end: bytes.length });
    expect(response.status).toBe(200);
    expect(storage.received.at(-1)!.body.equals(bytes)).toBe(true);
  });

  it('fails with ABORTED when the signal aborts mid-request, and with TIMEOUT when nothing moves', async () => {
    const source = await kit.fileSource(photo);
    const controller = new AbortController();
    const sending = source.send({ method: 'PUT', url: `${storage.url}/hang`, headers: {}, start: 0, end: 1000, signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    await expect(sending).rejects.toMatchObject({ code: 'ABORTED' });
    await expect(source.send({ method: 'PUT', url: `${storage.url}/hang`, headers: {}, start: 0, end: 1000, timeoutMs: 300 })).rejects.toMatchObject({
      code: 'TIMEOUT',
      retryable: true,
    });
  });

  it('fails with NETWORK when the storage cannot be reached', async () => {
    const source = await kit.fileSource(photo);
    await expect(source.send({ method: 'PUT', url: 'http://127.0.0.1:9/x', headers: {}, start: 0, end: 10 })).rejects.toMatchObject({ code: 'NETWORK' });
  });

  it('comes back from its queue reference, and refuses with FILE_CHANGED once the file changed', async () => {
    const copy = join(tmp.dir, `${label.replace(/\W+/g, '-')}-copy.jpg`);
    await fs.writeFile(copy, bytes.subarray(0, 1000));
    const ref = JSON.parse(JSON.stringify((await kit.fileSource(copy, { type: 'image/jpeg' })).toRef())); // as AsyncStorage keeps it
    const again = await kit.fileSourceFactory(ref);
    expect([again.name, again.type, again.size]).toEqual([copy.slice(copy.lastIndexOf('/') + 1), 'image/jpeg', 1000]);
    await fs.appendFile(copy, 'more');
    await expect(kit.fileSourceFactory(ref)).rejects.toMatchObject({ code: 'FILE_CHANGED' });
  });
});
