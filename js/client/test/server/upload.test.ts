import { afterAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createClient, staticToken, AssetgateError, type Asset } from '../../src/index.js';
import { fileSource, OFF_THREAD_HASH_FROM } from '../../src/node/index.js';
import { jpegFile } from '../support/media.js';
import { serverUrl, sharedClient, tempDir, tokenOf } from '../support/shared.js';
import { watched } from '../support/sources.js';

const MB = 1024 * 1024;
const tmp = tempDir();
afterAll(() => tmp.remove());

async function downloaded(client: ReturnType<typeof sharedClient>, id: string): Promise<Buffer> {
  return Buffer.from(await (await client.assets.download(id)).arrayBuffer());
}

describe('upload', () => {
  it('works as the contract\'s smallest use: SINGLE, progress to the total, the same bytes back', async () => {
    const path = await jpegFile(tmp.dir, 'photo.jpg', 300_000, 7);
    const token = await tokenOf();
    const client = createClient({ server: serverUrl(), auth: staticToken(token) });
    const progress: [number, number][] = [];
    const asset = await client.upload(fileSource(path), { onProgress: (sent, total) => progress.push([sent, total]) });

    expect(asset.id).toBeTruthy();
    expect(['AVAILABLE', 'READY']).toContain(asset.state);
    expect(asset.filename).toBe('photo.jpg');
    expect(asset.contentType).toBe('image/jpeg');
    expect(asset.size).toBe(300_000);
    // The declared SHA-256 was verified and recorded.
    expect(asset.checksum).toMatch(/^sha256:/);
    expect(progress.at(-1)).toEqual([300_000, 300_000]);
    expect((await downloaded(client, asset.id)).equals(await readFile(path))).toBe(true);
  });

  it('sends a file over the threshold in parallel parts (MULTIPART) and gets the same bytes back', async () => {
    const path = await jpegFile(tmp.dir, 'big.jpg', 13 * MB + 123, 8);
    const client = sharedClient();
    const source = watched(fileSource(path), {});
    const progress: number[] = [];
    const asset = await client.upload(source, { onProgress: (sent, total) => { expect(total).toBe(13 * MB + 123); progress.push(sent); } });

    expect(source.sends.map((s) => s.start).sort((a, b) => a - b)).toEqual([0, 5 * MB, 10 * MB]);
    expect(source.sends.every((s) => s.checksum === 'sha256')).toBe(true); // the local store's own digest, per part
    expect(progress.at(-1)).toBe(13 * MB + 123);
    expect(Math.max(...progress)).toBe(13 * MB + 123);
    expect((await downloaded(client, asset.id)).equals(await readFile(path))).toBe(true);
  });

  it('gives the store\'s SHA-256 of a SINGLE file computed on the hashing thread, which the server checks at complete', async () => {
    const size = 3 * MB + 4321;
    const path = await jpegFile(tmp.dir, 'threaded-single.jpg', size, 12);
    // Not declared at create: the checksum comes from the bytes as they are sent, here on the
    // worker thread (by default only requests of OFF_THREAD_HASH_FROM bytes and more).
    expect(size).toBeLessThan(OFF_THREAD_HASH_FROM);
    const client = sharedClient({ declareChecksumUpTo: 0 });
    const source = watched(fileSource(path, { offThreadHashFrom: 0 }), {});
    const asset = await client.upload(source);

    expect(source.sends.map((s) => [s.start, s.end, s.checksum])).toEqual([[0, size, 'sha256']]);
    expect(asset.checksum).toBe(`sha256:${createHash('sha256').update(await readFile(path)).digest('base64')}`);
    expect((await downloaded(client, asset.id)).equals(await readFile(path))).toBe(true);
  });

  it('resumes an upload cut off half way, sending only the parts the store does not hold', async () => {
    const path = await jpegFile(tmp.dir, 'resume.jpg', 23 * MB, 9); // 5 parts
    let uploadId = '';
    const crashing = watched(fileSource(path), {
      before: (_r, n) => {
        if (n === 3) throw new Error('the app was killed'); // not an AssetgateError: nothing retries it
      },
    });
    await expect(
      sharedClient({ partConcurrency: 1 }).upload(crashing, { onCreated: (u) => void (uploadId = u.uploadId) }),
    ).rejects.toThrow('the app was killed');
    expect(uploadId).not.toBe('');

    const again = watched(fileSource(path), {});
    const progress: number[] = [];
    const asset = await sharedClient().resume(uploadId, again, { onProgress: (sent) => progress.push(sent) });
    const resent = again.sends.map((s) => s.start).sort((a, b) => a - b);
    expect(resent).toEqual([10 * MB, 15 * MB, 20 * MB]); // parts 1 and 2 were stored before the crash
    expect(progress[0]).toBe(10 * MB);
    expect((await downloaded(sharedClient(), asset.id)).equals(await readFile(path))).toBe(true);
  });

  it('cancels with an AbortSignal: ABORTED, and the upload is aborted on the server', async () => {
    const path = await jpegFile(tmp.dir, 'cancel.jpg', 12 * MB, 10);
    const controller = new AbortController();
    let uploadId = '';
    const source = watched(fileSource(path), { before: (_r, n) => void (n === 2 && controller.abort()) });
    const error = await sharedClient({ partConcurrency: 1 })
      .upload(source, { signal: controller.signal, onCreated: (u) => void (uploadId = u.uploadId) })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AssetgateError);
    expect((error as AssetgateError).code).toBe('ABORTED');
    expect((error as AssetgateError).status).toBe(0);
    const token = await tokenOf();
    const upload = await (await fetch(`${serverUrl()}/v1/uploads/${uploadId}`, { headers: { Authorization: `Bearer ${token}` } })).json();
    expect(upload.state).toBe('ABORTED');
  });

  it('declares an upload once per idempotency key, even when the call is repeated', async () => {
    const path = await jpegFile(tmp.dir, 'same.jpg', 50_000, 11);
    const client = sharedClient();
    const first = await client.upload(fileSource(path), { idempotencyKey: 'same-key-1' });
    const second = await client.upload(fileSource(path), { idempotencyKey: 'same-key-1' });
    expect(second.id).toBe(first.id);
  });
});

