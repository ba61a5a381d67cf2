/**
 * Authorization code with PKCE (RFC 7636) for browsers and apps, as primitives: the browser
 * adapter adds the redirect glue; React Native passes its own `openAuthSession`.
 */
import { AssetgateError } from '../errors.js';
import { bytesToBase64Url } from '../base64.js';
import type { Tokens } from './auth-provider.js';
import { defaultFetch, discover, postForm, tokensFrom, type IssuerOptions } from './token-endpoint.js';

/** A code verifier and its S256 challenge. Keep the verifier secret until the code exchange. */
export interface Pkce {
  readonly verifier: string;
  readonly challenge: string;
  readonly method: 'S256';
}

/** Makes a random verifier (32 bytes, 43 characters) and its SHA-256 challenge with Web Crypto. */
export async function createPkce(): Promise<Pkce> {
  const random = new Uint8Array(32);
  globalThis.crypto.getRandomValues(random);
  const verifier = bytesToBase64Url(random);
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return { verifier, challenge: bytesToBase64Url(new Uint8Array(digest)), method: 'S256' };
}

export interface AuthorizeOptions extends IssuerOptions {
  readonly redirectUri: string;
  /** Space-separated scopes; `openid assets:read assets:write` by default. */
  readonly scope?: string;
}

/** What a sign-in in progress must remember across the redirect (e.g. in sessionStorage). */
export interface AuthorizationRequest {
  readonly url: string;
  readonly state: string;
  readonly verifier: string;
  readonly redirectUri: string;
}

/** Builds the authorize URL with a fresh PKCE pair and state. */
export async function buildAuthorizeUrl(options: AuthorizeOptions): Promise<AuthorizationRequest> {
  const config = await discover(options.issuer, options.fetch ?? defaultFetch);
  if (!config.authorization_endpoint) throw new AssetgateError('TOKEN_REFUSED', `The issuer ${options.issuer} has no authorization endpoint.`);
  const pkce = await createPkce();
  const state = bytesToBase64Url(globalThis.crypto.getRandomValues(new Uint8Array(16)));
  const url = new URL(config.authorization_endpoint);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', options.clientId);
  url.searchParams.set('redirect_uri', options.redirectUri);
  url.searchParams.set('scope', options.scope ?? 'openid assets:read assets:write');
  url.searchParams.set('state', state);
  url.searchParams.set('code_challenge', pkce.challenge);
  url.searchParams.set('code_challenge_method', pkce.method);
  return { url: url.toString(), state, verifier: pkce.verifier, redirectUri: options.redirectUri };
}

/** Exchanges the code the issuer redirected back with, after checking its `state`. */
export async function exchangeCode(options: IssuerOptions & { request: AuthorizationRequest; redirectedTo: string }): Promise<Tokens> {
  const back = new URL(options.redirectedTo);
  const error = back.searchParams.get('error');
  if (error) throw new AssetgateError(error, `Sign-in failed: ${error} (${back.searchParams.get('error_description') ?? 'no description'}).`);
  // MUST match: a redirect carrying another state was not started by us (CSRF).
  if (back.searchParams.get('state') !== options.request.state) {
    throw new AssetgateError('TOKEN_REFUSED', 'Sign-in failed: the state returned by the identity provider does not match.');
  }
  const code = back.searchParams.get('code');
  if (!code) throw new AssetgateError('TOKEN_REFUSED', 'Sign-in failed: the redirect carries no code.');
  const fetchImpl = options.fetch ?? defaultFetch;
  const { token_endpoint } = await discover(options.issuer, fetchImpl);
  const json = await postForm(
    token_endpoint,
    { grant_type: 'authorization_code', code, redirect_uri: options.request.redirectUri, client_id: options.clientId, code_verifier: options.request.verifier },
    fetchImpl,
  );
  return tokensFrom(json, Date.now());
}

/**
 * The whole sign-in for apps: `openAuthSession(url)` shows the issuer's page (an in-app browser
 * session) and resolves with the URL it was redirected to.
 */
export async function signInWithAuthSession(options: AuthorizeOptions & { openAuthSession: (url: string) => Promise<string> }): Promise<Tokens> {
  const request = await buildAuthorizeUrl(options);
  const redirectedTo = await options.openAuthSession(request.url);
  return exchangeCode({ ...options, request, redirectedTo });
}
