// The API client and the device's storage. Requests that js/boot.js started for the first
// page are taken over here rather than sent twice.
(function () {
  "use strict";
  var DM = window.DM = window.DM || {};
  var BASE = String(DM.config.apiUrl || "").replace(/\/+$/, "");

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

  function send(method, path, body, headers) {
    var h = { Accept: "application/json" };
    Object.keys(headers || {}).forEach(function (k) { h[k] = headers[k]; });
    var init = { method: method, headers: h, credentials: "omit" };
    if (body !== undefined) {
      h["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    return fetch(BASE + path, init);
  }
  function receive(method, pending) {
    return pending.then(function (res) {
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
  function request(method, path, body, headers) {
    return receive(method, send(method, path, body, headers));
  }

  var memo = {};     // url -> {at, promise}: back navigation and language switches cost nothing
  var TTL = 60000;
  DM.api = {
    base: BASE,
    get: function (path, fresh) {
      var hit = memo[path];
      if (!fresh && hit && Date.now() - hit.at < TTL) return hit.promise;
      var early = DM.early && DM.early[path];
      if (early) delete DM.early[path];
      var p = early ? receive("GET", early) : request("GET", path);
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
    post: function (path, body, headers) { return request("POST", path, body, headers); },
    put: function (path, body, headers) { return request("PUT", path, body, headers); }
  };

  // A script loaded once, when first needed (the storefront's checkout, the portal's views).
  var scripts = {};
  DM.need = function (src) {
    if (!scripts[src]) {
      scripts[src] = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = src;
        s.onload = resolve;
        s.onerror = function () { delete scripts[src]; s.remove(); reject(new ApiError(0, null)); };
        document.head.appendChild(s);
      });
    }
    return scripts[src];
  };

  DM.emit = function (name, detail) {
    var ev;
    try { ev = new CustomEvent(name, { detail: detail }); } catch (e) {
      ev = document.createEvent("CustomEvent"); ev.initCustomEvent(name, false, false, detail);
    }
    window.dispatchEvent(ev);
  };
})();
