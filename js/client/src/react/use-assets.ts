import { useCallback, useEffect, useRef, useState } from 'react';
import type { AssetgateClient } from '../client.js';
import type { AssetFilter } from '../assets.js';
import type { Asset, AssetPage } from '../types.js';
import { AssetgateError } from '../errors.js';
import { useClient } from './context.js';

/** A filter of `GET /v1/assets` (without a signal: the hooks cancel by themselves). */
export type AssetsFilter = Omit<AssetFilter, 'signal'>;

/**
 * Options for react-query's `useInfiniteQuery`, listing assets page by page (newest first):
 *
 * ```tsx
 * const query = useInfiniteQuery(assetsQueryOptions(client, { kind: 'image' }));
 * const assets = query.data?.pages.flatMap((page) => page.items) ?? [];
 * ```
 *
 * The query key is `['assetgate', 'assets', filter]`: invalidate `['assetgate', 'assets']` after
 * an upload or a delete. This package does not import react-query; the object has the shape
 * `useInfiniteQuery` takes.
 */
export function assetsQueryOptions(client: AssetgateClient, filter: AssetsFilter = {}) {
  return {
    queryKey: ['assetgate', 'assets', filter] as const,
    queryFn: ({ pageParam, signal }: { pageParam: string | null; signal?: AbortSignal }): Promise<AssetPage> =>
      client.assets.page({ ...filter, signal }, pageParam ?? undefined),
    initialPageParam: null as string | null,
    getNextPageParam: (last: AssetPage): string | null | undefined => last.nextCursor ?? undefined,
  };
}

/** What {@link useAssets} answers. */
export interface UseAssets {
  /** The assets of the pages loaded so far. */
  readonly assets: readonly Asset[];
  /** True while a page is loading. */
  readonly loading: boolean;
  readonly error?: AssetgateError;
  /** True when there are more pages. */
  readonly hasMore: boolean;
  /** Loads the next page (ignored while one loads or when there is none). */
  loadMore(): void;
  /** Starts again from the first page (after an upload or a delete). */
  refresh(): void;
}

/**
 * The caller's assets, newest first, a page at a time, without react-query. `filter` is compared
 * by value, so an inline object literal does not reload on every render.
 */
export function useAssets(filter: AssetsFilter = {}): UseAssets {
  const client = useClient();
  const filterKey = JSON.stringify(filter);
  const [state, setState] = useState<{ assets: Asset[]; cursor: string | null | undefined; loading: boolean; error?: AssetgateError }>({
    assets: [],
    cursor: null,
    loading: true,
  });
  const [generation, setGeneration] = useState(0);
  const loading = useRef<AbortController | undefined>(undefined);

  const load = useCallback(
    (cursor: string | null, append: boolean) => {
      loading.current?.abort();
      const controller = new AbortController();
      loading.current = controller;
      setState((s) => ({ ...s, loading: true, error: undefined }));
      client.assets.page({ ...(JSON.parse(filterKey) as AssetsFilter), signal: controller.signal }, cursor ?? undefined).then(
        (page) => {
          if (controller.signal.aborted) return;
          loading.current = undefined;
          setState((s) => ({ assets: append ? [...s.assets, ...page.items] : page.items, cursor: page.nextCursor ?? undefined, loading: false }));
        },
        (e: unknown) => {
          if (controller.signal.aborted) return;
          loading.current = undefined;
          const error = e instanceof AssetgateError ? e : new AssetgateError('INTERNAL', String((e as Error)?.message ?? e), { cause: e });
          setState((s) => ({ ...s, loading: false, error }));
        },
      );
    },
    [client, filterKey],
  );

  useEffect(() => {
    setState({ assets: [], cursor: null, loading: true });
    load(null, false);
    return () => loading.current?.abort();
  }, [load, generation]);

  const loadMore = useCallback(() => {
    if (loading.current || !state.cursor) return;
    load(state.cursor, true);
  }, [load, state.cursor]);
  const refresh = useCallback(() => setGeneration((g) => g + 1), []);

  return { assets: state.assets, loading: state.loading, error: state.error, hasMore: !!state.cursor, loadMore, refresh };
}
