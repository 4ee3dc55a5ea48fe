// Browser glue for the installable app (bound in src/pwa.rs): service worker registration and
// safe updates, the install prompt, and durable storage. Plain JS because these APIs are
// event-driven browser features with little to type.

let waitingWorker = null;
let onUpdateReady = null;
let acceptedUpdate = false;
let installEvent = null;
let onInstallChange = null;
let persistRequested = false;

// beforeinstallprompt may fire before the app has rendered: keep it until asked.
window.addEventListener('beforeinstallprompt', (event) => {
  event.preventDefault();
  installEvent = event;
  if (onInstallChange) onInstallChange(true);
});
window.addEventListener('appinstalled', () => {
  installEvent = null;
  if (onInstallChange) onInstallChange(false);
});

function announce(worker) {
  waitingWorker = worker;
  if (onUpdateReady) onUpdateReady();
}

/// Registers /sw.js. `updateReady` is called when a new version has installed and waits.
/// The page reloads only after `applyUpdate` (the person clicked "Reload").
export function registerServiceWorker(updateReady) {
  onUpdateReady = updateReady;
  if (!('serviceWorker' in navigator)) return;
  const container = navigator.serviceWorker;
  container.addEventListener('controllerchange', () => {
    if (acceptedUpdate) {
      acceptedUpdate = false;
      window.location.reload();
    }
  });
  container.register('/sw.js').then((registration) => {
    const track = (worker) => {
      if (!worker) return;
      worker.addEventListener('statechange', () => {
        // With no controller this is the first install, not an update.
        if (worker.state === 'installed' && container.controller) announce(worker);
      });
    };
    if (registration.waiting && container.controller) announce(registration.waiting);
    track(registration.installing);
    registration.addEventListener('updatefound', () => track(registration.installing));
    // The first worker claims the pages open as it activates, but not one that was still
    // loading at that moment (a navigation): such a page would go on uncontrolled, and not work
    // offline, until its next load. Once a worker is active, an uncontrolled page asks it.
    container.ready.then((ready) => {
      if (!container.controller && ready.active) ready.active.postMessage({ type: 'CLAIM' });
    });
    const check = () => registration.update().catch(() => {});
    setInterval(check, 30 * 60 * 1000);
    window.addEventListener('online', check);
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') check();
    });
  }).catch((error) => console.warn('the service worker did not register', error));
}

/// The person accepted the update: the waiting worker takes over, then the page reloads.
export function applyUpdate() {
  const worker = waitingWorker;
  if (!worker || worker.state === 'activated' || worker.state === 'redundant') {
    // Another tab already switched to the new version.
    window.location.reload();
    return;
  }
  acceptedUpdate = true;
  worker.postMessage({ type: 'SKIP_WAITING' });
}

/// `change(available)` is called whenever the browser offers (or stops offering) installation.
export function watchInstall(change) {
  onInstallChange = change;
  if (installEvent) change(true);
}

/// Shows the browser's install dialog; resolves to whether the person installed the app.
export async function promptInstall() {
  const event = installEvent;
  if (!event) return false;
  installEvent = null;
  if (onInstallChange) onInstallChange(false);
  await event.prompt();
  const choice = await event.userChoice;
  return choice.outcome === 'accepted';
}

/// Asks once per page load that the browser keep this site's storage (not evict it).
export function requestPersistOnce() {
  if (persistRequested) return;
  persistRequested = true;
  if (navigator.storage && navigator.storage.persist) {
    navigator.storage.persist().catch(() => {});
  }
}

/// `[usage bytes, quota bytes, persisted]`; -1 where the browser does not say.
export async function storageInfo() {
  const storage = navigator.storage;
  let usage = -1;
  let quota = -1;
  let persisted = false;
  if (storage && storage.estimate) {
    try {
      const e = await storage.estimate();
      usage = e.usage ?? -1;
      quota = e.quota ?? -1;
    } catch (_) { /* unknown */ }
  }
  if (storage && storage.persisted) {
    try { persisted = await storage.persisted(); } catch (_) { /* unknown */ }
  }
  return [usage, quota, persisted];
}

/// The version of the service worker controlling this page ("" if none answers).
export function appVersion() {
  const controller = navigator.serviceWorker && navigator.serviceWorker.controller;
  if (!controller) return Promise.resolve('');
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    const timer = setTimeout(() => resolve(''), 2000);
    channel.port1.onmessage = (event) => {
      clearTimeout(timer);
      resolve(String((event.data && event.data.version) || ''));
    };
    controller.postMessage({ type: 'GET_VERSION' }, [channel.port2]);
  });
}
