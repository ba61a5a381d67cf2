/**
 * A queue in a process of its own, for the crash test: `node queue-runner.mjs SERVER QUEUE_DIR
 * [FILE...]` adds the files (if any) to a FileQueueStore in QUEUE_DIR, runs the queue until it is
 * idle, and prints one JSON line per queue change on stdout. The test kills it with SIGKILL.
 */
import { clientCredentials, createClient } from '../../src/index.js';
import { FileQueueStore, fileSource, nodeFiles } from '../../src/node/index.js';

const [server, dir, ...files] = process.argv.slice(2);
const client = createClient({
  server,
  auth: clientCredentials({ issuer: server, clientId: process.env.CLIENT_ID!, clientSecret: process.env.CLIENT_SECRET! }),
  retry: { baseDelayMs: 50, maxDelayMs: 500 },
  partConcurrency: 2,
});
const queue = client.queue({ store: new FileQueueStore(dir), files: nodeFiles, retry: { maxAttempts: 1, baseDelayMs: 50, maxDelayMs: 500 } });
queue.subscribe((change) => {
  const line: Record<string, unknown> = { type: change.type, id: change.item.id, uploadId: change.item.uploadId };
  if (change.type === 'progress') Object.assign(line, { sent: change.sent, total: change.total });
  process.stdout.write(`${JSON.stringify(line)}\n`);
});
for (const f of files) await queue.add(fileSource(f));
queue.start();
await queue.idle();
await queue.stop();
const items = await queue.list();
process.stdout.write(`${JSON.stringify({ type: 'idle', items: items.map((i) => ({ id: i.id, state: i.state, assetId: i.assetId, error: i.error })) })}\n`);
