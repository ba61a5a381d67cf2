/**
 * Every failure the SDK reports is an {@link AssetgateError}. `code` is the server's stable code
 * (problem+json `code`), or one of the client's own for failures that got no answer from the
 * server. {@link ERROR_CODES} is the one table saying which codes are worth retrying.
 */

/** Whether a code is retried (the same call may succeed later) or final, and what it means. */
export interface ErrorCodeInfo {
  readonly retryable: boolean;
  readonly meaning: string;
}

/**
 * The one table of error codes and their retry class. The client retries the retryable ones with
 * backoff; the upload queue waits them out; final ones fail at once. Codes the table does not
 * know are classed by status: 5xx and 408 retried, anything else final (see {@link isRetryable}).
 */
export const ERROR_CODES = {
  // No answer came (status 0).
  NETWORK: { retryable: true, meaning: 'The server or the storage could not be reached (offline, DNS, refused or reset connection).' },
  TIMEOUT: { retryable: true, meaning: 'No answer within the request timeout.' },
  ABORTED: { retryable: false, meaning: 'The caller cancelled (AbortSignal).' },
  // The server's codes.
  RATE_LIMITED: { retryable: true, meaning: 'Too many uploads per minute; retried after Retry-After.' },
  STORAGE_UNAVAILABLE: { retryable: true, meaning: 'The object store is down or slow; retried after Retry-After.' },
  DATABASE_UNAVAILABLE: { retryable: true, meaning: 'The server cannot reach its database; retried.' },
  UNAVAILABLE: { retryable: true, meaning: 'The server is starting or stopping; retried.' },
  INTERNAL: { retryable: true, meaning: 'An unexpected server error (500); retried.' },
  UNAUTHENTICATED: { retryable: false, meaning: 'No valid token (a refreshing provider has already renewed it once); sign in again.' },
  FORBIDDEN: { retryable: false, meaning: 'The token lacks the scope this call needs.' },
  QUOTA_EXCEEDED: { retryable: false, meaning: 'The owner\'s storage quota is used up.' },
  NOT_FOUND: { retryable: false, meaning: 'No such upload or asset for this caller.' },
  VALIDATION_FAILED: { retryable: false, meaning: 'A field of the request is missing or wrong.' },
  UPLOAD_TOO_LARGE: { retryable: false, meaning: 'The file is over the server\'s maximum size; nothing was sent.' },
  REQUEST_TOO_LARGE: { retryable: false, meaning: 'A JSON request body over the server\'s limit.' },
  CONTENT_TYPE_NOT_ALLOWED: { retryable: false, meaning: 'The server does not accept this type of file.' },
  UPLOAD_EXPIRED: { retryable: false, meaning: 'The upload expired before its bytes arrived (the uploader declares it again).' },
  UPLOAD_NOT_PENDING: { retryable: false, meaning: 'The upload was aborted or failed.' },
  UPLOAD_INCOMPLETE: { retryable: false, meaning: 'Complete was called before every byte was stored.' },
  ASSET_NOT_DOWNLOADABLE: { retryable: false, meaning: 'The asset is pending, not yet checked (AVAILABLE: wait for READY), quarantined or failed.' },
  INTEGRITY_MISMATCH: { retryable: false, meaning: 'The stored bytes differ from the declared size, checksum or type.' },
  IDEMPOTENCY_CONFLICT: { retryable: false, meaning: 'The Idempotency-Key was used before with another declaration.' },
  ALREADY_STORED: { retryable: false, meaning: 'The store already holds this upload\'s object (an attempt whose answer was lost); the uploader completes the upload.' },
  REQUEST_TIMEOUT: { retryable: true, meaning: 'The request body stopped arriving before the server\'s read timeout; sent again.' },
  STORAGE_MISCONFIGURED: { retryable: false, meaning: 'The object store refuses for good: wrong bucket, region or permissions.' },
  // The client's own, for the storage's answers and local files.
  STORAGE_REFUSED: { retryable: false, meaning: 'The storage refused a signed request even with a fresh URL.' },
  STORAGE_ERROR: { retryable: true, meaning: 'The storage answered 5xx to a signed request; retried.' },
  FILE_UNREADABLE: { retryable: false, meaning: 'The local file cannot be read.' },
  FILE_CHANGED: { retryable: false, meaning: 'The local file changed since the upload began.' },
  TOKEN_REFUSED: { retryable: false, meaning: 'The identity provider refused to issue or renew a token.' },
} as const satisfies Record<string, ErrorCodeInfo>;

export type KnownErrorCode = keyof typeof ERROR_CODES;

/** True when a call that failed with this code and status may succeed if tried again. */
export function isRetryable(code: string, status: number): boolean {
  const known = (ERROR_CODES as Record<string, ErrorCodeInfo>)[code];
  if (known) return known.retryable;
  return status >= 500 || status === 408 || status === 0;
}

/** Options of {@link AssetgateError}. */
export interface AssetgateErrorInit {
  readonly status?: number;
  readonly retryAfterMs?: number;
  readonly requestId?: string;
  readonly cause?: unknown;
  /** Overrides the table, e.g. a 401 that a refresh could still fix. */
  readonly retryable?: boolean;
}

/** A failure of a call to the server, the storage or the identity provider. */
export class AssetgateError extends Error {
  /** The server's code (`UPLOAD_TOO_LARGE`, ...) or the client's (`NETWORK`, `TIMEOUT`, `ABORTED`, ...). */
  readonly code: string;
  /** The HTTP status, or 0 when no answer came. */
  readonly status: number;
  /** True when the same call may succeed later (see {@link ERROR_CODES}). */
  readonly retryable: boolean;
  /** How long the server asked to wait (`Retry-After`), when it did. */
  readonly retryAfterMs?: number;
  /** The server's `X-Request-Id`, to quote in a support request. */
  readonly requestId?: string;

  constructor(code: string, message: string, init: AssetgateErrorInit = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'AssetgateError';
    this.code = code;
    this.status = init.status ?? 0;
    this.retryable = init.retryable ?? isRetryable(code, this.status);
    this.retryAfterMs = init.retryAfterMs;
    this.requestId = init.requestId;
  }
}

/** The error for a cancelled operation. */
export function aborted(what = 'The operation'): AssetgateError {
  return new AssetgateError('ABORTED', `${what} was cancelled.`);
}

/** True for an error that means the caller cancelled. */
export function isAbort(e: unknown): boolean {
  return e instanceof AssetgateError ? e.code === 'ABORTED' : (e as { name?: string })?.name === 'AbortError';
}
