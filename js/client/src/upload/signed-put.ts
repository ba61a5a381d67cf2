/**
 * Sends one byte range of a file to a signed URL: retried with backoff on its own, with a fresh
 * URL when the store refuses the one it has (expired: 403), and the store's answers turned into
 * errors a user can act on. No bearer token ever goes with these requests.
 */
import type { Clock, FileSource } from '../ports.js';
import type { SignedTarget } from '../types.js';
import { AssetgateError } from '../errors.js';
import { errorFromAnswer } from '../http.js';
import { parseRetryAfter, withRetry, type RetryPolicy } from '../retry.js';

export interface RangeSend {
  readonly source: FileSource;
  readonly start: number;
  readonly end: number;
  /** The URL to send to; `fresh` asks for a newly signed one. */
  readonly target: (fresh: boolean) => Promise<SignedTarget>;
  readonly checksum?: 'sha256' | 'md5';
  /** Bytes of this range sent so far in the current attempt. */
  readonly onProgress?: (sent: number) => void;
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
  readonly retry: RetryPolicy;
  readonly clock: Clock;
}

export interface RangeSent {
  readonly etag: string | null;
  /** The checksum asked for, computed while sending (or by reading the range again for SHA-256). */
  readonly checksum?: string;
}

/** A URL is fetched fresh when it has less than this left. */
const URL_MARGIN_MS = 1_000;
/** Fresh URLs asked for within one attempt, at most (each after the store refused the last). */
const MAX_FRESH = 3;

export function sendRange(r: RangeSend): Promise<RangeSent> {
  return withRetry(r.retry, r.clock, () => attempt(r), r.signal);
}

async function attempt(r: RangeSend): Promise<RangeSent> {
  let target = await r.target(false);
  let fresh = 0;
  if (expiresWithin(target, URL_MARGIN_MS, r.clock.now())) {
    target = await r.target(true);
    fresh++;
  }
  for (;;) {
    const response = await r.source.send({
      method: target.method,
      url: target.url,
      headers: target.headers,
      start: r.start,
      end: r.end,
      signal: r.signal,
      onProgress: r.onProgress,
      timeoutMs: r.timeoutMs,
      checksum: r.checksum,
    });
    if (response.status >= 200 && response.status < 300) {
      let checksum = response.checksum;
      if (checksum === undefined && r.checksum === 'sha256') checksum = await r.source.sha256(r.start, r.end, r.signal);
      return { etag: response.header('etag'), checksum };
    }
    if (response.status === 412) {
      // A single PUT may create its object once (If-None-Match: *, or the local store's own
      // rule): it is stored, by an attempt whose answer was lost. Complete verifies it against the
      // declaration, so bytes stored by anyone else fail there.
      return { etag: response.header('etag'), checksum: undefined };
    }
    const error = storeError(response.status, response.header, response.body);
    if (error.code === URL_REFUSED) {
      // Expired meanwhile (a long upload, a paused app, a slow part; the store may count in whole
      // seconds, or its clock run ahead): signed anew at once. Refused every time: the store will
      // not take these bytes.
      if (fresh >= MAX_FRESH) {
        throw new AssetgateError('STORAGE_REFUSED', `The storage refused the upload even with a freshly signed URL (HTTP ${response.status}). ${error.message}`, { status: response.status });
      }
      target = await r.target(true);
      fresh++;
      continue;
    }
    throw error;
  }
}

const URL_REFUSED = 'URL_REFUSED';

function expiresWithin(target: SignedTarget, ms: number, now: number): boolean {
  return !!target.expiresAt && Date.parse(target.expiresAt) - ms <= now;
}

/** S3 error codes that no retry and no fresh URL can fix: the server's store settings are wrong. */
const MISCONFIGURED = new Set(['NoSuchBucket', 'PermanentRedirect', 'AuthorizationHeaderMalformed', 'InvalidAccessKeyId', 'InvalidBucketName', 'AllAccessDisabled', 'AccountProblem', 'IllegalLocationConstraintException']);

/** The error for a storage answer: S3's XML `<Code>`, the local store's problem+json, or the status. */
export function storeError(status: number, header: (name: string) => string | null, body: string): AssetgateError {
  const s3Code = /<Code>([^<]+)<\/Code>/.exec(body)?.[1];
  const s3Message = /<Message>([^<]+)<\/Message>/.exec(body)?.[1];
  if (s3Code && MISCONFIGURED.has(s3Code)) {
    return new AssetgateError('STORAGE_MISCONFIGURED', `The storage refused for good: ${s3Code}${s3Message ? ` (${s3Message})` : ''}. The server's storage settings (bucket, region or keys) need fixing; tell its operator.`, { status });
  }
  if (status === 403 || (status === 400 && s3Code === 'ExpiredToken') || s3Code === 'AccessDenied' || s3Code === 'SignatureDoesNotMatch') {
    return new AssetgateError(URL_REFUSED, `The storage refused the signed URL: ${s3Code ?? 'HTTP ' + status}${s3Message ? ` (${s3Message})` : ''}.`, { status, retryable: false });
  }
  if (s3Code === 'NoSuchUpload') {
    return new AssetgateError('UPLOAD_NOT_PENDING', 'The storage no longer holds this multipart upload (aborted or expired).', { status, retryable: false });
  }
  if (status >= 500 || status === 429) {
    return new AssetgateError(status === 503 || status === 429 ? 'STORAGE_UNAVAILABLE' : 'STORAGE_ERROR', `The storage answered HTTP ${status}${s3Code ? ` (${s3Code})` : ''}; it will be retried.`, {
      status,
      retryable: true,
      retryAfterMs: parseRetryAfter(header('retry-after')),
    });
  }
  return errorFromAnswer(status, header, body, 'The storage');
}
