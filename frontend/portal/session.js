// The signed-in session: tokens, the API calls made with them, who the user is.
//
// Tokens travel only in the Authorization header: never in an address, never in a log line
// (nothing here writes to the console). Where they are kept:
//  - the id and access tokens (valid for an hour): in memory, and in sessionStorage so that a
//    reload in the same tab needs no refresh call; the tab's storage goes when it is closed;
//  - the refresh token: in localStorage, so a maker stays signed in on their own phone from
//    one visit to the next (the issue asks for it). The trade-off: a script running on this
//    origin could read it. What keeps such a script out is the page's CSP (no inline script
//    but the hashed boot script, no third-party script) and that no text reaches the page as
//    HTML. An HttpOnly cookie would be safer but needs the API on the site's own domain with
//    CSRF protection, which the S3/CloudFront site + API Gateway split does not give. Signing
//    out removes every token and the remembered maker; Cognito refresh tokens also expire.
(function (DM) {
  "use strict";
  var BASE = String(DM.config.apiUrl || "").replace(/\/+$/, "");
  var K_TAB = "dm.portal.tab", K_REFRESH = "dm.portal.refresh", K_ACTING = "dm.portal.acting";
  var EARLY = 120000;    // refresh when less than two minutes are left
  var tok = null;        // {id, exp}
  var me = null, mePromise = null, refreshing = null;

  function local(op, key, value) {
    try {
      if (op === "get") return localStorage.getItem(key);
      if (op === "set") localStorage.setItem(key, value); else localStorage.removeItem(key);
    } catch (e) { /* storage off: the session lasts as long as the page */ }
    return null;
  }
  function tab(op, value) {
    try {
      if (op === "get") return JSON.parse(sessionStorage.getItem(K_TAB));
      if (op === "set") sessionStorage.setItem(K_TAB, JSON.stringify(value)); else sessionStorage.removeItem(K_TAB);
    } catch (e) { /* as above */ }
    return null;
  }
  tok = tab("get");

  function keep(tokens) {
    tok = { id: tokens.id_token, exp: Date.now() + (tokens.expires_in || 3600) * 1000 };
    tab("set", tok);
    if (tokens.refresh_token) local("set", K_REFRESH, tokens.refresh_token);
  }
  function forget() {
    tok = null; me = null; mePromise = null;
    tab("clear");
    local("clear", K_REFRESH);
    local("clear", K_ACTING);
  }

  function parse(res) {
    var type = res.headers.get("Content-Type") || "";
    var body = type.indexOf("json") >= 0 ? res.json().catch(function () { return null; }) : res.text();
    return body.then(function (data) {
      if (!res.ok) throw new DM.ApiError(res.status, data);
      return data;
    });
  }
  function send(method, path, opt, token) {
    var headers = { Accept: opt.accept || "application/json" };
    if (token) headers.Authorization = "Bearer " + token;
    var init = { method: method, headers: headers, credentials: "omit", cache: "no-store" };
    if (opt.raw !== undefined) {
      headers["Content-Type"] = opt.type || "text/csv";
      init.body = opt.raw;
    } else if (opt.body !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(opt.body);
    }
    return fetch(BASE + path, init).then(parse, function () { throw new DM.ApiError(0, null); });
  }

  function refresh() {
    var rt = local("get", K_REFRESH);
    if (!rt) return Promise.reject(new DM.ApiError(401, { error: { code: "unauthorized" } }));
    if (!refreshing) {
      refreshing = send("POST", "/auth/refresh", { body: { refresh_token: rt } }).then(function (tokens) {
        refreshing = null;
        keep(tokens);
        return tok.id;
      }, function (err) {
        refreshing = null;
        if (err.status === 401 || err.status === 400) end("expired");
        throw err;
      });
    }
    return refreshing;
  }
  function token() {
    if (tok && tok.exp - Date.now() > EARLY) return Promise.resolve(tok.id);
    return refresh();
  }
  function end(why) {
    var was = !!(tok || local("get", K_REFRESH));
    forget();
    if (was) DM.emit("dm:signedout", why);
  }

  // Acting for a maker: a facilitator names one (remembered on this device until sign-out);
  // a vendor acts for its own maker and names none.
  function actingId() {
    if (!me || me.groups.indexOf("facilitators") < 0) return "";
    var saved = null;
    try { saved = JSON.parse(local("get", K_ACTING)); } catch (e) { /* none */ }
    return saved && saved.sub === me.sub && me.vendor_ids.indexOf(saved.vendor_id) >= 0 ? saved.vendor_id : "";
  }
  function withActing(path) {
    var id = actingId();
    if (!id || !/^\/vendor\//.test(path)) return path;
    return path + (path.indexOf("?") >= 0 ? "&" : "?") + "vendor_id=" + encodeURIComponent(id);
  }

  // An API call as the signed-in user: a token refreshed before it expires, one retry after
  // a refresh when the API answers 401, and the acting maker added to /vendor/ paths.
  function call(method, path, opt) {
    opt = opt || {};
    var target = withActing(path);
    return token().then(function (t) {
      return send(method, target, opt, t).catch(function (err) {
        if (err.status !== 401 || err.code === "account_disabled") throw err;   // new tokens would not help
        return refresh().then(function (t2) { return send(method, target, opt, t2); });
      });
    }).catch(function (err) {
      // The office disabled this official: the token is still good, the account is not.
      if (err.status === 401) end(err.code === "account_disabled" ? "disabled" : "expired");
      throw err;
    });
  }
  function started(tokens) {
    forget();
    keep(tokens);
    return DM.session.me(true);
  }

  DM.session = {
    signedIn: function () { return !!(tok || local("get", K_REFRESH)); },
    // Resolves with /auth/me, or with {next_step: "new_password", session} on an invited
    // official's first sign-in (then newPassword() finishes it; nothing is kept meanwhile).
    signIn: function (email, password) {
      return send("POST", "/auth/login", { body: { email: email, password: password } }).then(function (res) {
        return res.next_step === "new_password" ? res : started(res);
      });
    },
    newPassword: function (email, session, password) {
      return send("POST", "/auth/new-password", { body: { email: email, session: session, new_password: password } }).then(started);
    },
    // The calls made before signing in: forgot-password, reset-password, resend-code.
    ask: function (path, body) { return send("POST", path, { body: body }); },
    signUp: function (body) { return send("POST", "/auth/signup", { body: body }); },
    confirm: function (email, code) { return send("POST", "/auth/confirm", { body: { email: email, code: code } }); },
    signOut: function () { end("signout"); },
    // {sub, groups, username, vendor_ids, block (a facilitator's)}; asked once per page unless `fresh`.
    me: function (fresh) {
      if (!fresh && mePromise) return mePromise;
      mePromise = call("GET", "/auth/me").then(function (m) { me = m; return m; }, function (err) {
        mePromise = null;
        throw err;
      });
      return mePromise;
    },
    user: function () { return me; },
    is: function (group) { return !!me && me.groups.indexOf(group) >= 0; },
    acting: actingId,
    // Work for this maker from now on; `quiet`: the caller moves to another page itself.
    act: function (vendorId, quiet) {
      local("set", K_ACTING, JSON.stringify({ sub: me.sub, vendor_id: vendorId }));
      if (!quiet) DM.emit("dm:acting", vendorId);
    },
    // A maker a facilitator just onboarded is theirs to act for: ask /auth/me again.
    learn: function () { return DM.session.me(true); },
    call: call,
    get: function (path) { return call("GET", path); },
    post: function (path, body) { return call("POST", path, { body: body === undefined ? {} : body }); }
  };
})(window.DM);
