/**
 * `@assetgate/client/browser`: the browser's file source, stores, network monitor, notifier and
 * redirect sign-in. Use them with `createClient` from `@assetgate/client`:
 *
 * ```ts
 * const source = fileSource(input.files[0]);              // a File or Blob
 * const asset = await client.upload(source, { onProgress });
 * ```
 */
export { fileSource, blobFileSourceFactory, type BlobFileRef, type BlobFileSourceOptions } from './blob-file-source.js';
export { IndexedDbQueueStore, type IndexedDbQueueStoreOptions } from './indexeddb-queue-store.js';
export { IndexedDbCacheStore, type BrowserCacheEntry, type IndexedDbCacheStoreOptions } from './indexeddb-cache-store.js';
export { browserNetwork, type BrowserNetworkOptions } from './network.js';
export {
  browserNotifier,
  defaultNotificationText,
  type BrowserNotifier,
  type BrowserNotifierOptions,
  type NotificationApi,
  type NotificationText,
} from './notifier.js';
export {
  signInWithRedirect,
  handleRedirectCallback,
  restoreSession,
  type BrowserSession,
  type RedirectSignInOptions,
  type SessionOptions,
} from './redirect-sign-in.js';
