import type { FileSource, FileSourceFactory } from '../ports.js';
import { FileCacheStore, type FileCacheStoreOptions } from './file-cache-store.js';
import type { NativeFiles } from './native-files.js';
import { nativeFileSource, nativeFileSourceFactory, type NativeFileSourceOptions } from './native-file-source.js';

/** What an app gets from {@link rnFsFiles} or {@link blobUtilFiles}: one file module, three uses. */
export interface NativeFileKit {
  /**
   * A picked file (a path or a `file://` URI, as react-native-image-picker answers) as a source.
   * Asynchronous, as the size comes from the file system.
   */
  fileSource(uriOrPath: string, options?: NativeFileSourceOptions): Promise<FileSource>;
  /** Rebuilds queued files after a restart: give it to `client.queue({ files })`. */
  readonly fileSourceFactory: FileSourceFactory;
  /** The offline cache in the module's caches directory; entries have `file://` URIs. */
  cacheStore(options?: FileCacheStoreOptions): FileCacheStore;
  /** The module as the adapter sees it. */
  readonly files: NativeFiles;
}

/** The kit over either module's {@link NativeFiles}. */
export function nativeFileKit(files: NativeFiles): NativeFileKit {
  return {
    fileSource: (uriOrPath, options) => nativeFileSource(files, uriOrPath, options),
    fileSourceFactory: nativeFileSourceFactory(files),
    cacheStore: (options) => new FileCacheStore(files, options),
    files,
  };
}
