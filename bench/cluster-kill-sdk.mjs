// The kill test of bench/cluster.sh (and ClusterIT) driven by the TypeScript SDK in Node, as
// bench/ClusterKillBench.java does with the Java client: uploads every file of a folder at once,
// kills a server node (SIGKILL, by pid) once a quarter of the uploads are created, then checks
// that every upload ended as one asset, processed to READY, whose downloaded bytes are the file's.
//
//   node bench/cluster-kill-sdk.mjs SERVER_URL FOLDER PID_TO_KILL
//
// Signs in with ASSETGATE_TOKEN when set, else with the client credentials ASSETGATE_CLIENT_ID
// and ASSETGATE_CLIENT_SECRET at the server's embedded issuer. Needs the SDK built
// (cd js && npm ci && npm run build -w @assetgate/client). Exits 1 when any file is lost,
// duplicated or wrong.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { clientCredentials, createClient } from '../js/client/dist/index.js';
import { fileSource } from '../js/client/dist/node/index.js';

const [server, folder, victimArg] = process.argv.slice(2);
const victim = Number(victimArg);
const files = readdirSync(folder).sort().map((name) => join(folder, name));
// A given token is tried once more after a 401, as the Java client does with a fixed token (the
// SDK's staticToken gives up at once): each such retry is printed, so the output shows it.
let refused = 0;
const givenToken = (token) => ({
  getToken: async () => token,
  invalidate: () => {
    console.log(`the server refused the token (401, ${++refused} so far); trying once more`);
    return true;
  },
});
const auth = process.env.ASSETGATE_TOKEN
  ? givenToken(process.env.ASSETGATE_TOKEN)
  : clientCredentials({
      issuer: server,
      clientId: process.env.ASSETGATE_CLIENT_ID,
      clientSecret: process.env.ASSETGATE_CLIENT_SECRET,
      scope: 'assets:read assets:write',
    });
// Patient, as the Java driver: a client waits out the seconds HAProxy needs to see the node gone.
const client = createClient({ server, auth, retry: { maxAttempts: 40, baseDelayMs: 200, maxDelayMs: 2000 } });

const killAt = Math.max(1, Math.floor(files.length / 4));
let created = 0;
let finished = 0;
let finishedAtKill = -1;
const t0 = performance.now();
const results = await Promise.allSettled(files.map(async (file) => {
  const asset = await client.upload(fileSource(file, { contentType: 'image/jpeg' }), {
    onCreated: () => {
      if (++created === killAt) {
        finishedAtKill = finished;
        try {
          process.kill(victim, 'SIGKILL');
        } catch (e) {
          console.log(`could not kill ${victim}: ${e.message}`);
        }
        console.log(`killed node pid ${victim}: ${killAt} created, ${finishedAtKill} finished`);
      }
    },
  });
  finished++;
  return asset;
}));
const seconds = (performance.now() - t0) / 1000;
const failed = results.filter((r) => r.status === 'rejected');
for (const r of failed) console.log(`upload failed: ${r.reason?.code ?? ''} ${r.reason?.message ?? r.reason}`);
console.log(`uploads: ${results.length - failed.length} of ${files.length} finished in ${seconds.toFixed(1)} s, ${failed.length} failed`);

// Every asset processed and its bytes downloaded back, through the balancer.
const ids = new Set();
let wrong = 0;
for (let i = 0; i < results.length; i++) {
  if (results[i].status !== 'fulfilled') continue;
  let asset = results[i].value;
  ids.add(asset.id);
  const deadline = Date.now() + 5 * 60_000;
  while (asset.state !== 'READY' && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    asset = await client.assets.get(asset.id);
  }
  const bytes = asset.state === 'READY' ? Buffer.from(await (await client.assets.download(asset.id)).arrayBuffer()) : null;
  if (!bytes || !bytes.equals(readFileSync(files[i]))) {
    wrong++;
    console.log(`wrong: ${asset.id} ${asset.state}`);
  }
}
const right = results.length - failed.length - wrong;
console.log(`assets: ${ids.size} distinct, ${right} READY with the right bytes, ${wrong} wrong`);
const ok = failed.length === 0 && wrong === 0 && ids.size === files.length && finishedAtKill >= 0
  && finishedAtKill < files.length;
console.log(ok ? 'KILL TEST: OK' : 'KILL TEST: FAILED');
process.exit(ok ? 0 : 1);
