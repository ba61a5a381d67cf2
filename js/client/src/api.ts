/**
 * Calls to the Assetgate API: the bearer token, JSON, problem+json errors, one token renewal on
 * 401, and retries with backoff. The bearer token MUST only go to the server's base URL.
 */
import type { Clock } from './ports.js';
import type { AuthProvider } from './auth/auth-provider.js';
import { AssetgateError } from './errors.js';
import { errorFromAnswer, exchange, type FetchLike } from './http.js';
import { withRetry, type RetryPolicy } from './retry.js';

export interface ApiCallOptions {
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  readonly signal?: AbortSignal;
  /** False for a single attempt (a best-effort abort). */
  readonly retry?: boolean;
  /** This call's timeout, when it differs from the client's (complete verifies a whole file). */
  readonly timeoutMs?: number;
}

export interface ApiSettings {
  readonly server: string;
  readonly auth: AuthProvider;
  readonly fetch: FetchLike;
  readonly timeoutMs: number;
  readonly retry: RetryPolicy;
  readonly clock: Clock;
}

export class Api {
  readonly base: string;

  constructor(readonly settings: ApiSettings) {
    this.base = settings.server.replace(/\/+$/, '');
  }

  /** A JSON call with retries; answers the parsed body, or undefined for no content. */
  call<T>(method: string, path: string, options: ApiCallOptions = {}): Promise<T> {
    const once = () => this.once<T>(method, path, options);
    return options.retry === false ? once() : withRetry(this.settings.retry, this.settings.clock, once, options.signal);
  }

  /** One JSON call (a 401 renews the token and is tried once more). */
  async once<T>(method: string, path: string, options: ApiCallOptions = {}): Promise<T> {
    const init: RequestInit = { method, headers: { Accept: 'application/json, application/problem+json', ...options.headers } };
    if (options.body !== undefined) {
      (init.headers as Record<string, string>)['Content-Type'] = 'application/json';
      init.body = JSON.stringify(options.body);
    }
    const { text } = await this.authorized(path, init, options.signal, true, options.timeoutMs);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /**
   * A request with the bearer token whose answer is returned unread (a download, the event
   * stream). Only the headers are awaited under the timeout. Errors are thrown as for JSON calls.
   */
  async open(path: string, init: RequestInit, signal?: AbortSignal, timeoutMs = this.settings.timeoutMs): Promise<Response> {
    const { response } = await this.authorized(path, init, signal, false, timeoutMs);
    return response;
  }

  private async authorized(path: string, init: RequestInit, signal: AbortSignal | undefined, readBody: boolean, timeoutMs = this.settings.timeoutMs) {
    const url = this.base + path;
    for (let attempt = 0; ; attempt++) {
      const token = await this.settings.auth.getToken(signal);
      const headers = { ...(init.headers as Record<string, string>), Authorization: `Bearer ${token}` };
      const result = await exchange(this.settings.fetch, url, { ...init, headers }, { signal, timeoutMs, readBody });
      const { response } = result;
      if (response.status === 401 && attempt === 0 && (await this.settings.auth.invalidate(token))) {
        await response.body?.cancel().catch(() => undefined);
        continue;
      }
      if (response.ok || response.status === 303 || response.type === 'opaqueredirect') return result;
      const text = readBody ? result.text : await response.text().catch(() => '');
      throw errorFromAnswer(response.status, (n) => response.headers.get(n), text, `${init.method ?? 'GET'} ${path}`);
    }
  }
}

export function isNotFound(e: unknown): boolean {
  return e instanceof AssetgateError && e.code === 'NOT_FOUND';
}
