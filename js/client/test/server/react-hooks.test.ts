// @vitest-environment jsdom
import { act, configure, renderHook, waitFor } from '@testing-library/react';
import { createElement, type ReactNode } from 'react';
import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readFile, writeFile } from 'node:fs/promises';
import type { AssetgateClient, CacheStore } from '../../src/index.js';
import { DiskCacheStore, FileQueueStore, fileSource, nodeFiles } from '../../src/node/index.js';
import { ClientProvider, useCachedAsset, useUpload, useUploadQueue, type AssetgateContextValue } from '../../src/react/index.js';
import { jpegFile } from '../support/media.js';
import { sharedClient, tempDir } from '../support/shared.js';

// A real server on a busy machine: give each wait for an answer up to 15 s (the default is 1 s).
configure({ asyncUtilTimeout: 15_000 });

const tmp = tempDir('assetgate-react-');
afterAll(() => tmp.remove());
const MB = 1024 * 1024;

function providing(value: AssetgateContextValue) {
  return ({ children }: { children?: ReactNode }) => createElement(ClientProvider, value, children);
}

describe('useUpload (jsdom, real server)', () => {
  it('goes from idle to uploading to done, with progress up to the size and the asset', async () => {
    const client = sharedClient();
    const { result } = renderHook(() => useUpload(), { wrapper: providing({ client }) });
    expect(result.current.status).toBe('idle');
    const file = fileSource(await jpegFile(tmp.dir, 'hook.jpg', 200_000, 3));
    let asset: unknown;
    await act(async () => {
      asset = await result.current.start(file);
    });
    expect(result.current.status).toBe('done');
    expect(result.current.asset?.id).toBe((asset as { id: string }).id);
    expect(result.current.progress).toEqual({ sent: 200_000, total: 200_000 });
    expect(result.current.error).toBeUndefined();
  });

  it('reports a refusal as failed with the server\'s code, without throwing', async () => {
    const client = sharedClient();
    const { result } = renderHook(() => useUpload(), { wrapper: providing({ client }) });
    const path = join(tmp.dir, 'notes.exe');
    await writeFile(path, 'MZ not an image');
    let answer: unknown = 'unset';
    await act(async () => {
      answer = await result.current.start(fileSource(path, { contentType: 'application/x-msdownload' }));
    });
    expect(answer).toBeUndefined();
    expect(result.current.status).toBe('failed');
    expect(result.current.error?.code).toBe('CONTENT_TYPE_NOT_ALLOWED');
  });

  it('cancels a running upload: status cancelled, error ABORTED', async () => {
    const client = sharedClient({ partConcurrency: 1 });
    const { result } = renderHook(() => useUpload(), { wrapper: providing({ client }) });
    const file = fileSource(await jpegFile(tmp.dir, 'cancel.jpg', 12 * MB, 4));
    let running!: Promise<unknown>;
    act(() => {
      running = result.current.start(file);
    });
    // The file is hashed before its first byte goes out: give it time.
    await waitFor(() => expect(result.current.progress?.sent ?? 0).toBeGreaterThan(0), { timeout: 30_000 });
    act(() => result.current.cancel());
    await act(async () => {
      expect(await running).toBeUndefined();
    });
    expect(result.current.status).toBe('cancelled');
    expect(result.current.error?.code).toBe('ABORTED');
  });
});

