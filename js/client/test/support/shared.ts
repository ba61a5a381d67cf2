/** The server started by global setup, seen from a test file: its URL and its tokens. */
import { inject } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clientCredentials, createClient, staticToken, type AssetgateClient, type ClientOptions } from '../../src/index.js';
import { READ_ONLY_CLIENT, SERVICE_CLIENT } from './server.js';

export const serverUrl = (): string => inject('serverUrl');

export async function tokenOf(client = SERVICE_CLIENT, scope?: string, url = serverUrl()): Promise<string> {
  const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: client.id, client_secret: client.secret, scope: scope ?? 'assets:read assets:write' });
  const response = await fetch(`${url}/oauth2/token`, { method: 'POST', body });
  if (!response.ok) throw new Error(`token endpoint: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

export const readOnlyToken = () => tokenOf(READ_ONLY_CLIENT, 'assets:read');

/** A client of the shared server with the service client's refreshing credentials. */
export function sharedClient(options: Partial<ClientOptions> = {}): AssetgateClient {
  const url = serverUrl();
  return createClient({
    server: url,
    auth: clientCredentials({ issuer: url, clientId: SERVICE_CLIENT.id, clientSecret: SERVICE_CLIENT.secret }),
    retry: { baseDelayMs: 50, maxDelayMs: 500 },
    ...options,
  });
}

export async function staticClient(options: Partial<ClientOptions> = {}): Promise<AssetgateClient> {
  return createClient({ server: serverUrl(), auth: staticToken(await tokenOf()), ...options });
}

/** A temp dir removed by the returned function. */
export function tempDir(prefix = 'assetgate-test-'): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
