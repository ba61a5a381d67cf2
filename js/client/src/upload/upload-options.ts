import type { UploadInfo } from '../types.js';

/** Options of one upload. */
export interface UploadOptions {
  /** Bytes the storage has received so far, of `total`; reaches `total` before the upload completes. */
  readonly onProgress?: (sent: number, total: number) => void;
  /** Cancels the upload; it is then aborted on the server (`DELETE /v1/uploads/{id}`). */
  readonly signal?: AbortSignal;
  /**
   * Sent as `Idempotency-Key`: the same key (with the same file) never makes a second upload,
   * so a create retried after a lost answer or a restart finds the first one. Random by default.
   */
  readonly idempotencyKey?: string;
  /** The filename declared to the server; the source's name by default. */
  readonly filename?: string;
  /** The content type declared; the source's type, else guessed from the filename. */
  readonly contentType?: string;
  /**
   * Called as soon as the server has created the upload: persist `uploadId` to resume with
   * `client.resume(uploadId, file)` after a crash or an app restart.
   */
  readonly onCreated?: (upload: UploadInfo) => void | Promise<void>;
  /**
   * What a cancel through `signal` does: abort the upload on the server (true, the default), or
   * only stop sending, keeping it to resume later (false; the queue pauses this way).
   */
  readonly abortOnCancel?: boolean;
}
