import { useCallback, useEffect, useMemo, useState } from 'react';
import type { AssetCache, CachedAsset } from '../cache/asset-cache.js';
import { AssetgateError } from '../errors.js';
import { placeholderDataUrl, type Placeholder } from '../placeholder.js';
import { useAssetgate } from './context.js';

/** What {@link useCachedAsset} answers. */
export interface UseCachedAsset {
  /**
   * Where to show the asset from: a `file://` URI in React Native (for Image or
   * react-native-fast-image), an object URL in browsers (for `<img src>`; the cache store owns
   * it); `undefined` until known.
   */
  readonly uri?: string;
  /**
   * The asset's placeholder (the `placeholder` option) drawn as a tiny PNG `data:` URL, to show
   * until `uri` is there: `uri ?? placeholder`. `undefined` without one.
   */
  readonly placeholder?: string;
  readonly loading: boolean;
  /** True when the copy expired and could not be refreshed (offline): shown, perhaps out of date. */
  readonly stale: boolean;
  /** Why there is nothing to show (offline with no copy, no such asset, no such variant). */
  readonly error?: AssetgateError;
  /** The cache entry (content type, size, times). */
  readonly entry?: CachedAsset;
  /** Fetches again if the copy has expired (for a pull-to-refresh). */
  refresh(): void;
}

/** Options of {@link useCachedAsset}. */
export interface UseCachedAssetOptions {
  /** A variant (`thumbnail`, `preview`, `poster`) instead of the original. */
  readonly variant?: string;
  /** The cache; default the one given to `<ClientProvider cache={...}>`. */
  readonly cache?: AssetCache;
  /** The asset's `metadata.placeholder` (from a listing or an earlier fetch), drawn while loading. */
  readonly placeholder?: Placeholder | null;
}

/** The longest a browser timer can wait (about 24.8 days). */
const MAX_TIMER = 2 ** 31 - 1;

/**
 * A local copy of an asset (or one of its variants) to show, fetched once through the app's
 * {@link AssetCache} and reused until it expires; while offline the cached copy is served. When
 * the copy expires while shown, it is fetched again and the new one replaces it.
 *
 * ```tsx
 * function CachedImage({ assetId }: { assetId: string }) {
 *   const { uri } = useCachedAsset(assetId, { variant: 'thumbnail' });
 *   return uri ? <FastImage source={{ uri }} style={{ width: 96, height: 96 }} /> : <Placeholder />;
 * }
 *
 * // With the asset at hand (from useAssets), its ThumbHash shows at once, even offline:
 * function Photo({ asset }: { asset: Asset }) {
 *   const { uri, placeholder } = useCachedAsset(asset.id, { variant: 'preview', placeholder: asset.metadata?.placeholder });
 *   const src = uri ?? placeholder;
 *   return src ? <Image source={{ uri: src }} style={{ width: 320, height: 240 }} /> : null;
 * }
 * ```
 */
export function useCachedAsset(assetId: string | null | undefined, options: UseCachedAssetOptions = {}): UseCachedAsset {
  const fromContext = useAssetgate().cache;
  const cache = options.cache ?? fromContext;
  if (!cache) throw new Error('useCachedAsset needs a cache: pass one, or give it to <ClientProvider cache={...}>.');
  const { variant } = options;
  const hash = options.placeholder?.kind === 'thumbhash' ? options.placeholder.value : undefined;
  const placeholder = useMemo(() => (hash ? placeholderDataUrl({ kind: 'thumbhash', value: hash }) : undefined), [hash]);
  const [state, setState] = useState<{ entry?: CachedAsset; error?: AssetgateError; loading: boolean }>({ loading: !!assetId });
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    if (!assetId) {
      setState({ loading: false });
      return;
    }
    const controller = new AbortController();
    let expiry: ReturnType<typeof setTimeout> | undefined;
    // A refresh of the same asset keeps showing the copy it has until the new one is there.
    const key = variant ? `${assetId}:${variant}` : assetId;
    setState((s) => (s.entry?.key === key ? { ...s, loading: true } : { loading: true }));
    cache.get(assetId, { variant, signal: controller.signal }).then(
      (entry) => {
        if (controller.signal.aborted) return;
        setState({ entry, loading: false });
        // Fetch again when the copy expires while on screen (not when it is stale: offline).
        if (!entry.stale) expiry = setTimeout(() => setGeneration((g) => g + 1), Math.min(MAX_TIMER, Math.max(0, entry.expiresAt - Date.now()) + 1));
      },
      (e: unknown) => {
        if (controller.signal.aborted) return;
        const error = e instanceof AssetgateError ? e : new AssetgateError('INTERNAL', String((e as Error)?.message ?? e), { cause: e });
        setState({ error, loading: false });
      },
    );
    return () => {
      controller.abort();
      if (expiry) clearTimeout(expiry);
    };
  }, [cache, assetId, variant, generation]);

  const refresh = useCallback(() => setGeneration((g) => g + 1), []);
  return { uri: state.entry?.uri, placeholder, loading: state.loading, stale: state.entry?.stale ?? false, error: state.error, entry: state.entry, refresh };
}
