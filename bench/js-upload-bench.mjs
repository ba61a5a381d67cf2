// One upload through the TypeScript SDK in Node, for bench/js-upload.sh:
//   node bench/js-upload-bench.mjs SERVER CLIENT_ID CLIENT_SECRET FILE PARALLEL LABEL
// Prints "LABEL  N MiB/s  S s  cpu C s  rss +M MiB": the whole upload call (declare, every PUT,
// complete), the CPU time the Node process spent on it (user + system, all its threads), and how
// far the process's resident memory grew above what it held before the upload (sampled every
// 50 ms). Then its phases: declare (up to the first byte sent), send (to the last byte's
// progress), complete (the store's answer to the last PUT, and the server's complete), with the
// CPU the receiving processes spent in that last phase when js-upload.sh names them
// (RECEIVING="label pid pid,label pid", CLK_TCK): on S3Proxy, its copy of the parts into one
// object.
//
// The client signs in first, outside the timed call, as an app does once before its uploads (and
// as curl's side, whose token and declaration are not timed either); that sign-in is printed
// beside the figures, so its cost is not hidden.
import { readFileSync, statSync } from 'node:fs';
import { clientCredentials, createClient } from '../js/client/dist/index.js';
import { fileSource } from '../js/client/dist/node/index.js';

const [server, clientId, clientSecret, file, parallel, label] = process.argv.slice(2);
// utime + stime of each receiving group, in clock ticks (the fields after the command's name).
const receivers = (process.env.RECEIVING ?? '').split(',').filter(Boolean).map((group) => {
  const [name, ...pids] = group.trim().split(/\s+/);
  return { name, pids };
});
const ticks = () => receivers.map(({ pids }) => pids.reduce((sum, pid) => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
  return sum + Number(fields[11]) + Number(fields[12]);
}, 0));
const hz = Number(process.env.CLK_TCK ?? 100);
const auth = clientCredentials({ issuer: server, clientId, clientSecret });
const client = createClient({ server, auth, partConcurrency: Number(parallel) });
const source = fileSource(file, { contentType: 'image/jpeg' });
const signIn0 = performance.now();
await auth.getToken();
const signInMs = performance.now() - signIn0;
globalThis.gc?.();
const before = process.memoryUsage().rss;
let peak = before;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
let firstByte = 0;
let lastByte = 0;
let atLastByte = [];
const asset = await client.upload(source, {
  onProgress: (sent, total) => {
    const now = performance.now();
    if (sent > 0 && !firstByte) firstByte = now;
    if (sent === total && !lastByte) {
      lastByte = now;
      atLastByte = ticks();
    }
  },
});
const end = performance.now();
const completeCpu = ticks().map((t, i) => `${receivers[i].name} cpu ${((t - atLastByte[i]) / hz).toFixed(2)} s`).join(', ');
const seconds = (end - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);
if (asset.state !== 'AVAILABLE' && asset.state !== 'READY') throw new Error(`upload ended ${asset.state}`);
// Untimed: what the upload stored is deleted, so that the next case finds the memory it freed
// (see free_stored in js-upload.sh).
await client.assets.delete(asset.id);
const mib = statSync(file).size / 1048576;
const ms = (from, to) => `${Math.round(to - from)} ms`;
console.log(`${label.padEnd(34)} ${(mib / seconds).toFixed(1).padStart(7)} MiB/s  ${seconds.toFixed(2).padStart(6)} s  cpu ${cpuSeconds.toFixed(2)} s  rss +${((peak - before) / 1048576).toFixed(1)} MiB`
  + `  (declare ${ms(t0, firstByte)}, send ${ms(firstByte, lastByte)}, complete ${ms(lastByte, end)}${completeCpu ? `: ${completeCpu}` : ''}; sign-in before: ${Math.round(signInMs)} ms)`);
