/* The portal's shell: one page (portal.html) for everyone who signs in — makers (vendors),
 * block officials (facilitators) and the district office (admins) — with the views each
 * role may open, chosen from GET /auth/me. Hash routes: "#/<name>/<id>?<query>".
 *
 * How a module adds views (the review desk does it this way):
 *   1. Write frontend/portal/<module>.js (and, if it has many, its strings in their own file):
 *        DM.strings({ deskTitle: ["Review desk", "जाँच डेस्क"], ... });
 *        DM.portal.view("desk", function (ctx) { ... });   // one call per route name
 *   2. List it in MODULES below: { files: ["portal/desk.js"], routes: ["desk", ...], roles: ["admins"] }.
 *      The shell loads the files (in order, once) the first time one of the routes opens,
 *      and shows "not for your account" to users without one of the roles.
 *   3. A menu entry goes in MENU: { route: "desk", label: "navDesk", roles: ["admins"] }.
 * Pages for people not signed in (sign-in, recovery) are in PUBLIC; a module may serve some
 * of them ({ public: true }): its files load before the page, with no /auth/me asked.
 * A view gets `ctx`: route {name, id, query}, section (its element), me (GET /auth/me),
 * api (DM.session: get/post/call, the acting maker added for /vendor/ paths), acting (the
 * maker's id a facilitator works for, "" for a vendor), live() (false once the user has moved
 * on), onLeave(fn), title(text), ready() (focus the h1 after navigation), rerender(), go(hash).
 * Views build DOM with DM.h (text, never HTML) and report errors with DM.errorBox / DM.form.fail.
 */
