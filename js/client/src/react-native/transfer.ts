import { AssetgateError, aborted } from '../errors.js';
import type { SendRequest } from '../ports.js';
import { stallTimer } from '../platform-shared/stall-timer.js';

/** A native transfer the adapter can stop: a react-native-fs job or a react-native-blob-util task. */
export interface NativeTransfer<T> {
  readonly promise: Promise<T>;
  stop(): void;
}

/**
 * Runs a native transfer under the request's signal and stall timeout: a stop settles at once
 * with `ABORTED` or `TIMEOUT` (the native module's own rejection after a stop is ignored), and
 * any other native failure becomes `NETWORK`.
 */
export function supervise<T>(
  request: Pick<SendRequest, 'method' | 'signal' | 'timeoutMs'>,
  start: (progress: () => void) => NativeTransfer<T>,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (request.signal?.aborted) return reject(aborted('The upload request'));
    const failed = (e: unknown) =>
      new AssetgateError('NETWORK', `${request.method} to the storage failed: ${(e as Error)?.message ?? e}`, { cause: e });
    let settled = false;
    let transfer: NativeTransfer<T> | undefined;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      stall.stop();
      request.signal?.removeEventListener('abort', onAbort);
      outcome();
    };
    const stop = () => {
      try {
        transfer?.stop();
      } catch {
        // the transfer has already ended
      }
    };
    const stall = stallTimer(request.timeoutMs, () => {
      stop();
      settle(() => reject(new AssetgateError('TIMEOUT', `${request.method} to the storage made no progress for ${request.timeoutMs} ms.`)));
    });
    const onAbort = () => {
      stop();
      settle(() => reject(aborted('The upload request')));
    };
    try {
      transfer = start(() => stall.bump());
    } catch (e) {
      // A native module that refuses the call outright (bad path, module missing).
      return settle(() => reject(failed(e)));
    }
    request.signal?.addEventListener('abort', onAbort, { once: true });
    transfer.promise.then(
      (value) => settle(() => resolve(value)),
      (e: unknown) => settle(() => reject(failed(e))),
    );
  });
}
