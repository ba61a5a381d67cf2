import { AssetgateError } from '../errors.js';
import type { AuthProvider, Tokens } from '../auth/auth-provider.js';
import { refreshingToken } from '../auth/oauth-providers.js';
import { buildAuthorizeUrl, exchangeCode, type AuthorizationRequest } from '../auth/pkce.js';
import type { FetchLike } from '../http.js';

/**
 * Sign-in by redirect with authorization code + PKCE, for single-page apps: the page leaves for
 * the issuer and comes back to `redirectUri` with a code. What must survive the round trip (the
 * PKCE verifier and the state) waits in sessionStorage, which belongs to this tab only.
 */
export interface RedirectSignInOptions {
  /** The issuer (for Assetgate's embedded identity provider, the server's URL). */
  readonly issuer: string;
  /** The public client registered for this app (the embedded provider's is `assetgate-web`). */
  readonly clientId: string;
  /** Where the issuer sends the browser back: this app's page, registered at the issuer. */
  readonly redirectUri: string;
  /** Space-separated scopes; default `openid assets:read assets:write`. */
  readonly scope?: string;
  readonly fetch?: FetchLike;
  /** Where the pending sign-in and the tokens are kept; default `sessionStorage`. */
  readonly storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
}

/** Options of {@link handleRedirectCallback} and {@link restoreSession}. */
export interface SessionOptions extends Omit<RedirectSignInOptions, 'redirectUri' | 'scope'> {
  /**
   * Where tokens are kept: `session` (default) survives a reload of this tab and dies with it;
   * `memory` survives nothing (every page load signs in again, through the issuer's own session).
   */
  readonly keepTokensIn?: 'session' | 'memory';
  /** Called once when the session can give no token any more: show "sign in again". */
  readonly onExpired?: () => void;
}

/** A signed-in session: the token provider for `createClient`, and how to end it. */
export interface BrowserSession {
  /** For `createClient({ auth })`: refreshes with the refresh token when the issuer gave one. */
  readonly auth: AuthProvider;
  /** The latest tokens (they change with each refresh). */
  tokens(): Tokens | undefined;
  /** Forgets the tokens of this tab. (It does not end the issuer's own session.) */
  signOut(): void;
}

const PENDING_KEY = 'assetgate.sign-in.pending';
const TOKENS_KEY = 'assetgate.sign-in.tokens';
/** Parameters the issuer adds to the redirect URI, removed from the address bar afterwards. */
const CALLBACK_PARAMS = ['code', 'state', 'error', 'error_description', 'error_uri', 'iss', 'session_state'];

/**
 * Leaves for the issuer's sign-in page. The promise never settles: the page is going away.
 * `navigate` is for tests; the default is `location.assign`.
 */
export async function signInWithRedirect(
  options: RedirectSignInOptions & { navigate?: (url: string) => void },
): Promise<never> {
  const request = await buildAuthorizeUrl(options);
  storageOf(options).setItem(PENDING_KEY, JSON.stringify(request));
  (options.navigate ?? ((url) => globalThis.location.assign(url)))(request.url);
  return new Promise<never>(() => undefined);
}

/**
 * Finishes a sign-in when `url` (default: this page's address) is the issuer's redirect back:
 * checks the state, exchanges the code with the verifier kept by {@link signInWithRedirect},
 * keeps the tokens, and removes the code from the address bar. Answers `undefined` when `url`
 * is no redirect back (an ordinary page load: try {@link restoreSession}). Rejects with an
 * {@link AssetgateError} when the issuer reports an error, the state does not match, or no
 * sign-in was started in this tab; the pending sign-in is spent either way (codes are single use).
 */