describe('assets', () => {
  it('lists across cursor pages with filters, gets, and deletes', async () => {
    const client = sharedClient();
    const uploaded: Asset[] = [];
    const prefix = `listme-${Date.now()}-`;
    for (let i = 0; i < 3; i++) {
      uploaded.push(await client.upload(fileSource(await jpegFile(tmp.dir, `${prefix}${i}.jpg`, 20_000, 20 + i))));
    }
    const listed: Asset[] = [];
    // Pages of 2: the three new ones (newest first) span two pages at least.
    for await (const a of client.assets.list({ limit: 2 })) listed.push(a);
    const mine = listed.filter((a) => a.filename.startsWith(prefix));
    expect(mine.map((a) => a.filename)).toEqual([`${prefix}2.jpg`, `${prefix}1.jpg`, `${prefix}0.jpg`]);
    expect(new Set(listed.map((a) => a.id)).size).toBe(listed.length);

    const got = await client.assets.get(uploaded[0].id);
    expect(got.filename).toBe(`${prefix}0.jpg`);
    expect(got.url).toBeTruthy();

    await client.assets.delete(uploaded[0].id);
    const gone = await client.assets.get(uploaded[0].id).catch((e: unknown) => e);
    expect(gone).toMatchObject({ code: 'NOT_FOUND', status: 404, retryable: false });
  });

  it('streams asset events with the bearer token in a header', async () => {
    const client = sharedClient();
    const controller = new AbortController();
    const events = client.events({ signal: controller.signal });
    const first = events.next(); // connects
    await new Promise((r) => setTimeout(r, 500));
    const asset = await client.upload(fileSource(await jpegFile(tmp.dir, 'evented.jpg', 30_000, 30)));
    const seen = [];
    for (let next = await first; !next.done; next = await events.next()) {
      seen.push(next.value);
      if (next.value.assetId === asset.id) break;
    }
    controller.abort();
    const mine = seen.find((e) => e.assetId === asset.id)!;
    expect(mine.type).toMatch(/^asset\./);
    expect(mine.id).toBeTruthy();
  });
});
