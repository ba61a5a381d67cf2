/** The caller's assets: list (cursor pages), get, delete, download. */
import type { Asset, AssetPage } from './types.js';
import { AssetgateError } from './errors.js';
import { exchange, errorFromAnswer } from './http.js';
import type { Api } from './api.js';

/** Filters of `GET /v1/assets`; any other field is passed through as a query parameter. */
export interface AssetFilter {
  readonly limit?: number;
  readonly kind?: 'image' | 'video' | string;
  readonly state?: string;
  readonly sort?: 'created' | 'captured' | string;
  /** Instants (ISO 8601) on the sort key. */
  readonly from?: string;
  readonly to?: string;
  /** Filename prefix, case-insensitive. */
  readonly q?: string;
  readonly signal?: AbortSignal;
  readonly [param: string]: unknown;
}

export interface DownloadOptions {
  readonly variant?: string;
  readonly signal?: AbortSignal;
}

export class Assets {
  constructor(private readonly api: Api) {}

  /** Every asset matching `filter`, newest first, fetched page by page as the loop goes on. */
  async *list(filter: AssetFilter = {}): AsyncGenerator<Asset, void, undefined> {
    let cursor: string | null = null;
    do {
      const page: AssetPage = await this.page(filter, cursor ?? undefined);
      yield* page.items;
      cursor = page.nextCursor;
    } while (cursor);
  }

  /** One page of `GET /v1/assets` (for UIs that page themselves, e.g. with react-query). */
  page(filter: AssetFilter = {}, cursor?: string): Promise<AssetPage> {
    const { signal, ...params } = filter;
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null) query.set(k, String(v));
    if (cursor) query.set('cursor', cursor);
    return this.api.call<AssetPage>('GET', `/v1/assets?${query}`, { signal });
  }

  /** The asset, with fresh short-lived URLs. */
  get(id: string, signal?: AbortSignal): Promise<Asset> {
    return this.api.call<Asset>('GET', `/v1/assets/${encodeURIComponent(id)}`, { signal });
  }

  delete(id: string, signal?: AbortSignal): Promise<void> {
    return this.api.call<void>('DELETE', `/v1/assets/${encodeURIComponent(id)}`, { signal });
  }

  /** The short-lived signed URL of the asset's bytes (or a variant's), and their type, from the asset. */
  async signedUrl(id: string, options: DownloadOptions = {}): Promise<{ url: string; contentType?: string }> {
    const asset = await this.get(id, options.signal);
    const source = options.variant ? asset.variants?.[options.variant] : { url: asset.url, contentType: asset.contentType };
    if (!source?.url) {
      const what = options.variant ? `variant "${options.variant}"` : 'download';
      throw new AssetgateError(asset.state === 'AVAILABLE' || asset.state === 'READY' ? 'NOT_FOUND' : 'ASSET_NOT_DOWNLOADABLE', `Asset ${id} (${asset.state}) has no ${what} URL.`, { status: 404 });
    }
    return { url: new URL(source.url, this.api.base + '/').toString(), contentType: source.contentType };
  }

  /**
   * The asset's bytes (or a variant's) as a streaming Response: follows the server's 303 to the
   * short-lived signed URL itself, so that the bearer token never goes to the storage.
   */
  async download(id: string, options: DownloadOptions = {}): Promise<Response> {
    const query = options.variant ? `?variant=${encodeURIComponent(options.variant)}` : '';
    const first = await this.api.open(`/v1/assets/${encodeURIComponent(id)}/content${query}`, { redirect: 'manual' }, options.signal);
    let location = first.status === 303 ? first.headers.get('location') : null;
    await first.body?.cancel().catch(() => undefined);
    // Browsers hide a manual redirect's Location (an opaque redirect): the asset names the URL too.
    location ??= (await this.signedUrl(id, options)).url;
    const url = new URL(location, this.api.base + '/').toString();
    const { response } = await exchange(this.api.settings.fetch, url, { method: 'GET' }, { signal: options.signal, timeoutMs: this.api.settings.timeoutMs });
    if (!response.ok) {
      throw errorFromAnswer(response.status, (n) => response.headers.get(n), await response.text().catch(() => ''), `Download of asset ${id}`);
    }
    return response;
  }
}
