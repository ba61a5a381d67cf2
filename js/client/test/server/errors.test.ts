import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AssetgateError, ERROR_CODES, createClient, isRetryable, staticToken } from '../../src/index.js';
import { fileSource } from '../../src/node/index.js';
import { jpegFile } from '../support/media.js';
import { readOnlyToken, serverUrl, sharedClient, tempDir, tokenOf } from '../support/shared.js';
import { watched } from '../support/sources.js';
import { answeringServer, problem, silentServer } from '../support/fake-servers.js';
import { freePort } from '../support/processes.js';

const tmp = tempDir();
afterAll(() => tmp.remove());
const once = { maxAttempts: 1 };

async function failure(p: Promise<unknown>): Promise<AssetgateError> {
  const e = await p.then(() => undefined, (x: unknown) => x);
  expect(e).toBeInstanceOf(AssetgateError);
  return e as AssetgateError;
}

describe('the error table', () => {
  it('classes every code: what is retried and what is final', () => {
    const retried = Object.entries(ERROR_CODES).filter(([, v]) => v.retryable).map(([k]) => k).sort();
    expect(retried).toEqual(['DATABASE_UNAVAILABLE', 'INTERNAL', 'NETWORK', 'RATE_LIMITED', 'REQUEST_TIMEOUT', 'STORAGE_ERROR', 'STORAGE_UNAVAILABLE', 'TIMEOUT', 'UNAVAILABLE']);
    expect(ERROR_CODES.STORAGE_MISCONFIGURED.retryable).toBe(false);
    expect(ERROR_CODES.UPLOAD_TOO_LARGE.retryable).toBe(false);
    // Codes the table does not know are classed by status.
    expect(isRetryable('SOMETHING_NEW', 503)).toBe(true);
    expect(isRetryable('SOMETHING_NEW', 409)).toBe(false);
  });

  it('knows every code of the API documentation', () => {
    const api = readFileSync(new URL('../../../../docs/api.md', import.meta.url), 'utf8');
    const documented = [...api.slice(api.indexOf('## Error codes')).matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]);
    expect(documented.length).toBeGreaterThan(15);
    for (const code of documented) expect(ERROR_CODES, code).toHaveProperty(code);
  });

  it('is the table the README shows', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const rows = [...readme.matchAll(/^\| `([A-Z_]+)` \| (retried|final) \|/gm)].map((m) => [m[1], m[2] === 'retried'] as const);
    expect(Object.fromEntries(rows)).toEqual(Object.fromEntries(Object.entries(ERROR_CODES).map(([k, v]) => [k, v.retryable])));
  });
});

describe('each failure point gives its typed error', () => {
  it('NETWORK when the connection is refused', async () => {
    const port = await freePort();
    const client = createClient({ server: `http://127.0.0.1:${port}`, auth: staticToken('t'), retry: once });
    const e = await failure(client.assets.get('x'));
    expect(e).toMatchObject({ code: 'NETWORK', status: 0, retryable: true });
    expect(e.message).toContain('refused');
  });

  it('NETWORK when the host name does not resolve', async () => {
    const client = createClient({ server: 'http://nonexistent.invalid', auth: staticToken('t'), retry: once });
    const e = await failure(client.assets.get('x'));
    expect(e).toMatchObject({ code: 'NETWORK', status: 0, retryable: true });
    expect(e.message).toContain('does not resolve');
  });

  it('TIMEOUT when the server accepts and never answers, after every attempt', async () => {
    const hung = await silentServer();
    try {
      const client = createClient({ server: hung.url, auth: staticToken('t'), timeoutMs: 300, retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 20 } });
      const e = await failure(client.assets.get('x'));
      expect(e).toMatchObject({ code: 'TIMEOUT', status: 0, retryable: true });
      expect(hung.count()).toBeGreaterThanOrEqual(3); // one connection per attempt at least
    } finally {
      await hung.close();
    }
  });

  it('UNAUTHENTICATED (401) for a bad token, not retried', async () => {
    const client = createClient({ server: serverUrl(), auth: staticToken('not-a-token') });
    const e = await failure(client.upload(fileSource(await jpegFile(tmp.dir, 'a.jpg', 1000))));
    expect(e).toMatchObject({ code: 'UNAUTHENTICATED', status: 401, retryable: false });
    expect(e.message).toContain('Sign in again');
  });

  it('FORBIDDEN (403) for a token without the write scope', async () => {
    const client = createClient({ server: serverUrl(), auth: staticToken(await readOnlyToken()) });
    const e = await failure(client.upload(fileSource(await jpegFile(tmp.dir, 'b.jpg', 1000))));
    expect(e).toMatchObject({ code: 'FORBIDDEN', status: 403, retryable: false });
  });

  it('UPLOAD_TOO_LARGE (413) at create, before any byte is sent', async () => {
    const path = join(tmp.dir, 'huge.mp4');
    await writeFile(path, '');
    await truncate(path, 50 * 1024 * 1024); // sparse: over the shared server's 40 MB
    const source = watched(fileSource(path), {});
    const e = await failure(createClient({ server: serverUrl(), auth: staticToken(await tokenOf()) }).upload(source));
    expect(e).toMatchObject({ code: 'UPLOAD_TOO_LARGE', status: 413, retryable: false });
    expect(source.sends).toHaveLength(0);
  });

  it('CONTENT_TYPE_NOT_ALLOWED (415) for a type the server refuses', async () => {
    const path = join(tmp.dir, 'notes.txt');
    await writeFile(path, 'just text');
    const e = await failure(sharedClient().upload(fileSource(path)));
    expect(e).toMatchObject({ code: 'CONTENT_TYPE_NOT_ALLOWED', status: 415, retryable: false });
  });

  it('5xx: INTERNAL retried up to the maximum of attempts; an unknown 5xx code retried; a final 503 code not', async () => {
    const failing = await answeringServer((req, res) => {
      if (req.url?.startsWith('/v1/assets/internal')) problem(res, 500, 'INTERNAL');
      else if (req.url?.startsWith('/v1/assets/bare')) res.writeHead(502).end('<html>bad gateway</html>');
      else problem(res, 503, 'STORAGE_MISCONFIGURED');
    });
    try {
      const client = createClient({ server: failing.url, auth: staticToken('t'), retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 10 } });
      expect(await failure(client.assets.get('internal'))).toMatchObject({ code: 'INTERNAL', status: 500, retryable: true });
      expect(failing.count()).toBe(3);
      expect(await failure(client.assets.get('bare'))).toMatchObject({ code: 'UNAVAILABLE', status: 502, retryable: true });
      expect(failing.count()).toBe(6);
      expect(await failure(client.assets.get('misconfigured'))).toMatchObject({ code: 'STORAGE_MISCONFIGURED', status: 503, retryable: false });
      expect(failing.count()).toBe(7);
    } finally {
      await failing.close();
    }
  });

  it('honours Retry-After before the next attempt', async () => {
    const busy = await answeringServer((_req, res, n) => {
      if (n === 1) problem(res, 503, 'STORAGE_UNAVAILABLE', { 'Retry-After': '1' });
      else res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"items":[],"nextCursor":null}');
    });
    try {
      const client = createClient({ server: busy.url, auth: staticToken('t'), retry: { baseDelayMs: 1, maxDelayMs: 5 } });
      const started = Date.now();
      for await (const _ of client.assets.list()) void _;
      expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
      expect(busy.count()).toBe(2);
    } finally {
      await busy.close();
    }
  });
});
