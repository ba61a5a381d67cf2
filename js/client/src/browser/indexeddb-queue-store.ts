import type { QueueStore, StoredQueueItem } from '../ports.js';
import { defaultIndexedDb, openDatabase, requestResult, transactionDone } from './indexeddb.js';

/** Options of {@link IndexedDbQueueStore}. */
export interface IndexedDbQueueStoreOptions {
  /** The database name; give each queue (or each signed-in user) its own. Default `assetgate-queue`. */
  readonly databaseName?: string;
  /** The IndexedDB factory; default the page's `indexedDB` (tests pass fake-indexeddb's). */
  readonly indexedDB?: IDBFactory;
}

/** One row: the item plus its insertion number, which keeps "the order they were added". */
interface Row {
  readonly id: string;
  readonly seq: number;
  readonly item: StoredQueueItem;
}

const ITEMS = 'items';
const BY_SEQ = 'bySeq';

/**
 * The upload queue in IndexedDB. Items keep their file as a structured-cloned `Blob` (the
 * browser {@link FileRef} of kind `blob`), so a queued upload survives a reload or a closed tab
 * without the user picking the file again.
 */
export class IndexedDbQueueStore implements QueueStore {
  private readonly databaseName: string;
  private readonly factory: IDBFactory | undefined;
  private db: Promise<IDBDatabase> | undefined;

  constructor(options: IndexedDbQueueStoreOptions = {}) {
    this.databaseName = options.databaseName ?? 'assetgate-queue';
    this.factory = options.indexedDB;
  }

  async load(): Promise<StoredQueueItem[]> {
    const tx = (await this.open()).transaction(ITEMS, 'readonly');
    const rows = await requestResult(tx.objectStore(ITEMS).index(BY_SEQ).getAll());
    return (rows as Row[]).map((row) => row.item);
  }

  async save(item: StoredQueueItem): Promise<void> {
    const tx = (await this.open()).transaction(ITEMS, 'readwrite');
    const store = tx.objectStore(ITEMS);
    const done = transactionDone(tx);
    // Read and write in one transaction, so two saves of new items cannot take the same number.
    const existing = (await requestResult(store.get(item.id))) as Row | undefined;
    const seq = existing?.seq ?? (await this.lastSeq(store)) + 1;
    store.put({ id: item.id, seq, item } satisfies Row);
    await done;
  }

  async remove(id: string): Promise<void> {
    const tx = (await this.open()).transaction(ITEMS, 'readwrite');
    const done = transactionDone(tx);
    tx.objectStore(ITEMS).delete(id);
    await done;
  }

  /** Closes the connection (tests, or before deleting the database). */
  async close(): Promise<void> {
    if (this.db) (await this.db).close();
    this.db = undefined;
  }

  private async lastSeq(store: IDBObjectStore): Promise<number> {
    const cursor = await requestResult(store.index(BY_SEQ).openCursor(null, 'prev'));
    return cursor ? (cursor.value as Row).seq : 0;
  }

  private open(): Promise<IDBDatabase> {
    this.db ??= openDatabase(this.factory ?? defaultIndexedDb(), this.databaseName, 1, (db) => {
      const items = db.createObjectStore(ITEMS, { keyPath: 'id' });
      items.createIndex(BY_SEQ, 'seq', { unique: true });
    }).catch((error: unknown) => {
      this.db = undefined; // a later call tries again (another tab may have closed meanwhile)
      throw error;
    });
    return this.db;
  }
}
