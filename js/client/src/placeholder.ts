/**
 * Draws an asset's placeholder (`metadata.placeholder`, a ThumbHash the server computed from the
 * whole upright image) as a tiny PNG `data:` URL that `<img src>` and React Native's `<Image>`
 * show at once, before any variant is downloaded and while offline. Decoding follows the
 * ThumbHash format as the server writes it (docs/api.md): a header of the average colour and
 * scales, then 4-bit DCT coefficients of luminance, two colour differences and, when the image
 * has transparency, alpha. No dependencies: the PNG is written with stored (uncompressed)
 * deflate blocks, which for 32×32 pixels is about 4 KB.
 */
import type { Asset } from './types.js';
import { bytesToBase64 } from './base64.js';

/** An asset's placeholder as the API answers it. */
export type Placeholder = NonNullable<NonNullable<Asset['metadata']>['placeholder']>;

/** A decoded ThumbHash: at most 32 pixels on its long side, RGBA. */
export interface PlaceholderImage {
  readonly width: number;
  readonly height: number;
  readonly rgba: Uint8Array;
}

/**
 * The placeholder as a `data:image/png;base64,...` URL; `undefined` when there is none, or it is
 * of a kind this SDK does not draw (BlurHash), or it cannot be decoded.
 */
export function placeholderDataUrl(placeholder: Placeholder | null | undefined): string | undefined {
  if (!placeholder || placeholder.kind !== 'thumbhash') return undefined;
  try {
    const image = decodeThumbHash(base64ToBytes(placeholder.value));
    return `data:image/png;base64,${bytesToBase64(png(image))}`;
  } catch {
    return undefined;
  }
}

/** Decodes a ThumbHash into a small RGBA image of the asset's aspect ratio. */
export function decodeThumbHash(hash: Uint8Array): PlaceholderImage {
  if (hash.length < 5) throw new Error('a ThumbHash has at least 5 bytes');
  const header24 = hash[0]! | (hash[1]! << 8) | (hash[2]! << 16);
  const header16 = hash[3]! | (hash[4]! << 8);
  const lDc = (header24 & 63) / 63;
  const pDc = ((header24 >> 6) & 63) / 31.5 - 1;
  const qDc = ((header24 >> 12) & 63) / 31.5 - 1;
  const lScale = ((header24 >> 18) & 31) / 31;
  const hasAlpha = header24 >> 23 !== 0;
  const pScale = ((header16 >> 3) & 63) / 63;
  const qScale = ((header16 >> 9) & 63) / 63;
  const landscape = header16 >> 15 !== 0;
  const lxHeader = landscape ? (hasAlpha ? 5 : 7) : header16 & 7;
  const lyHeader = landscape ? header16 & 7 : hasAlpha ? 5 : 7;
  const lx = Math.max(3, lxHeader);
  const ly = Math.max(3, lyHeader);
  const aDc = hasAlpha ? (hash[5]! & 15) / 15 : 1;
  const aScale = hasAlpha ? (hash[5]! >> 4) / 15 : 0;

  const start = hasAlpha ? 6 : 5;
  let index = 0;
  const channel = (nx: number, ny: number, scale: number): number[] => {
    const ac: number[] = [];
    for (let cy = 0; cy < ny; cy++) {
      for (let cx = cy > 0 ? 0 : 1; cx * ny < nx * (ny - cy); cx++, index++) {
        const byte = hash[start + (index >> 1)];
        if (byte === undefined) throw new Error('the ThumbHash is cut short');
        ac.push((((byte >> ((index & 1) << 2)) & 15) / 7.5 - 1) * scale);
      }
    }
    return ac;
  };
  const lAc = channel(lx, ly, lScale);
  const pAc = channel(3, 3, pScale * 1.25);
  const qAc = channel(3, 3, qScale * 1.25);
  const aAc = hasAlpha ? channel(5, 5, aScale) : [];

  const ratio = lxHeader / lyHeader;
  const width = Math.max(1, Math.round(ratio > 1 ? 32 : 32 * ratio));
  const height = Math.max(1, Math.round(ratio > 1 ? 32 / ratio : 32));
  const rgba = new Uint8Array(width * height * 4);
  const cxStop = Math.max(lx, hasAlpha ? 5 : 3);
  const cyStop = Math.max(ly, hasAlpha ? 5 : 3);
  const fx = new Array<number>(cxStop);
  const fy = new Array<number>(cyStop);
  for (let y = 0, i = 0; y < height; y++) {
    for (let x = 0; x < width; x++, i += 4) {
      let l = lDc;
      let p = pDc;
      let q = qDc;
      let a = aDc;
      for (let cx = 0; cx < cxStop; cx++) fx[cx] = Math.cos((Math.PI / width) * (x + 0.5) * cx);
      for (let cy = 0; cy < cyStop; cy++) fy[cy] = Math.cos((Math.PI / height) * (y + 0.5) * cy);
      for (let cy = 0, j = 0; cy < ly; cy++) {
        for (let cx = cy > 0 ? 0 : 1; cx * ly < lx * (ly - cy); cx++, j++) l += lAc[j]! * fx[cx]! * fy[cy]! * 2;
      }
      for (let cy = 0, j = 0; cy < 3; cy++) {
        for (let cx = cy > 0 ? 0 : 1; cx < 3 - cy; cx++, j++) {
          const f = fx[cx]! * fy[cy]! * 2;
          p += pAc[j]! * f;
          q += qAc[j]! * f;
        }
      }
      if (hasAlpha) {
        for (let cy = 0, j = 0; cy < 5; cy++) {
          for (let cx = cy > 0 ? 0 : 1; cx < 5 - cy; cx++, j++) a += aAc[j]! * fx[cx]! * fy[cy]! * 2;
        }
      }
      const b = l - (2 / 3) * p;
      const r = (3 * l - b + q) / 2;
      const g = r - q;
      rgba[i] = byte(r);
      rgba[i + 1] = byte(g);
      rgba[i + 2] = byte(b);
      rgba[i + 3] = byte(a);
    }
  }
  return { width, height, rgba };
}

