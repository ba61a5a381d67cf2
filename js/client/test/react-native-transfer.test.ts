import { describe, expect, it, vi } from 'vitest';
import { supervise } from '../src/react-native/transfer.js';

describe('supervise (how the React Native adapter runs a native transfer)', () => {
  it('gives NETWORK when the native module refuses the call outright, and leaves no timer behind', async () => {
    vi.useFakeTimers();
    try {
      const running = supervise({ method: 'PUT', timeoutMs: 1000 }, () => {
        throw new Error('no such file');
      });
      await expect(running).rejects.toMatchObject({ code: 'NETWORK', message: expect.stringContaining('no such file') });
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('stops the transfer and gives TIMEOUT after timeoutMs without progress; its own late rejection is ignored', async () => {
    const stop = vi.fn();
    let rejectNative!: (e: Error) => void;
    const running = supervise({ method: 'PUT', timeoutMs: 50 }, () => ({
      promise: new Promise((_, reject) => (rejectNative = reject)),
      stop,
    }));
    await expect(running).rejects.toMatchObject({ code: 'TIMEOUT' });
    expect(stop).toHaveBeenCalledOnce();
    rejectNative(new Error('cancelled')); // what the module answers after a stop
  });

  it('keeps a transfer that makes progress alive past timeoutMs', async () => {
    const running = supervise({ method: 'PUT', timeoutMs: 60 }, (progressed) => ({
      promise: new Promise((resolve) => {
        const tick = setInterval(progressed, 20);
        setTimeout(() => {
          clearInterval(tick);
          resolve('done');
        }, 200);
      }),
      stop: () => undefined,
    }));
    await expect(running).resolves.toBe('done');
  });
});
