/**
 * The upload queue on disk: one JSON file per item in `dir`, each written atomically (temp file,
 * fsync, rename), so a crash at any moment leaves every item either as before or as after.
 */
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { QueueStore, StoredQueueItem } from '../ports.js';
import { writeAtomically } from './atomic-write.js';

export class FileQueueStore implements QueueStore {
  constructor(private readonly dir: string) {}

  async load(): Promise<StoredQueueItem[]> {
    await mkdir(this.dir, { recursive: true });
    const items: StoredQueueItem[] = [];
    for (const name of await readdir(this.dir)) {
      if (!name.endsWith('.json')) continue; // leftovers of a write cut off by a crash end in .tmp
      try {
        items.push(JSON.parse(await readFile(join(this.dir, name), 'utf8')) as StoredQueueItem);
      } catch {
        // unreadable: written by something else; skip it rather than stop the queue
      }
    }
    return items.sort((a, b) => a.addedAt - b.addedAt);
  }

  save(item: StoredQueueItem): Promise<void> {
    return writeAtomically(this.path(item.id), JSON.stringify(item));
  }

  async remove(id: string): Promise<void> {
    await rm(this.path(id), { force: true });
  }

  private path(id: string): string {
    return join(this.dir, `${id.replace(/[^A-Za-z0-9_-]/g, '_')}.json`);
  }
}
