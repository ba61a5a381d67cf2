/** The OAuth2 device authorization grant (RFC 8628) for command-line tools on Node. */
import { AssetgateError } from '../errors.js';
import { sleep } from '../clock.js';
import type { Tokens } from './auth-provider.js';
import { defaultFetch, discover, postForm, tokensFrom, type IssuerOptions } from './token-endpoint.js';

/** What the user must do: open `verificationUri` and enter `userCode` (or open `verificationUriComplete`). */
export interface DeviceCode {
  readonly deviceCode: string;
  readonly userCode: string;
  readonly verificationUri: string;
  readonly verificationUriComplete?: string;
  readonly intervalMs: number;
  readonly expiresAt: number;
}

export interface DeviceLoginOptions extends Partial<Pick<IssuerOptions, 'clientId'>>, Omit<IssuerOptions, 'clientId'> {
  /** Space-separated scopes; `assets:read assets:write` by default. */
  readonly scope?: string;
}

/** Starts a device login; `clientId` defaults to the embedded identity provider's public CLI client. */
export async function startDeviceLogin(options: DeviceLoginOptions): Promise<DeviceCode> {
  const fetchImpl = options.fetch ?? defaultFetch;
  const config = await discover(options.issuer, fetchImpl);
  if (!config.device_authorization_endpoint) {
    throw new AssetgateError('TOKEN_REFUSED', `The issuer ${options.issuer} has no device authorization endpoint.`);
  }
  const json = await postForm(config.device_authorization_endpoint, { client_id: options.clientId ?? 'assetgate-cli', scope: options.scope ?? 'assets:read assets:write' }, fetchImpl);
  return {
    deviceCode: String(json.device_code),
    userCode: String(json.user_code),
    verificationUri: String(json.verification_uri),
    verificationUriComplete: typeof json.verification_uri_complete === 'string' ? json.verification_uri_complete : undefined,
    intervalMs: (typeof json.interval === 'number' ? json.interval : 5) * 1000,
    expiresAt: Date.now() + Number(json.expires_in ?? 300) * 1000,
  };
}

/** Polls the token endpoint at the issuer's pace until the user approves, denies, or the code expires. */
export async function awaitDeviceLogin(options: DeviceLoginOptions & { code: DeviceCode; signal?: AbortSignal }): Promise<Tokens> {
  const fetchImpl = options.fetch ?? defaultFetch;
  const { token_endpoint } = await discover(options.issuer, fetchImpl);
  let interval = options.code.intervalMs;
  while (Date.now() < options.code.expiresAt) {
    await sleep(interval, options.signal);
    try {
      const json = await postForm(
        token_endpoint,
        { grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: options.code.deviceCode, client_id: options.clientId ?? 'assetgate-cli' },
        fetchImpl,
        options.signal,
      );
      return tokensFrom(json, Date.now());
    } catch (e) {
      if (!(e instanceof AssetgateError)) throw e;
      if (e.code === 'slow_down') interval += 5000;
      else if (e.code !== 'authorization_pending') throw e;
    }
  }
  throw new AssetgateError('expired_token', 'The device code expired before it was approved; start the login again.');
}
