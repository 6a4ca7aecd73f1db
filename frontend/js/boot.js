// Runs first, inline in the page's head (infra/site.py puts it there), and is small on purpose: it reads the page address and asks the API for that
// page's data (and, once the data names them, for the first screen's photos) while the rest
// of the scripts are still on their way over a slow network. api.js adopts these requests.
(function () {
  "use strict";
  var DM = window.DM = window.DM || {};
  var CFG = {};
  try { CFG = JSON.parse(document.querySelector('meta[name="dm-config"]').content); } catch (e) { /* unconfigured */ }
  var BASE = String(CFG.apiUrl || "").replace(/\/+$/, "");
  DM.config = CFG;
  DM.early = {};     // API path -> pending fetch Response, taken over by DM.api.get

  function enc(v) { return encodeURIComponent(v); }
  function link(rel, href) {
    var l = document.createElement("link");
    l.rel = rel; l.href = href;
    return l;
  }
  // Open the connection to the picture host now: on a 400 ms round trip that is one
  // whole round trip less before the first product photo can start downloading.
  if (CFG.mediaBaseUrl) {
    document.head.appendChild(link("preconnect", String(CFG.mediaBaseUrl).replace(/^(https?:\/\/[^/]+).*$/, "$1")));
  }
  // Filters as they appear in the page address (prices in rupees) -> the API query (paise).
  DM.productsPath = function (f, cursor) {
    var q = [];
    if (f.category) q.push("category=" + enc(f.category));
    if (f.q) q.push("q=" + enc(f.q));
    if (f.sort) q.push("sort=" + enc(f.sort));
    if (f.min !== "" && f.min != null) q.push("min_price=" + Math.round(Number(f.min) * 100));
    if (f.max !== "" && f.max != null) q.push("max_price=" + Math.round(Number(f.max) * 100));
    q.push("limit=" + (f.limit || 24));
    if (cursor) q.push("cursor=" + enc(cursor));
    return "/products?" + q.join("&");
  };
  DM.vendorPath = function (id, cursor) {
    return "/vendors/" + enc(id) + "?limit=24" + (cursor ? "&cursor=" + enc(cursor) : "");
  };
  DM.HOME_PATHS = ["/categories", "/products?limit=12"];

  // Real pages (pre-rendered, chalicelib/pages): / and /en/, /p/<id>, /m/<id>, /c/<slug>;
  // Hindi has no prefix. The rest of the shop (search, cart, checkout, orders) lives in the
  // page address's #/… part, on whichever page the shopper is.
  var KINDS = { product: "p", maker: "m", category: "c" };
  var NAMES = { p: "product", m: "maker", c: "category" };
  DM.pagePath = function (kind, id, lang) {
    var prefix = (lang || DM.lang) === "en" ? "/en" : "";
    return kind === "home" ? prefix + "/" : prefix + "/" + KINDS[kind] + "/" + enc(id);
  };
  function stored(key) {
    try { return JSON.parse(localStorage.getItem(key)); } catch (e) { return null; }
  }
  function storedLang() { return stored("dm.lang") === "en" ? "en" : "hi"; }
  // Old links (#/p/<id>, #/m/<id>, #/c/<slug>, #/) lead to the page that replaced them.
  DM.legacyPath = function (hash) {
    var m = /^#\/(p|m|c)\/([^/?]+)$/.exec(hash || "");
    var lang = DM.lang || storedLang();
    if (m) { try { return DM.pagePath(NAMES[m[1]], decodeURIComponent(m[2]), lang); } catch (e) { return null; } }
    return hash === "#/" || hash === "#" ? location.pathname + location.search : null;
  };
  var legacy = DM.legacyPath(location.hash);
  if (legacy) { location.replace(legacy); return; }
  // A #/ view (cart, search, an order) opened cold is drawn on /app, a page with nothing of its
  // own to load first (a product's or the home page's pictures would come before it).
  if (/^#\/./.test(location.hash) && location.pathname !== "/app") {
    location.replace("/app" + location.search + location.hash);
    return;
  }
  // The page this address shows: {name, id, query, page: true} for a real page, else the
  // #/… route.
  DM.route = function () {
    var h = location.hash;
    if (/^#\/./.test(h)) { var r = DM.parseRoute(h); r.page = false; return r; }
    if (location.pathname === "/app") {       // the host of #/ views; ?q= is the site's search
      var q = DM.parseRoute("#/" + location.search).query;
      return { name: q.q ? "search" : "home", query: q, page: false };
    }
    var m = /^\/(?:(en)\/)?(?:(p|m|c)\/([^/]+))?\/?$/.exec(location.pathname.replace(/\/index\.html$/, "/"));
    var query = DM.parseRoute("#/" + location.search).query;
    if (!m) return { name: "notfound", query: query, page: true };
    var lang = m[1] || "hi";
    if (!m[2]) return query.q ? { name: "search", query: query, page: false, lang: lang } : { name: "home", query: query, page: true, lang: lang };
    var id = m[3];
    try { id = decodeURIComponent(id); } catch (e) { return { name: "notfound", query: query, page: true }; }
    return { name: NAMES[m[2]], id: id, query: query, page: true, lang: lang };
  };

  // "#/c/lac-bangles?sort=price_asc" -> {name: "category", id: "lac-bangles", query: {...}}
  DM.parseRoute = function (hash) {
    var h = String(hash || "").replace(/^#/, "");
    var qi = h.indexOf("?");
    var path = qi >= 0 ? h.slice(0, qi) : h;
    var query = {};
    if (qi >= 0) {
      h.slice(qi + 1).split("&").forEach(function (kv) {
        if (!kv) return;
        var i = kv.indexOf("=");
        var k = i >= 0 ? kv.slice(0, i) : kv;
        var v = i >= 0 ? kv.slice(i + 1) : "";
        try { query[decodeURIComponent(k)] = decodeURIComponent(v.replace(/\+/g, " ")); } catch (e) { /* bad escape */ }
      });
    }
    var parts = path.split("/").filter(Boolean);
    var id = parts[1];
    try { id = id && decodeURIComponent(id); } catch (e) { id = ""; }
    var names = { c: "category", p: "product", m: "maker", order: "order", o: "order" };   // #/o/<id>: the mails' short form
    if (!parts.length) return { name: "home", query: query };
    if (parts.length === 1 && ["search", "cart", "checkout"].indexOf(parts[0]) >= 0) {
      return { name: parts[0], query: query };
    }
    if (parts.length === 2 && names[parts[0]] && id) return { name: names[parts[0]], id: id, query: query };
    return { name: "notfound", query: query };
  };
  DM.filtersOf = function (r) {
    var q = r.query;
    return { category: r.name === "category" ? r.id : (q.category || ""), q: (q.q || "").trim(),
      sort: q.sort || "", min: q.min || "", max: q.max || "" };
  };
  // What each page reads first.
  DM.routePaths = function (r) {
    switch (r.name) {
      case "home": return DM.HOME_PATHS;
      case "category": case "search":
        var f = DM.filtersOf(r);
        return f.q && f.q.length < 2 ? ["/categories"] : ["/categories", DM.productsPath(f)];
      case "product": return ["/products/" + enc(r.id)];
      case "maker": return [DM.vendorPath(r.id)];
      default: return [];
    }
  };
  DM.PDP_SIZES = "(min-width: 900px) 460px, 100vw";
  DM.GRID_SIZES = "(min-width: 1000px) 230px, (min-width: 600px) 30vw, 50vw";
  DM.TILE_SIZES = "96px";
  // Pictures on a phone's first screen, per page: they load at once (and are asked for here,
  // as soon as the data names them); every other picture waits its turn, lazily.
  DM.FIRST_SCREEN = { home: { tiles: 4, cards: 2 }, category: { cards: 4 }, search: { cards: 4 } };

  // Ask for a photo as soon as its address is known, at the size the page will show it.
  function preload(im, sizes) {
    if (!im || !im.url) return;
    var l = link("preload", im.url);
    l.as = "image";
    var r = (im.renditions || []).filter(function (x) { return x && x.url && x.width; });
    if (r.length) {
      l.setAttribute("imagesrcset", r.map(function (x) { return x.url + " " + x.width + "w"; }).join(", "));
      l.setAttribute("imagesizes", sizes);
    }
    l.setAttribute("fetchpriority", "high");
    document.head.appendChild(l);
  }
  // The page's other scripts, run in order once the page is parsed. A real page arrives drawn
  // and readable: its scripts are asked for once its first picture (the largest paint) has
  // arrived, so that on a thin link they do not share its bandwidth. A #/ view needs them at
  // once.
  DM.SCRIPTS = ["/js/api.js", "/js/i18n.js", "/js/ui.js", "/js/cart.js", "/js/views.js",
    "/js/product.js", "/js/pages.js", "/app.js"];
  var asked = false;
  function scripts() {
    if (asked) return;
    asked = true;
    DM.SCRIPTS.forEach(function (src) {
      var s = document.createElement("script");
      s.src = src;
      s.async = false;     // in this order, as deferred scripts run
      document.head.appendChild(s);
    });
  }
  // A tap on "add to cart" or "read the reviews" before they have arrived is kept, and done
  // once they have.
  document.addEventListener("click", function (e) {
    var at = !DM.ready && e.target.closest && e.target.closest("[data-testid=add-to-cart],[data-testid=show-reviews]");
    if (!at) return;
    e.preventDefault();
    if (at.getAttribute("data-testid") === "add-to-cart") DM.earlyAdd = true; else DM.earlyReviews = true;
  }, true);
  var first = DM.route();
  // A buyer abroad who has not chosen a language reads the English pages (js/abroad.js).
  var abroad = stored("dm.country");
  if (first.page && first.lang === "hi" && first.name !== "notfound" && typeof abroad === "string" &&
      abroad !== "IN" && !stored("dm.langChosen")) {
    location.replace(DM.pagePath(first.name, first.id, "en") + location.search + location.hash);
    return;
  }
  if (!first.page) {
    // asked for now, run once the page is parsed (as deferred scripts: they need <main>)
    DM.SCRIPTS.forEach(function (src) { var l = link("preload", src); l.as = "script"; document.head.appendChild(l); });
    document.addEventListener("DOMContentLoaded", scripts);
  } else {
    document.addEventListener("DOMContentLoaded", function () {
      var hero = document.querySelector("main img[fetchpriority=high]");
      if (!hero || hero.complete) { scripts(); return; }
      hero.addEventListener("load", scripts);
      hero.addEventListener("error", scripts);
      setTimeout(scripts, 3000);
    });
    return;    // nothing to fetch early: the page is drawn (its photo asked for by the page)
  }
  var want = DM.FIRST_SCREEN[first.name] || {};
  function images(path, d) {
    if (first.name === "product") return [[(d.images || [])[0], DM.PDP_SIZES]];
    var items = path === "/categories" ? (d.items || []).slice(0, want.tiles || 0) :
      path.indexOf("/products?") === 0 ? (d.items || []).slice(0, want.cards || 0) : [];
    var sizes = path === "/categories" ? DM.TILE_SIZES : DM.GRID_SIZES;
    return items.map(function (x) { return [x.image, sizes]; });
  }
  DM.routePaths(first).forEach(function (path) {
    var res = DM.early[path] = fetch(BASE + path, { headers: { Accept: "application/json" }, credentials: "omit" });
    res.then(function (r) { return r.ok ? r.clone().json() : null; }).then(function (d) {
      if (d) images(path, d).forEach(function (x) { preload(x[0], x[1]); });
    }).catch(function () { /* the view shows the error */ });
  });
})();
