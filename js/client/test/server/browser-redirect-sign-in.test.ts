// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from 'vitest';
import { awaitDeviceLogin, createClient, startDeviceLogin, type Tokens } from '../../src/index.js';
import { handleRedirectCallback, restoreSession, signInWithRedirect } from '../../src/browser/index.js';
import { BrowserSession } from '../support/browser-session.js';
import { serverUrl } from '../support/shared.js';

const options = () => ({ issuer: serverUrl(), clientId: 'assetgate-web', redirectUri: `${serverUrl()}/app/`, scope: 'openid assets:read assets:write' });

/** Starts a sign-in as the page would (the promise never settles: the page would be leaving), answering where it goes. */
function leaveForIssuer(): Promise<string> {
  return new Promise((resolve, reject) => void signInWithRedirect({ ...options(), navigate: resolve }).catch(reject));
}

/** A sign-in as the page and the person would do it: answers the URL the issuer sends the browser back to. */
async function signInRoundTrip(): Promise<string> {
  const back = await new BrowserSession(serverUrl()).follow(await leaveForIssuer(), (to) => to.toString().startsWith(options().redirectUri));
  if (!back) throw new Error('The issuer did not send the browser back');
  return back.toString();
}

/**
 * Tokens with a refresh token, which the embedded provider gives its CLI client (device code
 * grant) but not its browser client: they stand in for an issuer that gives browsers one.
 */
async function tokensWithRefresh(): Promise<Tokens> {
  const code = await startDeviceLogin({ issuer: serverUrl() });
  const tokens = awaitDeviceLogin({ issuer: serverUrl(), code });
  await new BrowserSession(serverUrl()).follow(code.verificationUriComplete ?? code.verificationUri);
  return tokens;
}

/** What an earlier sign-in left in this tab (the helpers' own sessionStorage key). */
function keptInThisTab(tokens: Tokens): void {
  sessionStorage.setItem('assetgate.sign-in.tokens', JSON.stringify(tokens));
}

beforeEach(() => {
  sessionStorage.clear();
  history.replaceState(null, '', '/');
});

