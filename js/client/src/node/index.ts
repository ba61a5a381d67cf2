/** The Node adapter: files on disk, and the queue and cache stores on disk. */
export { fileSource, OFF_THREAD_HASH_FROM, type FileSourceOptions, type PathRef } from './file-source.js';
export { nodeFiles } from './node-files.js';
export { FileQueueStore } from './file-queue-store.js';
export { DiskCacheStore } from './disk-cache-store.js';
