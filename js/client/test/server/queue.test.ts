import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';
import { clientCredentials, createClient, type AssetgateClient, type FileSourceFactory, type QueueChange, type UploadQueue } from '../../src/index.js';
import { FileQueueStore, fileSource, nodeFiles } from '../../src/node/index.js';
import { jpegFile } from '../support/media.js';
import { FlakyProxy } from '../support/flaky-proxy.js';
import { RecordingNotifier, SwitchedNetwork } from '../support/memory-stores.js';
import { freePort } from '../support/processes.js';
import { SERVICE_CLIENT, startServer, type TestServer } from '../support/server.js';
import { sharedClient, tempDir } from '../support/shared.js';
import { watched } from '../support/sources.js';

const MB = 1024 * 1024;
const tmp = tempDir();
let server: TestServer;
let proxy: FlakyProxy;

beforeAll(async () => {
  // Signed URLs name the server's public URL: the proxy's, so the file bytes cross it too.
  const proxyPort = await freePort();
  server = await startServer({
    'assetgate.public-url': `http://127.0.0.1:${proxyPort}`,
    'assetgate.upload.multipart-threshold': '5MB',
    'assetgate.upload.part-size': '5MB',
  });
  proxy = await FlakyProxy.start(server.port, proxyPort);
});

afterAll(async () => {
  await proxy?.close();
  await server?.close();
  tmp.remove();
});

function proxiedClient(): AssetgateClient {
  return createClient({
    server: proxy.url,
    auth: clientCredentials({ issuer: proxy.url, clientId: SERVICE_CLIENT.id, clientSecret: SERVICE_CLIENT.secret }),
    retry: { baseDelayMs: 50, maxDelayMs: 400 },
    timeoutMs: 10_000,
  });
}

/** The assets whose filename starts with `prefix`, counted by filename. */
async function assetsByName(client: AssetgateClient, prefix: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for await (const a of client.assets.list({ limit: 100 })) {
    if (a.filename.startsWith(prefix)) counts.set(a.filename, (counts.get(a.filename) ?? 0) + 1);
  }
  return counts;
}

/** Fails with `what` when `promise` has not settled within `ms`. */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`Waited ${ms} ms for ${what}`)), ms)));
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Waits for the queue to go idle; past `ms`, fails with what each item and the last changes were,
 * so a hang names the step it hung in instead of a bare test timeout.
 */
async function idleWithin(queue: UploadQueue, changes: QueueChange[], ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<'late'>((r) => (timer = setTimeout(() => r('late'), ms)));
  try {
    if ((await Promise.race([queue.idle(), late])) !== 'late') return;
  } finally {
    clearTimeout(timer);
  }
  const items = (await queue.list()).map((i) => ({ file: i.filename, state: i.state, attempts: i.attempts, uploadId: i.uploadId, error: i.error }));
  const last = changes.slice(-15).map((c) => ({ type: c.type, file: c.item.filename, ...('code' in c ? { code: c.code, message: c.message } : {}), ...('sent' in c ? { sent: c.sent } : {}) }));
  throw new Error(`The queue was not idle after ${ms} ms.\nItems: ${JSON.stringify(items, null, 1)}\nLast changes: ${JSON.stringify(last, null, 1)}\nServer log tail:\n${server.log().split('\n').slice(-40).join('\n')}`);
}

describe('the event stream', () => {
  it('reconnects after the connection drops, with Last-Event-ID, and misses nothing', async () => {
    const lastEventIds: (string | null)[] = [];
    const client = createClient({
      server: proxy.url,
      auth: clientCredentials({ issuer: proxy.url, clientId: SERVICE_CLIENT.id, clientSecret: SERVICE_CLIENT.secret }),
      retry: { baseDelayMs: 50, maxDelayMs: 200 },
      fetch: (input, init) => {
        if (input.endsWith('/v1/events')) lastEventIds.push(new Headers(init?.headers).get('Last-Event-ID'));
        return fetch(input, init);
      },
    });
    const controller = new AbortController();
    const events = client.events({ signal: controller.signal });
    const next = async (assetId: string) => {
      for (let e = await events.next(); !e.done; e = await events.next()) if (e.value.assetId === assetId) return e.value;
      throw new Error('the stream ended');
    };
    const pending = events.next(); // opens the stream
    await new Promise((r) => setTimeout(r, 500));
    const first = await client.upload(fileSource(await jpegFile(tmp.dir, 'event-0.jpg', 20_000, 35)));
    const head = await pending;
    const firstEvent = head.value?.assetId === first.id ? head.value : await next(first.id);

    proxy.drop(); // the stream breaks; the next asset's event happens while it is away
    const second = await client.upload(fileSource(await jpegFile(tmp.dir, 'event-1.jpg', 20_000, 36)));
    const secondEvent = await next(second.id);
    controller.abort();

    expect(firstEvent.type).toBe('asset.ready');
    expect(secondEvent.type).toBe('asset.ready');
    expect(lastEventIds.length).toBeGreaterThanOrEqual(2);
    expect(lastEventIds[0]).toBeNull();
    expect(lastEventIds.slice(1)).toContain(firstEvent.id);
  });
});

