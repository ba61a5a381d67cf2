/**
 * `@assetgate/client/react-native`: file sources and an offline cache through react-native-fs
 * or react-native-blob-util (the app passes the module it has), the queue store on AsyncStorage
 * and the network monitor on NetInfo. None of these modules is imported here: each is an
 * optional peer dependency that the app installs and passes in.
 */
export { rnFsFiles, rnFsNativeFiles, type RnFsModule, type RnFsUploadOptions } from './rn-fs.js';
export { blobUtilFiles, blobUtilNativeFiles, type BlobUtilModule, type BlobUtilFs, type BlobUtilTask, type BlobUtilResponse } from './blob-util.js';
export { nativeFileKit, type NativeFileKit } from './native-file-kit.js';
export { nativeFileSource, nativeFileSourceFactory, type NativeFileSourceOptions, type NativePathRef } from './native-file-source.js';
export { FileCacheStore, type FileCacheStoreOptions } from './file-cache-store.js';
export { toFileUri, toPath, type NativeFiles } from './native-files.js';
export { asyncStorageQueueStore, type AsyncStorageLike, type AsyncStorageQueueStoreOptions } from './async-storage-queue-store.js';
export { netInfoNetwork, type NetInfoLike, type NetInfoStateLike } from './netinfo-network.js';
export { localNotifier, type LocalNotification, type LocalNotifierOptions } from './local-notifier.js';
export { defaultNotificationText, type NotificationText } from '../platform-shared/notification-text.js';
