/** OIDC discovery and form posts to an OAuth2 token endpoint, shared by the token providers. */
import { AssetgateError } from '../errors.js';
import { exchange, type FetchLike } from '../http.js';
import type { Tokens } from './auth-provider.js';

/** The endpoints an issuer publishes at `/.well-known/openid-configuration`. */
export interface OidcConfiguration {
  readonly issuer: string;
  readonly token_endpoint: string;
  readonly authorization_endpoint?: string;
  readonly device_authorization_endpoint?: string;
  readonly revocation_endpoint?: string;
}

/** What every provider talking to an issuer is given. */
export interface IssuerOptions {
  /** The issuer URL; for Assetgate's embedded identity provider, the server's URL. */
  readonly issuer: string;
  readonly clientId: string;
  readonly fetch?: FetchLike;
}

const discovered = new Map<string, Promise<OidcConfiguration>>();

/** Reads (once per issuer) the issuer's discovery document. */
export function discover(issuer: string, fetchImpl: FetchLike = defaultFetch): Promise<OidcConfiguration> {
  const base = issuer.replace(/\/+$/, '');
  let found = discovered.get(base);
  if (!found) {
    found = (async () => {
      const url = `${base}/.well-known/openid-configuration`;
      const { response, text } = await exchange(fetchImpl, url, { headers: { Accept: 'application/json' } }, { timeoutMs: 30_000, readBody: true });
      if (!response.ok) {
        throw new AssetgateError('TOKEN_REFUSED', `No OpenID configuration at ${url} (HTTP ${response.status}). Check the issuer URL.`, { status: response.status, retryable: response.status >= 500 });
      }
      return JSON.parse(text) as OidcConfiguration;
    })();
    found.catch(() => discovered.delete(base));
    discovered.set(base, found);
  }
  return found;
}

/** Posts a form to a token (or device authorization) endpoint; answers the JSON, or throws with the OAuth2 `error` as code. */
export async function postForm(endpoint: string, form: Record<string, string | undefined>, fetchImpl: FetchLike = defaultFetch, signal?: AbortSignal): Promise<Record<string, unknown>> {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) if (v !== undefined) body.set(k, v);
  const { response, text } = await exchange(
    fetchImpl,
    endpoint,
    { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' }, body: body.toString() },
    { timeoutMs: 30_000, readBody: true, signal },
  );
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // an HTML error page: the status speaks
  }
  if (response.ok) return json;
  const error = typeof json.error === 'string' ? json.error : 'TOKEN_REFUSED';
  const description = typeof json.error_description === 'string' ? json.error_description : `HTTP ${response.status}`;
  throw new AssetgateError(error, `The identity provider refused: ${error} (${description}).`, {
    status: response.status,
    retryable: response.status >= 500 || response.status === 429,
  });
}

/** The tokens of a successful token answer; a missing refresh token keeps `previousRefresh`. */
export function tokensFrom(json: Record<string, unknown>, now: number, previousRefresh?: string): Tokens {
  if (typeof json.access_token !== 'string') {
    throw new AssetgateError('TOKEN_REFUSED', 'The identity provider answered no access token.', { status: 200 });
  }
  const expiresIn = typeof json.expires_in === 'number' ? json.expires_in : 300;
  return {
    accessToken: json.access_token,
    refreshToken: typeof json.refresh_token === 'string' ? json.refresh_token : previousRefresh,
    idToken: typeof json.id_token === 'string' ? json.id_token : undefined,
    scope: typeof json.scope === 'string' ? json.scope : undefined,
    expiresAt: now + expiresIn * 1000,
  };
}

/** Renew a token when it has less than this left, so that it cannot expire in flight. */
export const RENEW_MARGIN_MS = 30_000;

export const defaultFetch: FetchLike = (input, init) => globalThis.fetch(input, init);
