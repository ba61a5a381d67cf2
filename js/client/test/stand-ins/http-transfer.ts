/**
 * What the native HTTP stacks of react-native-fs and react-native-blob-util do for the
 * stand-ins, done with node:http: send a file as the raw body with progress, or download a
 * response body into a file, and be cancellable.
 */
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface Transfer<T> {
  readonly promise: Promise<T>;
  cancel(): void;
}

export interface FileUploadResult {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

function requestFor(url: string) {
  return url.startsWith('https:') ? httpsRequest : httpRequest;
}

function flatHeaders(response: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(response.headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

/** Streams the file at `path` as the body, calling `onProgress(sent, total)` as chunks go out. */
export function uploadFile(
  method: string,
  url: string,
  headers: Record<string, string>,
  path: string,
  onProgress: (sent: number, total: number) => void,
): Transfer<FileUploadResult> {
  const total = statSync(path).size;
  const hasLength = Object.keys(headers).some((h) => h.toLowerCase() === 'content-length');
  const req = requestFor(url)(url, { method, headers: hasLength ? headers : { ...headers, 'Content-Length': String(total) } });
  const promise = new Promise<FileUploadResult>((resolve, reject) => {
    req.on('error', reject);
    req.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('error', reject);
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: flatHeaders(response), body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    let sent = 0;
    const file = createReadStream(path, { highWaterMark: 256 * 1024 });
    file.on('data', (chunk) => {
      sent += chunk.length;
      onProgress(sent, total);
    });
    file.on('error', reject);
    file.pipe(req);
  });
  return { promise, cancel: () => req.destroy(new Error('cancelled')) };
}

/** GETs `url` into the file `dest`, whatever the status (as the native modules do). */
export function downloadToFile(url: string, dest: string): Transfer<{ status: number }> {
  const req = requestFor(url)(url, { method: 'GET' });
  const promise = new Promise<{ status: number }>((resolve, reject) => {
    req.on('error', reject);
    req.on('response', (response) => {
      const out = createWriteStream(dest);
      response.pipe(out);
      out.on('finish', () => resolve({ status: response.statusCode ?? 0 }));
      out.on('error', reject);
    });
    req.end();
  });
  return { promise, cancel: () => req.destroy(new Error('cancelled')) };
}
