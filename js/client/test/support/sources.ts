/** FileSource wrappers that watch or disturb what the SDK sends. */
import type { FileSource, SendRequest, SendResponse } from '../../src/index.js';

/** Wraps `send`; `before` runs ahead of each request (it may throw or wait), `after` sees the answer. */
export function watched(
  source: FileSource,
  hooks: { before?: (r: SendRequest, n: number) => void | Promise<void>; after?: (r: SendRequest, res: SendResponse) => void },
): FileSource & { sends: SendRequest[] } {
  const sends: SendRequest[] = [];
  return {
    name: source.name,
    type: source.type,
    size: source.size,
    fingerprint: source.fingerprint,
    sha256: (s, e, sig) => source.sha256(s, e, sig),
    md5: source.md5 ? (s, e, sig) => source.md5!(s, e, sig) : undefined,
    toRef: () => source.toRef(),
    sends,
    async send(request) {
      sends.push(request);
      await hooks.before?.(request, sends.length);
      const response = await source.send(request);
      hooks.after?.(request, response);
      return response;
    },
  };
}
