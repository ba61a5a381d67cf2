import { AssetgateError, type AuthProvider } from '@assetgate/client';
import { handleRedirectCallback, restoreSession, signInWithRedirect, type BrowserSession } from '@assetgate/client/browser';
import type { WebConfig } from './config.js';

/*
 * Signing in: the SDK's redirect sign-in (authorization code with PKCE) against the issuer the
 * server names. Its tokens live in the tab's sessionStorage: they survive a reload and die with
 * the tab (a new tab signs in again, which the issuer's own session makes one click).
 */

/** This page's address without query or fragment: the redirect URI registered at the issuer. */
export function redirectUri(): string {
  return location.origin + location.pathname;
}

/** Leaves for the issuer's sign-in page; comes back to this page with a code. */
export function signIn(config: WebConfig): Promise<never> {
  return signInWithRedirect({ issuer: config.issuer, clientId: config.clientId, redirectUri: redirectUri(), scope: config.scopes.join(' ') });
}

/**
 * The client's token source. It exists before anyone signs in (the queue is shown and added
 * to while signed out) and answers "sign in again" until a session is set.
 */
export class SessionAuth implements AuthProvider {
  private session?: BrowserSession;

  constructor(private readonly config: WebConfig, private readonly onExpired: () => void) {}

  /** Finishes a sign-in when the issuer just redirected here, else restores this tab's session. */
  async start(): Promise<boolean> {
    const options = { issuer: this.config.issuer, clientId: this.config.clientId, onExpired: () => this.expired() };
    this.session = (await handleRedirectCallback(options)) ?? restoreSession(options);
    return this.session !== undefined;
  }

  get signedIn(): boolean {
    return this.session !== undefined;
  }

  signOut(): void {
    this.session?.signOut();
    this.session = undefined;
  }

  getToken(signal?: AbortSignal): Promise<string> {
    if (!this.session) return Promise.reject(new AssetgateError('UNAUTHENTICATED', 'Not signed in.', { status: 401, retryable: false }));
    return this.session.auth.getToken(signal);
  }

  async invalidate(token: string): Promise<boolean> {
    return this.session ? this.session.auth.invalidate(token) : false;
  }

  private expired(): void {
    this.session = undefined;
    this.onExpired();
  }
}
