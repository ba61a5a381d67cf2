import { useCallback, useEffect, useRef, useState } from 'react';
import type { Asset } from '../types.js';
import type { FileSource } from '../ports.js';
import type { UploadOptions } from '../upload/upload-options.js';
import { AssetgateError } from '../errors.js';
import { useClient } from './context.js';

/** Where a {@link useUpload} upload is. */
export type UploadStatus = 'idle' | 'uploading' | 'done' | 'failed' | 'cancelled';

/** What {@link useUpload} answers. */
export interface UseUpload {
  readonly status: UploadStatus;
  /** Bytes sent and total, while and after uploading. */
  readonly progress?: { readonly sent: number; readonly total: number };
  /** The uploaded asset, once `done`. */
  readonly asset?: Asset;
  /** Why it `failed`. */
  readonly error?: AssetgateError;
  /**
   * Uploads a file (cancelling one in progress). Resolves to the asset, or to `undefined` when
   * it failed or was cancelled: the reason is in {@link error}, so a click handler need not catch.
   */
  start(file: FileSource, options?: Omit<UploadOptions, 'signal' | 'onProgress'>): Promise<Asset | undefined>;
  /** Cancels the upload in progress (it is aborted on the server). */
  cancel(): void;
  /** Back to `idle`, forgetting the last result. */
  reset(): void;
}

interface State {
  readonly status: UploadStatus;
  readonly progress?: { readonly sent: number; readonly total: number };
  readonly asset?: Asset;
  readonly error?: AssetgateError;
}

/**
 * One direct upload with its state, progress and error, for a form or a button. An upload still
 * running when the component unmounts is cancelled. For uploads that must outlive the screen, or
 * go out later when offline, use the queue ({@link useUploadQueue}).
 */
export function useUpload(): UseUpload {
  const client = useClient();
  const [state, setState] = useState<State>({ status: 'idle' });
  const current = useRef<AbortController | undefined>(undefined);

  useEffect(() => () => current.current?.abort(), []);

  const start = useCallback<UseUpload['start']>(
    async (file, options = {}) => {
      current.current?.abort();
      const controller = new AbortController();
      current.current = controller;
      const mine = () => current.current === controller;
      setState({ status: 'uploading', progress: { sent: 0, total: file.size } });
      try {
        const asset = await client.upload(file, {
          ...options,
          signal: controller.signal,
          onProgress: (sent, total) => {
            if (mine()) setState((s) => ({ ...s, progress: { sent, total } }));
          },
        });
        if (mine()) setState((s) => ({ status: 'done', progress: s.progress, asset }));
        return asset;
      } catch (e) {
        const error = e instanceof AssetgateError ? e : new AssetgateError('INTERNAL', String((e as Error)?.message ?? e), { cause: e });
        if (mine()) setState((s) => ({ status: controller.signal.aborted ? 'cancelled' : 'failed', progress: s.progress, error }));
        return undefined;
      } finally {
        if (mine()) current.current = undefined;
      }
    },
    [client],
  );

  const cancel = useCallback(() => current.current?.abort(), []);
  const reset = useCallback(() => {
    current.current?.abort();
    current.current = undefined;
    setState({ status: 'idle' });
  }, []);

  return { ...state, start, cancel, reset };
}
