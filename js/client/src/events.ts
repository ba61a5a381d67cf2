/**
 * The caller's asset events from `GET /v1/events` (text/event-stream), read through a streaming
 * fetch that carries the bearer token in its header (EventSource cannot, and a token MUST never
 * go in a URL). The stream reconnects after a break with `Last-Event-ID`, so no event is missed.
 */
import { AssetgateError, isAbort } from './errors.js';
import { backoffDelay } from './retry.js';
import type { Api } from './api.js';

/** One asset event: `asset.ready`, `asset.quarantined`, `asset.failed`, `asset.deleted`. */
export interface AssetEvent {
  readonly id: string;
  readonly type: string;
  readonly assetId: string;
  readonly [field: string]: unknown;
}

export interface EventsOptions {
  /** Resume after this event (the last id received before). */
  readonly lastEventId?: string;
  /** Ends the iteration. */
  readonly signal?: AbortSignal;
}

export async function* readEvents(api: Api, options: EventsOptions = {}): AsyncGenerator<AssetEvent, void, undefined> {
  let lastEventId = options.lastEventId;
  let failures = 0;
  while (!options.signal?.aborted) {
    try {
      const headers: Record<string, string> = { Accept: 'text/event-stream' };
      if (lastEventId) headers['Last-Event-ID'] = lastEventId;
      const response = await api.open('/v1/events', { headers }, options.signal);
      failures = 0;
      for await (const event of parseStream(response.body!, options.signal)) {
        if (event.id) lastEventId = event.id;
        if (!event.data) continue; // comments and keep-alives
        let data: Record<string, unknown> = {};
        try {
          data = JSON.parse(event.data) as Record<string, unknown>;
        } catch {
          data = { data: event.data };
        }
        // The server sends {"type", "timestamp", "data": {"assetId", ...}} (the Standard Webhooks shape).
        const inner = data.data && typeof data.data === 'object' ? (data.data as Record<string, unknown>) : {};
        yield { ...data, ...inner, id: event.id ?? '', type: event.type ?? String(data.type ?? 'message'), assetId: String(inner.assetId ?? data.assetId ?? '') };
      }
    } catch (e) {
      if (isAbort(e) || options.signal?.aborted) return;
      if (e instanceof AssetgateError && !e.retryable) throw e;
      failures++;
    }
    // The stream ended (server restart, proxy timeout) or broke: reconnect after a pause.
    await api.settings.clock.sleep(backoffDelay(api.settings.retry, Math.max(failures, 1)), options.signal).catch(() => undefined);
  }
}

interface RawEvent {
  id?: string;
  type?: string;
  data?: string;
}

/** Parses a text/event-stream body (the WHATWG format: fields, blank line ends an event). */
async function* parseStream(body: ReadableStream<Uint8Array>, signal?: AbortSignal): AsyncGenerator<RawEvent> {
  const reader = body.getReader();
  const cancel = () => void reader.cancel().catch(() => undefined);
  signal?.addEventListener('abort', cancel, { once: true });
  const decoder = new TextDecoder();
  let buffer = '';
  let event: RawEvent = {};
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let newline: number;
      while ((newline = buffer.search(/\r\n|\r|\n/)) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
        if (line === '') {
          if (event.data !== undefined || event.id !== undefined) yield event;
          event = {};
          continue;
        }
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'data') event.data = event.data === undefined ? value : `${event.data}\n${value}`;
        else if (field === 'event') event.type = value;
        else if (field === 'id') event.id = value;
      }
    }
  } finally {
    signal?.removeEventListener('abort', cancel);
    cancel();
  }
}
