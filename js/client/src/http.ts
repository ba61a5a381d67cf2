/**
 * One HTTP exchange through `fetch`, with a timeout and the caller's signal, turning every way
 * it can fail into an {@link AssetgateError}: no answer (NETWORK), too slow (TIMEOUT), cancelled
 * (ABORTED), or an error answer (its problem+json `code`, or one derived from the status).
 */
import { AssetgateError, aborted } from './errors.js';
import { linkedController } from './signals.js';
import { parseRetryAfter } from './retry.js';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface ExchangeOptions {
  readonly signal?: AbortSignal;
  /** Milliseconds until the answer's headers (and, with `readBody`, its body) must have come. */
  readonly timeoutMs?: number;
  /** Reads the body as text under the same timeout. */
  readonly readBody?: boolean;
}

export interface Exchange {
  readonly response: Response;
  /** The body, when `readBody` was set. */
  readonly text: string;
}

/** Sends one request; rejects only with an {@link AssetgateError}. Does not look at the status. */
export async function exchange(fetchImpl: FetchLike, url: string, init: RequestInit, opts: ExchangeOptions = {}): Promise<Exchange> {
  const { controller, dispose } = linkedController(opts.signal);
  let timedOut = false;
  const timer = opts.timeoutMs
    ? setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, opts.timeoutMs)
    : undefined;
  try {
    const response = await fetchImpl(url, { ...init, signal: controller.signal });
    const text = opts.readBody ? await response.text() : '';
    return { response, text };
  } catch (e) {
    if (timedOut) {
      throw new AssetgateError('TIMEOUT', `${describe(init, url)}: no answer within ${opts.timeoutMs} ms. The server or the network is too slow; it will be retried.`, { cause: e });
    }
    if (opts.signal?.aborted) throw aborted(describe(init, url));
    throw networkError(init, url, e);
  } finally {
    if (timer) clearTimeout(timer);
    dispose();
  }
}

/** A NETWORK error whose message names what failed (DNS, refused, reset) in words a user can act on. */
export function networkError(init: { method?: string }, url: string, e: unknown): AssetgateError {
  const cause = (e as { cause?: { code?: string; message?: string } })?.cause;
  const code = cause?.code ?? (e as { code?: string })?.code;
  const reason =
    code === 'ENOTFOUND' || code === 'EAI_AGAIN'
      ? 'the host name does not resolve (check the server address, or the device is offline)'
      : code === 'ECONNREFUSED'
        ? 'the connection was refused (the server is down or the port is wrong)'
        : code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE'
          ? 'the connection was reset'
          : cause?.message ?? (e as Error)?.message ?? String(e);
  return new AssetgateError('NETWORK', `${describe(init, url)} failed: ${reason}. It will be retried when the network is back.`, { cause: e });
}

function describe(init: { method?: string }, url: string): string {
  let where = url;
  try {
    const u = new URL(url);
    where = `${u.origin}${u.pathname}`; // never the query: signed URLs carry credentials there
  } catch {
    // not a URL: keep it as given
  }
  return `${init.method ?? 'GET'} ${where}`;
}

/** The error an answer carries: its problem+json code and detail, or a code derived from the status. */
export function errorFromAnswer(status: number, header: (name: string) => string | null, body: string, what: string): AssetgateError {
  let code: string | undefined;
  let detail: string | undefined;
  let requestId = header('x-request-id') ?? undefined;
  try {
    const json = JSON.parse(body) as { code?: string; detail?: string; title?: string; requestId?: string };
    code = typeof json.code === 'string' ? json.code : undefined;
    detail = json.detail ?? json.title;
    requestId ??= json.requestId;
  } catch {
    // Not JSON (a proxy's HTML page, the storage's XML): the status tells what to do.
  }
  code ??= codeForStatus(status);
  const hint = HINTS[code] ? ` ${HINTS[code]}` : '';
  return new AssetgateError(code, `${what}: ${detail ?? `HTTP ${status}`} (${code}).${hint}`, {
    status,
    requestId,
    retryAfterMs: parseRetryAfter(header('retry-after')),
  });
}

function codeForStatus(status: number): string {
  switch (status) {
    case 400: return 'VALIDATION_FAILED';
    case 401: return 'UNAUTHENTICATED';
    case 403: return 'FORBIDDEN';
    case 404: return 'NOT_FOUND';
    case 413: return 'UPLOAD_TOO_LARGE';
    case 415: return 'CONTENT_TYPE_NOT_ALLOWED';
    case 429: return 'RATE_LIMITED';
    case 502: case 503: case 504: return 'UNAVAILABLE';
    default: return status >= 500 ? 'INTERNAL' : `HTTP_${status}`;
  }
}

/** What the user can do about a final error, appended to its message. */
const HINTS: Record<string, string> = {
  UNAUTHENTICATED: 'Sign in again.',
  FORBIDDEN: 'Your account is not allowed to do this; ask for the needed scope.',
  UPLOAD_TOO_LARGE: 'Choose a smaller file.',
  CONTENT_TYPE_NOT_ALLOWED: 'This type of file is not accepted.',
  QUOTA_EXCEEDED: 'Delete some assets or ask for a larger quota.',
  STORAGE_MISCONFIGURED: 'The server\'s storage settings need fixing; tell its operator.',
};
