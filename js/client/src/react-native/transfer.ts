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
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      stall.stop();
      request.signal?.removeEventListener('abort', onAbort);
      outcome();
    };
    const stall = stallTimer(request.timeoutMs, () => {
      transfer.stop();
      settle(() => reject(new AssetgateError('TIMEOUT', `${request.method} to the storage made no progress for ${request.timeoutMs} ms.`)));
    });
    const onAbort = () => {
      transfer.stop();
      settle(() => reject(aborted('The upload request')));
    };
    const transfer = start(() => stall.bump());
    request.signal?.addEventListener('abort', onAbort, { once: true });
    transfer.promise.then(
      (value) => settle(() => resolve(value)),
      (e: unknown) =>
        settle(() =>
          reject(new AssetgateError('NETWORK', `${request.method} to the storage failed: ${(e as Error)?.message ?? e}`, { cause: e })),
        ),
    );
  });
}
