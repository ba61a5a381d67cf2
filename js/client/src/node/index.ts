/** The Node adapter: files on disk, and the queue and cache stores on disk. */
export { fileSource, type FileSourceOptions, type PathRef } from './file-source.js';
export { nodeFiles } from './node-files.js';
export { FileQueueStore } from './file-queue-store.js';
export { DiskCacheStore } from './disk-cache-store.js';
