/** Media files made by the tests: a real small JPEG, then seeded noise up to the wanted size. */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';

/** A 32x32 orange JPEG (made with ImageIO for these tests). */
const JPEG = Buffer.from('/9j/4AAQSkZJRgABAgAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/2wBDAQkJCQwLDBgNDRgyIRwhMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjL/wAARCAAgACADASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QAHwEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdhcRMiMoEIFEKRobHBCSMzUvAVYnLRChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6goOEhYaHiImKkpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk5ebn6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEAPwD0Kiiivx4+nCiiigAooooAKKKKAP/Z', 'base64');

/** Deterministic noise: xorshift32 from a seed. */
function noise(seed: number, bytes: Buffer): number {
  let x = seed | 0 || 1;
  for (let i = 0; i + 4 <= bytes.length; i += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes.writeInt32LE(x | 0, i);
  }
  return x;
}

/** Writes a file of exactly `size` bytes that the server's content check takes for a JPEG. */
export async function jpegFile(dir: string, name: string, size: number, seed = 1): Promise<string> {
  const path = join(dir, name);
  const out = createWriteStream(path);
  const head = JPEG.subarray(0, Math.min(size, JPEG.length));
  out.write(head);
  let state = seed;
  const chunk = Buffer.alloc(1024 * 1024);
  for (let left = size - head.length; left > 0; ) {
    state = noise(state + 1, chunk);
    const n = Math.min(chunk.length, left);
    if (!out.write(n === chunk.length ? Buffer.from(chunk) : chunk.subarray(0, n))) await once(out, 'drain');
    left -= n;
  }
  out.end();
  await once(out, 'finish');
  return path;
}
