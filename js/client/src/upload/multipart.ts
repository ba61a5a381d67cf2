/**
 * The parts of one MULTIPART upload, sent in parallel. Each part is retried on its own; parts the
 * store already holds (after a crash or a restart) are not sent again. The first part that fails
 * for good stops the others. Each part's checksum (in the store's own algorithm) is computed as it
 * is sent and listed at complete, where the server checks it against the store's digest.
 */
import type { FileSource } from '../ports.js';
import type { Asset, SignedTarget, UploadInfo } from '../types.js';
import { AssetgateError, aborted } from '../errors.js';
import { linkedController } from '../signals.js';
import type { Api } from '../api.js';
import { rangeChecksum, storeAlgorithm, tagged } from './checksums.js';
import { sendRange, type RangeSent } from './signed-put.js';
import type { UploadOptions } from './upload-options.js';
import { completeTimeout, type UploaderSettings } from './uploader.js';

const URL_BATCH = 100;

export async function sendMultipart(api: Api, settings: UploaderSettings, upload: UploadInfo, file: FileSource, options: UploadOptions): Promise<Asset> {
  const partSize = upload.partSize!;
  const count = upload.partCount!;
  const size = file.size;
  const algorithm = storeAlgorithm(upload.checksumAlgorithm);
  const range = (n: number) => [(n - 1) * partSize, Math.min(n * partSize, size)] as const;
  const done = new Map<number, RangeSent>();
  let stored = 0;
  const inFlight = new Map<number, number>();
  const progress = () => {
    let sent = stored;
    for (const b of inFlight.values()) sent += b;
    options.onProgress?.(sent, size);
  };

  for (const held of upload.parts ?? []) {
    const [start, end] = range(held.partNumber);
    if (held.partNumber <= count && held.size === end - start) {
      done.set(held.partNumber, { etag: held.etag, checksum: await rangeChecksum(file, algorithm, start, end, options.signal) });
      stored += held.size;
    }
  }
  progress();

  const urls = new Map<number, Promise<SignedTarget>>();
  const fetchUrls = (numbers: number[], signal: AbortSignal) => {
    const batch = api.call<{ parts: SignedTarget[] }>('POST', `/v1/uploads/${upload.uploadId}/parts`, { body: { partNumbers: numbers }, signal });
    for (const n of numbers) {
      const one = batch.then(({ parts }) => {
        const t = parts.find((p) => p.partNumber === n);
        if (!t) throw new AssetgateError('INTERNAL', `The server signed no URL for part ${n}.`, { status: 200, retryable: true });
        return t;
      });
      one.catch(() => urls.delete(n));
      urls.set(n, one);
    }
  };
  const target = (n: number, fresh: boolean, signal: AbortSignal): Promise<SignedTarget> => {
    if (fresh || !urls.has(n)) {
      const batch = [n];
      for (let m = n + 1; !fresh && m <= count && batch.length < URL_BATCH; m++) if (!urls.has(m) && !done.has(m)) batch.push(m);
      fetchUrls(batch, signal);
    }
    return urls.get(n)!;
  };

  const todo: number[] = [];
  for (let n = 1; n <= count; n++) if (!done.has(n)) todo.push(n);
  const stop = linkedController(options.signal);
  let failure: unknown;
  const worker = async () => {
    for (let n = todo.shift(); n !== undefined && !stop.controller.signal.aborted; n = todo.shift()) {
      const [start, end] = range(n);
      const part = n;
      try {
        const sent = await sendRange({
          source: file,
          start,
          end,
          target: (fresh) => target(part, fresh, stop.controller.signal),
          checksum: algorithm,
          onProgress: (bytes) => {
            inFlight.set(part, bytes);
            progress();
          },
          signal: stop.controller.signal,
          timeoutMs: settings.timeoutMs,
          retry: settings.retry,
          clock: settings.clock,
        });
        done.set(part, sent);
        stored += end - start;
      } catch (e) {
        failure ??= e;
        stop.controller.abort();
      } finally {
        inFlight.delete(part);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(settings.partConcurrency, todo.length) }, worker));
  } finally {
    stop.dispose();
  }
  if (options.signal?.aborted) throw aborted('The upload');
  if (failure) throw failure;
  progress();

  const parts = [...done.entries()]
    .sort(([a], [b]) => a - b)
    .map(([partNumber, p]) => ({ partNumber, etag: p.etag ?? '', checksum: algorithm ? tagged(algorithm, p.checksum) : undefined }));
  return api.call<Asset>('POST', `/v1/uploads/${upload.uploadId}/complete`, { body: { parts }, signal: options.signal, timeoutMs: completeTimeout(settings.timeoutMs) });
}
