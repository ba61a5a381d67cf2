import type { AuthProvider, Tokens } from './auth-provider.js';
import { RENEW_MARGIN_MS } from './token-endpoint.js';

/**
 * An {@link AuthProvider} that keeps one token and renews it with `renew` shortly before it
 * expires, or after the server refused it. Concurrent callers share one renewal.
 */
export function renewingProvider(renew: (current: Tokens | undefined, signal?: AbortSignal) => Promise<Tokens>, initial?: Tokens, now: () => number = Date.now): AuthProvider & { tokens(): Tokens | undefined } {
  let current = initial;
  let issuedAt = now();
  let renewal: Promise<Tokens> | undefined;
  const fresh = (t: Tokens | undefined): t is Tokens => {
    if (!t || !t.accessToken) return false;
    // Short-lived tokens (seconds, in tests) renew at half their life rather than 30 s before.
    const margin = Math.min(RENEW_MARGIN_MS, (t.expiresAt - issuedAt) / 2);
    return t.expiresAt - margin > now();
  };
  return {
    async getToken(signal) {
      if (fresh(current)) return current.accessToken;
      renewal ??= renew(current, signal).then(
        (t) => {
          current = t;
          issuedAt = now();
          renewal = undefined;
          return t;
        },
        (e) => {
          renewal = undefined;
          throw e;
        },
      );
      return (await renewal).accessToken;
    },
    invalidate(token) {
      if (current && current.accessToken === token) current = { ...current, accessToken: '' };
      return true;
    },
    tokens: () => current,
  };
}
