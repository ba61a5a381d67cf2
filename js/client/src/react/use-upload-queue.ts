import { useCallback, useEffect, useState } from 'react';
import type { FileSource } from '../ports.js';
import type { QueueItem, UploadQueue } from '../queue/upload-queue.js';
import { useAssetgate } from './context.js';

/** What {@link useUploadQueue} answers. */
export interface UseUploadQueue {
  /** Every item, oldest first: queued, uploading, completed and failed. */
  readonly items: readonly QueueItem[];
  /** Bytes sent of the items being uploaded, by item id. */
  readonly progress: Readonly<Record<string, { readonly sent: number; readonly total: number }>>;
  /** False until the stored items have been read. */
  readonly loaded: boolean;
  /** Adds a file; it is stored before this resolves. */
  add(file: FileSource, options?: { filename?: string; contentType?: string }): Promise<QueueItem>;
  /** Puts a failed item back in the queue. */
  retry(id: string): Promise<void>;
  /** Removes an item (an upload in progress is aborted). */
  remove(id: string): Promise<void>;
}

/**
 * The upload queue's items, live: the hook re-reads them on every change the queue reports,
 * and keeps progress apart so that progress events do not re-read the list. It does not start
 * or stop the queue; the app does (`queue.start()`), once, as the queue outlives screens.
 */
export function useUploadQueue(queue?: UploadQueue): UseUploadQueue {
  const fromContext = useAssetgate().queue;
  const q = queue ?? fromContext;
  if (!q) throw new Error('useUploadQueue needs a queue: pass one, or give it to <ClientProvider queue={...}>.');
  const [items, setItems] = useState<readonly QueueItem[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [progress, setProgress] = useState<Record<string, { sent: number; total: number }>>({});

  useEffect(() => {
    let live = true;
    // Reads are numbered so a slow earlier read cannot overwrite a later one.
    let reads = 0;
    const refresh = () => {
      const read = ++reads;
      void q.list().then((list) => {
        if (live && read === reads) {
          setItems(list);
          setLoaded(true);
        }
      });
    };
    const unsubscribe = q.subscribe((change) => {
      if (change.type === 'progress') {
        setProgress((p) => ({ ...p, [change.item.id]: { sent: change.sent, total: change.total } }));
        // The event carries the item as stored (now `uploading`): take it without a re-read.
        setItems((list) => (list.some((i) => i.id === change.item.id && i !== change.item) ? list.map((i) => (i.id === change.item.id ? change.item : i)) : list));
        return;
      }
      if (change.type === 'completed' || change.type === 'failed' || change.type === 'removed') {
        setProgress(({ [change.item.id]: _done, ...rest }) => rest);
      }
      refresh();
    });
    refresh();
    return () => {
      live = false;
      unsubscribe();
    };
  }, [q]);

  const add = useCallback<UseUploadQueue['add']>((file, options) => q.add(file, options), [q]);
  const retry = useCallback((id: string) => q.retry(id), [q]);
  const remove = useCallback((id: string) => q.remove(id), [q]);
  return { items, progress, loaded, add, retry, remove };
}