describe('the upload queue', () => {
  it('uploads every file exactly once through a network that drops and refuses connections', async () => {
    const files = [
      await jpegFile(tmp.dir, 'flaky-0.jpg', 12 * MB, 40),
      await jpegFile(tmp.dir, 'flaky-1.jpg', 200_000, 41),
      await jpegFile(tmp.dir, 'flaky-2.jpg', 11 * MB, 42),
      await jpegFile(tmp.dir, 'flaky-3.jpg', 300_000, 43),
    ];
    const client = proxiedClient();
    const notifier = new RecordingNotifier();
    const queue = client.queue({ store: new FileQueueStore(join(tmp.dir, 'q1')), files: nodeFiles, notifier, retry: { maxAttempts: 1, baseDelayMs: 100, maxDelayMs: 400 } });
    const changes: QueueChange[] = [];
    queue.subscribe((c) => changes.push(c));
    for (const f of files) await queue.add(fileSource(f));
    queue.start();
    try {
      // Chaos for a while: drop everything open, refuse for a second, drop again.
      for (let round = 0; round < 4; round++) {
        await new Promise((r) => setTimeout(r, 250));
        proxy.drop();
        await within(proxy.refuseFor(round % 2 === 0 ? 1000 : 300), 20_000, `the proxy to close and listen again (round ${round})`);
      }
      await idleWithin(queue, changes, 150_000);
    } finally {
      await within(queue.stop(), 20_000, 'the queue to stop');
    }

    const items = await queue.list();
    expect(items.map((i) => i.state)).toEqual(['completed', 'completed', 'completed', 'completed']);
    expect(new Set(items.map((i) => i.assetId)).size).toBe(4);
    expect(proxy.dropped).toBeGreaterThan(0);
    expect(changes.some((c) => c.type === 'retrying')).toBe(true); // the faults reached the queue
    expect(notifier.of('queued')).toHaveLength(4);
    expect(notifier.of('completed')).toHaveLength(4);
    expect(notifier.of('progress').length).toBeGreaterThan(0);
    const counts = await assetsByName(client, 'flaky-');
    expect(Object.fromEntries(counts)).toEqual({ 'flaky-0.jpg': 1, 'flaky-1.jpg': 1, 'flaky-2.jpg': 1, 'flaky-3.jpg': 1 });
  }, 180_000);

  it('answers idle() at once when every item has already finished', async () => {
    const queue = sharedClient().queue({ store: new FileQueueStore(join(tmp.dir, 'q-idle')), files: nodeFiles });
    onTestFinished(() => queue.stop());
    await within(queue.idle(), 5_000, 'idle() of an empty queue');
    await queue.add(fileSource(await jpegFile(tmp.dir, 'idle-0.jpg', 50_000, 60)));
    queue.start();
    await within(queue.idle(), 60_000, 'the upload');
    // The run loop is parked now, with nothing left: a later idle() must not wait for it.
    await new Promise((r) => setTimeout(r, 200));
    await within(queue.idle(), 5_000, 'idle() of a queue that has finished');
    expect((await queue.list()).map((i) => i.state)).toEqual(['completed']);
  });

  it('uploads each file exactly once when its process is killed mid-upload and started again', async () => {
    const runner = join(tmp.dir, 'queue-runner.mjs');
    await build({ entryPoints: [new URL('../support/queue-runner.ts', import.meta.url).pathname], bundle: true, platform: 'node', format: 'esm', outfile: runner, logLevel: 'error' });
    const files = [
      await jpegFile(tmp.dir, 'killed-0.jpg', 16 * MB, 50),
      await jpegFile(tmp.dir, 'killed-1.jpg', 100_000, 51),
      await jpegFile(tmp.dir, 'killed-2.jpg', 12 * MB, 52),
    ];
    const dir = join(tmp.dir, 'q2');
    const env = { ...process.env, CLIENT_ID: SERVICE_CLIENT.id, CLIENT_SECRET: SERVICE_CLIENT.secret };

    // First run: killed with SIGKILL when the first file is part-way through, with at least one
    // part stored (two parts of 5 MB in flight at most: past 10 MB, one has been stored).
    const first = spawn(process.execPath, [runner, proxy.url, dir, ...files], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    onTestFinished(() => void first.kill('SIGKILL'));
    let killedAt: { id: string; sent: number; total: number } | undefined;
    for await (const line of createInterface({ input: first.stdout! })) {
      const change = JSON.parse(line);
      if (change.type === 'progress' && change.sent > 10 * MB && change.sent < change.total) {
        first.kill('SIGKILL');
        killedAt = change;
        break;
      }
    }
    await new Promise((r) => first.once('exit', r));
    expect(killedAt).toBeDefined();

    // Second run: picks the stored items up, resumes the half-done one.
    const second = spawn(process.execPath, [runner, proxy.url, dir], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    onTestFinished(() => void second.kill('SIGKILL'));
    let idle: { items: { state: string; assetId: string }[] } | undefined;
    const resumedFrom: number[] = [];
    for await (const line of createInterface({ input: second.stdout! })) {
      const change = JSON.parse(line);
      // Two items run at once (the queue's default): follow the one that was cut off.
      if (change.type === 'progress' && change.id === killedAt!.id) resumedFrom.push(change.sent);
      if (change.type === 'idle') idle = change;
    }
    expect(idle?.items.map((i) => i.state)).toEqual(['completed', 'completed', 'completed']);
    // The half-done file went on from the parts stored before the kill, not from zero.
    expect(resumedFrom[0]).toBeGreaterThan(0);
    const counts = await assetsByName(proxiedClient(), 'killed-');
    expect(Object.fromEntries(counts)).toEqual({ 'killed-0.jpg': 1, 'killed-1.jpg': 1, 'killed-2.jpg': 1 });
  }, 180_000);

  it.each([
    { concurrency: undefined, atOnce: 2 },
    { concurrency: 1, atOnce: 1 },
  ])('uploads $atOnce item(s) at once with concurrency $concurrency (2 by default), each exactly once', async ({ concurrency, atOnce }) => {
    const prefix = `together-${atOnce}-`;
    let inFlight = 0;
    let most = 0;
    // Each PUT is held until as many as the queue may send are in flight (or a generous deadline
    // passes), so that items overlap whenever the queue lets them, and never beyond its limit.
    const files: FileSourceFactory = async (ref) =>
      watched(await nodeFiles(ref), {
        before: async () => {
          most = Math.max(most, ++inFlight);
          for (const deadline = Date.now() + 20_000; inFlight < atOnce && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 20));
        },
        after: () => void inFlight--,
      });
    const queue = sharedClient().queue({ store: new FileQueueStore(join(tmp.dir, `q-${prefix}`)), files, concurrency });
    onTestFinished(() => queue.stop());
    for (let i = 0; i < 4; i++) await queue.add(fileSource(await jpegFile(tmp.dir, `${prefix}${i}.jpg`, 300_000, 70 + i)));
    queue.start();
    await queue.idle();

    expect((await queue.list()).map((i) => i.state)).toEqual(['completed', 'completed', 'completed', 'completed']);
    expect(most).toBe(atOnce);
    const counts = await assetsByName(sharedClient(), prefix);
    expect(Object.fromEntries(counts)).toEqual({ [`${prefix}0.jpg`]: 1, [`${prefix}1.jpg`]: 1, [`${prefix}2.jpg`]: 1, [`${prefix}3.jpg`]: 1 });
  }, 120_000);

  it('waits while the network monitor says offline, and goes on when it is back', async () => {
    const network = new SwitchedNetwork(false);
    const queue = sharedClient().queue({ store: new FileQueueStore(join(tmp.dir, 'q3')), files: nodeFiles, network });
    const item = await queue.add(fileSource(await jpegFile(tmp.dir, 'offline-0.jpg', 50_000, 60)));
    queue.start();
    onTestFinished(() => queue.stop());
    await new Promise((r) => setTimeout(r, 500));
    expect((await queue.list())[0]).toMatchObject({ id: item.id, state: 'queued', attempts: 0 });
    network.set(true);
    await queue.idle();
    expect((await queue.list())[0].state).toBe('completed');
  });

  it('fails an item with a final error at once; a failed item can be retried or removed', async () => {
    const notifier = new RecordingNotifier();
    const queue = sharedClient().queue({ store: new FileQueueStore(join(tmp.dir, 'q4')), files: nodeFiles, notifier });
    const text = join(tmp.dir, 'notes.txt');
    await writeFile(text, 'not an image');
    const item = await queue.add(fileSource(text));
    queue.start();
    await queue.idle();
    let [failed] = await queue.list();
    expect(failed).toMatchObject({ state: 'failed', attempts: 1, error: { code: 'CONTENT_TYPE_NOT_ALLOWED', status: 415 } });
    expect(notifier.of('failed')).toHaveLength(1);

    await queue.retry(item.id);
    await queue.idle();
    [failed] = await queue.list();
    expect(failed).toMatchObject({ state: 'failed', attempts: 1 });
    await queue.remove(item.id);
    expect(await queue.list()).toEqual([]);
    await queue.stop();
  });
});
