import { statSync } from 'node:fs';
import { AssetgateError } from '../index.js';
import type { FileRef, FileSource, FileSourceFactory } from '../ports.js';
import { fileSource, type PathRef } from './file-source.js';

/**
 * Turns the queue's stored references back into files. A file that changed since it was queued
 * (size or modification time) fails the item with FILE_CHANGED rather than upload other bytes.
 */
export const nodeFiles: FileSourceFactory = (ref: FileRef): FileSource => {
  if (ref.kind !== 'path') throw new AssetgateError('FILE_UNREADABLE', `nodeFiles cannot open a file reference of kind "${ref.kind}".`);
  const p = ref as PathRef;
  let now;
  try {
    now = statSync(p.path);
  } catch (e) {
    throw new AssetgateError('FILE_UNREADABLE', `The queued file ${p.path} cannot be read: ${(e as Error).message}`, { cause: e });
  }
  if (now.size !== p.size || now.mtimeMs !== p.mtimeMs) {
    throw new AssetgateError('FILE_CHANGED', `The queued file ${p.path} changed since it was queued; queue it again.`);
  }
  return fileSource(p.path, { name: p.name, contentType: p.contentType });
};
