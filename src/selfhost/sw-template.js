/*
 * packetwalk's offline service worker (VERSION, BASE and PRECACHE are prepended at build time
 * by service-worker-integration.mjs). On install it caches every built file; on fetch it
 * answers same-origin GETs: hashed assets (`_astro/`) from the cache first (their names change
 * when their content does), everything else from the network first so a redeployed workbook is
 * seen at once, falling back to the cache when offline. Other origins are never touched.
 * See https://developer.mozilla.org/en-US/docs/Web/API/Service_Worker_API/Using_Service_Workers
 */
/* global self, caches, fetch, URL, Response */
const CACHE = `packetwalk-${VERSION}`;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll(PRECACHE)).then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  // Old versions' caches go: one build's files are all a learner needs.
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key.startsWith('packetwalk-') && key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || !url.pathname.startsWith(BASE)) return;
  if (url.pathname.startsWith(`${BASE}_astro/`)) {
    event.respondWith(cacheFirst(request));
  } else {
    event.respondWith(networkFirst(request));
  }
});

async function cacheFirst(request) {
  const cached = await caches.match(request, { cacheName: CACHE, ignoreSearch: true });
  return cached ?? fetch(request);
}

async function networkFirst(request) {
  try {
    return await fetch(request);
  } catch (error) {
    // Offline (fetch rejects only on network failure): the precached copy, if any.
    const cached = await caches.match(request, { cacheName: CACHE, ignoreSearch: true });
    if (cached) return cached;
    if (request.mode === 'navigate') {
      const notFound = await caches.match(`${BASE}404.html`, { cacheName: CACHE });
      if (notFound) return new Response(notFound.body, { status: 404, headers: notFound.headers });
    }
    throw error;
  }
}
