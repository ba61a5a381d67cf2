import { describe, expect, it } from 'vitest';
import { AssetgateError, DEFAULT_RETRY, backoffDelay } from '../src/index.js';
import { parseRetryAfter, withRetry } from '../src/retry.js';

const noSleep = { now: () => 0, sleep: async () => undefined };

describe('retry policy', () => {
  it('has the Java client\'s defaults: 6 attempts, 200 ms base, 20 s cap', () => {
    expect(DEFAULT_RETRY).toEqual({ maxAttempts: 6, baseDelayMs: 200, maxDelayMs: 20_000 });
  });

  it('waits a random time within a window that doubles up to the cap (full jitter)', () => {
    expect(backoffDelay(DEFAULT_RETRY, 1, undefined, () => 1 - 1e-9)).toBe(200);
    expect(backoffDelay(DEFAULT_RETRY, 3, undefined, () => 1 - 1e-9)).toBe(800);
    expect(backoffDelay(DEFAULT_RETRY, 20, undefined, () => 1 - 1e-9)).toBe(20_000);
    expect(backoffDelay(DEFAULT_RETRY, 3, undefined, () => 0)).toBe(0);
  });

  it('waits at least what Retry-After asks', () => {
    expect(backoffDelay(DEFAULT_RETRY, 1, 5000, () => 0.5)).toBe(5000);
    expect(parseRetryAfter('7')).toBe(7000);
    expect(parseRetryAfter(new Date(10_000 + 3000).toUTCString(), 10_000)).toBe(3000);
    expect(parseRetryAfter(null)).toBeUndefined();
  });

  it('retries retryable errors up to the maximum of attempts, and final ones never', async () => {
    let calls = 0;
    const network = () => { calls++; throw new AssetgateError('NETWORK', 'down'); };
    await expect(withRetry(DEFAULT_RETRY, noSleep, async () => network())).rejects.toMatchObject({ code: 'NETWORK' });
    expect(calls).toBe(6);
    calls = 0;
    const final = () => { calls++; throw new AssetgateError('UPLOAD_TOO_LARGE', 'big', { status: 413 }); };
    await expect(withRetry(DEFAULT_RETRY, noSleep, async () => final())).rejects.toMatchObject({ code: 'UPLOAD_TOO_LARGE', retryable: false });
    expect(calls).toBe(1);
  });
});
