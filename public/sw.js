// Floorview's service worker (registered in kiosk mode). It keeps the app shell
// (index.html, the hashed .js/.wasm/.css Trunk writes for it) and config.json, so a wallboard
// reloaded while the network or the proxy is down shows the app with its OFFLINE
// banner instead of a browser error page, and recovers by itself.
//
// - index.html and config.json: network first (a new deployment or setting is seen
//   at once), the cached copy only when the network fails, is slow, or answers 5xx.
// - hashed assets: cache first (their names change with their content).
// - API requests and anything cross-origin: not touched.
const CACHE = "floorview-shell-v1";
const SHELL_TIMEOUT_MS = 4000;
const HASHED = /-[0-9a-f]{15,}(_bg)?\.[a-z0-9]+$/;
// Unhashed files the page needs to start (the CSP-safe loader, the watchdog, the
// icon): network first like config.json, so a redeploy is seen, and cached for
// a reload while the proxy is down.
const STATIC = new Set(["boot.js", "watchdog.js", "favicon.svg"]);
const SCOPE = new URL(self.registration.scope);
const INDEX = new URL("./", SCOPE).href;

self.addEventListener("install", (event) => {
  // A failed precache (offline) must not fail the install: pages fill the cache too.
  event.waitUntil(refreshShell().catch(() => {}).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(self.clients.claim());
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== SCOPE.origin || !url.pathname.startsWith(SCOPE.pathname)) return;
  const path = url.pathname.slice(SCOPE.pathname.length);
  // The settings document is a desk's page, not a wall screen's: it goes to the
  // network as it is, and is never answered with the wallboard's page.
  if (path === "settings.html") return;
  if (request.mode === "navigate" || path === "" || path === "index.html") {
    event.respondWith(networkFirst(event, INDEX, true));
  } else if (path === "config.json" || STATIC.has(path)) {
    event.respondWith(networkFirst(event, url.origin + url.pathname, false));
  } else if (HASHED.test(path)) {
    event.respondWith(cacheFirst(request));
  }
  // Everything else (the API, health, the fault API, sw.js) goes to the network as usual.
});

async function networkFirst(event, key, isShell) {
  const request = event.request;
  const cache = await caches.open(CACHE);
  try {
    // Past the browser's HTTP cache: this worker keeps its own copy for offline, and a
    // revalidated copy can be stale. A server that dates files to the second (only
    // Last-Modified, or nginx's mtime-and-size ETag) answers "not modified" to a
    // reload when a new index.html was written within the second of the old one, and
    // the kiosk would then reload into its old build at every update check.
    const response = await withTimeout(fetch(request, { cache: "no-store" }), SHELL_TIMEOUT_MS);
    if (response.ok) {
      const copy = response.clone();
      if (isShell) {
        // Keep the shell and its assets in step: store a new index.html only once
        // every asset it names is cached.
        event.waitUntil(copy.text().then((html) => storeShell(cache, html)).catch(() => {}));
      } else {
        await cache.put(key, copy);
      }
      return response;
    }
    if (response.status >= 500) {
      const cached = await cache.match(key);
      if (cached) return cached;
    }
    return response;
  } catch (error) {
    const cached = await cache.match(key);
    if (cached) return cached;
    throw error;
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request.url);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await cache.put(request.url, response.clone());
  return response;
}

/** Fetches index.html and everything it names into the cache. */
async function refreshShell() {
  const response = await fetch(INDEX, { cache: "no-store" });
  if (!response.ok) return;
  await storeShell(await caches.open(CACHE), await response.text());
  const config = await fetch(new URL("config.json", SCOPE), { cache: "no-store" });
  if (config.ok) await (await caches.open(CACHE)).put(new URL("config.json", SCOPE).href, config);
}

/** Caches the assets `html` names, then `html` itself, then drops assets no longer named. */
async function storeShell(cache, html) {
  const assets = [...html.matchAll(/["'](\/?[^"'\s]+-[0-9a-f]{15,}(?:_bg)?\.[a-z0-9]+)["']/g)].map(
    (m) => new URL(m[1], SCOPE).href,
  );
  // The unhashed start-up files too: the first page load fetched them before this
  // worker was in control, so nothing else would have cached them.
  for (const name of STATIC) if (html.includes(name)) assets.push(new URL(name, SCOPE).href);
  const wanted = new Set(assets);
  for (const url of assets) {
    if (!(await cache.match(url))) {
      const r = await fetch(url);
      if (!r.ok) return;
      await cache.put(url, r);
    }
  }
  await cache.put(INDEX, new Response(html, { headers: { "content-type": "text/html; charset=utf-8" } }));
  for (const request of await cache.keys()) {
    if (HASHED.test(new URL(request.url).pathname) && !wanted.has(request.url)) await cache.delete(request);
  }
}

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("timed out")), ms);
    promise.then(
      (v) => { clearTimeout(timer); resolve(v); },
      (e) => { clearTimeout(timer); reject(e); },
    );
  });
}
