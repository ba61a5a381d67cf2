import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { clientCredentials, createClient, refreshingToken, staticToken, type FetchLike, type Tokens } from '../../src/index.js';
import { fileSource } from '../../src/node/index.js';
import { jpegFile } from '../support/media.js';
import { SERVICE_CLIENT, startServer, type TestServer } from '../support/server.js';
import { tempDir } from '../support/shared.js';
import { watched } from '../support/sources.js';

const MB = 1024 * 1024;
const tmp = tempDir();
let server: TestServer;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  server = await startServer({
    'assetgate.upload.multipart-threshold': '5MB',
    'assetgate.upload.part-size': '5MB',
    'assetgate.upload.url-ttl': '2s',
    'assetgate.idp.access-token-ttl': '3s',
    'spring.security.oauth2.resourceserver.jwt.clock-skew': '0s',
  });
});
afterAll(async () => {
  await server?.close();
  tmp.remove();
});

/** A fetch that counts the calls answered 401 and the calls to the token endpoint. */
function counting(): { fetch: FetchLike; unauthorized: () => number; tokenCalls: () => number } {
  let unauthorized = 0;
  let tokenCalls = 0;
  return {
    fetch: async (input, init) => {
      if (input.endsWith('/oauth2/token')) tokenCalls++;
      const response = await fetch(input, init);
      if (response.status === 401) unauthorized++;
      return response;
    },
    unauthorized: () => unauthorized,
    tokenCalls: () => tokenCalls,
  };
}

describe('expiry in the middle of an upload', () => {
  it('gets fresh part URLs when the signed ones expired before a part went out (403 from the store)', async () => {
    const path = await jpegFile(tmp.dir, 'slow.jpg', 12 * MB, 100);
    const refused: number[] = [];
    const source = watched(fileSource(path), {
      before: async (_r, n) => {
        // The part's URL (2 s, its expiry rounded up to the whole second: at most 3 s) expires
        // while the app stalls.
        if (n === 2) await pause(3500);
      },
      after: (r, res) => void (res.status === 403 && refused.push(r.start)),
    });
    const client = createClient({ server: server.url, auth: server.serviceAuth(), partConcurrency: 1 });
    const asset = await client.upload(source);
    expect(refused).toEqual([5 * MB]);
    const back = Buffer.from(await (await client.assets.download(asset.id)).arrayBuffer());
    expect(back.equals(await readFile(path))).toBe(true);
  });

  it('refreshes an access token that expired mid-upload once on the 401, and goes on (refresh token)', async () => {
    const signedIn = await server.deviceTokens(); // the device code grant, as a command-line tool would
    expect(signedIn.refreshToken).toBeTruthy();
    const renewed: Tokens[] = [];
    const calls = counting();
    // The provider is told the token lives an hour, so it is not renewed ahead: the server's 401 must do it.
    const auth = refreshingToken({
      issuer: server.url,
      clientId: 'assetgate-cli',
      tokens: { ...signedIn, expiresAt: Date.now() + 3600_000 },
      onTokens: (t) => void renewed.push(t),
      fetch: calls.fetch,
    });
    const path = await jpegFile(tmp.dir, 'long.jpg', 22 * MB, 101);
    const source = watched(fileSource(path), { before: () => pause(800) }); // 5 parts, over 4 s
    const client = createClient({ server: server.url, auth, partConcurrency: 1, fetch: calls.fetch });
    const asset = await client.upload(source);
    expect(['AVAILABLE', 'READY']).toContain(asset.state);
    expect(calls.unauthorized()).toBeGreaterThanOrEqual(1);
    expect(renewed.length).toBeGreaterThanOrEqual(1);
    expect(renewed[0].refreshToken).toBeTruthy(); // rotated: the app must keep the new one
    expect(renewed[0].accessToken).not.toBe(signedIn.accessToken);
  });

  it('signs a person in with authorization code + PKCE, whose token uploads', async () => {
    const tokens = await server.userTokens();
    const client = createClient({ server: server.url, auth: staticToken(tokens.accessToken) });
    const asset = await client.upload(fileSource(await jpegFile(tmp.dir, 'pkce.jpg', 10_000, 103)));
    expect(asset.id).toBeTruthy();
  });

  it('fetches a new client-credentials token when the old one runs out during an upload', async () => {
    const calls = counting();
    const auth = clientCredentials({ issuer: server.url, clientId: SERVICE_CLIENT.id, clientSecret: SERVICE_CLIENT.secret, fetch: calls.fetch });
    const path = await jpegFile(tmp.dir, 'service.jpg', 22 * MB, 102);
    const source = watched(fileSource(path), { before: () => pause(800) });
    const asset = await createClient({ server: server.url, auth, partConcurrency: 1, fetch: calls.fetch }).upload(source);
    expect(asset.id).toBeTruthy();
    expect(calls.tokenCalls()).toBeGreaterThanOrEqual(2);
  });
});
