// sharp's side of bench/processing.sh: the same two variants (256 px square crop, within 1280 px,
// quality 82) of every JPEG in a directory, `threads` images at a time on as many libuv threads,
// one libvips thread per image (as the others: parallelism comes from the pool), after a warm-up
// pass. Prints images per second. Usage: node sharp-bench.js <sharp dir> <in> <out> <threads> <format>
'use strict';
const fs = require('fs');
const path = require('path');
const [sharpDir, inDir, outDir, threadsArg, format] = process.argv.slice(2);
const sharp = require(path.join(sharpDir, 'node_modules', 'sharp'));
const threads = Number(threadsArg);
sharp.concurrency(1);
sharp.cache(false);

async function one(file) {
  const base = path.join(outDir, path.basename(file, '.jpg'));
  const image = sharp(path.join(inDir, file)).rotate();
  await Promise.all([
    image.clone().resize(256, 256, { fit: 'cover' }).toFormat(format, { quality: 82 }).toFile(`${base}-thumbnail.${format}`),
    image.clone().resize(1280, 1280, { fit: 'inside', withoutEnlargement: true }).toFormat(format, { quality: 82 })
      .toFile(`${base}-preview.${format}`),
  ]);
}

async function run(files) {
  let next = 0;
  await Promise.all(Array.from({ length: threads }, async () => {
    while (next < files.length) {
      await one(files[next++]);
    }
  }));
}

(async () => {
  const files = fs.readdirSync(inDir).filter((f) => f.endsWith('.jpg')).sort();
  await run(files.slice(0, 4));
  const start = process.hrtime.bigint();
  await run(files);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(`sharp ${sharp.versions.sharp} (libvips ${sharp.versions.vips}) ${files.length} images in `
    + `${seconds.toFixed(2)} s: ${(files.length / seconds).toFixed(2)} images/s (${threads} threads, ${format})`);
})().catch((e) => { console.error(e); process.exit(1); });
