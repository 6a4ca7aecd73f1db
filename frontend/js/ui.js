// DOM building blocks. Data only ever reaches the page through textContent and attributes:
// no HTML string is parsed anywhere, so a product named "<img onerror=…>" stays text.
(function (DM) {
  "use strict";
  var t = DM.t;
  var BOOL = { hidden: 1, disabled: 1, checked: 1, required: 1, selected: 1, open: 1, multiple: 1 };

  function h(tag, props, kids) {
    var e = document.createElement(tag);
    Object.keys(props || {}).forEach(function (k) {
      var v = props[k];
      if (v == null || v === false) return;
      if (k === "class") e.className = v;
      else if (k === "text") e.textContent = v;
      else if (k === "testid") e.setAttribute("data-testid", v);
      else if (k.slice(0, 2) === "on" && typeof v === "function") e.addEventListener(k.slice(2), v);
      else if (BOOL[k]) e[k] = true;
      else if (k === "value") e.value = v;
      else e.setAttribute(k, v === true ? "" : String(v));
    });
    add(e, kids);
    return e;
  }
  function add(e, kids) {
    (Array.isArray(kids) ? kids : kids == null ? [] : [kids]).forEach(function (c) {
      if (c == null || c === false) return;
      e.appendChild(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
    });
    return e;
  }
  function clear(e) { while (e.firstChild) e.removeChild(e.firstChild); return e; }
  DM.h = h;
  DM.add = add;
  DM.clear = clear;
  DM.fill = function (e, kids) { return add(clear(e), kids); };

  // Images: width/height always set (no layout shift); renditions as srcset; those not
  // needed yet wait (without src, hidden by CSS) for an IntersectionObserver, so a slow link
  // carries the first screen first.
  var io = "IntersectionObserver" in window ? new IntersectionObserver(function (entries) {
    entries.filter(function (en) { return en.isIntersecting; }).map(function (en) { return en.target; })
      .sort(function (a, b) { return (a.dataset.prio || 1) - (b.dataset.prio || 1); })
      .forEach(function (img) { io.unobserve(img); reveal(img); });
  }, { rootMargin: "240px 0px" }) : null;
  // A few downloads at a time (one on 2G/3G), product photos before category tiles: on a thin
  // link the first row of pictures arrives first instead of every picture arriving late together.
  var conn = navigator.connection || {};
  var MAX = /(^|-)(2g|3g)$/.test(conn.effectiveType || "") || conn.saveData ? 1 : 4;
  var active = 0, queue = [];
  function reveal(img) {
    if (active >= MAX) {
      var at = queue.length;
      while (at > 0 && (queue[at - 1].dataset.prio || 1) > (img.dataset.prio || 1)) at--;
      queue.splice(at, 0, img);
      return;
    }
    if (!img.isConnected && img.isConnected !== undefined) return next();
    track(img);
    if (img.dataset.sizes) img.sizes = img.dataset.sizes;
    if (img.dataset.srcset) img.srcset = img.dataset.srcset;
    img.src = img.dataset.src;
  }
  function next() { var n = queue.shift(); if (n) reveal(n); }
  // Counts a picture as downloading until it has loaded or failed.
  function track(img) {
    active++;
    var done = function () {
      img.removeEventListener("load", done); img.removeEventListener("error", done);
      active--; next();
    };
    img.addEventListener("load", done);
    img.addEventListener("error", done);
  }
  // opt.decorative: the picture sits in a link that already names what it shows (a card, a
  // tile), so its alt text is empty rather than the same name again.
  DM.pic = function (image, opt) {
    opt = opt || {};
    if (!image || !image.url) {
      return h("span", opt.decorative ? { class: "noimg " + (opt.cls || ""), "aria-hidden": "true" } :
        { class: "noimg " + (opt.cls || ""), role: "img", "aria-label": opt.alt || "" });
    }
    var r = (image.renditions || []).filter(function (x) { return x && x.url && x.width; });
    var img = h("img", { class: opt.cls, alt: opt.decorative ? "" : DM.tx(image.alt) || opt.alt || "",
      width: image.width || 800, height: image.height || 800, decoding: "async" });
    var srcset = r.map(function (x) { return x.url + " " + x.width + "w"; }).join(", ");
    if (opt.eager) {
      // First-screen pictures load at once, and the lazy queue waits for them.
      img.loading = "eager";
      if (opt.high) img.setAttribute("fetchpriority", "high");
      if (srcset) { img.sizes = opt.sizes || "100vw"; img.srcset = srcset; }
      track(img);
      img.src = image.url;
      return img;
    }
    img.loading = "lazy";
    img.dataset.src = image.url;
    if (opt.prio) img.dataset.prio = opt.prio;
    if (srcset) { img.dataset.srcset = srcset; img.dataset.sizes = opt.sizes || "100vw"; }
    if (io) io.observe(img); else reveal(img);
    return img;
  };


  function pct(price, mrp) { return mrp > price ? Math.round((mrp - price) * 100 / mrp) : 0; }
  DM.priceLine = function (price, mrp, cls) {
    var off = pct(price, mrp);
    return h("p", { class: cls || "price" }, [
      h("strong", { text: DM.money(price) }),
      off ? h("s", { class: "mrp" }, [h("span", { class: "vh", text: t("mrp") + " " }), DM.money(mrp)]) : null,
      off ? h("span", { class: "off", text: t("off", { n: off }) }) : null
    ]);
  };
  DM.badge = function (key, cls, title) {
    return h("span", { class: "badge " + cls, text: t(key), title: title ? t(title) : null });
  };

  // "★ 4.0 (12)" for a product's or maker's rating ({average, count}); nothing without one.
  // documents.stars draws the same on the server.
  DM.stars = function (r, cls) {
    if (!r || !r.count) return null;
    var avg = Number(r.average).toFixed(1);
    return h("p", { class: "stars " + (cls || ""), testid: "rating" }, [
      h("span", { "aria-hidden": "true", text: "★ " + avg + " (" + r.count + ")" }),
      h("span", { class: "vh", text: t(r.count === 1 ? "rated1" : "rated", { avg: avg, n: r.count }) })]);
  };

  // A product card; `first` marks the cards of the first screen, whose pictures load at once
  // (and all together) instead of waiting their turn behind the lazy-loading queue. On the
  // maker's own page (`ownPage`) the cards do not repeat the maker's name.
  DM.card = function (p, first, ownPage) {
    var v = p.vendor || {};
    var link = h("a", { class: "card-link", href: DM.pagePath("product", p.id) }, [
      h("span", { class: "card-ph" }, [DM.pic(p.image, { cls: "card-img", sizes: DM.GRID_SIZES, decorative: true,
        eager: !!first, high: !!first }),
        p.in_stock === false ? h("span", { class: "ribbon", text: t("soldOut") }) : null]),
      h("span", { class: "card-name", text: DM.tx(p.name) })
    ]);
    var badges = [p.gi_tag ? DM.badge("gi", "b-gi", "giNote") : null,
      v.is_shg ? DM.badge("shg", "b-shg") : null, p.perishable ? DM.badge("fresh", "b-fresh") : null]
      .filter(Boolean);
    return h("li", { class: "card", testid: "product-card" }, [
      link,
      DM.priceLine(p.price_from_paise, p.mrp_paise),
      DM.stars(p.rating),
      v.id && !ownPage ? h("p", { class: "by" }, DM.tParts("by", {
        name: h("a", { href: DM.pagePath("maker", v.id), text: DM.tx(v.name) }) })) : null,
      badges.length ? h("p", { class: "badges" }, badges) : null
    ]);
  };
  // Cards for a list of products; the first `eager` of them are on the first screen.
  DM.cards = function (items, eager, ownPage) {
    return (items || []).map(function (p, i) { return DM.card(p, i < (eager || 0), ownPage); });
  };
  // An error with a retry button (or none when retrying cannot help).
  DM.errorBox = function (err, retry) {
    return h("div", { class: "notice err", role: "alert" }, [
      h("p", { text: DM.errorText(err) }),
      retry ? h("button", { type: "button", class: "btn ghost", text: t("retry"), onclick: retry }) : null
    ]);
  };
  DM.announce = function (msg) {
    var live = document.getElementById("live");
    if (!live) return;
    live.textContent = "";
    setTimeout(function () { live.textContent = msg; }, 50);
  };
  DM.field = function (id, label, input, hint) {
    input.id = id;
    var kids = [h("label", { for: id, text: label })];
    if (hint) {
      input.setAttribute("aria-describedby", id + "-hint");
      kids.push(h("span", { class: "hint", id: id + "-hint", text: hint }));
    }
    kids.push(input);
    kids.push(h("span", { class: "field-err", id: id + "-err", hidden: true }));
    return h("div", { class: "field" }, kids);
  };
  DM.fieldError = function (input, msg) {
    var box = document.getElementById(input.id + "-err");
    var desc = (input.getAttribute("aria-describedby") || "").split(" ")
      .filter(function (x) { return x && x !== input.id + "-err"; });
    if (msg) {
      input.setAttribute("aria-invalid", "true");
      desc.push(input.id + "-err");
    } else input.removeAttribute("aria-invalid");
    if (desc.length) input.setAttribute("aria-describedby", desc.join(" "));
    else input.removeAttribute("aria-describedby");
    if (box) { box.textContent = msg || ""; box.hidden = !msg; }
  };
  // The page's static texts (data-i18n, data-i18n-ph, data-i18n-label attributes) and the
  // language button, in the current language: the shop's index.html and the portal's page.
  DM.localize = function () {
    document.documentElement.lang = DM.lang;
    Array.prototype.forEach.call(document.querySelectorAll("[data-i18n]"), function (n) { n.textContent = t(n.getAttribute("data-i18n")); });
    Array.prototype.forEach.call(document.querySelectorAll("[data-i18n-ph]"), function (n) { n.placeholder = t(n.getAttribute("data-i18n-ph")); });
    Array.prototype.forEach.call(document.querySelectorAll("[data-i18n-label]"), function (n) { n.setAttribute("aria-label", t(n.getAttribute("data-i18n-label"))); });
    var other = DM.lang === "hi" ? "en" : "hi";
    DM.fill(document.getElementById("lang"), [h("span", { class: "vh", text: t("changeLang") + " " }),
      h("span", { lang: other, text: t("otherLang") })]);
  };
  // The language button (the choice is kept; `changed` redraws the page) and the skip link.
  DM.chrome = function (changed) {
    document.getElementById("lang").addEventListener("click", function () {
      DM.setLang(DM.lang === "hi" ? "en" : "hi");
      DM.store.set("dm.langChosen", true);     // a buyer abroad is no longer moved to English
      DM.localize();
      changed();
    });
    document.getElementById("skip").addEventListener("click", function (e) {
      e.preventDefault();
      var main = document.getElementById("main");
      var h1 = main.querySelector("h1") || main;
      if (!h1.hasAttribute("tabindex")) h1.setAttribute("tabindex", "-1");
      h1.focus();
    });
  };
  // Breadcrumbs: [[label, href], ..., [label]]
  DM.crumbs = function (items) {
    return h("nav", { class: "crumbs", "aria-label": t("crumbs") }, [h("ol", null, items.map(function (it) {
      return h("li", null, it[1] ? h("a", { href: it[1], text: it[0] }) : h("span", { "aria-current": "page", text: it[0] }));
    }))]);
  };
})(window.DM);
