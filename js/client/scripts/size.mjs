// The core's size as an app ships it: src/index.ts bundled and minified with esbuild, then
// gzipped. Fails when it passes the budget, so that growth is a decision, not an accident.
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';

const BUDGET = 15 * 1024;
const entries = { core: 'src/index.ts', node: 'src/node/index.ts' };
let over = false;
for (const [name, entry] of Object.entries(entries)) {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: name === 'core' ? 'neutral' : 'node',
    // The node adapter's size is its own: the core is counted above.
    external: name === 'core' ? [] : ['node:*'],
    write: false,
    logLevel: 'error',
  });
  const bytes = result.outputFiles[0].contents;
  const gzipped = gzipSync(bytes, { level: 9 }).length;
  const note = name === 'core' ? ` (budget ${(BUDGET / 1024).toFixed(0)} kB)` : ' (with what it uses of the core)';
  console.log(`${name}: ${(bytes.length / 1024).toFixed(1)} kB minified, ${(gzipped / 1024).toFixed(1)} kB gzipped${note}`);
  if (name === 'core' && gzipped > BUDGET) over = true;
}
if (over) {
  console.error('The core is over its size budget.');
  process.exit(1);
}
