// Service worker of the proeftuin-wizard: keeps the app itself available offline, so a
// supplier can open it on a train and keep working (plans live in localStorage anyway).
//
// - Install: caches the app shell: index.html and every asset it names (hashed file names
//   are read from index.html, so this file needs no build step).
// - Page loads: network first (an updated app is taken in whenever online), the cached
//   shell when offline.
// - Hashed assets: cache first (their content never changes under the same name).
// - /api: never cached.
// - A message "nieuwe-versie-opslaan" from the page: store the shell anew (a newer build).
const CACHE = "ptw-shell-v1";
// The icons the manifest names (installed app, start screen).
const ICONS = ["/icons/icon-192.png", "/icons/icon-512.png", "/icons/icon-maskable-512.png"];

/** Every address a build's page names: its assets, the split modules, the icons. */
function assetsOf(html) {
  const urls = new Set(["/boot.js", "/favicon.png", "/manifest.webmanifest", ...ICONS]);
  for (const m of html.matchAll(/(?:href|src|data-app-js|data-app-wasm)="(\/[^"]+)"/g)) urls.add(m[1]);
  // The split wasm modules (scripts/build-split.sh), so every page also opens offline.
  for (const m of html.matchAll(/data-app-chunks="([^"]*)"/g)) {
    for (const u of m[1].split(" ")) if (u.startsWith("/")) urls.add(u);
  }
  return urls;
}

async function storeShell() {
  const cache = await caches.open(CACHE);
  const response = await fetch("/", { cache: "no-cache" });
  if (!response.ok) return false;
  const urls = assetsOf(await response.clone().text());
  // The build stored until now stays too: a tab that still runs it may load a part of it
  // later (a split module). Older builds go.
  const previous = await cache.match("/");
  const kept = previous ? assetsOf(await previous.text()) : new Set();
  // Assets first, the page last: a cached page never points at assets that are missing.
  await cache.addAll([...urls]);
  await cache.put("/", response);
  const keep = new Set([...urls, ...kept, "/"].map((u) => new URL(u, self.location.origin).href));
  for (const request of await cache.keys()) {
    if (!keep.has(request.url)) await cache.delete(request);
  }
  return true;
}

// One refresh at a time (a navigation and the page's message may ask at once).
let refreshing = Promise.resolve(true);
function cacheShell() {
  refreshing = refreshing.catch(() => false).then(storeShell);
  return refreshing;
}

// The page found a newer build on the server (see boot.js): store it, then say so.
self.addEventListener("message", (event) => {
  if (event.data !== "nieuwe-versie-opslaan" || !event.ports[0]) return;
  const port = event.ports[0];
  event.waitUntil(
    cacheShell().then(
      (stored) => port.postMessage(stored ? "opgeslagen" : "mislukt"),
      () => port.postMessage("mislukt"),
    ),
  );
});

self.addEventListener("install", (event) => {
  event.waitUntil(cacheShell().then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names.filter((n) => n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin || url.pathname.startsWith("/api/")) {
    return;
  }
  if (request.mode === "navigate") {
    // Network first; when it works, refresh the cached shell in the background.
    event.respondWith(
      fetch(request)
        .then((response) => {
          if (response.ok) event.waitUntil(cacheShell().catch(() => {}));
          return response;
        })
        .catch(async () => (await caches.match("/")) ?? Response.error()),
    );
    return;
  }
  event.respondWith(
    caches.match(request).then(
      (hit) =>
        hit ??
        fetch(request).then(async (response) => {
          if (response.ok && /-[0-9a-f]{10,16}(_bg)?\.[a-z]+$/.test(url.pathname)) {
            const cache = await caches.open(CACHE);
            await cache.put(request, response.clone());
          }
          return response;
        }),
    ),
  );
});
