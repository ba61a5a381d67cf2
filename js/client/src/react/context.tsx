import { createContext, useContext, useMemo, type ReactNode } from 'react';
import type { AssetgateClient } from '../client.js';
import type { UploadQueue } from '../queue/upload-queue.js';
import type { AssetCache } from '../cache/asset-cache.js';

/** What {@link ClientProvider} gives the hooks below it. */
export interface AssetgateContextValue {
  readonly client: AssetgateClient;
  /** The app's upload queue, for {@link useUploadQueue} (make one with `client.queue(...)`). */
  readonly queue?: UploadQueue;
  /** The app's offline cache, for {@link useCachedAsset} (make one with `client.cache(...)`). */
  readonly cache?: AssetCache;
}

const AssetgateContext = createContext<AssetgateContextValue | undefined>(undefined);

/** Props of {@link ClientProvider}. */
export interface ClientProviderProps extends AssetgateContextValue {
  readonly children?: ReactNode;
}

/**
 * Makes a client (and optionally the app's queue and cache) available to the hooks. Create them
 * once, outside render (a module or a `useState` initialiser): the queue and the cache hold
 * state that must outlive any one component.
 */
export function ClientProvider({ client, queue, cache, children }: ClientProviderProps) {
  const value = useMemo(() => ({ client, queue, cache }), [client, queue, cache]);
  return <AssetgateContext.Provider value={value}>{children}</AssetgateContext.Provider>;
}

/** The provider's value; throws when there is no {@link ClientProvider} above. */
export function useAssetgate(): AssetgateContextValue {
  const value = useContext(AssetgateContext);
  if (!value) throw new Error('Assetgate hooks need a <ClientProvider client={...}> above them.');
  return value;
}

/** The provider's client. */
export function useClient(): AssetgateClient {
  return useAssetgate().client;
}
