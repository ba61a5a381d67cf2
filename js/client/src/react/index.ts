/**
 * `@assetgate/client/react`: hooks over the core's client, queue and cache. Needs `react` (18 or
 * later); `assetsQueryOptions` works with `@tanstack/react-query` without this package importing it.
 */
export { ClientProvider, useAssetgate, useClient, type AssetgateContextValue, type ClientProviderProps } from './context.js';
export { useUpload, type UploadStatus, type UseUpload } from './use-upload.js';
export { useUploadQueue, type UseUploadQueue } from './use-upload-queue.js';
export { useCachedAsset, type UseCachedAsset, type UseCachedAssetOptions } from './use-cached-asset.js';
export { useAssets, assetsQueryOptions, type AssetsFilter, type UseAssets } from './use-assets.js';
