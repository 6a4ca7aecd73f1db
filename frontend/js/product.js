// The product page: gallery, variants, add to cart, delivery estimate, the maker.
(function (DM) {
  "use strict";
  var h = DM.h, t = DM.t;
  var SIZES = DM.PDP_SIZES;

  function gallery(p) {
    var imgs = p.images || [];
    var name = DM.tx(p.name);
    if (!imgs.length) return h("div", { class: "gallery" }, h("span", { class: "noimg big", role: "img", "aria-label": name }));
    var list = h("ul", { class: "slides" }, imgs.map(function (im, i) {
      return h("li", { class: "slide" }, DM.pic(im, { cls: "slide-img", sizes: SIZES, eager: i === 0, high: i === 0,
        alt: name + (imgs.length > 1 ? " — " + t("photoN", { n: i + 1, m: imgs.length }) : "") }));
    }));
    var box = h("div", { class: "gallery" }, list);
    if (imgs.length > 1) {
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", t("photos"));
      box.tabIndex = 0;  // scrollable with the keyboard
    }
    return h("div", { class: "gal-wrap" }, [box, imgs.length > 1 ? h("p", { class: "muted small", text: t("swipe", { n: imgs.length }) }) : null]);
  }

  // As documents.reviews_section draws it on the server.
  function reviewsBox(p) {
    var r = p.rating, some = r && r.count;
    return h("section", { class: "panel reviews", "aria-labelledby": "rv-h", testid: "reviews",
      "data-reviews": some ? "/products/" + encodeURIComponent(p.id) + "/reviews" : null }, [
      h("h2", { id: "rv-h", text: t("reviewsTitle") }),
      some ? DM.stars(r, "big") : h("p", { class: "muted", text: t("noReviews") }),
      some ? h("div", { class: "rv-list", "aria-live": "polite" }) : null,
      some ? h("button", { type: "button", class: "btn ghost", testid: "show-reviews", text: t("showReviews") }) : null]);
  }

  DM.views.product = function (ctx) {
    var s = ctx.section;
    var h1 = h("h1", { tabindex: "-1" });
    var body = h("div", { class: "pdp" }, [h("p", { class: "muted", text: t("loading") })]);
    s.appendChild(body);
    DM.load(ctx, body, function () { return DM.api.get("/products/" + encodeURIComponent(ctx.route.id)); }, render, function (err) {
      body.insertBefore(h1, body.firstChild);
      h1.textContent = DM.failTitle(err);
      ctx.ready();
    });

    function render(p) {
      var name = DM.tx(p.name), v = p.vendor || {};
      var variants = p.variants || [];
      var chosen = variants.filter(function (x) { return x.in_stock; })[0] || variants[0];
      h1.textContent = name;
      ctx.title(name);
      var crumbCat = [t("category"), DM.pagePath("category", p.category)];
      var crumbs = DM.crumbs([[t("home"), DM.pagePath("home")], crumbCat]);
      DM.api.get("/categories").then(function (d) {
        (d.items || []).forEach(function (c) {
          if (c.slug === p.category) crumbs.querySelector("li:nth-child(2) a").textContent = DM.tx(c.name);
        });
      }, function () {});

      var price = h("div", { class: "pdp-price" });
      var addMsg = h("div", { class: "add-msg", "aria-live": "polite" });
      var addBtn = h("button", { type: "button", class: "btn big", testid: "add-to-cart", text: t("addToCart") });
      var picker = h("fieldset", { class: "variants" }, [h("legend", { text: t("chooseVariant") })].concat(variants.map(function (x) {
        return h("label", { class: "opt" }, [
          h("input", { type: "radio", name: "variant", value: x.id, testid: "variant-option", checked: x === chosen }),
          h("span", { class: "opt-label", text: DM.tx(x.label) }),
          h("span", { class: "opt-price" }), h("span", { class: "opt-stock" })
        ]);
      })));
      var weight = h("dd");
      var facts = [[t("weight"), weight]];
      if (p.perishable && p.shelf_life_days) facts.unshift([t("shelfLife"), t("days", { n: p.shelf_life_days })]);
      facts.push([t("gst"), t("gstVal", { n: (p.gst_rate_bp / 100).toLocaleString("en-IN") })]);
      var pinSlot = h("div");
      var makerLink = h("a", { href: DM.pagePath("maker", v.id), text: DM.tx(v.name) });
      var place = t("place", { village: DM.tx(v.village), block: DM.block(v.block) });

      DM.fill(body, [
        crumbs,
        h("div", { class: "pdp-top" }, [
          gallery(p),
          h("div", { class: "pdp-info" }, [
            h1,
            h("p", { class: "badges" }, [p.gi_tag ? DM.badge("gi", "b-gi", "giNote") : null, v.is_shg ? DM.badge("shg", "b-shg") : null,
              p.perishable ? DM.badge("fresh", "b-fresh") : null]),
            h("p", { class: "by" }, DM.tParts("by", { name: makerLink })),
            h("p", { class: "muted small", text: place }),
            price, DM.stars(p.rating), picker, addBtn, addMsg,
            h("section", { class: "panel", "aria-labelledby": "dl-h" }, [h("h2", { id: "dl-h", text: t("delivery") }), pinSlot])
          ])
        ]),
        h("section", { class: "pdp-about", "aria-labelledby": "ab-h" }, [
          h("h2", { id: "ab-h", text: t("about") }),
          h("p", { class: "story", text: DM.tx(p.description) }),
          p.gi_tag ? h("p", { class: "gi-note" }, [DM.badge("gi", "b-gi"), " " + t("giNote")]) : null,
          h("h3", { text: t("details") }),
          h("dl", { class: "facts" }, facts.map(function (f) {
            return h("div", null, [h("dt", { text: f[0] }), typeof f[1] === "string" ? h("dd", { text: f[1] }) : f[1]]);
          }))
        ]),
        reviewsBox(p),
        h("section", { class: "panel maker-box", "aria-labelledby": "mk-h" }, [
          h("h2", { id: "mk-h", text: t("maker") }),
          h("p", { class: "maker-name" }, [h("a", { href: DM.pagePath("maker", v.id), text: DM.tx(v.name) }),
            v.is_shg ? " " : null, v.is_shg ? DM.badge("shgBadge", "b-shg") : null]),
          v.craft ? h("p", { class: "maker-craft", text: DM.tx(v.craft) }) : null,
          h("p", { class: "place", text: place }),
          v.story ? h("p", { class: "story", text: DM.tx(v.story) }) : null,
          h("a", { class: "btn ghost", href: DM.pagePath("maker", v.id), text: t("moreFromMaker") })
        ])
      ]);
      DM.productControls(p, { picker: picker, price: price, addBtn: addBtn, addMsg: addMsg, weight: weight, pinSlot: pinSlot });
      DM.reviewsOnDemand(body);
      ctx.ready();
    }
  };

  function stockText(v) {
    if (!v.in_stock || v.stock <= 0) return [t("soldOut"), "out"];
    if (v.stock <= 5) return [t("onlyLeft", { n: v.stock }), "low"];
    return [t("inStock"), "ok"];
  }

  // The product page's live parts, on a page drawn here or pre-rendered (js/pages.js): the
  // variant choice, price, stock, "add to cart" and the delivery check. Returns update(p),
  // which shows fresher stock and prices in place.
  DM.productControls = function (p, el) {
    var variants = p.variants || [];
    var radios = Array.prototype.slice.call(el.picker.querySelectorAll("input[name=variant]"));
    var chosen = variants.filter(function (x) { return x.in_stock; })[0] || variants[0];
    radios.forEach(function (r) { if (r.checked) chosen = byId(r.value) || chosen; });
    // Abroad: whether it can be sent there (js/abroad.js) instead of a PIN code's estimate.
    var pin = DM.country() !== "IN" ? h("div", { class: "pin-wrap" }) : DM.pinBox({ id: "pdp-pin", full: false, items: function () {
      return [{ product_id: p.id, variant_id: chosen.id, quantity: 1 }];
    } });
    if (!pin.refresh) {
      pin.refresh = function () {};
      DM.abroad().then(function (ab) { ab.product(p, pin); }, function (err) { DM.fill(pin, DM.errorBox(err)); });
    }
    el.pinSlot.parentNode.replaceChild(pin, el.pinSlot);
    function byId(id) { return variants.filter(function (x) { return x.id === id; })[0]; }
    function paint() {
      radios.forEach(function (r) {
        var x = byId(r.value), label = r.parentNode;
        if (!x) return;
        r.checked = x === chosen;
        var st = stockText(x);
        var stock = label.querySelector(".opt-stock");
        stock.className = "opt-stock " + st[1];
        stock.textContent = st[0];
        DM.fill(label.querySelector(".opt-price"), [DM.money(x.price_paise), x.mrp_paise > x.price_paise ? h("s", { class: "mrp" },
          [h("span", { class: "vh", text: t("mrp") + " " }), DM.money(x.mrp_paise)]) : null]);
      });
    }
    function show(changed) {
      if (!chosen) { el.addBtn.disabled = true; return; }
      DM.fill(el.price, [DM.priceLine(chosen.price_paise, chosen.mrp_paise, "price big"), h("p", { class: "muted small", text: t("inclTax") })]);
      el.addBtn.disabled = !chosen.in_stock || chosen.stock <= 0;
      el.addBtn.textContent = el.addBtn.disabled ? t("soldOut") : t("addToCart");
      el.weight.textContent = t("grams", { n: chosen.weight_grams });
      if (changed) pin.refresh();
    }
    radios.forEach(function (r) {
      r.addEventListener("change", function () { chosen = byId(r.value) || chosen; show(true); });
    });
    el.addBtn.addEventListener("click", function () {
      var multi = variants.length > 1, name = DM.tx(p.name);
      var before = DM.cart.count();
      var q = DM.cart.add({ product_id: p.id, variant_id: chosen.id, quantity: 1, price_paise: chosen.price_paise,
        name: { en: p.name.en + (multi ? " — " + chosen.label.en : ""), hi: p.name.hi + (multi ? " — " + chosen.label.hi : "") },
        image: (p.images || [])[0] || null });
      var full = DM.cart.count() === before;
      var msg = full ? t("maxQty") : t("added", { name: name + (multi ? " — " + DM.tx(chosen.label) : "") + (q > 1 ? " × " + q : "") });
      DM.fill(el.addMsg, h("p", { class: full ? "field-err" : "ok" }, [msg + " ", h("a", { href: "#/cart", text: t("goToCart") })]));
      DM.announce(msg);
    });
    paint();
    show();
    return function update(fresh) {
      if (!fresh || !fresh.variants || fresh.variants.length !== variants.length) return;
      variants = p.variants = fresh.variants;
      chosen = byId(chosen.id) || variants[0];
      paint();
      show(false);
    };
  };
})(window.DM);
