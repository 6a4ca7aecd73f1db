// My products: every status, with the district office's reasons, and "send for review".
(function (DM) {
  "use strict";
  var h = DM.h, t = DM.t, P = DM.portal;
  var STATUSES = ["draft", "pending_review", "approved", "rejected", "archived"];

  // What the product will look like once its pending change is approved: the revision's
  // fields over the live ones (an approved product keeps selling as it is meanwhile).
  P.current = function (p) {
    var out = Object.assign({}, p);
    Object.keys(p.revision || {}).forEach(function (k) { out[k] = p.revision[k]; });
    out.images = (out.images || []).map(P.imageView);
    return out;
  };
  // A photo as the API lists it ({url, renditions[].url}) or as a revision stores it ({key}).
  P.imageView = function (im) {
    if (!im || im.url) return im;
    var base = String(DM.config.mediaBaseUrl || "").replace(/\/+$/, "");
    return { id: im.id, url: base + "/" + im.key, width: im.width, height: im.height, waiting: true,
      renditions: (im.renditions || []).map(function (r) { return { url: base + "/" + r.key, width: r.width, height: r.height }; }) };
  };
  P.statusLine = function (p) {
    return h("p", { class: "badges" }, [P.chip("ps_", p.status, "product-status"),
      p.revision_status === "pending_review" ? h("span", { class: "chip st-pending", text: t("revPending") }) : null,
      p.revision_status === "rejected" ? h("span", { class: "chip st-rejected", text: t("revRejected") }) : null]);
  };
  P.reason = function (p) {
    var show = p.review_reason && (p.status === "rejected" || p.revision_status === "rejected");
    return show ? h("p", { class: "reason", testid: "product-reason" }, [t("reasonIs"), h("span", { text: p.review_reason })]) : null;
  };
  P.canSubmit = function (p) {
    return p.status === "draft" || p.status === "rejected" || (p.status === "approved" && p.revision_status === "rejected");
  };
  // Send for review; `done(product)` gets the product as it now is.
  P.submitButton = function (p, msg, done) {
    var b = h("button", { type: "button", class: "btn", testid: "submit-product", text: t("submit") });
    b.addEventListener("click", function () {
      DM.form.busy(b, true);
      DM.session.post("/vendor/products/" + encodeURIComponent(p.id) + "/submit?version=" + p.version).then(function (saved) {
        DM.fill(msg, h("p", { class: "notice good", role: "status", text: t("submitted") }));
        done(saved);
      }, function (err) {
        DM.form.busy(b, false);
        DM.fill(msg, DM.errorBox(err));
      });
    });
    return b;
  };

  // A product on sale has its own page in the shop: open it, or send it on WhatsApp.
  function share(p, c) {
    var url = location.origin + (DM.lang === "en" ? "/en" : "") + "/p/" + encodeURIComponent(p.id);
    return h("p", { class: "small share-line" }, [
      h("a", { href: url, target: "_blank", rel: "noopener", testid: "product-page-link", text: t("viewInShop") }), " · ",
      h("a", { href: "https://wa.me/?text=" + encodeURIComponent(DM.tx(c.name) + " " + url), target: "_blank",
        rel: "noopener", testid: "share-product", text: t("shareProduct") })]);
  }

  function item(p) {
    var c = P.current(p), stock = 0;
    (c.variants || []).forEach(function (v) { stock += v.stock || 0; });
    var prices = (c.variants || []).map(function (v) { return v.price_paise; });
    var msg = h("div", { "aria-live": "polite" });
    var li = h("li", { class: "pitem", testid: "product-item", "data-id": p.id }, [
      DM.pic(c.images[0], { cls: "thumb", alt: DM.tx(c.name) }),
      h("div", { class: "pitem-body" }, [
        h("a", { href: "#/product/" + encodeURIComponent(p.id), text: DM.tx(c.name) }),
        P.statusLine(p),
        h("p", { class: "small" }, [prices.length ? DM.money(Math.min.apply(null, prices)) : "", " · ", t("stockTotal", { n: stock })]),
        P.reason(p),
        p.on_sale ? share(p, c) : null,
        p.image_rejections && p.image_rejections.length ? h("p", { class: "small reason", text: t("photoProblems", { n: p.image_rejections.length }) }) : null,
        P.canSubmit(p) ? P.submitButton(p, msg, function (saved) { DM.fill(li.querySelector(".badges"), P.statusLine(saved).childNodes); }) : null,
        msg
      ])
    ]);
    return li;
  }

  P.view("products", function (ctx) {
    if (P.needMaker(ctx)) return;
    var status = STATUSES.indexOf(ctx.route.query.status) >= 0 ? ctx.route.query.status : "";
    ctx.title(t("productsTitle"));
    var list = h("ul", { class: "plist", testid: "product-list" });
    var more = h("div");
    var filter = h("select", { id: "status-filter", onchange: function (e) {
      ctx.go("#/products" + (e.target.value ? "?status=" + e.target.value : ""));
    } }, [h("option", { value: "", text: t("allStatuses") })].concat(STATUSES.map(function (s) {
      return h("option", { value: s, text: t("ps_" + s), selected: s === status });
    })));
    DM.fill(ctx.section, [h("h1", { text: t("productsTitle") }),
      h("p", null, h("a", { class: "btn", href: "#/product/new", testid: "new-product", text: t("addProduct") })),
      h("div", { class: "field" }, [h("label", { for: "status-filter", text: t("filterStatus") }), filter]),
      list, more]);
    P.pages(ctx, list, more, function (cursor) {
      return "/vendor/products?limit=25" + (status ? "&status=" + status : "") + (cursor ? "&cursor=" + encodeURIComponent(cursor) : "");
    }, item, "noProducts").then(ctx.ready);
  });
})(window.DM);