function byte(v: number): number {
  return Math.round(255 * Math.min(1, Math.max(0, v)));
}

function base64ToBytes(value: string): Uint8Array {
  const binary = atob(value);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** A PNG of the image: 8-bit RGBA, no filtering, deflate's stored blocks. */
function png({ width, height, rgba }: PlaceholderImage): Uint8Array {
  const raw = new Uint8Array(height * (1 + width * 4));
  for (let y = 0; y < height; y++) raw.set(rgba.subarray(y * width * 4, (y + 1) * width * 4), y * (1 + width * 4) + 1);
  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8 bits per sample, RGBA, deflate, no filter, not interlaced
  return concat([
    new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlibStored(raw)),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

function zlibStored(data: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [new Uint8Array([0x78, 0x01])];
  for (let offset = 0; offset < data.length || offset === 0; offset += 65535) {
    const block = data.subarray(offset, offset + 65535);
    const last = offset + 65535 >= data.length ? 1 : 0;
    parts.push(new Uint8Array([last, block.length & 255, block.length >> 8, ~block.length & 255, (~block.length >> 8) & 255]), block);
    if (data.length === 0) break;
  }
  let a = 1;
  let b = 0;
  for (const v of data) {
    a = (a + v) % 65521;
    b = (b + a) % 65521;
  }
  parts.push(uint32(((b << 16) | a) >>> 0));
  return concat(parts);
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const typed = concat([Uint8Array.from(type, (c) => c.charCodeAt(0)), data]);
  return concat([uint32(data.length), typed, uint32(crc32(typed))]);
}

let crcTable: Uint32Array | undefined;

function crc32(data: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const v of data) crc = crcTable[(crc ^ v) & 255]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function uint32(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value);
  return out;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
