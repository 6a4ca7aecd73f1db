// The API client, local storage, and the route table shared by the router and the early
// data fetch: this file runs first, so a page's data starts loading while the rest of the
// scripts are still on their way over a slow network.
(function () {
  "use strict";
  var DM = window.DM = window.DM || {};
  var CFG = window.DM_CONFIG || {};
  var BASE = String(CFG.apiUrl || "").replace(/\/+$/, "");
  DM.config = CFG;

  // Open the connection to the picture host now: on a 400 ms round trip that is one
  // whole round trip less before the first product photo can start downloading.
  if (CFG.mediaBaseUrl) {
    var pc = document.createElement("link");
    pc.rel = "preconnect";
    pc.href = String(CFG.mediaBaseUrl).replace(/^(https?:\/\/[^/]+).*$/, "$1");
    document.head.appendChild(pc);
  }

  DM.store = {
    get: function (key) {
      try { return JSON.parse(localStorage.getItem(key)); } catch (e) { return null; }
    },
    set: function (key, value) {
      try { localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* storage full or off */ }
    }
  };

  function ApiError(status, body) {
    var e = (body && body.error) || {};
    this.status = status;
    this.code = e.code || (status === 0 ? "network" : "http_" + status);
    this.message = e.message || "";
    this.details = e.details || null;
  }
  DM.ApiError = ApiError;

  function request(method, path, body, headers) {
    var h = { Accept: "application/json" };
    Object.keys(headers || {}).forEach(function (k) { h[k] = headers[k]; });
    var init = { method: method, headers: h, credentials: "omit" };
    if (body !== undefined) {
      h["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    return fetch(BASE + path, init).then(function (res) {
      // The service worker marks answers it had to take from its cache (no network).
      if (res.headers.get("X-DM-Cache") === "hit") DM.emit("dm:stale");
      else if (method === "GET") DM.emit("dm:fresh");
      var type = res.headers.get("Content-Type") || "";
      var parsed = type.indexOf("json") >= 0 ? res.json().catch(function () { return null; }) :
        res.text();
      return parsed.then(function (data) {
        if (!res.ok) throw new ApiError(res.status, data);
        return data;
      });
    }, function () { throw new ApiError(0, null); });
  }

  var memo = {};     // url -> {at, promise}: back navigation and language switches cost nothing
  var TTL = 60000;
  DM.api = {
    base: BASE,
    get: function (path, fresh) {
      var hit = memo[path];
      if (!fresh && hit && Date.now() - hit.at < TTL) return hit.promise;
      var p = request("GET", path);
      memo[path] = { at: Date.now(), promise: p };
      p.catch(function () { if (memo[path] && memo[path].promise === p) delete memo[path]; });
      return p;
    },
    // Reads that must never be cached (orders carry their token in a header).
    read: function (path, headers) { return request("GET", path, undefined, headers); },
    raw: function (path, headers) {
      return fetch(BASE + path, { headers: headers || {}, credentials: "omit" }).then(function (res) {
        if (!res.ok) throw new ApiError(res.status, null);
        return res.text();
      }, function () { throw new ApiError(0, null); });
    },
    post: function (path, body, headers) { return request("POST", path, body, headers); }
  };

  DM.emit = function (name, detail) {
    var ev;
    try { ev = new CustomEvent(name, { detail: detail }); } catch (e) {
      ev = document.createEvent("CustomEvent"); ev.initCustomEvent(name, false, false, detail);
    }
    window.dispatchEvent(ev);
  };

  function enc(v) { return encodeURIComponent(v); }

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
    var names = { c: "category", p: "product", m: "maker", order: "order" };
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
  // What each page reads first; fetched right here, before the views have even loaded.
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
  // The product photo is the largest thing on its page: ask for it as soon as its address is
  // known, while the other scripts are still loading.
  function preload(im) {
    if (!im || !im.url || !document.head) return;
    var l = document.createElement("link");
    l.rel = "preload"; l.as = "image"; l.href = im.url;
    var r = (im.renditions || []).filter(function (x) { return x && x.url && x.width; });
    if (r.length) {
      l.setAttribute("imagesrcset", r.map(function (x) { return x.url + " " + x.width + "w"; }).join(", "));
      l.setAttribute("imagesizes", DM.PDP_SIZES);
    }
    l.setAttribute("fetchpriority", "high");
    document.head.appendChild(l);
  }
  var first = DM.parseRoute(location.hash);
  DM.routePaths(first).forEach(function (p) {
    var req = DM.api.get(p);
    if (first.name === "product") req.then(function (d) { preload((d.images || [])[0]); }, function () {});
    req.catch(function () { /* the view shows the error */ });
  });
})();