(function (DM) {
  "use strict";
  var h = DM.h, t = DM.t;
  var MAKERS = ["vendors", "facilitators"];
  var MAKER_FILES = ["portal/maker-strings.js", "portal/profile.js"];
  var QUALITY_FILES = ["portal/quality-strings.js", "portal/quality-common.js"];
  var EXPORT_STRINGS = "portal/export-strings.js";     // selling abroad (issue 20)
  var MODULES = [
    { files: MAKER_FILES.concat(["portal/products.js", "portal/photos.js", EXPORT_STRINGS, "portal/editor.js"]),
      routes: ["products", "product"], roles: MAKERS },
    { files: MAKER_FILES.concat(["portal/imports.js"]), routes: ["import"], roles: MAKERS },
    { files: MAKER_FILES.concat(["portal/quality-strings.js", EXPORT_STRINGS, "portal/documents.js", "portal/handover.js", "portal/orders.js"]),
      routes: ["orders", "payouts"], roles: MAKERS },
    { files: MAKER_FILES.concat([EXPORT_STRINGS, "portal/export.js"]), routes: ["export"], roles: MAKERS },
    { files: MAKER_FILES.concat(QUALITY_FILES, ["portal/quality.js"]), routes: ["quality"], roles: MAKERS },
    { files: MAKER_FILES.concat(QUALITY_FILES, ["portal/scorecards.js"]), routes: ["scorecards"], roles: ["facilitators"] },
    { files: MAKER_FILES, routes: ["profile"], roles: MAKERS },
    { files: MAKER_FILES.concat(["portal/makers.js"]), routes: ["makers"], roles: ["facilitators"] },
    { files: ["portal/desk-strings.js", "portal/desk.js", "portal/desk-listings.js", "portal/desk-records.js",
      "portal/desk-payouts.js", "portal/desk-officials.js", "portal/handover.js", "portal/desk-parcels.js"].concat(QUALITY_FILES,
      ["portal/desk-reviews.js", "portal/desk-complaints.js"]), routes: ["desk"], roles: ["admins"] },
    { files: ["portal/recovery.js"], routes: ["forgot", "new-password"], public: true }
  ];
  var MENU = [
    { route: "", label: "navHome" },
    { route: "makers", label: "navMakers", roles: ["facilitators"] },
    { route: "scorecards", label: "navScorecards", roles: ["facilitators"] },
    { route: "products", label: "navProducts", roles: MAKERS, acting: true },
    { route: "import", label: "navImport", roles: MAKERS, acting: true },
    { route: "orders", label: "navOrders", roles: MAKERS, acting: true },
    { route: "payouts", label: "navPayouts", roles: MAKERS, acting: true },
    { route: "quality", label: "navQuality", roles: MAKERS, acting: true },
    { route: "profile", label: "navProfile", roles: MAKERS, acting: true },
    { route: "desk", label: "navDesk", roles: ["admins"] },
    { route: "desk/officials", label: "navOfficials", roles: ["admins"] }
  ];
  var PUBLIC = ["signin", "signup", "confirm", "forgot", "new-password"];
  var views = {};
  var main = document.getElementById("main");
  var seq = 0, cleanups = [];

  DM.portal = {
    view: function (name, fn) { views[name] = fn; },
    MODULES: MODULES,
    allowed: function (roles) { return !roles || roles.some(function (g) { return DM.session.is(g); }); }
  };

  function parse(hash) {
    var s = String(hash || "").replace(/^#\/?/, "");
    var qi = s.indexOf("?"), query = {};
    (qi >= 0 ? s.slice(qi + 1) : "").split("&").forEach(function (kv) {
      var i = kv.indexOf("=");
      if (!kv) return;
      try { query[decodeURIComponent(kv.slice(0, i < 0 ? kv.length : i))] = decodeURIComponent(i < 0 ? "" : kv.slice(i + 1)); } catch (e) { /* bad escape */ }
    });
    var parts = (qi >= 0 ? s.slice(0, qi) : s).split("/").filter(Boolean);
    var id = parts[1] || "";
    try { id = decodeURIComponent(id); } catch (e) { id = ""; }
    return { name: parts[0] || "home", id: id, query: query };
  }
  DM.portal.parse = parse;

  // A module's files, in order, each once.
  function load(files) {
    return files.reduce(function (p, src) { return p.then(function () { return DM.need(src); }); }, Promise.resolve());
  }
  DM.portal.load = load;

  function go(hash) {
    if (location.hash === hash) render(true); else location.hash = hash;
  }

  function render(focus) {
    cleanups.forEach(function (fn) { try { fn(); } catch (e) { /* a view's cleanup */ } });
    cleanups = [];
    var r = parse(location.hash), my = ++seq, focused = false;
    if (PUBLIC.indexOf(r.name) < 0 && !DM.session.signedIn()) {
      location.replace("#/signin" + (r.name !== "home" ? "?next=" + encodeURIComponent(location.hash.slice(1)) : ""));
      return;
    }
    var section = h("div", { class: "view view-" + r.name });
    var ctx = {
      route: r, section: section, me: DM.session.user(), api: DM.session, go: go,
      acting: DM.session.acting(),
      live: function () { return my === seq; },
      onLeave: function (fn) { cleanups.push(fn); },
      title: function (s) { document.title = (s ? s + " — " : "") + t("portalTitle") + " — " + t("brand"); },
      ready: function () {
        if (!focus || focused || my !== seq) return;
        focused = true;
        var h1 = section.querySelector("h1");
        if (h1) { if (!h1.hasAttribute("tabindex")) h1.setAttribute("tabindex", "-1"); try { h1.focus({ preventScroll: true }); } catch (e) { h1.focus(); } }
      },
      rerender: function () { render(false); }
    };
    DM.fill(main, section);
    function fail(err) {
      if (!ctx.live()) return;
      DM.fill(section, [h("h1", { tabindex: "-1", text: DM.failTitle(err) }), DM.errorBox(err, function () { render(true); })]);
      ctx.ready();
    }
    var mod = MODULES.filter(function (m) { return m.routes.indexOf(r.name) >= 0; })[0];
    if (PUBLIC.indexOf(r.name) >= 0) {
      menu(null);
      return load(mod ? mod.files : []).then(function () {
        if (ctx.live()) (views[r.name] || views.notfound)(ctx);
      }).catch(fail);
    }
    DM.fill(section, h("p", { class: "muted", text: t("loading") }));
    DM.session.me().then(function (me) {
      if (!ctx.live()) return;
      ctx.me = me;
      ctx.acting = DM.session.acting();
      menu(r);
      if (mod && !DM.portal.allowed(mod.roles)) {
        DM.fill(section, [h("h1", { tabindex: "-1", text: t("notAllowed") }), h("p", null, h("a", { href: "#/", text: t("navHome") }))]);
        return ctx.ready();
      }
      return load(mod ? mod.files : []).then(function () {
        if (!ctx.live()) return;
        DM.clear(section);
        (views[r.name] || views.notfound)(ctx);
      });
    }).catch(fail);
  }

  // The menu for the user's roles; entries that work on a maker wait until a facilitator has chosen one.
  function menu(r) {
    var nav = document.getElementById("pnav"), acting = document.getElementById("acting");
    if (!r) { nav.hidden = true; acting.hidden = true; DM.clear(nav); return; }
    var facil = DM.session.is("facilitators"), chosen = DM.session.acting();
    var items = MENU.filter(function (m) { return DM.portal.allowed(m.roles) && !(m.acting && facil && !chosen); });
    // The entry for this page: the longest route the address starts with ("desk/officials" over "desk").
    var path = (r.name === "product" ? "products" : r.name === "export" ? "profile" : r.name) + (r.id ? "/" + r.id : "");
    var here = items.filter(function (m) {
      var route = m.route || "home";
      return path === route || path.indexOf(route + "/") === 0;
    }).sort(function (a, b) { return b.route.length - a.route.length; })[0];
    DM.fill(nav, h("ul", null, items.map(function (m) {
      var current = m === here;
      return h("li", null, h("a", { href: "#/" + m.route, text: t(m.label), "aria-current": current ? "page" : null }));
    }).concat([h("li", null, h("button", { type: "button", class: "link-btn", testid: "sign-out", text: t("signOut"),
      onclick: function () { DM.session.signOut(); } }))])));
    nav.hidden = false;
    acting.hidden = !facil;
    if (facil) actingBar(acting, chosen);
  }
  function actingBar(box, chosen) {
    if (!chosen) { DM.fill(box, h("p", null, [t("noMakerChosen") + " ", h("a", { href: "#/makers", text: t("chooseMaker") })])); return; }
    DM.fill(box, h("p", { testid: "acting-maker" }, [t("actingFor") + " ", h("strong", { text: chosen }), " ",
      h("a", { href: "#/makers", text: t("changeMaker") })]));
    DM.makerName(chosen).then(function (name) {
      var strong = box.querySelector("strong");
      if (strong && name) strong.textContent = name;
    });
  }
  // The name of a maker a facilitator manages (one list, asked once per page).
  var managed = null;
  DM.makerName = function (id) {
    if (!managed) managed = DM.session.get("/facilitator/vendors").catch(function () { managed = null; return { items: [] }; });
    return managed.then(function (list) {
      var v = (list.items || []).filter(function (x) { return x.id === id; })[0];
      return v ? DM.tx(v.name) : "";
    });
  };
  DM.makerList = function (fresh) { if (fresh) managed = null; DM.makerName(""); return managed; };

  // Home: what each role starts from.
  views.home = function (ctx) {
    var s = ctx.section;
    ctx.title("");
    var kids = [h("h1", { text: t("namaste") })];     // a maker's own name once the profile is read
    var flash = DM.portal.flash;                      // what the last page did (a maker onboarded, a password set)
    DM.portal.flash = null;
    if (flash) kids.push(h("p", { class: "notice good", role: "status", testid: "flash", text: flash }));
    if (DM.session.is("admins")) {
      kids.push(h("div", { class: "panel" }, [h("h2", { text: t("adminHome") }), h("p", { text: t("adminLead") }),
        h("p", { class: "actions" }, [h("a", { class: "btn", href: "#/desk", text: t("navDesk") }),
          h("a", { class: "btn ghost", href: "#/desk/officials", text: t("navOfficials") })])]));
    }
    DM.fill(s, kids);
    if (DM.session.is("facilitators") || DM.session.is("vendors")) {
      load(MAKER_FILES).then(function () { if (ctx.live()) DM.portal.makerHome(ctx); }, function (err) { DM.add(s, DM.errorBox(err)); });
    } else if (!DM.session.is("admins")) DM.add(s, h("p", { class: "notice", text: t("noRole") }));
    ctx.ready();
  };
  views.notfound = function (ctx) {
    ctx.title(t("notFound"));
    DM.fill(ctx.section, [h("h1", { text: t("notFound") }), h("p", null, h("a", { href: "#/", text: t("navHome") }))]);
    ctx.ready();
  };

  DM.chrome(function () { render(false); });
  window.addEventListener("hashchange", function () { window.scrollTo(0, 0); render(true); });
  window.addEventListener("dm:signedout", function (e) {
    managed = null;
    DM.portal.notice = e.detail === "expired" || e.detail === "disabled" ? e.detail : "signedOut";
    go("#/signin");
  });
  window.addEventListener("dm:acting", function () { render(false); });

  DM.portal.views = views;
  DM.portal.go = go;
  // Deferred scripts (signin.js after this one) have all run when DOMContentLoaded fires.
  document.addEventListener("DOMContentLoaded", function () { DM.localize(); render(false); });
})(window.DM);
