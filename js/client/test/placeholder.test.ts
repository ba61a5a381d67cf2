import { describe, expect, it } from 'vitest';
import { inflateSync } from 'node:zlib';
import { decodeThumbHash, placeholderDataUrl } from '../src/index.js';

// Hashes the server's encoder (ThumbHash.of) made: a 200×100 image, red left half and blue right
// half; and a 100×200 one, opaque green above and transparent below.
const RED_BLUE = 'l7YCtJ6I0Ll1d3iHiHd/ePiIiA==';
const GREEN_OVER_CLEAR = 'kumAAwBYh4B3qIeHcIj3d4iHj3iIWIg=';

function bytes(base64: string): Uint8Array {
  return Uint8Array.from(Buffer.from(base64, 'base64'));
}

function pixel(image: { width: number; rgba: Uint8Array }, x: number, y: number): number[] {
  const i = (y * image.width + x) * 4;
  return Array.from(image.rgba.subarray(i, i + 4));
}

describe('ThumbHash placeholders', () => {
  it('decode to the image\'s aspect ratio and its colours where they were', () => {
    const image = decodeThumbHash(bytes(RED_BLUE));
    // The format keeps the aspect ratio to a few DCT columns and rows: 7 by 4 here, so 32×18.
    expect([image.width, image.height]).toEqual([32, 18]);
    const [r1, g1, b1, a1] = pixel(image, 4, 9);
    const [r2, , b2] = pixel(image, 27, 9);
    expect(r1).toBeGreaterThan(b1! + 80);
    expect(r1).toBeGreaterThan(g1! + 80);
    expect(a1).toBe(255);
    expect(b2).toBeGreaterThan(r2! + 80);
  });

  it('keep transparency where the image had it', () => {
    const image = decodeThumbHash(bytes(GREEN_OVER_CLEAR));
    expect([image.width, image.height]).toEqual([19, 32]); // 3 by 5
    const top = pixel(image, 9, 4);
    expect(top[1]).toBeGreaterThan(top[0]! + 60);
    expect(top[3]).toBeGreaterThan(200);
    expect(pixel(image, 9, 28)[3]).toBeLessThan(60);
  });

  it('draw as a PNG data URL holding exactly the decoded pixels', () => {
    const url = placeholderDataUrl({ kind: 'thumbhash', value: RED_BLUE })!;
    expect(url).toMatch(/^data:image\/png;base64,/);
    const png = Buffer.from(url.slice(url.indexOf(',') + 1), 'base64');
    expect(png.subarray(0, 8)).toEqual(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]));
    expect(png.toString('latin1', 12, 16)).toBe('IHDR');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([32, 18]);
    const idatLength = png.readUInt32BE(33);
    expect(png.toString('latin1', 37, 41)).toBe('IDAT');
    const raw = inflateSync(png.subarray(41, 41 + idatLength));
    const decoded = decodeThumbHash(bytes(RED_BLUE));
    const rows: number[] = [];
    for (let y = 0; y < 18; y++) rows.push(0, ...decoded.rgba.subarray(y * 128, (y + 1) * 128));
    expect(Array.from(raw)).toEqual(rows);
    expect(png.toString('latin1', png.length - 8, png.length - 4)).toBe('IEND');
  });

  it('is absent without a placeholder, for a kind it does not draw, and for a broken value', () => {
    expect(placeholderDataUrl(undefined)).toBeUndefined();
    expect(placeholderDataUrl(null)).toBeUndefined();
    expect(placeholderDataUrl({ kind: 'blurhash', value: 'LEHV6nWB2yk8pyo0adR*.7kCMdnj' })).toBeUndefined();
    expect(placeholderDataUrl({ kind: 'thumbhash', value: 'AAE=' })).toBeUndefined();
  });
});
