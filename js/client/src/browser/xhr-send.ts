import { AssetgateError, aborted } from '../errors.js';
import type { SendRequest, SendResponse } from '../ports.js';
import { stallTimer } from '../platform-shared/stall-timer.js';

/**
 * Headers the browser sets itself and refuses from scripts (the "forbidden request headers").
 * A signed `Content-Length` is still sent: the browser derives it from the Blob's size, which is
 * exactly the range.
 */
const SET_BY_BROWSER = new Set(['content-length', 'host', 'connection', 'expect', 'keep-alive', 'transfer-encoding']);

/**
 * Sends `body` with XMLHttpRequest, the one browser API that reports upload progress (fetch
 * has none, and Chrome sends streamed request bodies only over HTTP/2). Rejects only with an
 * {@link AssetgateError}: `ABORTED`, `TIMEOUT` (no progress for `timeoutMs`) or `NETWORK`; any
 * HTTP answer, error statuses included, resolves for the core to judge.
 */
export function sendWithXhr(request: SendRequest, body: Blob): Promise<SendResponse> {
  return new Promise((resolve, reject) => {
    if (request.signal?.aborted) return reject(aborted('The upload request'));
    const xhr = new XMLHttpRequest();
    let timedOut = false;
    const stall = stallTimer(request.timeoutMs, () => {
      timedOut = true;
      xhr.abort();
    });
    const onAbort = () => xhr.abort();
    const finish = () => {
      stall.stop();
      request.signal?.removeEventListener('abort', onAbort);
    };

    xhr.open(request.method, request.url);
    for (const [name, value] of Object.entries(request.headers)) {
      if (!SET_BY_BROWSER.has(name.toLowerCase())) xhr.setRequestHeader(name, value);
    }
    xhr.upload.onprogress = (event) => {
      stall.bump();
      request.onProgress?.(event.loaded);
    };
    // Waiting for the answer after the last byte counts as progress too: the storage may be
    // verifying a checksum.
    xhr.onprogress = () => stall.bump();
    xhr.onload = () => {
      finish();
      // An answer means every byte went out, whether or not the last progress event fired.
      request.onProgress?.(body.size);
      resolve({
        status: xhr.status,
        header: (name) => xhr.getResponseHeader(name),
        body: xhr.responseText,
      });
    };
    xhr.onerror = () => {
      finish();
      // A picked file that was moved or edited since fails the same way as the network does;
      // retrying could never help it, so tell the two apart.
      void readable(body).then((ok) =>
        reject(
          ok
            ? new AssetgateError('NETWORK', `${request.method} to the storage failed: no answer (offline, or the storage's CORS rules refuse this origin).`)
            : new AssetgateError('FILE_UNREADABLE', 'The file can no longer be read (moved or changed since it was picked).'),
        ),
      );
    };
    xhr.onabort = () => {
      finish();
      reject(
        timedOut
          ? new AssetgateError('TIMEOUT', `${request.method} to the storage made no progress for ${request.timeoutMs} ms.`)
          : aborted('The upload request'),
      );
    };
    request.signal?.addEventListener('abort', onAbort, { once: true });
    // The Blob slice has an empty type, so the browser adds no Content-Type of its own: the
    // storage gets exactly the signed headers. (jsdom adds text/plain anyway; browsers do not.)
    xhr.send(body);
  });
}

/** Whether the Blob's bytes can still be read (a File whose file changed on disk cannot). */
async function readable(body: Blob): Promise<boolean> {
  if (typeof body.arrayBuffer !== 'function') return true; // (jsdom's Blob cannot tell)
  try {
    await body.slice(0, 1).arrayBuffer();
    return true;
  } catch {
    return false;
  }
}
