// Offline support. The shell's scripts and styles come from the cache first (bump VERSION when
// any shell file changes); pages (pre-rendered products, makers, categories, home) and catalog
// reads go to the network first and fall back to what was seen before — a page never seen
// falls back to the home page, whose script then draws it from the API's cache;
// product images come from a capped cache. POSTs and /orders never touch a cache.
// The portal (portal.html, portal/*) is not served from here at all, and no signed-in
// request is cached: anything sent with an Authorization header, or to /vendor/*, /admin/*,
// /auth/* or /facilitator/*, goes to the network untouched.
"use strict";
var VERSION = "2026-12-05.5";
var SHELL = "dm-shell-" + VERSION, API = "dm-api-v1", IMG = "dm-img-v1", PAGES = "dm-pages-v1";
var KEEP = [SHELL, API, IMG, PAGES];
var FILES = ["/app", "/app.css", "/app.js", "/manifest.webmanifest", "/icon.svg",
  "/js/api.js", "/js/i18n.js", "/js/ui.js", "/js/cart.js", "/js/views.js", "/js/product.js", "/js/pages.js",
  "/js/checkout.js", "/js/order.js"];   // js/abroad.js: cached when first used (buyers abroad only)
var API_PATH = /\/(categories|products(\/[^/]+)?|vendors\/[^/]+|abroad)$/;
var PRIVATE = /\/(vendor|admin|auth|facilitator|orders)(\/|$)/;
var PORTAL = /\/(portal\.html|portal\/.*)$/;
var LIMITS = {};
LIMITS[IMG] = 60;
LIMITS[API] = 120;
LIMITS[PAGES] = 40;

self.addEventListener("install", function (e) {
  e.waitUntil(caches.open(SHELL).then(function (c) {
    return c.addAll(FILES.map(function (f) { return new Request(f, { cache: "reload" }); }));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (e) {
  e.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return KEEP.indexOf(k) < 0; }).map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

function trim(name) {
  return caches.open(name).then(function (c) {
    return c.keys().then(function (keys) {
      var extra = keys.length - LIMITS[name];
      return Promise.all(keys.slice(0, Math.max(0, extra)).map(function (k) { return c.delete(k); }));
    });
  });
}

function put(name, req, res) {
  return caches.open(name).then(function (c) { return c.put(req, res); }).then(function () {
    return LIMITS[name] ? trim(name) : null;
  }).catch(function () { /* quota: serving matters more than keeping */ });
}

// Marks an answer taken from the cache because the network failed, for the offline banner.
function marked(res) {
  return res.blob().then(function (body) {
    var headers = new Headers(res.headers);
    headers.set("X-DM-Cache", "hit");
    return new Response(body, { status: res.status, statusText: res.statusText, headers: headers });
  });
}

function networkFirst(e, name, mark) {
  return fetch(e.request).then(function (res) {
    if (res.ok) e.waitUntil(put(name, e.request, res.clone()));
    return res;
  }, function (err) {
    return caches.match(e.request, { cacheName: name }).then(function (hit) {
      if (!hit) throw err;
      return mark ? marked(hit) : hit;
    });
  });
}

function cacheFirst(e, name, key) {
  return caches.match(key || e.request, { cacheName: name }).then(function (hit) {
    if (hit) return hit;
    return fetch(e.request).then(function (res) {
      if (res.ok || res.type === "opaque") e.waitUntil(put(name, key || e.request, res.clone()));
      return res;
    });
  });
}

self.addEventListener("fetch", function (e) {
  var req = e.request;
  if (req.method !== "GET") return;
  var url = new URL(req.url);
  if (req.headers.has("Authorization") || PRIVATE.test(url.pathname)) return;
  if (url.origin === self.location.origin) {
    if (PORTAL.test(url.pathname)) return;     // signed-in pages: always the network
    if (req.mode === "navigate") {
      var page = new Request(url.origin + url.pathname);     // #… and ?… do not make a page
      e.respondWith(fetch(req).then(function (res) {
        if (res.ok) e.waitUntil(put(PAGES, page, res.clone()));
        return res;
      }, function (err) {
        return caches.match(page, { cacheName: PAGES }).then(function (hit) {
          return hit || caches.match("/app", { cacheName: SHELL }).then(function (home) {
            if (!home) throw err;
            return home;
          });
        });
      }));
    } else if (/\/config\.js$/.test(url.pathname)) {
      e.respondWith(networkFirst(e, SHELL, false));
    } else if (/\.(js|css|webmanifest|svg|png)$/.test(url.pathname)) {
      e.respondWith(cacheFirst(e, SHELL, url.origin + url.pathname));
    }
    return;
  }
  if (req.destination === "image") e.respondWith(cacheFirst(e, IMG));
  else if (API_PATH.test(url.pathname)) e.respondWith(networkFirst(e, API, true));
});
