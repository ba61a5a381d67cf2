/**
 * Fails a transfer that makes no progress for `timeoutMs` (the {@link SendRequest.timeoutMs}
 * contract: a slow but moving upload is fine, a stalled one is not). Native timeouts differ per
 * platform (total time in XHR, idle time on iOS), so the adapters measure the stall themselves.
 */
export interface StallTimer {
  /** Progress was made: the countdown starts again. */
  bump(): void;
  /** The transfer ended: no more firing. */
  stop(): void;
}

/** Calls `onStall` once after `timeoutMs` without a {@link StallTimer.bump}; no timer when `timeoutMs` is absent or not positive. */
export function stallTimer(timeoutMs: number | undefined, onStall: () => void): StallTimer {
  if (!timeoutMs || timeoutMs <= 0) return { bump() {}, stop() {} };
  let stopped = false;
  let handle = setTimeout(fire, timeoutMs);
  function fire() {
    if (stopped) return;
    stopped = true;
    onStall();
  }
  return {
    bump() {
      if (stopped) return;
      clearTimeout(handle);
      handle = setTimeout(fire, timeoutMs);
    },
    stop() {
      stopped = true;
      clearTimeout(handle);
    },
  };
}
