/** Token providers for the OAuth2 grants a program can run without a person: refresh tokens and client credentials. */
import { AssetgateError } from '../errors.js';
import type { AuthProvider, Tokens } from './auth-provider.js';
import { renewingProvider } from './renewing.js';
import { defaultFetch, discover, postForm, tokensFrom, type IssuerOptions } from './token-endpoint.js';

export interface RefreshingTokenOptions extends IssuerOptions {
  /** The tokens from sign-in (device code, authorization code): at least a refresh token. */
  readonly tokens: Tokens | { readonly refreshToken: string };
  /** For confidential clients only; apps and browsers have none. */
  readonly clientSecret?: string;
  /**
   * Called with each renewal. Issuers that rotate refresh tokens spend the old one: the app MUST
   * persist the new tokens (secure storage) to stay signed in after a restart.
   */
  readonly onTokens?: (tokens: Tokens) => void | Promise<void>;
}

/**
 * Keeps an access token valid with an OIDC refresh token (RFC 6749 section 6): renewed before it
 * expires, and once more when the server answers 401, also in the middle of a long upload. The
 * token endpoint is found by discovery at the issuer.
 */
export function refreshingToken(options: RefreshingTokenOptions): AuthProvider & { tokens(): Tokens | undefined } {
  const fetchImpl = options.fetch ?? defaultFetch;
  const initial = 'accessToken' in options.tokens ? options.tokens : undefined;
  let refreshToken = options.tokens.refreshToken;
  if (!refreshToken) throw new AssetgateError('TOKEN_REFUSED', 'refreshingToken needs a refresh token; sign in with a grant that issues one.');
  return renewingProvider(async (_current, signal) => {
    const { token_endpoint } = await discover(options.issuer, fetchImpl);
    const json = await postForm(
      token_endpoint,
      { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: options.clientId, client_secret: options.clientSecret },
      fetchImpl,
      signal,
    );
    const tokens = tokensFrom(json, Date.now(), refreshToken);
    refreshToken = tokens.refreshToken;
    await options.onTokens?.(tokens);
    return tokens;
  }, initial);
}

export interface ClientCredentialsOptions extends IssuerOptions {
  readonly clientSecret: string;
  /** Space-separated scopes; `assets:read assets:write` when left out (some issuers grant none unless asked). */
  readonly scope?: string;
}

/** OAuth2 client credentials (RFC 6749 section 4.4) for services: fetched again before expiry or after a 401. */
export function clientCredentials(options: ClientCredentialsOptions): AuthProvider {
  const fetchImpl = options.fetch ?? defaultFetch;
  return renewingProvider(async (_current, signal) => {
    const { token_endpoint } = await discover(options.issuer, fetchImpl);
    const json = await postForm(
      token_endpoint,
      { grant_type: 'client_credentials', client_id: options.clientId, client_secret: options.clientSecret, scope: options.scope ?? 'assets:read assets:write' },
      fetchImpl,
      signal,
    );
    return tokensFrom(json, Date.now());
  });
}
