import type { Clock } from './ports.js';
import { AssetgateError } from './errors.js';

/**
 * Exponential backoff with full jitter: before attempt n+1 the client waits a random time in
 * `[0, min(maxDelayMs, baseDelayMs * 2^(n-1))]`, or what the server asked for in `Retry-After`
 * when that is longer. It gives up after `maxAttempts` attempts (the first one included).
 */
export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

/** Six attempts, from 200 ms up to 20 s between them (as the Java client). */
export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 6, baseDelayMs: 200, maxDelayMs: 20_000 };

/** The wait before the next attempt after `failures` failed ones. */
export function backoffDelay(policy: RetryPolicy, failures: number, retryAfterMs?: number, random = Math.random): number {
  const window = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(Math.max(failures - 1, 0), 30));
  const jittered = Math.floor(random() * (window + 1));
  return retryAfterMs !== undefined && retryAfterMs > jittered ? Math.min(retryAfterMs, 10 * 60_000) : jittered;
}

/** Runs `attempt` until it succeeds, fails with a final error, or the attempts are spent. */
export async function withRetry<T>(
  policy: RetryPolicy,
  clock: Clock,
  attempt: (n: number) => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  for (let failures = 0; ; ) {
    try {
      return await attempt(failures + 1);
    } catch (e) {
      failures++;
      if (!(e instanceof AssetgateError) || !e.retryable || failures >= policy.maxAttempts || signal?.aborted) throw e;
      await clock.sleep(backoffDelay(policy, failures, e.retryAfterMs), signal);
    }
  }
}

/** Parses `Retry-After` (seconds or an HTTP date) into milliseconds. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value.trim());
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
