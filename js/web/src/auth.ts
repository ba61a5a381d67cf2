import {
  AssetgateError,
  buildAuthorizeUrl,
  exchangeCode,
  refreshingToken,
  type AuthProvider,
  type AuthorizationRequest,
  type Tokens,
} from '@assetgate/client';
import type { WebConfig } from './config.js';

/*
 * Signing in: authorization code with PKCE against the configured issuer, through the SDK's
 * primitives. The tokens live in sessionStorage: they survive a reload of this tab, and die
 * with it (a closed tab signs in again, which the issuer's own session usually makes one click).
 */
const PENDING = 'assetgate.sign-in';
const TOKENS = 'assetgate.tokens';

/** This page's address without query or fragment: the redirect URI registered at the issuer. */
export function redirectUri(): string {
  return location.origin + location.pathname;
}

/** Leaves for the issuer's sign-in page; comes back to this page with a code. */
export async function signIn(config: WebConfig): Promise<never> {
  const request = await buildAuthorizeUrl({
    issuer: config.issuer,
    clientId: config.clientId,
    redirectUri: redirectUri(),
    scope: config.scopes.join(' '),
  });
  sessionStorage.setItem(PENDING, JSON.stringify(request));
  location.assign(request.url);
  return new Promise<never>(() => undefined);
}

/**
 * Finishes a sign-in when the issuer redirected back here (and cleans the code from the
 * address bar), else restores this tab's tokens. Answers undefined when signed out.
 */
export async function restoreTokens(config: WebConfig): Promise<Tokens | undefined> {
  const url = new URL(location.href);
  const pending = sessionStorage.getItem(PENDING);
  if (pending && (url.searchParams.has('code') || url.searchParams.has('error'))) {
    sessionStorage.removeItem(PENDING);
    history.replaceState(null, '', redirectUri());
    const request = JSON.parse(pending) as AuthorizationRequest;
    const tokens = await exchangeCode({ issuer: config.issuer, clientId: config.clientId, request, redirectedTo: url.toString() });
    saveTokens(tokens);
    return tokens;
  }
  const saved = sessionStorage.getItem(TOKENS);
  return saved ? (JSON.parse(saved) as Tokens) : undefined;
}

export function forgetTokens(): void {
  sessionStorage.removeItem(TOKENS);
}

function saveTokens(tokens: Tokens): void {
  sessionStorage.setItem(TOKENS, JSON.stringify(tokens));
}

/**
 * The client's token source for the current session: refreshed when the issuer gave a refresh
 * token; otherwise valid until the access token expires. Either way, once it cannot give a
 * token any more, `onExpired` is told (the page asks to sign in again; the queue waits).
 */
export class SessionAuth implements AuthProvider {
  private provider?: AuthProvider;

  constructor(private readonly config: WebConfig, private readonly onExpired: () => void) {}

  use(tokens: Tokens | undefined): void {
    if (!tokens) {
      this.provider = undefined;
      return;
    }
    this.provider = tokens.refreshToken
      ? refreshingToken({ issuer: this.config.issuer, clientId: this.config.clientId, tokens, onTokens: saveTokens })
      : expiringToken(tokens);
  }

  get signedIn(): boolean {
    return this.provider !== undefined;
  }

  async getToken(signal?: AbortSignal): Promise<string> {
    if (!this.provider) throw expired();
    try {
      return await this.provider.getToken(signal);
    } catch (e) {
      if (e instanceof AssetgateError && !e.retryable) this.expire();
      throw e instanceof AssetgateError && !e.retryable ? expired() : e;
    }
  }

  async invalidate(token: string): Promise<boolean> {
    const renewable = this.provider ? await this.provider.invalidate(token) : false;
    if (!renewable) this.expire();
    return renewable;
  }

  private expire(): void {
    if (!this.provider) return;
    this.provider = undefined;
    forgetTokens();
    this.onExpired();
  }
}

function expiringToken(tokens: Tokens): AuthProvider {
  return {
    async getToken() {
      if (tokens.expiresAt <= Date.now()) throw expired();
      return tokens.accessToken;
    },
    invalidate: () => false,
  };
}

function expired(): AssetgateError {
  return new AssetgateError('UNAUTHENTICATED', 'Your session expired.', { status: 401, retryable: false });
}
