// The app shell offline: the pages, their hashed assets and the server's settings, so the
// uploader opens without a network and shows the queue and the gallery (thumbnails come from
// the SDK's cache in IndexedDB). API calls, uploads and sign-in always go to the network.
const SHELL = 'assetgate-shell-v1';

// The first visit loaded the page before this worker ran: keep the shell now, with the assets
// the page names (their hashed names are only known from the page itself).
self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(SHELL);
    const base = self.registration.scope;
    const page = await fetch(base);
    const html = await page.clone().text();
    await cache.put(base, page);
    const assets = [...html.matchAll(/(?:src|href)="([^"]*\/assets\/[^"]+)"/g)].map((m) => new URL(m[1], base).toString());
    await cache.addAll([...assets, new URL('config.json', base).toString()]);
    await self.skipWaiting();
  })());
});
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || !url.pathname.startsWith('/app/') || url.search) return;
  // Hashed assets never change under one name: the cache answers first. Pages and settings
  // change: the network answers first, and the cache only when it cannot.
  const immutable = url.pathname.startsWith('/app/assets/');
  event.respondWith(immutable ? cacheFirst(request) : networkFirst(request));
});

async function cacheFirst(request) {
  const cached = await caches.match(request);
  return cached ?? fetchAndKeep(request);
}

async function networkFirst(request) {
  try {
    return await fetchAndKeep(request);
  } catch (e) {
    const cached = await caches.match(request, { ignoreSearch: true });
    if (cached) return cached;
    throw e;
  }
}

async function fetchAndKeep(request) {
  const response = await fetch(request);
  if (response.ok) {
    const cache = await caches.open(SHELL);
    await cache.put(request, response.clone());
  }
  return response;
}
