// An order: status, totals, each parcel's journey and invoice. The order token stays in
// localStorage ("dm.orders": id -> token) and travels only in the X-Order-Token header.
(function (DM) {
  "use strict";
  var h = DM.h, t = DM.t;
  // Strings only this module shows: loaded with it, not with every page (js/i18n.js).
  DM.strings({
    cancelledTextRzp: ["This order was cancelled. Any money taken goes back to the account it was paid from.", "यह ऑर्डर रद्द हो गया। कटा हुआ पैसा उसी खाते में वापस आ जाएगा जिससे भुगतान हुआ था।"],
    payNowNote: ["This order is waiting for your payment. It is cancelled if it is not paid in time.", "यह ऑर्डर आपके भुगतान का इंतज़ार कर रहा है। समय पर भुगतान न होने पर यह रद्द हो जाएगा।"],
    payNow: ["Pay now", "अभी भुगतान करें"],
    lastAttempt: ["The last payment attempt failed: {reason}", "पिछली बार भुगतान नहीं हो सका: {reason}"],
    byUpi: ["UPI", "UPI"],
    byNetbanking: ["Net banking", "नेट बैंकिंग"],
    byWallet: ["Wallet", "वॉलेट"]
  });
  var FLOW = ["awaiting_pickup", "picked_up", "in_transit", "out_for_delivery", "delivered"];
  var BAD = ["failed", "returned", "cancelled"];

  function tokenOf(id) { return (DM.store.get("dm.orders") || {})[id] || ""; }
  function keepToken(id, token) {
    var all = DM.store.get("dm.orders") || {};
    all[id] = token;
    DM.store.set("dm.orders", all);
  }
  // A mail's link (#/order/<id>?t=<token>&review=<line id>) brings the order's key: it is kept
  // on this phone like the checkout's, and leaves the address bar (and the history).
  function tokenFromLink(id, q) {
    if (!q.t) return;
    keepToken(id, q.t);
    var rest = q.review ? "?review=" + encodeURIComponent(q.review) : "";
    try { history.replaceState(history.state, "", location.pathname + location.search + "#/order/" + encodeURIComponent(id) + rest); } catch (e) { /* kept anyway */ }
  }
  // Feedback on delivered lines (reviews, problems): its code only once a parcel is delivered.
  var FEEDBACK = ["/js/reviews.js", "/js/feedback.js", "/js/complaint.js"];

  function openInvoice(orderId, parcelId, token, msg) {
    var win = window.open("", "_blank");
    if (win) { try { win.opener = null; } catch (e) { /* some browsers refuse */ } }
    DM.api.raw("/orders/" + encodeURIComponent(orderId) + "/parcels/" + encodeURIComponent(parcelId) + "/invoice",
      { "X-Order-Token": token }).then(function (html) {
      // The API's own CSP header is lost with a Blob, so the document carries one of its own.
      var guard = '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'">';
      var url = URL.createObjectURL(new Blob([guard + html], { type: "text/html" }));
      if (win) win.location.href = url;
      else DM.fill(msg, h("a", { href: url, target: "_blank", rel: "noopener", text: t("invoice") }));
      setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
    }, function () {
      if (win) win.close();
      DM.fill(msg, h("span", { class: "field-err", text: t("invoiceFail") }));
    });
  }

  function steps(p, createdAt) {
    var at = {};
    (p.timeline || []).forEach(function (e) { if (e.applied !== false && e.status) at[e.status] = e.at; });
    var rank = FLOW.indexOf(p.status);
    var items = [h("li", { class: "done" }, [t("s_placed"), h("time", { datetime: createdAt, text: DM.date(createdAt) })])];
    FLOW.forEach(function (st, i) {
      var done = rank >= i || !!at[st];
      items.push(h("li", { class: done ? "done" : "" }, [t("p_" + st), at[st] ? h("time", { datetime: at[st], text: DM.date(at[st]) }) : null]));
    });
    if (BAD.indexOf(p.status) >= 0) {
      items.push(h("li", { class: "bad" }, [t("p_" + p.status), at[p.status] ? h("time", { datetime: at[p.status], text: DM.date(at[p.status]) }) : null]));
    }
    return h("ol", { class: "steps" }, items);
  }

  function totals(o) {
    var T = (o.quote && o.quote.totals) || {};
    var gst = (T.cgst_paise || 0) + (T.sgst_paise || 0) + (T.igst_paise || 0);
    var rows = [[t("items"), T.items_paise], [t("shipping"), T.shipping_paise]];
    if (gst) rows.push([t("gstIncl"), gst]);
    rows.push([t("total"), o.total_paise]);
    if (o.refunded_paise) rows.push([t("refunded"), o.refunded_paise]);
    // abroad: the total's approximation in the buyer's currency, as quoted (js/abroad.js)
    var a = o.quote && o.quote.approx, approx = a && DM.ab && DM.ab.quoted ? DM.ab.quoted(a, a.total) : null;
    return h("dl", { class: "sums" }, rows.map(function (r) {
      var total = r[0] === t("total");
      return h("div", { class: total ? "sum total" : "sum" }, [h("dt", { text: r[0] }), h("dd", null, [DM.money(r[1] || 0), total ? approx : null])]);
    }));
  }

  var BY = { upi: "byUpi", card: "byCard", netbanking: "byNetbanking", wallet: "byWallet", cod: "byCod" };
  // how it was paid (paid_by), or how it is to be paid while it waits
  function paidBy(o) { return t(BY[o.paid_by] || BY[o.payment_method] || "byCard"); }
  function razorpayDue(o) {
    return o.status === "pending_payment" && o.payment && o.payment.provider === "razorpay";
  }

  function message(o) {
    if (razorpayDue(o)) return t("payNowNote");
    if (o.status === "cancelled" && o.payment_provider === "razorpay") return t("cancelledTextRzp");
    var key = { pending_payment: "waitingPayment", paid: "thanksCard", cancelled: "cancelledText", completed: "p_delivered" }[o.status];
    if (o.status === "confirmed") return t("thanksCod", { total: DM.money(o.total_paise) });
    return key ? t(key) : "";
  }

  DM.views.order = function (ctx) {
    var id = ctx.route.id, s = ctx.section;
    tokenFromLink(id, ctx.route.query);
    var h1 = h("h1", { tabindex: "-1", text: t("orderTitle", { id: id }) });
    // the feedback's forms live outside `body`, which a fresher order redraws
    var body = h("div"), fb = h("div", { testid: "feedback" }), tail = h("div");
    var delivered = 0, openLine = ctx.route.query.review || "";
    DM.add(s, [h1, body, fb, tail]);
    ctx.title(t("orderTitle", { id: id }));
    var timer = null, last = "", lastStatus = "";
    ctx.onLeave(function () { clearTimeout(timer); });
    function refresh() { clearTimeout(timer); fetchOrder(false); }

    // A Razorpay order still unpaid: its payment window again (js/pay-razorpay.js on demand).
    function payNow(o, btn, msg) {
      btn.disabled = true;
      DM.clear(msg);
      DM.need("/js/pay-razorpay.js").then(function () {
        return DM.rzp.open({ id: id, token: tokenOf(id), payment: o.payment, method: o.payment.method || o.payment_method }, {
          paid: refresh, waiting: refresh, closed: refresh,
          failed: function (reason) { DM.fill(msg, h("p", { class: "field-err", text: t("rzpAttemptFailed", { reason: reason }) })); },
          broken: function () { DM.fill(msg, h("p", { class: "field-err", text: t("rzpNoWindow") })); btn.disabled = false; }
        });
      }).then(function () { btn.disabled = false; }, function (err) {
        btn.disabled = false;
        DM.fill(msg, h("p", { class: "field-err", text: DM.errorText(err) }));
      });
    }

    function askToken(err) {
      var input = h("input", { type: "text", autocomplete: "off", spellcheck: "false" });
      DM.fill(body, [
        err ? h("p", { class: "notice err", role: "alert", text: DM.errorText(err) }) : null,
        h("p", { class: "notice", text: t("tokenNeeded") }),
        h("form", { class: "panel", novalidate: true, onsubmit: function (e) {
          e.preventDefault();
          var v = input.value.trim();
          if (!v) { DM.fieldError(input, t("required")); input.focus(); return; }
          keepToken(id, v);
          fetchOrder(true);
        } }, [DM.field("order-key", t("tokenLabel"), input), h("button", { type: "submit", class: "btn", text: t("openOrder") })]),
        h("a", { href: DM.pagePath("home"), text: t("continueShopping") })
      ]);
      DM.clear(fb); DM.clear(tail);
      delivered = 0;
      ctx.ready();
    }

    function payButton(o) {
      var msg = h("div", { "aria-live": "assertive" });
      var btn = h("button", { type: "button", class: "btn big", testid: "pay-now", text: t("payNow"),
        onclick: function () { payNow(o, btn, msg); } });
      return h("div", null, [btn, msg]);
    }

    function render(o) {
      var token = tokenOf(id);
      var n = (o.parcels || []).length;
      DM.fill(body, [
        h("p", { class: "order-status" }, [t("status") + ": ",
          h("span", { class: "status", testid: "order-status", "data-status": o.status, text: t("s_" + o.status) === "s_" + o.status ? o.status : t("s_" + o.status) })]),
        h("p", { class: o.status === "cancelled" ? "notice err" : o.status === "pending_payment" ? "notice" : "notice good", text: message(o) }),
        h("p", { class: "muted small" }, [t("placedAt", { date: DM.date(o.created_at) }) + " · " + t("paidBy") + ": ",
          h("span", { testid: "paid-by", "data-paid-by": o.paid_by || "", text: paidBy(o) })]),
        razorpayDue(o) && o.payment_attempt && o.payment_attempt.status === "failed" ?
          h("p", { class: "notice err", text: t("lastAttempt", { reason: o.payment_attempt.reason || "" }) }) : null,
        razorpayDue(o) ? payButton(o) : null,
        h("p", { class: "small", text: t("keepNote", { id: o.order_id }) }),
        h("section", { class: "panel", "aria-labelledby": "tot-h" }, [h("h2", { id: "tot-h", text: t("summary") }),
          o.quote && o.quote.destination ? h("p", { class: "q-place", text: t("shipTo", { place: DM.placeOf(o.quote.destination) }) }) : null,
          totals(o)])
      ].concat((o.parcels || []).map(function (p, i) {
        var msg = h("div", { "aria-live": "polite" });
        var canInvoice = ["awaiting_payment", "cancelled"].indexOf(p.status) < 0;
        return h("section", { class: "panel", "aria-labelledby": "pc-" + i }, [
          h("h2", { id: "pc-" + i, text: t("parcelN", { n: i + 1, m: n }) }),
          h("ul", { class: "lines" }, (p.lines || []).map(function (l) {
            return h("li", null, [h("span", { text: DM.tx(l.name) + " × " + l.quantity }), h("strong", { text: DM.money(l.line_total_paise || 0) })]);
          })),
          h("p", { class: "small" }, [t("tracking") + ": ", p.tracking_number ? h("strong", { text: p.tracking_number }) : h("span", { class: "muted", text: t("notBooked") })]),
          steps(p, o.created_at),
          canInvoice ? h("button", { type: "button", class: "btn ghost", text: t("invoice"), onclick: function () { openInvoice(id, p.id, token, msg); } }) : null,
          msg
        ]);
      })));
      DM.fill(tail, h("a", { class: "btn ghost wide", href: DM.pagePath("home"), text: t("continueShopping") }));
      feedback(o);
    }

    // Loaded when the first parcel arrives, again when another does.
    function feedback(o) {
      var n = (o.parcels || []).filter(function (p) { return p.status === "delivered"; }).length;
      if (!n || n === delivered) return;
      delivered = n;
      Promise.all(FEEDBACK.map(DM.need)).then(function () {
        if (ctx.live()) DM.feedback(ctx, fb, { id: id, token: tokenOf(id) }, openLine);
        openLine = "";     // the mail's line opens once
      }, function (err) {
        if (ctx.live()) DM.fill(fb, DM.errorBox(err, function () { delivered = 0; feedback(o); }));
      });
    }

    function fetchOrder(first) {
      var token = tokenOf(id);
      if (!token) { askToken(null); return; }
      DM.api.read("/orders/" + encodeURIComponent(id), { "X-Order-Token": token }).then(function (o) {
        if (!ctx.live()) return;
        var snap = JSON.stringify(o) + DM.lang;
        if (snap !== last) {
          var focusInBody = body.contains(document.activeElement);
          last = snap;
          render(o);
          if (lastStatus && lastStatus !== o.status) DM.announce(t("status") + ": " + t("s_" + o.status));
          if (focusInBody) h1.focus();
        }
        lastStatus = o.status;
        DM.cart.settle(id, o.status);   // the cart it was made of goes once it is paid
        if (first) ctx.ready();
        // Every 3 s while the bank decides; then now and then, while the parcels travel.
        var wait = o.status === "pending_payment" ? 3000 : o.status === "paid" || o.status === "confirmed" ? 30000 : 0;
        var tick = function () {
          if (document.visibilityState === "hidden" && wait > 3000) timer = setTimeout(tick, wait);
          else fetchOrder(false);
        };
        if (wait) timer = setTimeout(tick, wait);
      }, function (err) {
        if (!ctx.live()) return;
        if (err.status === 404) { askToken(err); return; }
        if (!last) { DM.fill(body, DM.errorBox(err, function () { fetchOrder(true); })); ctx.ready(); }
        else timer = setTimeout(function () { fetchOrder(false); }, 3000);
      });
    }
    fetchOrder(true);
  };
})(window.DM);