export async function handleRedirectCallback(options: SessionOptions & { url?: string }): Promise<BrowserSession | undefined> {
  const current = options.url ?? globalThis.location.href;
  const redirectedTo = new URL(current);
  if (!redirectedTo.searchParams.has('code') && !redirectedTo.searchParams.has('error')) return undefined;
  const storage = storageOf(options);
  const pending = storage.getItem(PENDING_KEY);
  storage.removeItem(PENDING_KEY);
  if (options.url === undefined) cleanAddressBar(redirectedTo);
  if (!pending) {
    throw new AssetgateError('TOKEN_REFUSED', 'Sign-in failed: no sign-in was started in this tab (or it was already finished). Sign in again.');
  }
  const request = JSON.parse(pending) as AuthorizationRequest;
  const tokens = await exchangeCode({ issuer: options.issuer, clientId: options.clientId, fetch: options.fetch, request, redirectedTo: current });
  return session(options, tokens);
}

/** The session kept in this tab by an earlier sign-in, if it can still give a token (after a reload). */
export function restoreSession(options: SessionOptions): BrowserSession | undefined {
  if ((options.keepTokensIn ?? 'session') !== 'session') return undefined;
  const saved = storageOf(options).getItem(TOKENS_KEY);
  if (!saved) return undefined;
  let tokens: Tokens;
  try {
    tokens = JSON.parse(saved) as Tokens;
  } catch {
    return undefined;
  }
  // An access token past its time, with no refresh token to renew it, is no session.
  if (!tokens.refreshToken && tokens.expiresAt <= Date.now()) return undefined;
  return session(options, tokens);
}

function session(options: SessionOptions, initial: Tokens): BrowserSession {
  const storage = storageOf(options);
  const keep = (tokens: Tokens) => {
    if ((options.keepTokensIn ?? 'session') === 'session') storage.setItem(TOKENS_KEY, JSON.stringify(tokens));
  };
  keep(initial);
  let ended = false;
  const end = () => {
    storage.removeItem(TOKENS_KEY);
    if (!ended) {
      ended = true;
      options.onExpired?.();
    }
  };
  // Without a refresh token the access token is all there is: good until it expires.
  const inner = initial.refreshToken
    ? refreshingToken({ issuer: options.issuer, clientId: options.clientId, fetch: options.fetch, tokens: initial, onTokens: keep })
    : { ...untilExpiry(initial), tokens: () => initial };
  const auth: AuthProvider = {
    async getToken(signal) {
      if (ended) throw sessionEnded();
      try {
        return await inner.getToken(signal);
      } catch (e) {
        // The issuer refused the refresh token (revoked, expired): this session is over.
        if (e instanceof AssetgateError && !e.retryable) {
          end();
          throw sessionEnded(e);
        }
        throw e;
      }
    },
    async invalidate(token) {
      const renewable = await inner.invalidate(token);
      if (!renewable) end();
      return renewable;
    },
  };
  return {
    auth,
    tokens: () => inner.tokens(),
    signOut: () => {
      ended = true;
      storage.removeItem(TOKENS_KEY);
    },
  };
}

function untilExpiry(tokens: Tokens): AuthProvider {
  return {
    getToken: async () => {
      if (tokens.expiresAt <= Date.now()) throw sessionEnded();
      return tokens.accessToken;
    },
    invalidate: () => false,
  };
}

function sessionEnded(cause?: unknown): AssetgateError {
  return new AssetgateError('UNAUTHENTICATED', 'The session has ended: sign in again.', { status: 401, retryable: false, cause });
}

function storageOf(options: { storage?: RedirectSignInOptions['storage'] }): NonNullable<RedirectSignInOptions['storage']> {
  const storage = options.storage ?? (globalThis as { sessionStorage?: Storage }).sessionStorage;
  if (!storage) throw new AssetgateError('VALIDATION_FAILED', 'No sessionStorage here; pass `storage`.');
  return storage;
}

/** Removes the code and state from the address bar, so a reload or a bookmark does not replay them. */
function cleanAddressBar(url: URL): void {
  for (const name of CALLBACK_PARAMS) url.searchParams.delete(name);
  globalThis.history?.replaceState(globalThis.history.state, '', url.toString());
}
