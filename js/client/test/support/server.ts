/**
 * The real server jar as a child process for tests: a free port, a temp data dir, the embedded
 * identity provider with a known service client and user, and tokens from it. Reusable by other
 * workspaces' tests: `import { startServer } from '<client>/test/support/server.js'`.
 *
 * The jar is `ASSETGATE_SERVER_JAR`, else `server/target/assetgate-server.jar` of this repository
 * (build it with `./mvnw -pl server package -DskipTests`).
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { awaitDeviceLogin, buildAuthorizeUrl, clientCredentials, exchangeCode, startDeviceLogin, type AuthProvider, type Tokens } from '../../src/index.js';
import { findJava } from './java.js';
import { freePort, kill, launch, waitFor } from './processes.js';

import { READ_ONLY_CLIENT, SERVICE_CLIENT, USER } from './users.js';
import { BrowserSession } from './browser-session.js';

export { READ_ONLY_CLIENT, SERVICE_CLIENT, USER };

export function serverJar(): string {
  const jar = process.env.ASSETGATE_SERVER_JAR ?? fileURLToPath(new URL('../../../../server/target/assetgate-server.jar', import.meta.url));
  if (!existsSync(jar)) throw new Error(`No server jar at ${jar}: build it with ./mvnw -pl server package -DskipTests, or set ASSETGATE_SERVER_JAR`);
  return jar;
}

export interface TestServer {
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  /** A fresh access token of the service client (client credentials). */
  serviceToken(scope?: string): Promise<string>;
  /** A client-credentials provider of the service client, which fetches again when a token expires. */
  serviceAuth(): AuthProvider;
  /** Signs the test user in with authorization code + PKCE (the SDK's primitives), as a browser would. */
  userTokens(): Promise<Tokens>;
  /** Signs the test user in with the device code grant (public client `assetgate-cli`), approving in a played browser; these tokens carry a refresh token. */
  deviceTokens(): Promise<Tokens>;
  /** Kills the process (an outage or a crash); `start` brings it back on the same port and data. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it and deletes its data dir. */
  close(): Promise<void>;
  log(): string;
}

/** Starts a server with extra settings (names as in CONTRACT.md, without `--`). */
export async function startServer(extra: Record<string, string> = {}): Promise<TestServer> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'assetgate-js-'));
  const url = `http://127.0.0.1:${port}`;
  const settings: Record<string, string> = {
    'server.port': String(port),
    'assetgate.data-dir': dataDir,
    'assetgate.public-url': url,
    'assetgate.idp.clients[0].client-id': SERVICE_CLIENT.id,
    'assetgate.idp.clients[0].client-secret': SERVICE_CLIENT.secret,
    'assetgate.idp.clients[1].client-id': READ_ONLY_CLIENT.id,
    'assetgate.idp.clients[1].client-secret': READ_ONLY_CLIENT.secret,
    'assetgate.idp.clients[1].scopes': 'assets:read',
    'assetgate.idp.users[0].username': USER.username,
    'assetgate.idp.users[0].password': USER.password,
    'assetgate.limits.uploads-per-minute': '0',
    // The SDK's tests read back what they uploaded at once, made-up bytes that processing never
    // makes READY; the server's own tests cover that only READY assets are downloadable by default.
    'assetgate.processing.download-before-checks': 'true',
    ...extra,
  };
  const java = findJava();
  const jar = serverJar();
  const logFile = join(dataDir, 'server.log');
  let child: ChildProcess | undefined;
  const log = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');

  const start = async () => {
    const args = ['-Xmx384m', '-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-jar', jar, ...Object.entries(settings).map(([k, v]) => `--${k}=${v}`)];
    const proc = launch(java, args, logFile);
    child = proc;
    await waitFor(
      `The server on port ${port}`,
      async () => (await fetch(`${url}/actuator/health`)).status === 200,
      300_000,
      () => (proc.exitCode !== null ? log().slice(-4000) : undefined),
    );
  };
  const stop = async () => {
    await kill(child);
    child = undefined;
  };
  await start();

  const tokenOf = async (client: { id: string; secret: string }, scope?: string) => {
    const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: client.id, client_secret: client.secret, scope: scope ?? 'assets:read assets:write' });
    const response = await fetch(`${url}/oauth2/token`, { method: 'POST', body });
    if (!response.ok) throw new Error(`token endpoint: ${response.status} ${await response.text()}`);
    return ((await response.json()) as { access_token: string }).access_token;
  };

  return {
    url,
    port,
    dataDir,
    serviceToken: (scope) => tokenOf(SERVICE_CLIENT, scope),
    serviceAuth: () => clientCredentials({ issuer: url, clientId: SERVICE_CLIENT.id, clientSecret: SERVICE_CLIENT.secret }),
    userTokens: () => signIn(url),
    deviceTokens: () => deviceSignIn(url),
    stop,
    start,
    close: async () => {
      await stop();
      // ASSETGATE_KEEP_TEST_DATA=1 keeps the data dir and its server.log, to read after a failure.
      if (!process.env.ASSETGATE_KEEP_TEST_DATA) rmSync(dataDir, { recursive: true, force: true });
    },
    log,
  };
}

/** The authorization code flow, with the SDK's PKCE primitives and a played browser. */
async function signIn(url: string): Promise<Tokens> {
  const request = await buildAuthorizeUrl({ issuer: url, clientId: 'assetgate-web', redirectUri: `${url}/app/`, scope: 'openid assets:read assets:write' });
  const back = await new BrowserSession(url).follow(request.url, (location) => location.pathname === '/app/' && location.searchParams.has('state'));
  if (!back) throw new Error('Sign-in did not come back to the redirect URI');
  return exchangeCode({ issuer: url, clientId: 'assetgate-web', request, redirectedTo: back.toString() });
}

/** The device code grant, with the SDK's functions; the user approves in a played browser. */
async function deviceSignIn(url: string): Promise<Tokens> {
  const code = await startDeviceLogin({ issuer: url });
  const tokens = awaitDeviceLogin({ issuer: url, code });
  await new BrowserSession(url).follow(code.verificationUriComplete ?? code.verificationUri);
  return tokens;
}
