import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml',
};

/**
 * A copy of the built page hosted on another origin (the way a site would embed the uploader):
 * `dist/` served under `/app/`, with the page's `assetgate-server` meta tag naming the server.
 */
export async function hostPageElsewhere(port: number, server: string): Promise<{ url: string; close(): Promise<void> }> {
  const dist = resolve(import.meta.dirname, '../../dist');
  const http: Server = createServer(async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    if (!path.startsWith('/app/')) return void response.writeHead(404).end();
    const relative = normalize(path.slice('/app/'.length) || 'index.html');
    if (relative.startsWith('..')) return void response.writeHead(404).end();
    try {
      let body: Buffer | string = await readFile(join(dist, relative));
      if (relative.endsWith('.html')) {
        body = body.toString('utf8').replace('<meta name="assetgate-server" content="">', `<meta name="assetgate-server" content="${server}">`);
      }
      response.writeHead(200, { 'Content-Type': TYPES[extname(relative)] ?? 'application/octet-stream' }).end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((ok) => http.listen(port, '127.0.0.1', ok));
  return {
    url: `http://localhost:${port}`,
    close: () => new Promise<void>((ok) => http.close(() => ok())),
  };
}
