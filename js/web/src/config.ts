/** What the server tells the page before anyone signs in: `GET /app/config.json`. */
export interface WebConfig {
  /** The API's base URL. */
  readonly server: string;
  readonly issuer: string;
  readonly clientId: string;
  readonly scopes: readonly string[];
  readonly upload: UploadPolicy;
}

/** The upload policy the server applies at `POST /v1/uploads`. */
export interface UploadPolicy {
  readonly allowedTypes: readonly string[];
  readonly maxSize: number;
  readonly multipartThreshold: number;
  readonly partSize: number;
}

/**
 * The server named by the page's `assetgate-server` meta tag (a page hosted on another
 * origin sets it), else the origin that served the page.
 */
export function serverUrl(doc: Document = document): string {
  const named = doc.querySelector<HTMLMetaElement>('meta[name="assetgate-server"]')?.content.trim();
  return (named || location.origin).replace(/\/+$/, '');
}

export async function loadConfig(server = serverUrl()): Promise<WebConfig> {
  const response = await fetch(`${server}/app/config.json`, { credentials: 'omit' });
  if (!response.ok) throw new Error(`The server answered ${response.status} for its settings.`);
  const config = (await response.json()) as WebConfig;
  // The API may sit behind another public URL than the one the page used to reach it.
  return { ...config, server: config.server || server };
}
