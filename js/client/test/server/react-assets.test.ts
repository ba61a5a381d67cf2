// @vitest-environment jsdom
import { QueryClient, QueryClientProvider, useInfiniteQuery } from '@tanstack/react-query';
import { act, configure, renderHook, waitFor } from '@testing-library/react';
import { createElement, type ReactNode } from 'react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileSource } from '../../src/node/index.js';
import { assetsQueryOptions, ClientProvider, useAssets } from '../../src/react/index.js';
import { jpegFile } from '../support/media.js';
import { sharedClient, tempDir } from '../support/shared.js';

// A real server on a busy machine: give each wait for an answer up to 15 s (the default is 1 s).
configure({ asyncUtilTimeout: 15_000 });

const tmp = tempDir('assetgate-react-assets-');
const client = sharedClient();
/**
 * The owner's three newest assets are the ones uploaded here (test files run one at a time).
 * The listing is not filtered: the server does not implement the `q` filter yet.
 */
const prefix = 'listed-';
const uploaded: string[] = [];

beforeAll(async () => {
  for (const n of [1, 2, 3]) {
    const asset = await client.upload(fileSource(await jpegFile(tmp.dir, `${prefix}${n}.jpg`, 20_000, 30 + n)));
    uploaded.push(asset.id);
  }
});
afterAll(() => tmp.remove());

const newestFirst = () => [...uploaded].reverse();

describe('useAssets (jsdom, real server)', () => {
  it('lists a page at a time, newest first, loads more with the server\'s cursor, and starts again on refresh', async () => {
    const wrapper = ({ children }: { children?: ReactNode }) => createElement(ClientProvider, { client }, children);
    const { result } = renderHook(() => useAssets({ limit: 2 }), { wrapper });
    await waitFor(() => expect(result.current.assets).toHaveLength(2));
    expect(result.current.hasMore).toBe(true);
    act(() => result.current.loadMore());
    await waitFor(() => expect(result.current.assets).toHaveLength(4));
    expect(result.current.assets.slice(0, 3).map((a) => a.id)).toEqual(newestFirst());
    expect(new Set(result.current.assets.map((a) => a.id)).size).toBe(4);
    expect(result.current.error).toBeUndefined();
    act(() => result.current.refresh());
    await waitFor(() => expect(result.current.assets).toHaveLength(2));
  });

  it('reports a refused request (a negative limit) as an error', async () => {
    const wrapper = ({ children }: { children?: ReactNode }) => createElement(ClientProvider, { client }, children);
    const { result } = renderHook(() => useAssets({ limit: -1 }), { wrapper });
    await waitFor(() => expect(result.current.error?.code).toBe('VALIDATION_FAILED'));
  });
});

describe('assetsQueryOptions with react-query\'s useInfiniteQuery (jsdom, real server)', () => {
  it('pages through the assets with the server\'s cursors', async () => {
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const wrapper = ({ children }: { children?: ReactNode }) => createElement(QueryClientProvider, { client: queryClient }, children);
    // As a component would, the hook reads what it shows during render (react-query re-renders
    // only for the properties read).
    const { result } = renderHook(
      () => {
        const { data, hasNextPage, isSuccess, fetchNextPage } = useInfiniteQuery(assetsQueryOptions(client, { limit: 2 }));
        return { data, hasNextPage, isSuccess, fetchNextPage };
      },
      { wrapper },
    );
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(result.current.hasNextPage).toBe(true);
    await act(async () => {
      await result.current.fetchNextPage();
    });
    await waitFor(() => expect(result.current.data?.pages).toHaveLength(2));
    const ids = result.current.data!.pages.flatMap((p) => p.items.map((a) => a.id));
    expect(ids).toHaveLength(4);
    expect(ids.slice(0, 3)).toEqual(newestFirst());
    // Invalidating ['assetgate', 'assets'] (after an upload) reaches it.
    expect(queryClient.getQueryCache().findAll({ queryKey: ['assetgate', 'assets'] })).toHaveLength(1);
  });
});
