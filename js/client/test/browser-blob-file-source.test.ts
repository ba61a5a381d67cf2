import { createHash } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { blobFileSourceFactory, fileSource } from '../src/browser/blob-file-source.js';
import { AssetgateError } from '../src/errors.js';

const bytes = Uint8Array.from({ length: 100_000 }, (_, i) => (i * 31) % 251);

function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('base64');
}

describe('browser fileSource (Node Blob and Web Crypto)', () => {
  it('takes name, type and size from a File, and lets options override them', () => {
    const file = new File([bytes], 'IMG_0001.jpg', { type: 'image/jpeg', lastModified: 1700000000000 });
    const source = fileSource(file);
    expect([source.name, source.type, source.size]).toEqual(['IMG_0001.jpg', 'image/jpeg', 100_000]);
    expect(source.fingerprint).toBe('blob:IMG_0001.jpg:100000:1700000000000');
    const renamed = fileSource(file, { name: 'holiday.jpg', type: 'image/png' });
    expect([renamed.name, renamed.type]).toEqual(['holiday.jpg', 'image/png']);
  });

  it('names a bare Blob "blob" with its own type', () => {
    const source = fileSource(new Blob([bytes], { type: 'video/mp4' }));
    expect([source.name, source.type]).toEqual(['blob', 'video/mp4']);
  });

  it('hashes exactly the requested range (the whole file, a middle part, the last byte)', async () => {
    const source = fileSource(new Blob([bytes]));
    expect(await source.sha256(0, bytes.length)).toBe(sha256(bytes));
    expect(await source.sha256(16_384, 65_536)).toBe(sha256(bytes.subarray(16_384, 65_536)));
    expect(await source.sha256(99_999, 100_000)).toBe(sha256(bytes.subarray(99_999)));
  });

  it('refuses to hash when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(fileSource(new Blob([bytes])).sha256(0, 10, controller.signal)).rejects.toMatchObject({ code: 'ABORTED' });
  });

  it('round-trips through its FileRef: the factory rebuilds the same file from the stored Blob', async () => {
    const file = new File([bytes], 'a.jpg', { type: 'image/jpeg' });
    const ref = structuredClone(fileSource(file).toRef()); // what IndexedDB does to it
    expect(ref.kind).toBe('blob');
    const rebuilt = await blobFileSourceFactory(ref);
    expect([rebuilt.name, rebuilt.type, rebuilt.size]).toEqual(['a.jpg', 'image/jpeg', 100_000]);
    expect(await rebuilt.sha256(0, 100_000)).toBe(sha256(bytes));
  });

  it('refuses a reference of another platform with FILE_UNREADABLE', () => {
    expect(() => blobFileSourceFactory({ kind: 'path', path: '/tmp/a.jpg' })).toThrow(AssetgateError);
    expect(() => blobFileSourceFactory({ kind: 'path', path: '/tmp/a.jpg' })).toThrow(/kind "path"/);
  });
});

describe('browser fileSource.send when the request fails without an answer', () => {
  /** An XMLHttpRequest that fails as a dropped connection does: an error event, no status. */
  class FailingXhr {
    upload = {} as { onprogress?: unknown };
    onerror?: () => void;
    open() {}
    setRequestHeader() {}
    send() {
      setTimeout(() => this.onerror?.());
    }
  }

  it('says NETWORK (retryable) when the file is still readable', async () => {
    vi.stubGlobal('XMLHttpRequest', FailingXhr);
    try {
      await expect(fileSource(new Blob([bytes])).send({ method: 'PUT', url: 'http://storage.invalid/x', headers: {}, start: 0, end: 10 })).rejects.toMatchObject({
        code: 'NETWORK',
        retryable: true,
      });
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('says FILE_UNREADABLE (final) when the picked file can no longer be read, so the queue stops retrying it', async () => {
    vi.stubGlobal('XMLHttpRequest', FailingXhr);
    /** A File whose file on disk was edited after it was picked: browsers then refuse to read it. */
    class StaleFile extends Blob {
      override slice(): Blob {
        return new StaleFile([]);
      }
      override arrayBuffer(): Promise<ArrayBuffer> {
        return Promise.reject(new DOMException('changed', 'NotReadableError'));
      }
    }
    try {
      await expect(fileSource(new StaleFile([bytes])).send({ method: 'PUT', url: 'http://storage.invalid/x', headers: {}, start: 0, end: 10 })).rejects.toMatchObject({
        code: 'FILE_UNREADABLE',
        retryable: false,
      });
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
