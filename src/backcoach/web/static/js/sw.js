// BackCoach's service worker: the app opens and a saved routine runs with no network.
// Served at /sw.js (scope "/") by web/pages/app_shell.py, which fills in VERSION and PRECACHE.
"use strict";
const VERSION = "__VERSION__";
const PRECACHE = __PRECACHE__;
const SHELL = "backcoach-shell-" + VERSION; // the app's own files, replaced as a whole when they change
const PAGES = "backcoach-pages"; // pages and documents the person opened, for when they are offline
// What is kept for offline use, refreshed every time it is opened online (network first).
const KEPT = [
  /^\/$/, /^\/plans\/[A-Za-z0-9_-]{22}$/, /^\/sessions\/\d+$/, /^\/progress$/, /^\/exercises$/, /^\/offline$/,
  /^\/api\/v1\/sessions\/\d+$/, /^\/api\/v1\/plans\/[A-Za-z0-9_-]{22}$/, /^\/api\/v1\/me\/progress$/,
];
const IMMUTABLE = [/^\/static\//, /^\/exercises\/[a-z0-9_-]+\/figure\.svg$/]; // cache first

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll(PRECACHE)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names.filter((name) => name.startsWith("backcoach-shell-") && name !== SHELL)
        .map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  );
});

// Signing out or erasing the account forgets the pages kept for offline use.
self.addEventListener("message", (event) => {
  if (event.data === "forget") event.waitUntil(caches.delete(PAGES));
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return; // events go through the outbox
  if (IMMUTABLE.some((pattern) => pattern.test(url.pathname))) {
    event.respondWith(cacheFirst(request));
  } else if (KEPT.some((pattern) => pattern.test(url.pathname))) {
    event.respondWith(networkFirst(request));
  } else if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(offlinePage));
  }
});

async function offlinePage() {
  return (await caches.match("/offline")) || Response.error();
}

async function cacheFirst(request) {
  const hit = await caches.match(request);
  if (hit) return hit;
  const answer = await fetch(request);
  if (answer.ok) (await caches.open(SHELL)).put(request, answer.clone());
  return answer;
}

async function networkFirst(request) {
  try {
    const answer = await fetch(request);
    if (answer.ok && !answer.redirected) (await caches.open(PAGES)).put(request, answer.clone());
    return answer;
  } catch (offline) {
    const kept = await caches.match(request, { ignoreVary: true });
    if (kept) return kept;
    if (request.mode === "navigate") return offlinePage();
    return new Response(JSON.stringify({ error: "offline", message: "You are offline and this was not kept." }),
      { status: 503, headers: { "Content-Type": "application/json" } });
  }
}
