// Quorum service worker: network first, falling back to the cache, so that a reload works
// offline after a first visit. Every successful same-origin GET is cached as it passes.
// Never cached: the sync websocket (/sync) and the API (/api/...): they must be live.
// (A later issue replaces this with a versioned precache of the build's hashed files.)
'use strict';

const CACHE = 'quorum-runtime-v1';

function isCacheable(url) {
  return url.origin === self.location.origin &&
    url.pathname !== '/sync' &&
    !url.pathname.startsWith('/sync/') &&
    !url.pathname.startsWith('/api/');
}

// On install, cache the app shell: index.html and the files it references (Trunk's hashed
// js, wasm and css), which the page fetched before this worker controlled it.
async function cacheAppShell() {
  const cache = await caches.open(CACHE);
  const response = await fetch('/', { cache: 'no-cache' });
  if (!response.ok) return;
  await cache.put('/', response.clone());
  const html = await response.text();
  const urls = new Set();
  for (const match of html.matchAll(/(?:href|src|module_or_path:)\s*=?\s*["']([^"']+)["']/g)) {
    const url = new URL(match[1], self.location.origin);
    if (isCacheable(url) && url.pathname !== '/') urls.add(url.href);
  }
  await Promise.all([...urls].map(async (url) => {
    try {
      const r = await fetch(url);
      if (r.ok) await cache.put(url, r);
    } catch (_) { /* cached later as the page fetches it */ }
  }));
}

self.addEventListener('install', (event) => {
  event.waitUntil(cacheAppShell().catch(() => {}).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (!isCacheable(url)) return;
  event.respondWith((async () => {
    try {
      const response = await fetch(request);
      if (response.ok && response.type === 'basic') {
        const copy = response.clone();
        event.waitUntil(caches.open(CACHE).then((cache) => cache.put(request, copy)));
      }
      return response;
    } catch (error) {
      const cached = await caches.match(request, { ignoreSearch: request.mode === 'navigate' });
      if (cached) return cached;
      // A client route never loaded from the network: every route is the same index.html.
      if (request.mode === 'navigate') {
        const shell = await caches.match('/');
        if (shell) return shell;
      }
      throw error;
    }
  })());
});