describe('browser sign-in by redirect (jsdom, against the real server\'s identity provider)', () => {
  it('leaves for the authorize endpoint with an S256 challenge and a state, keeping the verifier in sessionStorage', async () => {
    const url = new URL(await leaveForIssuer());
    expect(url.origin).toBe(serverUrl());
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('client_id')).toBe('assetgate-web');
    const pending = JSON.parse(sessionStorage.getItem('assetgate.sign-in.pending')!);
    expect(pending.state).toBe(url.searchParams.get('state'));
    expect(pending.verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('finishes the sign-in from the address bar, cleans the code from it, and the tokens call the API', async () => {
    const back = new URL(await signInRoundTrip());
    history.replaceState(null, '', `/app/?tab=2&code=${back.searchParams.get('code')}&state=${back.searchParams.get('state')}`);

    const session = await handleRedirectCallback({ issuer: serverUrl(), clientId: 'assetgate-web' });
    expect(location.search).toBe('?tab=2');
    expect(sessionStorage.getItem('assetgate.sign-in.pending')).toBeNull();
    const client = createClient({ server: serverUrl(), auth: session!.auth });
    const first = await client.assets.list({ limit: 1 }).next();
    expect(first.done === true || typeof first.value?.id === 'string').toBe(true);
  });

  it('keeps the session across a reload of the tab, and forgets it on sign-out', async () => {
    const session = await handleRedirectCallback({ issuer: serverUrl(), clientId: 'assetgate-web', url: await signInRoundTrip() });
    const restored = restoreSession({ issuer: serverUrl(), clientId: 'assetgate-web' })!;
    expect(await restored.auth.getToken()).toBe(session!.tokens()!.accessToken);

    restored.signOut();
    expect(restoreSession({ issuer: serverUrl(), clientId: 'assetgate-web' })).toBeUndefined();
    await expect(restored.auth.getToken()).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('without a refresh token (the embedded provider issues none to its public browser client), ends the session once the server refuses the token', async () => {
    let expired = 0;
    const session = await handleRedirectCallback({
      issuer: serverUrl(), clientId: 'assetgate-web', url: await signInRoundTrip(), onExpired: () => void expired++,
    });
    const token = await session!.auth.getToken();
    expect(session!.tokens()!.refreshToken).toBeUndefined();
    expect(await session!.auth.invalidate(token)).toBe(false);
    expect(expired).toBe(1);
    expect(sessionStorage.getItem('assetgate.sign-in.tokens')).toBeNull();
    await expect(session!.auth.getToken()).rejects.toMatchObject({ code: 'UNAUTHENTICATED', retryable: false });
    expect(expired).toBe(1);
  });

  it('with a refresh token, renews the access token the server refused and keeps the renewed tokens in the tab', async () => {
    const tokens = await tokensWithRefresh();
    expect(tokens.refreshToken).toBeTruthy();
    keptInThisTab(tokens);
    const session = restoreSession({ issuer: serverUrl(), clientId: 'assetgate-cli' })!;
    expect(await session.auth.getToken()).toBe(tokens.accessToken);
    expect(await session.auth.invalidate(tokens.accessToken)).toBe(true);
    const renewed = await session.auth.getToken();
    expect(renewed).not.toBe(tokens.accessToken);
    expect(JSON.parse(sessionStorage.getItem('assetgate.sign-in.tokens')!).accessToken).toBe(renewed);
    const client = createClient({ server: serverUrl(), auth: session.auth });
    await client.assets.page({ limit: 1 });
  });

  it('ends the session when the issuer refuses the refresh token', async () => {
    let expired = 0;
    keptInThisTab({ accessToken: 'old', refreshToken: 'revoked-or-forged', expiresAt: Date.now() - 1000 });
    const session = restoreSession({ issuer: serverUrl(), clientId: 'assetgate-cli', onExpired: () => void expired++ })!;
    await expect(session.auth.getToken()).rejects.toMatchObject({ code: 'UNAUTHENTICATED', retryable: false });
    expect(expired).toBe(1);
    expect(sessionStorage.getItem('assetgate.sign-in.tokens')).toBeNull();
  });

  it('keeps nothing in sessionStorage with keepTokensIn: memory', async () => {
    const session = await handleRedirectCallback({ issuer: serverUrl(), clientId: 'assetgate-web', url: await signInRoundTrip(), keepTokensIn: 'memory' });
    expect(await session!.auth.getToken()).toBeTruthy();
    expect(sessionStorage.getItem('assetgate.sign-in.tokens')).toBeNull();
    expect(restoreSession({ issuer: serverUrl(), clientId: 'assetgate-web', keepTokensIn: 'memory' })).toBeUndefined();
  });

  it('refuses a redirect whose state is not the one this tab sent, and spends the pending sign-in', async () => {
    const back = new URL(await signInRoundTrip());
    back.searchParams.set('state', 'forged');
    await expect(handleRedirectCallback({ issuer: serverUrl(), clientId: 'assetgate-web', url: back.toString() })).rejects.toMatchObject({ code: 'TOKEN_REFUSED' });
    expect(sessionStorage.getItem('assetgate.sign-in.pending')).toBeNull();
  });

  it('refuses a code when no sign-in was started in this tab', async () => {
    const back = await signInRoundTrip();
    sessionStorage.clear();
    await expect(handleRedirectCallback({ issuer: serverUrl(), clientId: 'assetgate-web', url: back })).rejects.toMatchObject({ code: 'TOKEN_REFUSED' });
  });

  it('reports the issuer\'s error, and answers undefined for an ordinary page load', async () => {
    await signInRoundTrip();
    await expect(
      handleRedirectCallback({ issuer: serverUrl(), clientId: 'assetgate-web', url: `${serverUrl()}/app/?error=access_denied&error_description=no` }),
    ).rejects.toMatchObject({ code: 'access_denied' });
    expect(await handleRedirectCallback({ issuer: serverUrl(), clientId: 'assetgate-web', url: `${serverUrl()}/app/?tab=2` })).toBeUndefined();
  });
});
