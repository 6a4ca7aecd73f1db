// Taking over a pre-rendered page (chalicelib/pages draws products, makers, categories and the
// home page on the server): nothing is drawn again; the live parts are attached to what is
// there — the product's variant choice, cart button, delivery check and fresh stock, the
// category's "show more", the share buttons.
(function (DM) {
  "use strict";
  var h = DM.h, t = DM.t;
  var H = DM.hydrate = {};

  // Share: WhatsApp and "copy link" are in the page; a phone with a share sheet (Web Share
  // API) gets it on the second button instead.
  function share(node) {
    Array.prototype.forEach.call(node.querySelectorAll(".share"), function (box) {
      var url = box.getAttribute("data-url"), title = box.getAttribute("data-title");
      var btn = box.querySelector(".share-copy"), msg = box.querySelector(".share-msg");
      if (!btn) return;
      if (navigator.share) {
        btn.textContent = t("share");
        btn.addEventListener("click", function () {
          navigator.share({ title: title, url: url }).catch(function () { /* closed */ });
        });
        return;
      }
      btn.addEventListener("click", function () {
        var done = function () { msg.textContent = t("linkCopied"); };
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(url).then(done, function () { window.prompt(t("copyLink"), url); });
        } else window.prompt(t("copyLink"), url);
      });
    });
  }
  DM.shareButtons = share;

  // A product's or maker's reviews: read from the API (and their code, js/reviews.js, loaded)
  // only when the shopper asks, never with the page's first paint.
  DM.reviewsOnDemand = function (node) {
    var box = node.querySelector("[data-reviews]");
    var btn = box && box.querySelector("[data-testid=show-reviews]");
    if (!btn) return;
    btn.addEventListener("click", function open() {
      btn.removeEventListener("click", open);
      btn.disabled = true;
      DM.need("/js/reviews.js").then(function () { DM.reviews.show(box, btn); }, function (err) {
        btn.disabled = false;
        btn.addEventListener("click", open);
        DM.fill(box.querySelector(".rv-list"), DM.errorBox(err));
      });
    });
    if (DM.earlyReviews) { DM.earlyReviews = false; btn.click(); }
  };

  H.product = function (node, data) {
    var p = data.product;
    var update = DM.productControls(p, {
      picker: node.querySelector("fieldset.variants"), price: node.querySelector(".pdp-price"),
      addBtn: node.querySelector("[data-testid=add-to-cart]"), addMsg: node.querySelector(".add-msg"),
      weight: node.querySelector("[data-fact=weight]"), pinSlot: node.querySelector(".pin-wrap")
    });
    share(node);
    DM.reviewsOnDemand(node);
    if (DM.earlyAdd) { DM.earlyAdd = false; node.querySelector("[data-testid=add-to-cart]").click(); }
    // The page may be a minute old: today's stock and prices, shown in place.
    DM.api.get("/products/" + encodeURIComponent(p.id)).then(update, function () { /* the page stands */ });
  };

  H.category = function (node, data) {
    var form = node.querySelector("form.filters");
    if (form) form.parentNode.replaceChild(DM.filterForm({ category: data.id, q: "", sort: "", min: "", max: "" },
      data.categories || []), form);
    var more = node.querySelector(".more a[data-cursor]");
    if (!more) return;
    var grid = node.querySelector("ul.grid");
    var box = more.parentNode;
    function next(cursor) {
      DM.fill(box, h("button", { type: "button", class: "btn ghost wide", text: t("more"), onclick: function (e) {
        e.target.disabled = true; e.target.textContent = t("loading");
        DM.api.get(DM.productsPath({ category: data.id }, cursor)).then(function (d) {
          var cards = DM.cards(d.items, 0);
          DM.add(grid, cards);
          if (cards[0]) cards[0].querySelector("a").focus();
          if (d.next_cursor) next(d.next_cursor); else DM.clear(box);
        }, function (err) { DM.fill(box, DM.errorBox(err, function () { next(cursor); })); });
      } }));
    }
    next(more.getAttribute("data-cursor"));
  };

  H.maker = function (node) { share(node); DM.reviewsOnDemand(node); };
  H.home = function () {};
  H.notfound = function () {};
})(window.DM);
