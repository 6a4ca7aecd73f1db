// The storefront's shell: router (real pages and #/ views), language switch, cart count,
// offline banner, service worker.
(function (DM) {
  "use strict";
  var h = DM.h, t = DM.t;
  var main = document.getElementById("main");
  var LAZY = { checkout: "/js/checkout.js", order: "/js/order.js" };
  var seq = 0, current = null;
  // A pre-rendered page (chalicelib/pages) brings its content and a little data; it is shown
  // as it came, and again when the shopper comes back from a #/ view (cart, search…).
  var pre = main.querySelector("[data-page]"), preData = null, preTitle = document.title, hydrated = false;
  try { preData = JSON.parse(document.getElementById("dm-page").textContent); } catch (e) { pre = null; }
  // the address says the language (a #/ view keeps the shopper's own choice)
  if (pre && preData && preData.lang && !/^#\/./.test(location.hash)) DM.setLang(preData.lang);

  function isPre(r) {
    return r.page && pre && preData && preData.kind === r.name && (preData.id || "") === (r.id || "");
  }
  function showPre(r, focus) {
    if (preData.lang !== DM.lang) { location.replace(DM.pagePath(r.name, r.id)); return; }
    if (main.firstChild !== pre || main.childNodes.length !== 1) DM.fill(main, pre);
    document.title = preTitle;
    syncSearch(r);
    if (!hydrated) {
      hydrated = true;
      (DM.hydrate[r.name] || function () {})(pre, preData);
    }
    var h1 = pre.querySelector("h1");
    if (focus && h1) { try { h1.focus({ preventScroll: true }); } catch (e) { h1.focus(); } }
  }

  // Checkout and order pages load their code (and Stripe.js) only when opened (DM.need).

  function render(focus) {
    if (current) current.forEach(function (fn) { try { fn(); } catch (e) { /* a view's cleanup */ } });
    current = null;
    var legacy = DM.legacyPath(location.hash);
    if (legacy) { location.replace(legacy); return; }
    var r = DM.route();
    if (isPre(r)) { ++seq; showPre(r, focus); return; }
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
    DM.localize();
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

  // On a real page the other language is another page; a #/ view changes in place.
  DM.chrome(function () {
    var r = DM.route();
    if (r.page && r.name !== "notfound") location.href = DM.pagePath(r.name, r.id);
    else render(false);
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
  var foot = document.querySelector("footer.foot");
  if (foot) foot.appendChild(DM.shipTo("ship-foot"));
  // a buyer abroad: prices in their currency, the product's export status (js/abroad.js)
  if (DM.country() !== "IN") DM.abroad().catch(function () { /* the shop works in rupees */ });
  DM.ready = true;     // js/boot.js stops holding taps (a kept one is done by js/pages.js)
  render(false);

  if ("serviceWorker" in navigator) {
    // After the first screen: installing caches the whole shell, which must not compete
    // with the first visit's pictures on a slow link.
    window.addEventListener("load", function () {
      setTimeout(function () {
        navigator.serviceWorker.register("/sw.js").catch(function () { /* the site works without it */ });
      }, 3000);
    });
  }
})(window.DM);