describe('useUploadQueue (jsdom, real server, the Node file queue store)', () => {
  it('shows added items live as they upload, with progress, and removes items', async () => {
    const client = sharedClient();
    const queue = client.queue({ store: new FileQueueStore(join(tmp.dir, 'queue')), files: nodeFiles });
    const { result } = renderHook(() => useUploadQueue(), { wrapper: providing({ client, queue }) });
    await waitFor(() => expect(result.current.loaded).toBe(true));
    expect(result.current.items).toEqual([]);

    const seenProgress: number[] = [];
    const unsubscribe = queue.subscribe((c) => void (c.type === 'progress' && seenProgress.push(c.sent)));
    await act(async () => {
      await result.current.add(fileSource(await jpegFile(tmp.dir, 'q1.jpg', 6 * MB, 5)));
      await result.current.add(fileSource(await jpegFile(tmp.dir, 'q2.jpg', 100_000, 6)));
    });
    expect(result.current.items.map((i) => [i.filename, i.state])).toEqual([['q1.jpg', 'queued'], ['q2.jpg', 'queued']]);

    queue.start();
    await waitFor(() => expect(result.current.items.map((i) => i.state)).toEqual(['completed', 'completed']), { timeout: 60_000 });
    expect(seenProgress.length).toBeGreaterThan(0);
    expect(result.current.progress).toEqual({}); // done items leave the progress map
    expect(result.current.items.every((i) => typeof i.assetId === 'string')).toBe(true);

    await act(async () => {
      await result.current.remove(result.current.items[0]!.id);
    });
    expect(result.current.items.map((i) => i.filename)).toEqual(['q2.jpg']);
    unsubscribe();
    await queue.stop();
  });
});

describe('useCachedAsset (jsdom, real server)', () => {
  async function uploaded(client: AssetgateClient, name: string, seed: number) {
    const path = await jpegFile(tmp.dir, name, 50_000, seed);
    return { asset: await client.upload(fileSource(path)), bytes: await readFile(path) };
  }

  /** The Node disk cache, counting what was stored (each put is a download). */
  function countingStore(dir: string): CacheStore & { puts: number } {
    const disk = new DiskCacheStore(dir);
    const counting = Object.assign(Object.create(disk) as DiskCacheStore, { puts: 0 });
    counting.put = async (...args: Parameters<CacheStore['put']>) => {
      counting.puts++;
      return disk.put(...args);
    };
    return counting;
  }

  it('gives a local copy, downloaded once and reused by the next screen that shows it', async () => {
    const client = sharedClient();
    const store = countingStore(join(tmp.dir, 'cache-1'));
    const cache = client.cache({ store });
    const { asset, bytes } = await uploaded(client, 'cached.jpg', 7);

    const first = renderHook(() => useCachedAsset(asset.id), { wrapper: providing({ client, cache }) });
    expect(first.result.current.loading).toBe(true);
    await waitFor(() => expect(first.result.current.uri).toBeTruthy());
    expect(first.result.current.stale).toBe(false);
    const path = first.result.current.uri!.replace(/^file:\/\//, '');
    expect((await readFile(path)).equals(bytes)).toBe(true);
    first.unmount();

    const second = renderHook(() => useCachedAsset(asset.id), { wrapper: providing({ client, cache }) });
    await waitFor(() => expect(second.result.current.uri).toBe(first.result.current.uri));
    expect(store.puts).toBe(1);
  });

  it('serves the expired copy, marked stale, when the server cannot be reached', async () => {
    const client = sharedClient();
    const dir = join(tmp.dir, 'cache-2');
    const { asset } = await uploaded(client, 'offline.jpg', 8);
    const warm = renderHook(() => useCachedAsset(asset.id), { wrapper: providing({ client, cache: client.cache({ store: new DiskCacheStore(dir), ttlMs: 1 }) }) });
    await waitFor(() => expect(warm.result.current.uri).toBeTruthy());
    warm.unmount();

    const offline = sharedClient({ server: 'http://127.0.0.1:9', retry: { maxAttempts: 1 } });
    const cache = offline.cache({ store: new DiskCacheStore(dir), ttlMs: 1 });
    const { result } = renderHook(() => useCachedAsset(asset.id), { wrapper: providing({ client: offline, cache }) });
    await waitFor(() => expect(result.current.loading).toBe(false), { timeout: 30_000 });
    expect(result.current.uri).toBe(warm.result.current.uri);
    expect(result.current.stale).toBe(true);
  });

  it('reports an error when there is no copy and no such asset', async () => {
    const client = sharedClient();
    const cache = client.cache({ store: new DiskCacheStore(join(tmp.dir, 'cache-3')) });
    const { result } = renderHook(() => useCachedAsset('00000000-0000-0000-0000-000000000000'), { wrapper: providing({ client, cache }) });
    await waitFor(() => expect(result.current.error?.code).toBe('NOT_FOUND'));
    expect(result.current.uri).toBeUndefined();
  });
});
