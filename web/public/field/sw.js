// The field app's service worker (scope /field/): keeps the app shell so the page opens with no
// signal. Pages (navigations) are network-first, falling back to the cached /field/ page; the
// hashed files under /assets/ are cache-first. /api/ is never touched here: the page keeps its
// own data in IndexedDB and knows when a call failed.
const CACHE = 'lianxin-field-v1';
const SHELL = '/field/';
const STATIC = ['/field/manifest.webmanifest', '/field/icon.svg'];

/** The /assets/ files a page loads (scripts, modulepreloads, styles). */
const assetsOf = (html) => [...new Set(html.match(/\/assets\/[^"'\s)]+/g) || [])];

async function cacheShell(response) {
  const cache = await caches.open(CACHE);
  const html = await response.clone().text();
  await cache.put(SHELL, response.clone());
  const wanted = assetsOf(html);
  await Promise.all(wanted.map(async (url) => { if (!(await cache.match(url))) await cache.add(url); }));
  // Files of an older release are no longer referenced by the page: forget them.
  for (const req of await cache.keys()) {
    const path = new URL(req.url).pathname;
    if (path.startsWith('/assets/') && !wanted.includes(path)) await cache.delete(req);
  }
}

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const res = await fetch(SHELL, { cache: 'no-store', credentials: 'same-origin' });
    if (res.ok) await cacheShell(res);
    const cache = await caches.open(CACHE);
    await Promise.all(STATIC.map((u) => cache.add(u).catch(() => {})));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) if (key.startsWith('lianxin-field-') && key !== CACHE) await caches.delete(key);
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;

  if (req.mode === 'navigate') {
    event.respondWith((async () => {
      try {
        const res = await fetch(req);
        const type = res.headers.get('content-type') || '';
        if (res.ok && type.includes('text/html') && url.pathname.startsWith('/field')) event.waitUntil(cacheShell(res.clone()).catch(() => {}));
        return res;
      } catch (e) {
        const cached = await caches.match(SHELL);
        if (cached) return cached;
        throw e;
      }
    })());
    return;
  }

  if (url.pathname.startsWith('/assets/') || STATIC.includes(url.pathname)) {
    event.respondWith((async () => {
      const cached = await caches.match(req, { ignoreSearch: true });
      if (cached) return cached;
      const res = await fetch(req);
      if (res.ok) {
        const copy = res.clone();
        event.waitUntil(caches.open(CACHE).then((c) => c.put(req, copy)));
      }
      return res;
    })());
  }
});
