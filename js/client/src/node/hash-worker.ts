/**
 * Digests of the bytes a Node file source sends, computed on a worker thread. MD5 (S3's store
 * checksum) costs about 1.4 s of CPU per GiB and SHA-256 about 0.65 s; on the main thread that
 * work sits between the socket writes of every part in flight, on a worker it runs beside them.
 * The chunks are views of SharedArrayBuffers, so nothing is copied: the sender reuses a chunk
 * only when both the socket and the worker are done with it.
 *
 * One worker serves the process (hashes of parallel parts take turns on it; MD5 runs at several
 * hundred MB/s, faster than a part's share of the link). It keeps the process alive only while a
 * reply is awaited, and a worker that dies fails the digests it held and is started anew for the
 * next one.
 */
import { Worker } from 'node:worker_threads';

/** A digest being computed on the worker, fed in order. */
export interface OffThreadHash {
  /**
   * Queues `bytes`, a view of a SharedArrayBuffer that the caller leaves untouched until the
   * promise settles (the worker has read them).
   */
  update(bytes: Uint8Array): Promise<void>;
  /** The digest of every byte updated, as base64. No update may follow. */
  digest(): Promise<string>;
  /** Drops the digest (its request failed); pending updates still settle. */
  discard(): void;
}

// CommonJS, evaluated by the worker: no file to resolve next to the built module or the tests.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const hashes = new Map();
parentPort.on('message', ([op, id, algorithm, buffer, offset, length]) => {
  try {
    if (op === 'update') {
      let hash = hashes.get(id);
      if (!hash) hashes.set(id, (hash = createHash(algorithm)));
      hash.update(new Uint8Array(buffer, offset, length));
      parentPort.postMessage(['updated', id]);
    } else if (op === 'digest') {
      const hash = hashes.get(id) ?? createHash(algorithm);
      hashes.delete(id);
      parentPort.postMessage(['digest', id, hash.digest('base64')]);
    } else {
      hashes.delete(id);
    }
  } catch (e) {
    hashes.delete(id);
    parentPort.postMessage(['failed', id, String((e && e.message) || e)]);
  }
});
`;

interface Waiter {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/** What one digest waits for: its updates' replies in order, then the digest's. */
interface Entry {
  readonly waiting: Waiter[];
  /** Discarded: forgotten once its last pending reply has come. */
  discarded: boolean;
}

interface Shared {
  readonly worker: Worker;
  readonly entries: Map<number, Entry>;
  /** Replies awaited across every entry: the worker holds the process open while any is. */
  awaited: number;
}

let shared: Shared | undefined;
let nextId = 1;

function start(): Shared {
  const worker = new Worker(WORKER_SOURCE, { eval: true });
  const state: Shared = { worker, entries: new Map(), awaited: 0 };
  worker.unref();
  worker.on('message', ([kind, id, value]: [string, number, string?]) => {
    const entry = state.entries.get(id);
    const waiter = entry?.waiting.shift();
    if (!entry || !waiter) return;
    settled(state);
    if (kind === 'failed') {
      const error = new Error(`hashing failed: ${value}`);
      state.entries.delete(id);
      waiter.reject(error);
      fail(entry, error, state);
    } else {
      if (kind === 'digest' || (entry.discarded && entry.waiting.length === 0)) state.entries.delete(id);
      waiter.resolve(value);
    }
  });
  const died = (error: Error) => {
    if (shared === state) shared = undefined;
    for (const entry of state.entries.values()) fail(entry, error, state);
    state.entries.clear();
  };
  worker.on('error', died);
  worker.on('exit', (code) => died(new Error(`the hashing thread exited (${code})`)));
  return state;
}

function fail(entry: Entry, error: Error, state: Shared) {
  for (const waiter of entry.waiting.splice(0)) {
    settled(state);
    waiter.reject(error);
  }
}

function awaiting(state: Shared) {
  if (state.awaited++ === 0) state.worker.ref();
}

function settled(state: Shared) {
  if (--state.awaited === 0) state.worker.unref();
}

/** Starts a digest of `algorithm` on the shared worker (started on first use). */
export function offThreadHash(algorithm: 'sha256' | 'md5'): OffThreadHash {
  const state = (shared ??= start());
  const id = nextId++;
  const entry: Entry = { waiting: [], discarded: false };
  state.entries.set(id, entry);
  const ask = <T>(message: unknown[]): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (state.entries.get(id) !== entry || entry.discarded) return reject(new Error('the hashing thread stopped, or the digest was discarded'));
      entry.waiting.push({ resolve: resolve as (value: unknown) => void, reject });
      awaiting(state);
      state.worker.postMessage(message);
    });
  return {
    update: (bytes) => {
      if (!(bytes.buffer instanceof SharedArrayBuffer)) return Promise.reject(new TypeError('off-thread hashing needs a view of a SharedArrayBuffer'));
      return ask<void>(['update', id, algorithm, bytes.buffer, bytes.byteOffset, bytes.byteLength]);
    },
    digest: () => ask<string>(['digest', id, algorithm]),
    discard: () => {
      if (state.entries.get(id) !== entry || entry.discarded) return;
      // Its pending replies still arrive and settle; the entry goes when the last has.
      entry.discarded = true;
      state.worker.postMessage(['discard', id]);
      if (entry.waiting.length === 0) state.entries.delete(id);
    },
  };
}
