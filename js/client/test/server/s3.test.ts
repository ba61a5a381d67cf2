import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { AssetgateError, createClient, type AssetgateClient } from '../../src/index.js';
import { fileSource } from '../../src/node/index.js';
import { jpegFile } from '../support/media.js';
import { startS3Proxy, type S3Proxy } from '../support/s3proxy.js';
import { startServer, type TestServer } from '../support/server.js';
import { tempDir } from '../support/shared.js';
import { watched } from '../support/sources.js';

const MB = 1024 * 1024;
const tmp = tempDir();
let s3: S3Proxy;
let server: TestServer;
let bucket: string;
let client: AssetgateClient;

beforeAll(async () => {
  s3 = await startS3Proxy();
  bucket = s3.newBucket();
  server = await startServer({ ...s3.settings(bucket), 'assetgate.upload.multipart-threshold': '5MB', 'assetgate.upload.part-size': '5MB' });
  client = createClient({ server: server.url, auth: server.serviceAuth(), retry: { baseDelayMs: 20, maxDelayMs: 100 } });
});
afterAll(async () => {
  await server?.close();
  await s3?.close();
  tmp.remove();
});

describe('on S3 (S3Proxy)', () => {
  it('uploads MULTIPART straight to the bucket with each part\'s MD5 (the store\'s own checksum), and SINGLE', async () => {
    const big = await jpegFile(tmp.dir, 's3-big.jpg', 11 * MB, 110);
    const source = watched(fileSource(big), {});
    const asset = await client.upload(source);
    expect(source.sends.map((s) => s.checksum)).toEqual(['md5', 'md5', 'md5']);
    expect(source.sends.every((s) => new URL(s.url).origin === s3.endpoint)).toBe(true);
    expect(Buffer.from(await (await client.assets.download(asset.id)).arrayBuffer()).equals(await readFile(big))).toBe(true);

    const small = await jpegFile(tmp.dir, 's3-small.jpg', 100_000, 111);
    const one = await client.upload(fileSource(small));
    expect(Buffer.from(await (await client.assets.download(one.id)).arrayBuffer()).equals(await readFile(small))).toBe(true);
  });

  it('checks each part\'s MD5 computed on the hashing thread against the store\'s ETag', async () => {
    const big = await jpegFile(tmp.dir, 's3-threaded.jpg', 11 * MB + 5, 112);
    // Parts of 5 MiB are hashed on the main thread by default: every request on the worker here.
    const source = watched(fileSource(big, { offThreadHashFrom: 0 }), {});
    const asset = await client.upload(source);
    expect(source.sends.map((s) => s.checksum)).toEqual(['md5', 'md5', 'md5']);
    expect(asset.state === 'AVAILABLE' || asset.state === 'READY').toBe(true);
    expect(Buffer.from(await (await client.assets.download(asset.id)).arrayBuffer()).equals(await readFile(big))).toBe(true);
  });

  it('answers STORAGE_MISCONFIGURED, final, when the bucket does not exist (anymore)', async () => {
    // The server may still be writing the last test's variants into it: rm retries on ENOTEMPTY.
    await rm(join(s3.dataDir, bucket), { recursive: true, force: true, maxRetries: 20, retryDelay: 250 });
    const e = await client.upload(fileSource(await jpegFile(tmp.dir, 's3-nobucket.jpg', 50_000, 112))).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AssetgateError);
    expect(e).toMatchObject({ code: 'STORAGE_MISCONFIGURED', retryable: false });
    expect((e as AssetgateError).message).toContain('NoSuchBucket');
  });
});
