// Meeting papers kept on this device for reading offline, in the Cache Storage cache
// `quorum-papers` (the service worker, public/sw.js, answers a paper's address from it when
// the network fails; it leaves this cache alone when a new version activates). A paper is kept
// only as the server served it to the person signed in: an answer other than 200 is never
// stored, and a 404 (the server's answer to someone who may not read the meeting) deletes a
// copy kept earlier.
'use strict';

const CACHE = 'quorum-papers';

function available() {
  return typeof caches !== 'undefined';
}

/// Fetches the paper at `url` and keeps it: its size in bytes, or a negative number: -1 when
/// the network failed (offline), -2 when this browser cannot keep files, minus the HTTP status
/// when the server refused it.
export async function keepPaper(url) {
  if (!available()) return -2;
  let response;
  try {
    // cache: 'no-store': the answer comes from the server (who decides on access), never
    // from the HTTP cache; the header tells the service worker not to answer from the kept
    // copy when the network fails.
    response = await fetch(url, { credentials: 'same-origin', cache: 'no-store', headers: { 'X-Quorum-Keep': '1' } });
  } catch (_) {
    return -1;
  }
  const cache = await caches.open(CACHE);
  if (!response.ok) {
    if (response.status === 404 || response.status === 403) await cache.delete(url);
    return -response.status;
  }
  const body = await response.arrayBuffer();
  const headers = new Headers();
  for (const name of ['content-type', 'content-disposition', 'x-content-type-options']) {
    const value = response.headers.get(name);
    if (value !== null) headers.set(name, value);
  }
  headers.set('content-length', String(body.byteLength));
  await cache.put(url, new Response(body, { status: 200, headers }));
  return body.byteLength;
}

/// For each of `urls`, the size of the copy kept on this device, or -1 when there is none.
export async function keptPapers(urls) {
  if (!available()) return urls.map(() => -1);
  const cache = await caches.open(CACHE);
  const out = [];
  for (const url of urls) {
    const hit = await cache.match(url);
    out.push(hit ? Number(hit.headers.get('content-length') ?? (await hit.blob()).size) : -1);
  }
  return out;
}

/// Opens (downloads) the copy of `url` kept on this device under the file name `name`:
/// false when there is none.
export async function openKeptPaper(url, name) {
  if (!available()) return false;
  const hit = await (await caches.open(CACHE)).match(url);
  if (!hit) return false;
  const href = URL.createObjectURL(await hit.blob());
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  a.hidden = true;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
  return true;
}

/// Deletes the papers kept for the documents `ids` (the account may no longer read them).
export async function forgetPapersOf(ids) {
  if (!available() || ids.length === 0) return;
  const cache = await caches.open(CACHE);
  const prefixes = ids.map((id) => `/api/documents/${id}/papers/`);
  for (const request of await cache.keys()) {
    const path = new URL(request.url).pathname;
    if (prefixes.some((p) => path.startsWith(p))) await cache.delete(request);
  }
}

/// Deletes every paper kept on this device (signing out, another account signing in).
export async function forgetAllPapers() {
  if (available()) await caches.delete(CACHE);
}
