// Quorum service worker: a versioned precache of the app shell.
//
// The build (scripts/sw-precache.mjs, a Trunk post_build hook) rewrites the two lines marked
// "build:" below with the list of every file in the build (index.html, Trunk's hashed js, wasm
// and css, icons, manifest) and a version derived from their contents. So each build has its own
// cache, `quorum-shell-<version>`, served cache-first; a new build's worker installs beside the
// old one and WAITS: the page offers "A new version is available — Reload" and only when the
// person clicks does it post SKIP_WAITING; the page reloads on `controllerchange`.
// Never cached or intercepted: the sync websocket (/sync) and the API (/api/...).
'use strict';

const VERSION = "dev"; // build: version
const PRECACHE = ["/"]; // build: precache list

const CACHE_PREFIX = 'quorum-shell-';
const CACHE = CACHE_PREFIX + VERSION;

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // cache: 'reload' bypasses the HTTP cache so the precache holds exactly this build.
    await cache.addAll(PRECACHE.map((url) => new Request(url, { cache: 'reload' })));
  })());
  // No skipWaiting here: an update waits until the person accepts it (SKIP_WAITING).
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      // Old shells and the earlier runtime cache ("quorum-runtime-v1").
      if (name !== CACHE && name.startsWith('quorum-')) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('message', (event) => {
  const type = event.data && event.data.type;
  if (type === 'SKIP_WAITING') {
    self.skipWaiting();
  } else if (type === 'GET_VERSION' && event.ports[0]) {
    event.ports[0].postMessage({ version: VERSION });
  }
});

function bypass(url) {
  return url.origin !== self.location.origin ||
    url.pathname === '/sync' || url.pathname.startsWith('/sync/') ||
    url.pathname.startsWith('/api/') || url.pathname === '/healthz';
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (bypass(url)) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    // Every client route is the same single-page app: index.html of this version.
    const key = request.mode === 'navigate' ? '/' : url.pathname;
    const cached = await cache.match(key);
    if (cached) return cached;
    return fetch(request);
  })());
});
