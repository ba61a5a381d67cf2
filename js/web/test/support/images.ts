import { deflateSync } from 'node:zlib';

/**
 * A real PNG of about `width * height * 3` bytes: coloured noise over a gradient, stored
 * without compression so that its size is what the test asks for (a multipart upload needs a
 * file above the threshold). The server decodes it and makes thumbnails like from any photo.
 */
export function noisyPng(width: number, height: number, seed = 1): Buffer {
  const row = width * 3 + 1;
  const raw = Buffer.alloc(row * height);
  let state = seed >>> 0 || 1;
  for (let y = 0; y < height; y++) {
    raw[y * row] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      const i = y * row + 1 + x * 3;
      raw[i] = ((x * 255) / width + (state & 63)) & 255;
      raw[i + 1] = ((y * 255) / height + ((state >>> 8) & 63)) & 255;
      raw[i + 2] = (128 + ((state >>> 16) & 127)) & 255;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 0 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A small PNG (a few KB): quick to upload, still a real image with thumbnails. */
export function smallPng(seed = 1): Buffer {
  return noisyPng(64, 48, seed);
}

/** A PNG of at least `bytes` bytes (square). */
export function pngOfAtLeast(bytes: number, seed = 1): Buffer {
  const side = Math.ceil(Math.sqrt(bytes / 3)) + 1;
  return noisyPng(side, side, seed);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length, 0);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body), 0);
  return Buffer.concat([length, body, crc]);
}

const TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
