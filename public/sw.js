// Quorum service worker: a versioned precache of the app shell.
//
// The build (scripts/sw-precache.mjs, a Trunk post_build hook) rewrites the two lines marked
// "build:" below with the list of every file in the build (index.html, Trunk's hashed js, wasm
// and css, icons, manifest) and a version derived from their contents. So each build has its own
// cache, `quorum-shell-<version>`, served cache-first; a new build's worker installs beside the
// old one and WAITS: the page offers "A new version is available — Reload" and only when the
// person clicks does it post SKIP_WAITING; the page reloads on `controllerchange`.
// Never cached or intercepted: the sync websocket (/sync) and the API (/api/...), except a
// meeting paper (/api/documents/<doc>/papers/<blob>): it always comes from the server while
// the server answers (which decides who may read it; a 404 deletes a copy kept here), and
// from the `quorum-papers` cache only when the network fails. The app (app/src/papers.js)
// fills that cache when a member keeps a meeting's papers for reading offline.
'use strict';

const VERSION = "dev"; // build: version
const PRECACHE = ["/"]; // build: precache list

const CACHE_PREFIX = 'quorum-shell-';
const CACHE = CACHE_PREFIX + VERSION;
// Papers kept for reading offline: the person's own, kept across versions.
const PAPERS = 'quorum-papers';

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
      if (name !== CACHE && name !== PAPERS && name.startsWith('quorum-')) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('message', (event) => {
  const type = event.data && event.data.type;
  if (type === 'SKIP_WAITING') {
    self.skipWaiting();
  } else if (type === 'CLAIM') {
    // A page that was still loading when this worker activated missed `clients.claim()`
    // (it only takes pages ready to run script); the page asks again once it is.
    event.waitUntil(self.clients.claim());
  } else if (type === 'GET_VERSION' && event.ports[0]) {
    event.ports[0].postMessage({ version: VERSION });
  }
});

function bypass(url) {
  return url.origin !== self.location.origin ||
    url.pathname === '/sync' || url.pathname.startsWith('/sync/') ||
    url.pathname.startsWith('/api/') || url.pathname === '/healthz';
}

function isPaper(url) {
  return url.origin === self.location.origin && /^\/api\/documents\/[^/]+\/papers\/[^/]+$/.test(url.pathname);
}

// A paper from the server; when the network fails, the copy kept on this device, if any
// (never for the app's own "keep" fetch, marked `X-Quorum-Keep`: it must reach the server).
async function paper(request, url) {
  const key = url.origin + url.pathname;
  let response;
  try {
    response = await fetch(request);
  } catch (err) {
    const kept = request.headers.get('X-Quorum-Keep') ? undefined : await (await caches.open(PAPERS)).match(key);
    if (kept) return kept;
    throw err;
  }
  if (response.status === 404 || response.status === 403) {
    await (await caches.open(PAPERS)).delete(key);
  }
  return response;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (isPaper(url)) {
    event.respondWith(paper(request, url));
    return;
  }
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
