/**
 * @assetgate/client: secure, resumable, offline-safe uploads to Assetgate. The core runs on every
 * platform; file sources and stores come from `/node`, `/browser` or `/react-native`.
 */
export { createClient, type AssetgateClient, type ClientOptions } from './client.js';
export { staticToken, type AuthProvider, type Tokens } from './auth/auth-provider.js';
export { refreshingToken, clientCredentials, type RefreshingTokenOptions, type ClientCredentialsOptions } from './auth/oauth-providers.js';
export { createPkce, buildAuthorizeUrl, exchangeCode, signInWithAuthSession, type Pkce, type AuthorizeOptions, type AuthorizationRequest } from './auth/pkce.js';
export { startDeviceLogin, awaitDeviceLogin, type DeviceCode, type DeviceLoginOptions } from './auth/device-code.js';
export { discover, type OidcConfiguration } from './auth/token-endpoint.js';
export { AssetgateError, ERROR_CODES, isRetryable, type ErrorCodeInfo, type KnownErrorCode } from './errors.js';
export { networkError, type FetchLike } from './http.js';
export { DEFAULT_RETRY, backoffDelay, type RetryPolicy } from './retry.js';
export { systemClock, sleep } from './clock.js';
export { guessContentType } from './content-types.js';
export { bytesToBase64 } from './base64.js';
export type { UploadOptions } from './upload/upload-options.js';
export type { Assets, AssetFilter, DownloadOptions } from './assets.js';
export type { AssetEvent, EventsOptions } from './events.js';
export { UploadQueue, type QueueOptions, type QueueItem, type QueueListener } from './queue/upload-queue.js';
export { AssetCache, type CacheOptions, type CachedAsset } from './cache/asset-cache.js';
export { placeholderDataUrl, decodeThumbHash, type Placeholder, type PlaceholderImage } from './placeholder.js';
export type * from './types.js';
export type * from './ports.js';
