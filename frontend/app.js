// The storefront's shell: hash router, language switch, cart count, offline banner, service worker.
(function (DM) {
  "use strict";
  var h = DM.h, t = DM.t;
  var main = document.getElementById("main");
  var LAZY = { checkout: "js/checkout.js", order: "js/order.js" };
  var scripts = {};
  var seq = 0, current = null;

  // Checkout and order pages load their code (and Stripe.js) only when opened.
  DM.need = function (src) {
    if (!scripts[src]) {
      scripts[src] = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = src;
        s.onload = resolve;
        s.onerror = function () { delete scripts[src]; s.remove(); reject(new DM.ApiError(0, null)); };
        document.head.appendChild(s);
      });
    }
    return scripts[src];
  };

  function render(focus) {
    if (current) current.forEach(function (fn) { try { fn(); } catch (e) { /* a view's cleanup */ } });
    var r = DM.parseRoute(location.hash);
    var my = ++seq, cleanups = [], focused = false;
    current = cleanups;
    var section = h("div", { class: "view view-" + r.name });
    var ctx = {
      route: r, section: section,
      live: function () { return my === seq; },
      onLeave: function (fn) { cleanups.push(fn); },
      listen: function (name, fn) {
        window.addEventListener(name, fn);
        cleanups.push(function () { window.removeEventListener(name, fn); });
      },
      title: function (s) { document.title = s ? s + " — " + t("brand") : t("brand") + " — " + t("homeTitle"); },
      ready: function () {
        if (!focus || focused || my !== seq) return;
        focused = true;
        var h1 = section.querySelector("h1");
        if (h1) { try { h1.focus({ preventScroll: true }); } catch (e) { h1.focus(); } }
      },
      rerender: function () { render(false); }
    };
    DM.fill(main, section);
    syncSearch(r);
    var run = function () { (DM.views[r.name] || DM.views.notfound)(ctx); };
    if (LAZY[r.name] && !DM.views[r.name]) {
      DM.fill(section, h("p", { class: "muted", text: t("loading") }));
      DM.need(LAZY[r.name]).then(function () {
        if (ctx.live()) { DM.clear(section); run(); }
      }, function (err) {
        if (ctx.live()) DM.fill(section, [h("h1", { tabindex: "-1", text: DM.failTitle(err) }), DM.errorBox(err, function () { render(true); })]);
      });
    } else run();
  }
  DM.render = render;

  function syncSearch(r) {
    var q = document.getElementById("q");
    if (q && document.activeElement !== q) q.value = r.name === "search" ? (r.query.q || "") : "";
  }

  // Texts of the static shell (index.html) in the current language.
  function shell() {
    document.documentElement.lang = DM.lang;
    Array.prototype.forEach.call(document.querySelectorAll("[data-i18n]"), function (n) { n.textContent = t(n.getAttribute("data-i18n")); });
    Array.prototype.forEach.call(document.querySelectorAll("[data-i18n-ph]"), function (n) { n.placeholder = t(n.getAttribute("data-i18n-ph")); });
    Array.prototype.forEach.call(document.querySelectorAll("[data-i18n-label]"), function (n) { n.setAttribute("aria-label", t(n.getAttribute("data-i18n-label"))); });
    var other = DM.lang === "hi" ? "en" : "hi";
    DM.fill(document.getElementById("lang"), [h("span", { class: "vh", text: t("changeLang") + " " }),
      h("span", { lang: other, text: t("otherLang") })]);
    count();
  }
  function count() {
    var n = DM.cart.count();
    var c = document.getElementById("count");
    c.textContent = String(n);
    c.className = n ? "count" : "count zero";
  }

  var stale = false;
  function banner() {
    var off = stale || navigator.onLine === false;
    document.getElementById("offline").hidden = !off;
    document.body.classList.toggle("is-offline", off);
  }

  document.getElementById("lang").addEventListener("click", function () {
    DM.setLang(DM.lang === "hi" ? "en" : "hi");
    shell();
    render(false);
  });
  document.getElementById("search-form").addEventListener("submit", function (e) {
    e.preventDefault();
    var q = document.getElementById("q");
    var v = q.value.trim();
    if (!v) { q.focus(); return; }
    var target = "#/search?q=" + encodeURIComponent(v);
    q.blur();
    if (location.hash === target) render(true); else location.hash = target;
  });
  document.getElementById("skip").addEventListener("click", function (e) {
    e.preventDefault();
    var h1 = main.querySelector("h1") || main;
    if (!h1.hasAttribute("tabindex")) h1.setAttribute("tabindex", "-1");
    h1.focus();
  });
  window.addEventListener("hashchange", function () {
    window.scrollTo(0, 0);
    render(true);
  });
  window.addEventListener("dm:cart", count);
  window.addEventListener("storage", function (e) { if (e.key === "dm.cart") DM.emit("dm:cart"); });
  window.addEventListener("dm:stale", function () { stale = true; banner(); });
  window.addEventListener("dm:fresh", function () { if (stale) { stale = false; banner(); } });
  window.addEventListener("offline", banner);
  window.addEventListener("online", function () {
    stale = false;
    banner();
    if (main.querySelector(".err")) render(false);  // what failed offline may load now
  });

  shell();
  banner();
  render(false);

  if ("serviceWorker" in navigator) {
    // After the first screen: installing caches the whole shell, which must not compete
    // with the first visit's pictures on a slow link.
    window.addEventListener("load", function () {
      setTimeout(function () {
        navigator.serviceWorker.register("sw.js").catch(function () { /* the site works without it */ });
      }, 3000);
    });
  }
})(window.DM);
