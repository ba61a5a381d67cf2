/**
 * The offline cache on disk: each entry's bytes streamed to a file (never held whole in memory)
 * next to a small JSON file of its metadata, both written through a temp file and a rename.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { CacheEntry, CacheEntryMeta, CacheStore } from '../ports.js';
import { writeAtomically } from './atomic-write.js';

export class DiskCacheStore implements CacheStore {
  constructor(private readonly dir: string) {}

  async get(key: string): Promise<CacheEntry | undefined> {
    try {
      const entry = JSON.parse(await readFile(this.metaPath(key), 'utf8')) as CacheEntry;
      await stat(entry.uri);
      return entry;
    } catch {
      return undefined;
    }
  }

  async put(key: string, meta: CacheEntryMeta, bytes: ReadableStream<Uint8Array> | Uint8Array | Blob): Promise<CacheEntry> {
    await mkdir(this.dir, { recursive: true });
    const file = this.dataPath(key);
    const temp = `${file}.${randomUUID()}.tmp`;
    const source =
      bytes instanceof Uint8Array ? Readable.from([bytes]) : Readable.fromWeb((bytes instanceof Blob ? bytes.stream() : bytes) as import('node:stream/web').ReadableStream<Uint8Array>);
    try {
      await pipeline(source, createWriteStream(temp));
      await rename(temp, file);
    } catch (e) {
      await rm(temp, { force: true });
      throw e;
    }
    const entry: CacheEntry = { ...meta, key, size: (await stat(file)).size, uri: file };
    await writeAtomically(this.metaPath(key), JSON.stringify(entry));
    return entry;
  }

  async touch(key: string, usedAt: number): Promise<void> {
    const entry = await this.get(key);
    if (entry) await writeAtomically(this.metaPath(key), JSON.stringify({ ...entry, usedAt }));
  }

  async delete(key: string): Promise<void> {
    await rm(this.metaPath(key), { force: true });
    await rm(this.dataPath(key), { force: true });
  }

  async list(): Promise<CacheEntry[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return [];
    }
    const entries: CacheEntry[] = [];
    for (const name of names) {
      if (!name.endsWith('.json')) continue;
      try {
        entries.push(JSON.parse(await readFile(join(this.dir, name), 'utf8')) as CacheEntry);
      } catch {
        // half-written by a crash: ignored
      }
    }
    return entries;
  }

  /** Keys hold ids and variant names; the file name is their hash, so no key can escape the dir. */
  private base(key: string): string {
    return join(this.dir, createHash('sha256').update(key).digest('hex').slice(0, 32));
  }

  private metaPath(key: string): string {
    return `${this.base(key)}.json`;
  }

  private dataPath(key: string): string {
    return `${this.base(key)}.bin`;
  }
}
