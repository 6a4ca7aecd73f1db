// The cart (localStorage "dm.cart"), delivery quotes by PIN code, and the cart page.
(function (DM) {
  "use strict";
  var h = DM.h, t = DM.t;
  var KEY = "dm.cart", HOLD = "dm.cartFor", MAX = 10;
  var ETA = { deoghar: 1, jharkhand: 3, india: 6, abroad: 12 };

  function valid(x) {
    return x && typeof x.product_id === "string" && typeof x.variant_id === "string" &&
      x.quantity >= 1 && typeof x.price_paise === "number";
  }
  var cart = DM.cart = {
    items: function () {
      var v = DM.store.get(KEY);
      return Array.isArray(v) ? v.filter(valid) : [];
    },
    save: function (items) { DM.store.set(KEY, items); DM.emit("dm:cart"); },
    find: function (items, pid, vid) {
      for (var i = 0; i < items.length; i++) {
        if (items[i].product_id === pid && items[i].variant_id === vid) return i;
      }
      return -1;
    },
    add: function (line) {
      var items = cart.items();
      var i = cart.find(items, line.product_id, line.variant_id);
      if (i >= 0) items[i].quantity = Math.min(MAX, items[i].quantity + line.quantity);
      else items.push(line);
      cart.save(items);
      return i >= 0 ? items[i].quantity : line.quantity;
    },
    setQty: function (pid, vid, q) {
      var items = cart.items();
      var i = cart.find(items, pid, vid);
      if (i < 0) return;
      items[i].quantity = Math.max(1, Math.min(MAX, q));
      cart.save(items);
    },
    remove: function (pid, vid) {
      cart.save(cart.items().filter(function (x) { return !(x.product_id === pid && x.variant_id === vid); }));
    },
    clear: function () { cart.save([]); },
    // The cart stays until the order made of it is paid (cash on delivery: placed): a failed,
    // abandoned or cancelled payment leaves it as it was. The order page and the checkout's
    // waiting state report what they see of that order.
    holdFor: function (orderId) { DM.store.set(HOLD, orderId); },
    settle: function (orderId, status) {
      if (!orderId || DM.store.get(HOLD) !== orderId || status === "pending_payment") return;
      if (status !== "cancelled") cart.clear();
      DM.store.set(HOLD, null);
    },
    count: function () { return cart.items().reduce(function (n, x) { return n + x.quantity; }, 0); },
    subtotal: function () { return cart.items().reduce(function (n, x) { return n + x.quantity * x.price_paise; }, 0); },
    lines: function () {
      return cart.items().map(function (x) { return { product_id: x.product_id, variant_id: x.variant_id, quantity: x.quantity }; });
    },
    MAX: MAX
  };

  // Where the shopper's parcels go: "IN", or a country served abroad, whose code (GET
  // /abroad's list, prices in its currency, the address form) lives in js/abroad.js, loaded
  // only for a shopper who chose such a country: an Indian shopper's pages carry none of it.
  DM.country = function () {
    var c = DM.store.get("dm.country");
    return typeof c === "string" && /^[A-Z]{2}$/.test(c) ? c : "IN";
  };
  DM.abroad = function () {
    return DM.need("/js/abroad.js").then(function () { return DM.ab.ready(); });
  };
  // "Ship to: India — Change"; the list of countries is read when the shopper asks for it.
  DM.shipTo = function (id, label) {
    var box = h("div", { class: "ship-to", testid: "ship-to" });
    box.redraw = function () {
      if (DM.ab && DM.ab.data) { DM.fill(box, DM.ab.picker(id, label)); return; }
      var c = DM.country(), err = h("span", { class: "field-err", role: "alert" });
      var btn = h("button", { type: "button", class: "link-btn", testid: "ship-change", "aria-describedby": id + "-now",
        text: t("shipChange"), onclick: function () {
          btn.disabled = true;
          DM.abroad().then(function () {
            box.redraw();
            var sel = document.getElementById(id);
            if (sel) sel.focus();
          }, function (e) { btn.disabled = false; err.textContent = DM.errorText(e); });
        } });
      DM.fill(box, [h("span", { id: id + "-now" }, [(label || t("shipToLabel")) + ": ",
        h("strong", { text: c === "IN" ? t("india") : c })]), " ", btn, err]);
    };
    box.redraw();
    return box;
  };

  DM.subtotalLabel = function () {
    var n = cart.count();
    return n === 1 ? t("subtotal1") : t("subtotal", { n: n });
  };
  DM.quote = function (items, pincode, country) {
    var body = { items: items, country: country || "IN" };
    if (pincode) body.pincode = pincode;
    return DM.api.post("/quotes", body);
  };
  function titleCase(s) {
    return String(s || "").toLowerCase().replace(/(^|[\s/(-])(\S)/g, function (m, a, b) { return a + b.toUpperCase(); });
  }
  DM.placeOf = function (d) {
    if (!d) return "";
    if (d.zone === "abroad") return DM.ab && DM.ab.data ? DM.ab.nameOf(d.country) : d.country;
    return [titleCase(d.district), titleCase(d.state)].filter(Boolean).join(", ") + (d.pincode ? " " + d.pincode : "");
  };
  DM.problemsOf = function (q) {
    var out = [];
    (q.lines || []).forEach(function (l) {
      (l.problems || []).forEach(function (p) { out.push(DM.tx(l.name) + ": " + DM.tx(p)); });
    });
    (q.problems || []).forEach(function (p) { out.push(DM.tx(p)); });
    return out;
  };
  // What a quote means for the shopper: place, time, money, COD, problems.
  DM.quoteSummary = function (q, full) {
    var T = q.totals || {};
    var gst = (T.cgst_paise || 0) + (T.sgst_paise || 0) + (T.igst_paise || 0);
    var abroad = q.destination && q.destination.zone === "abroad";
    if (abroad && DM.ab && DM.ab.data) return DM.ab.summary(q, full);
    var rows = [[t("shipping"), DM.money(T.shipping_paise || 0)]];
    if (full) {
      rows.unshift([t("items"), DM.money(T.items_paise || 0)]);
      if (gst) rows.push([t("gstIncl"), DM.money(gst)]);
      rows.push([t("total"), DM.money(T.total_paise || 0)]);
    }
    var problems = DM.problemsOf(q);
    var eta = ETA[q.destination && q.destination.zone];
    return h("div", { class: "quote" }, [
      h("p", { class: "q-place", text: t("shipTo", { place: DM.placeOf(q.destination) }) }),
      eta ? h("p", { class: "muted", text: eta === 1 ? t("eta1") : t("eta", { n: eta }) }) : null,
      h("dl", { class: "sums" }, rows.map(function (r, i) {
        return h("div", { class: full && i === rows.length - 1 ? "sum total" : "sum" }, [h("dt", { text: r[0] }), h("dd", { text: r[1] })]);
      })),
      full && abroad ? h("p", { class: "muted", text: t("exportNote") }) : null,
      full && (q.parcels || []).length > 1 ? h("p", { class: "muted", text: t("parcels", { n: q.parcels.length }) }) : null,
      h("p", { class: q.cod_available ? "ok" : "muted", text: t(q.cod_available ? "codYes" : "codNo") }),
      problems.length ? h("ul", { class: "problems", role: "alert" }, problems.map(function (p) { return h("li", { text: p }); })) : null
    ]);
  };

  // A PIN code box that asks for a quote of getItems() and shows it.
  DM.pinBox = function (opts) {
    var out = h("div", { class: "q-out", "aria-live": "polite" });
    var input = h("input", { type: "text", inputmode: "numeric", autocomplete: "postal-code", maxlength: "6",
      pattern: "[0-9]{6}", class: "pin", value: DM.store.get("dm.pin") || "", testid: opts.testid || "quote-pincode" });
    var seq = 0;
    function run() {
      var pin = input.value.replace(/\D/g, "");
      if (!/^[1-9][0-9]{5}$/.test(pin)) {
        DM.fill(out, h("p", { class: "field-err", text: t("e_invalid_pincode") }));
        return;
      }
      DM.store.set("dm.pin", pin);
      var my = ++seq;
      DM.fill(out, h("p", { class: "muted", text: t("loading") }));
      DM.quote(opts.items(), pin, "IN").then(function (q) {
        if (my !== seq) return;
        DM.fill(out, DM.quoteSummary(q, opts.full));
        if (opts.onQuote) opts.onQuote(q);
      }, function (err) {
        if (my === seq) DM.fill(out, h("p", { class: "field-err", text: DM.errorText(err) }));
      });
    }
    input.addEventListener("input", function () { if (/^\d{6}$/.test(input.value)) run(); });
    var form = h("form", { class: "pinbox", novalidate: true, onsubmit: function (e) { e.preventDefault(); run(); } }, [
      h("div", { class: "row" }, [DM.field(opts.id, t("pinLabel"), input, t("pinHint")),
        h("button", { type: "submit", class: "btn ghost", text: t("check") })])
    ]);
    var box = h("div", { class: "pin-wrap" }, [form, out]);
    box.refresh = function () { if (/^\d{6}$/.test(input.value)) run(); };
    if (input.value) setTimeout(box.refresh, 0);
    return box;
  };

  function stepper(x, name) {
    function set(n) {
      cart.setQty(x.product_id, x.variant_id, n);
      DM.announce(t("qtyNow", { name: name, n: Math.max(1, Math.min(MAX, n)) }));
    }
    return h("div", { class: "stepper", role: "group", "aria-label": t("qtyOf", { name: name }) }, [
      h("button", { type: "button", class: "step", "aria-label": t("decrease", { name: name }), text: "−",
        disabled: x.quantity <= 1, onclick: function () { set(x.quantity - 1); } }),
      h("output", { class: "qty", "aria-live": "off", text: String(x.quantity) }),
      h("button", { type: "button", class: "step", "aria-label": t("increase", { name: name }), text: "+",
        disabled: x.quantity >= MAX, onclick: function () { set(x.quantity + 1); } })
    ]);
  }

  DM.views = DM.views || {};
  DM.views.cart = function (ctx) {
    var s = ctx.section;
    var h1 = h("h1", { tabindex: "-1", text: t("cartTitle") });
    var list = h("ul", { class: "cart-lines" });
    var foot = h("div", { class: "cart-foot" });
    var pin = null, abroad = DM.country() !== "IN";
    DM.add(s, [h1, DM.shipTo("cart-ship"), list, foot]);
    // Abroad: India Post's services and prices in the shopper's currency (js/abroad.js).
    function abroadBox() {
      var slot = h("div", { class: "pin-wrap" }, h("p", { class: "muted", text: t("loading") }));
      slot.refresh = function () {};
      DM.abroad().then(function (ab) {
        if (!ctx.live()) return;
        var box = ab.quoteBox({ id: "cart-postal", items: cart.lines, full: true, onQuote: function (q) {
          ab.markLines(list, q);
          DM.announce(t("quoteUpdated", { total: DM.money(q.totals.total_paise) }));
        } });
        if (slot.parentNode) slot.parentNode.replaceChild(box, slot);
        if (pin === slot) pin = box;
      }, function (err) { if (ctx.live()) DM.fill(slot, DM.errorBox(err, ctx.rerender)); });
      return slot;
    }
    ctx.title(t("cartTitle"));
    function render() {
      var items = cart.items();
      var keepFocus = document.activeElement && document.activeElement.getAttribute("aria-label");
      DM.fill(list, items.map(function (x) {
        var name = DM.tx(x.name);
        return h("li", { class: "cart-line", "data-line": x.product_id + "/" + x.variant_id }, [
          h("a", { href: DM.pagePath("product", x.product_id), class: "cl-img", tabindex: "-1", "aria-hidden": "true" },
            DM.pic(x.image, { cls: "thumb", sizes: "80px" })),
          h("div", { class: "cl-body" }, [
            h("a", { class: "cl-name", href: DM.pagePath("product", x.product_id), text: name }),
            h("p", { class: "cl-price", text: DM.money(x.price_paise) }),
            h("div", { class: "cl-actions" }, [stepper(x, name),
              h("button", { type: "button", class: "link-btn", "aria-label": t("removeName", { name: name }), text: t("remove"),
                onclick: function () { cart.remove(x.product_id, x.variant_id); DM.announce(t("removed", { name: name })); } })])
          ])
        ]);
      }));
      if (keepFocus) {
        var again = s.querySelector('[aria-label="' + keepFocus.replace(/"/g, '\\"') + '"]');
        if (again && !again.disabled) again.focus(); else h1.focus();
      }
      if (!items.length) {
        DM.fill(foot, [h("p", { class: "empty", text: t("cartEmpty") }), h("a", { class: "btn", href: DM.pagePath("home"), text: t("startShopping") })]);
        pin = null;
      } else {
        if (!pin && abroad) pin = abroadBox();
        else if (!pin) {
          pin = DM.pinBox({ id: "cart-pin", items: cart.lines, full: true,
            onQuote: function (q) { DM.announce(t("quoteUpdated", { total: DM.money(q.totals.total_paise) })); } });
        } else pin.refresh();
        DM.fill(foot, [
          h("p", { class: "subtotal" }, [h("span", { text: DM.subtotalLabel() }), h("strong", { text: DM.money(cart.subtotal()) })]),
          h("section", { class: "panel", "aria-labelledby": "est-h" }, [h("h2", { id: "est-h", text: t("estimate") }), pin]),
          h("a", { class: "btn big", href: "#/checkout", testid: "to-checkout", text: t("toCheckout") })
        ]);
      }
      var orders = Object.keys(DM.store.get("dm.orders") || {});
      if (orders.length) {
        foot.appendChild(h("section", { class: "panel" }, [h("h2", { text: t("yourOrders") }),
          h("ul", { class: "orders" }, orders.reverse().slice(0, 10).map(function (id) {
            return h("li", null, h("a", { href: "#/order/" + encodeURIComponent(id), text: t("orderTitle", { id: id }) }));
          }))]));
      }
    }
    render();
    ctx.listen("dm:cart", render);
    ctx.ready();
  };
})(window.DM);
