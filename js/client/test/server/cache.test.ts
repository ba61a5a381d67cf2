import { afterAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createClient, type Clock } from '../../src/index.js';
import { DiskCacheStore, fileSource } from '../../src/node/index.js';
import { jpegFile } from '../support/media.js';
import { serverUrl, sharedClient, tempDir, tokenOf } from '../support/shared.js';
import { staticToken } from '../../src/index.js';

const tmp = tempDir();
afterAll(() => tmp.remove());
const DAY = 24 * 3600 * 1000;

/** A clock the test moves by hand. */
class ManualClock implements Clock {
  constructor(public time = Date.now()) {}
  now = () => this.time;
  sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.min(ms, 10)));
}

/** A fetch that counts the downloads of signed URLs, and that the test can cut off. */
function countingFetch() {
  const state = { downloads: 0, offline: false };
  const fetchImpl = async (input: string, init?: RequestInit) => {
    if (state.offline) throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    if (!new URL(input).pathname.startsWith('/v1/')) state.downloads++;
    return fetch(input, init);
  };
  return { state, fetchImpl };
}

describe('the asset cache', () => {
  it('fetches once, reuses until the entry expires, then refreshes it', async () => {
    const path = await jpegFile(tmp.dir, 'cached.jpg', 80_000, 70);
    const asset = await sharedClient().upload(fileSource(path));
    const clock = new ManualClock();
    const { state, fetchImpl } = countingFetch();
    const client = createClient({ server: serverUrl(), auth: staticToken(await tokenOf()), fetch: fetchImpl, clock });
    const cache = client.cache({ store: new DiskCacheStore(join(tmp.dir, 'c1')), ttlMs: DAY, clock });

    const first = await cache.get(asset.id);
    expect(first.stale).toBe(false);
    expect(await readFile(first.uri)).toEqual(await readFile(path));
    await cache.get(asset.id);
    clock.time += DAY - 1000;
    await cache.get(asset.id);
    expect(state.downloads).toBe(1); // never by the signed URL: it changes with each call

    clock.time += 2000; // past the entry's time
    const refreshed = await cache.get(asset.id);
    expect(state.downloads).toBe(2);
    expect(refreshed.stale).toBe(false);
    expect(refreshed.expiresAt).toBe(clock.time + DAY);
  });

  it('serves what it holds while offline, an expired entry marked stale; fails for what it does not hold', async () => {
    const asset = await sharedClient().upload(fileSource(await jpegFile(tmp.dir, 'offline.jpg', 40_000, 71)));
    const other = await sharedClient().upload(fileSource(await jpegFile(tmp.dir, 'never-cached.jpg', 40_000, 72)));
    const clock = new ManualClock();
    const { state, fetchImpl } = countingFetch();
    const client = createClient({ server: serverUrl(), auth: staticToken(await tokenOf()), fetch: fetchImpl, clock, retry: { maxAttempts: 1 } });
    const cache = client.cache({ store: new DiskCacheStore(join(tmp.dir, 'c2')), ttlMs: DAY, clock });
    await cache.get(asset.id);

    state.offline = true;
    expect((await cache.get(asset.id)).stale).toBe(false);
    clock.time += 2 * DAY;
    const stale = await cache.get(asset.id);
    expect(stale.stale).toBe(true);
    expect((await readFile(stale.uri)).length).toBe(40_000);
    await expect(cache.get(other.id)).rejects.toMatchObject({ code: 'NETWORK', status: 0 });

    state.offline = false; // back online: the stale entry is refreshed
    expect((await cache.get(asset.id)).stale).toBe(false);
  });

  it('keeps the total under maxBytes by evicting the least recently used entries', async () => {
    const client = sharedClient();
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await client.upload(fileSource(await jpegFile(tmp.dir, `lru-${i}.jpg`, 100_000, 80 + i)))).id);
    const clock = new ManualClock();
    const store = new DiskCacheStore(join(tmp.dir, 'c3'));
    const cache = createClient({ server: serverUrl(), auth: staticToken(await tokenOf()), clock }).cache({ store, maxBytes: 250_000, clock });

    await cache.get(ids[0]);
    clock.time += 1000;
    await cache.get(ids[1]);
    clock.time += 1000;
    await cache.get(ids[0]); // 0 is now more recently used than 1
    clock.time += 1000;
    await cache.get(ids[2]); // 300 kB: the least recently used (1) goes

    const kept = (await store.list()).map((e) => e.key).sort();
    expect(kept).toEqual([ids[0], ids[2]].sort());
    expect((await store.list()).reduce((s, e) => s + e.size, 0)).toBeLessThanOrEqual(250_000);
  });

  it('keys variants apart from the original', async () => {
    const client = sharedClient();
    const asset = await client.upload(fileSource(await jpegFile(tmp.dir, 'variants.jpg', 60_000, 90)));
    // Variants appear once processing is done.
    let ready = asset;
    for (let i = 0; i < 100 && ready.state !== 'READY'; i++) {
      await new Promise((r) => setTimeout(r, 200));
      ready = await client.assets.get(asset.id);
    }
    expect(ready.state).toBe('READY');
    const cache = client.cache({ store: new DiskCacheStore(join(tmp.dir, 'c4')) });
    const original = await cache.get(asset.id);
    const thumb = await cache.get(asset.id, { variant: 'thumbnail' });
    expect(thumb.key).toBe(`${asset.id}:thumbnail`);
    expect(thumb.uri).not.toBe(original.uri);
    expect(thumb.size).toBeLessThan(original.size);
  });
});
