/**
 * Where the client gets its bearer token. The client asks for a token before each API call (the
 * token MUST only ever be sent to the Assetgate server, never to a signed storage URL or in a URL)
 * and, when the server answers 401, asks the provider to renew it once before it retries.
 */
export interface AuthProvider {
  /** A token to send now; renewed first when it is about to expire. */
  getToken(signal?: AbortSignal): Promise<string>;
  /**
   * The server refused `token` (401). Forget it and answer true when {@link getToken} can give a
   * different one (a refresh); false when retrying cannot help (a static token).
   */
  invalidate(token: string): boolean | Promise<boolean>;
}

/** Tokens from an OAuth2 token endpoint. */
export interface Tokens {
  readonly accessToken: string;
  readonly refreshToken?: string;
  readonly idToken?: string;
  /** Epoch milliseconds. */
  readonly expiresAt: number;
  readonly scope?: string;
}

/** A fixed token (from a CLI flag, an environment variable or the app's own sign-in). */
export function staticToken(token: string): AuthProvider {
  return {
    getToken: async () => token,
    invalidate: () => false,
  };
}
