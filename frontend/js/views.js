// Catalog pages: home, category and search listings, the maker's page.
(function (DM) {
  "use strict";
  var h = DM.h, t = DM.t;
  var V = DM.views = DM.views || {};

  function grid(items) { return h("ul", { class: "grid" }, items); }
  var FIRST = DM.FIRST_SCREEN;
  function catLink(c, i) {
    var first = i < FIRST.home.tiles;
    return h("li", null, h("a", { class: "cat", href: DM.pagePath("category", c.slug) }, [
      h("span", { class: "cat-ph" }, DM.pic(c.image, { cls: "cat-img", sizes: DM.TILE_SIZES, decorative: true,
        prio: 2, eager: first, high: first })),
      h("span", { class: "cat-name", text: DM.tx(c.name) })
    ]));
  }
  // Runs a request and shows its error (with a retry) in place.
  function load(ctx, box, fetcher, done, fail) {
    fetcher().then(function (d) { if (ctx.live()) done(d); }, function (err) {
      if (!ctx.live()) return;
      var again = err.status === 0 || err.status >= 500 ? function () { load(ctx, box, fetcher, done, fail); } : null;
      var note = DM.errorBox(err, again);
      DM.fill(box, /^(UL|OL)$/.test(box.tagName) ? h("li", { class: "empty" }, note) : note);
      if (fail) fail(err);
    });
  }
  DM.load = load;

  V.home = function (ctx) {
    var s = ctx.section;
    var wait = h("p", { class: "muted", text: t("loading") });
    DM.add(s, [
      h("div", { class: "hero" }, [h("h1", { tabindex: "-1", text: t("homeTitle") }), h("p", { text: t("homeLead") }),
        h("ul", { class: "trust" }, ["trust1", "trust2", "trust3"].map(function (k) { return h("li", { text: t(k) }); }))]),
      wait]);
    ctx.title(null);
    ctx.ready();
    // Both lists arrive (prefetched) before either is shown: nothing on screen moves twice.
    settle([DM.api.get("/categories"), DM.api.get(DM.HOME_PATHS[1])]).then(function (r) {
      if (!ctx.live()) return;
      s.replaceChild(h("div", null, [
        h("section", { class: "block", "aria-labelledby": "h-cats" }, [h("h2", { id: "h-cats", text: t("shopByCraft") }),
          r[0].err ? oops(r[0].err, ctx) : h("ul", { class: "cats" }, (r[0].d.items || []).map(catLink))]),
        h("section", { class: "block", "aria-labelledby": "h-new" }, [
          h("div", { class: "block-head" }, [h("h2", { id: "h-new", text: t("newArrivals") }), h("a", { href: "#/search?sort=newest", text: t("seeAll") })]),
          r[1].err ? oops(r[1].err, ctx) : grid(DM.cards(r[1].d.items, FIRST.home.cards))])
      ]), wait);
    });
  };

  function settle(promises) {
    return Promise.all(promises.map(function (p) {
      return p.then(function (d) { return { d: d }; }, function (err) { return { err: err }; });
    }));
  }
  function oops(err, ctx) {
    return DM.errorBox(err, err.status === 0 || err.status >= 500 ? ctx.rerender : null);
  }

  function hashFor(f) {
    var q = [];
    var base = f.category && !f.q ? "#/c/" + encodeURIComponent(f.category) : "#/search";
    if (f.q) q.push("q=" + encodeURIComponent(f.q));
    if (f.category && f.q) q.push("category=" + encodeURIComponent(f.category));
    ["sort", "min", "max"].forEach(function (k) { if (f[k] !== "" && f[k] != null) q.push(k + "=" + encodeURIComponent(f[k])); });
    return base + (q.length ? "?" + q.join("&") : "");
  }

  // The sort and filter form of a listing (also on a pre-rendered category page, js/pages.js):
  // choosing changes the page address (#/c/…?sort=… or #/search?…), which draws the list.
  DM.filterForm = function (f, cats) {
    var catSel = h("select", { name: "category" }, [h("option", { value: "", text: t("allCategories") })].concat(cats.map(function (c) {
      return h("option", { value: c.slug, text: DM.tx(c.name), selected: c.slug === f.category });
    })));
    var min = h("input", { type: "number", name: "min", inputmode: "numeric", min: "0", step: "1", value: f.min });
    var max = h("input", { type: "number", name: "max", inputmode: "numeric", min: "0", step: "1", value: f.max });
    var sorts = (f.q ? ["relevance"] : []).concat(["newest", "price_asc", "price_desc"]);
    var sortSel = h("select", { name: "sort", onchange: function () { apply(); } }, sorts.map(function (k) {
      return h("option", { value: k, text: t("sort_" + k), selected: (f.sort || (f.q ? "relevance" : "newest")) === k });
    }));
    var formErr = h("p", { class: "field-err", role: "alert", hidden: true });
    var here = f.q ? "#/search?q=" + encodeURIComponent(f.q) : f.category ? "#/c/" + encodeURIComponent(f.category) : "#/search";
    var form = h("form", { class: "filters", novalidate: true, onsubmit: function (e) { e.preventDefault(); apply(); } }, [
      DM.field("f-sort", t("sort"), sortSel),
      h("details", { open: !!(f.min || f.max || (f.q && f.category)) }, [h("summary", { text: t("filters") }),
        h("div", { class: "filter-body" }, [DM.field("f-cat", t("category"), catSel),
          h("div", { class: "row2" }, [DM.field("f-min", t("minPrice"), min), DM.field("f-max", t("maxPrice"), max)]),
          formErr,
          h("div", { class: "row" }, [h("button", { type: "submit", class: "btn", text: t("apply") }),
            h("a", { class: "btn ghost", href: here, text: t("clear") })])])])
    ]);
    function apply() {
      var lo = min.value.trim(), hi = max.value.trim();
      if ((lo && !(Number(lo) >= 0)) || (hi && !(Number(hi) >= 0)) || (lo && hi && Number(lo) > Number(hi))) {
        formErr.textContent = t("e_invalid_price_range"); formErr.hidden = false;
        return;
      }
      var sort = sortSel.value;
      location.hash = hashFor({ q: f.q, category: catSel.value, min: lo, max: hi,
        sort: sort === (f.q ? "relevance" : "newest") ? "" : sort });
    }
    return form;
  };

  // Category and search results: one view, filters in the page address.
  function listing(ctx) {
    var s = ctx.section, f = DM.filtersOf(ctx.route);
    var wait = h("p", { class: "muted", text: t("loading") });
    s.appendChild(wait);
    var tooShort = f.q && f.q.length < 2;
    settle([DM.api.get("/categories"), tooShort ? Promise.resolve({ items: [] }) : DM.api.get(DM.productsPath(f))]).then(function (r) {
      if (!ctx.live()) return;
      var cats = r[0].d ? r[0].d.items || [] : [];
      var cat = cats.filter(function (c) { return c.slug === f.category; })[0];
      var title = f.q ? t("resultsFor", { q: f.q }) : cat ? DM.tx(cat.name) : f.category || t("searchTitle");
      ctx.title(title);
      var form = DM.filterForm(f, cats);
      var items = grid([]);
      var status = h("p", { class: "muted shown", "aria-live": "polite" });
      var moreBox = h("div", { class: "more" });
      var shown = 0;
      function show(d, first) {
        var cards = DM.cards(d.items, first ? FIRST[ctx.route.name].cards : 0);
        DM.add(items, cards);
        shown += cards.length;
        status.textContent = tooShort ? t("e_query_too_short") : shown ? t("shown", { n: shown }) : "";
        if (!shown && !tooShort) items.appendChild(h("li", { class: "empty" }, h("p", { text: t("noResults") })));
        DM.fill(moreBox, d.next_cursor ? h("button", { type: "button", class: "btn ghost wide", text: t("more"), onclick: function (e) {
          e.target.disabled = true; e.target.textContent = t("loading");
          load(ctx, moreBox, function () { return DM.api.get(DM.productsPath(f, d.next_cursor)); }, function (n) { show(n, false); });
        } }) : null);
        if (!first && cards[0]) cards[0].querySelector("a").focus();
      }
      s.replaceChild(h("div", null, [
        DM.crumbs([[t("home"), DM.pagePath("home")], [f.q ? t("searchBtn") : title]]),
        h("h1", { tabindex: "-1", text: title }),
        cat && !f.q ? h("p", { class: "lead", text: DM.tx(cat.description) }) : null,
        form, status, items, moreBox]), wait);
      if (r[1].err) DM.fill(items, h("li", { class: "empty" }, oops(r[1].err, ctx)));
      else show(r[1].d, true);
      ctx.ready();
    });
  }
  V.category = listing;
  V.search = listing;

  V.maker = function (ctx) {
    var s = ctx.section;
    var h1 = h("h1", { tabindex: "-1", text: t("loading") });
    var body = h("div");
    DM.add(s, [h1, body]);
    load(ctx, body, function () { return DM.api.get(DM.vendorPath(ctx.route.id)); }, function (v) {
      var name = DM.tx(v.name);
      h1.textContent = name;
      ctx.title(name);
      var items = grid(DM.cards(v.products, 0, true));
      var more = h("div", { class: "more" });
      function next(cursor) {
        DM.fill(more, cursor ? h("button", { type: "button", class: "btn ghost wide", text: t("more"), onclick: function () {
          DM.fill(more, h("p", { class: "muted", text: t("loading") }));
          DM.api.get(DM.vendorPath(v.id, cursor)).then(function (d) {
            var cards = DM.cards(d.products, 0, true);
            DM.add(items, cards);
            if (cards[0]) cards[0].querySelector("a").focus();
            next(d.next_cursor);
          }, function (err) { DM.fill(more, DM.errorBox(err, function () { next(cursor); })); });
        } }) : null);
      }
      next(v.next_cursor);
      DM.fill(body, [
        h("p", { class: "maker-craft", text: DM.tx(v.craft) }),
        h("p", { class: "badges" }, [v.is_shg ? DM.badge("shgBadge", "b-shg") : null,
          v.since_year ? h("span", { class: "badge b-plain", text: t("since", { y: v.since_year }) }) : null]),
        DM.stars(v.rating),
        h("p", { class: "place", text: t("place", { village: DM.tx(v.village), block: DM.block(v.block) }) }),
        h("p", { class: "story", text: DM.tx(v.story) }),
        h("h2", { text: t("makerProducts", { name: name }) }), items, more
      ]);
      ctx.ready();
    }, function (err) {
      h1.textContent = DM.failTitle(err);
      ctx.ready();
    });
  };

  V.notfound = function (ctx) {
    DM.add(ctx.section, [h("h1", { tabindex: "-1", text: t("notFound") }), h("p", { text: t("notFoundText") }),
      h("a", { class: "btn", href: DM.pagePath("home"), text: t("home") })]);
    ctx.title(t("notFound"));
    ctx.ready();
  };
})(window.DM);
