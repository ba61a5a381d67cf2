/**
 * Drives one upload through the API: declare it, send the bytes as the server's answer says (one
 * signed PUT, or parts in parallel), complete it. An upload that expired before its bytes arrived
 * is declared again under a derived idempotency key; the expired one can never become an asset.
 */
import type { Clock, FileSource } from '../ports.js';
import type { Asset, UploadInfo } from '../types.js';
import { AssetgateError, isAbort } from '../errors.js';
import { randomId } from '../base64.js';
import { guessContentType } from '../content-types.js';
import type { Api } from '../api.js';
import type { RetryPolicy } from '../retry.js';
import { rangeChecksum, storeAlgorithm, tagged } from './checksums.js';
import { sendMultipart } from './multipart.js';
import { sendRange } from './signed-put.js';
import type { UploadOptions } from './upload-options.js';

export interface UploaderSettings {
  readonly partConcurrency: number;
  /** Milliseconds without progress before a part fails with TIMEOUT. */
  readonly timeoutMs: number;
  readonly retry: RetryPolicy;
  readonly clock: Clock;
  /**
   * Files up to this size declare their SHA-256 at create, which the server binds into the signed
   * URL (the store refuses other bytes). Larger ones would be read twice for it; they give the
   * store's checksum of each part, computed while sending, at complete instead.
   */
  readonly declareChecksumUpTo: number;
}

const MAX_REDECLARATIONS = 2;

/**
 * Complete checks the stored object (and assembles parts, a copy of the whole file on some
 * stores) before it answers: on a large file that takes far longer than an ordinary call.
 */
export function completeTimeout(timeoutMs: number): number {
  return Math.max(timeoutMs * 10, 5 * 60_000);
}

export class Uploader {
  constructor(private readonly api: Api, private readonly settings: UploaderSettings) {}

  async upload(file: FileSource, options: UploadOptions = {}): Promise<Asset> {
    const key = options.idempotencyKey ?? randomId();
    for (let generation = 0; ; generation++) {
      const upload = await this.create(file, options, generation === 0 ? key : `${key}~${generation}`);
      await options.onCreated?.(upload);
      try {
        return await this.send(upload, file, options, false);
      } catch (e) {
        if (!(e instanceof AssetgateError) || e.code !== 'UPLOAD_EXPIRED' || generation >= MAX_REDECLARATIONS) throw e;
      }
    }
  }

  /** Declares the upload. A file over the server's limit fails here (413) before any byte is sent. */
  async create(file: FileSource, options: UploadOptions, idempotencyKey: string): Promise<UploadInfo> {
    const filename = options.filename ?? file.name;
    const body: Record<string, unknown> = {
      filename,
      contentType: options.contentType || file.type || guessContentType(filename),
      size: file.size,
    };
    if (file.size <= this.settings.declareChecksumUpTo) body.checksum = `sha256:${await file.sha256(0, file.size, options.signal)}`;
    return this.api.call<UploadInfo>('POST', '/v1/uploads', { body, headers: { 'Idempotency-Key': idempotencyKey }, signal: options.signal });
  }

  /** Continues an upload created earlier (perhaps by another process), sending only what the store lacks. */
  async resume(uploadId: string, file: FileSource, options: UploadOptions = {}): Promise<Asset> {
    const upload = await this.get(uploadId, options.signal);
    if (upload.size !== undefined && upload.size !== file.size) {
      throw new AssetgateError('FILE_CHANGED', `The file's size (${file.size}) differs from the upload's (${upload.size}); upload it anew.`);
    }
    return this.send(upload, file, options, true);
  }

  get(uploadId: string, signal?: AbortSignal): Promise<UploadInfo> {
    return this.api.call<UploadInfo>('GET', `/v1/uploads/${uploadId}`, { signal });
  }

  private async send(upload: UploadInfo, file: FileSource, options: UploadOptions, resuming: boolean): Promise<Asset> {
    if (upload.mode === 'EXISTING') return this.api.call<Asset>('GET', `/v1/assets/${upload.assetId}`, { signal: options.signal });
    switch (upload.state) {
      case 'COMPLETED':
        return this.complete(upload.uploadId, undefined, options.signal);
      case 'EXPIRED':
        throw new AssetgateError('UPLOAD_EXPIRED', 'The upload expired before its bytes arrived.', { status: 410 });
      case 'ABORTED':
      case 'FAILED':
        throw new AssetgateError('UPLOAD_NOT_PENDING', `The upload is ${upload.state.toLowerCase()}; upload the file anew.`, { status: 409 });
    }
    try {
      if (upload.mode === 'MULTIPART') return await sendMultipart(this.api, this.settings, upload, file, options);
      return await this.sendSingle(upload, file, options, resuming);
    } catch (e) {
      if (isAbort(e) && options.abortOnCancel !== false) await this.abortQuietly(upload.uploadId);
      throw e;
    }
  }

  private async sendSingle(upload: UploadInfo, file: FileSource, options: UploadOptions, resuming: boolean): Promise<Asset> {
    // A declared checksum is already bound into the URL; else give the store's own at complete.
    const algorithm = upload.checksum ? undefined : storeAlgorithm(upload.checksumAlgorithm);
    if (resuming) {
      // The bytes may have arrived before the interruption: completing tells.
      try {
        const checksum = tagged(algorithm!, await rangeChecksum(file, algorithm, 0, file.size, options.signal));
        return await this.complete(upload.uploadId, checksum, options.signal);
      } catch (e) {
        if (!(e instanceof AssetgateError) || e.code !== 'UPLOAD_INCOMPLETE') throw e;
      }
    }
    options.onProgress?.(0, file.size);
    const sent = await sendRange({
      source: file,
      start: 0,
      end: file.size,
      target: async (fresh) => {
        const target = fresh ? (await this.get(upload.uploadId, options.signal)).target : upload.target;
        if (!target) throw new AssetgateError('UPLOAD_EXPIRED', 'The upload expired before its bytes arrived.', { status: 410 });
        return target;
      },
      checksum: algorithm,
      onProgress: (bytes) => options.onProgress?.(bytes, file.size),
      signal: options.signal,
      timeoutMs: this.settings.timeoutMs,
      retry: this.settings.retry,
      clock: this.settings.clock,
    });
    options.onProgress?.(file.size, file.size);
    return this.complete(upload.uploadId, algorithm ? tagged(algorithm, sent.checksum) : undefined, options.signal);
  }

  private complete(uploadId: string, checksum: string | undefined, signal?: AbortSignal): Promise<Asset> {
    return this.api.call<Asset>('POST', `/v1/uploads/${uploadId}/complete`, { body: checksum ? { checksum } : undefined, signal, timeoutMs: completeTimeout(this.settings.timeoutMs) });
  }

  /** Best effort: the server expires abandoned uploads anyway. */
  async abortQuietly(uploadId: string): Promise<void> {
    await this.api.call('DELETE', `/v1/uploads/${uploadId}`, { retry: false }).catch(() => undefined);
  }
}
