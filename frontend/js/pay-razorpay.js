// Razorpay Checkout (UPI first) for an order placed on a stage that offers Razorpay. Loaded
// (DM.need) only once such an order exists; Razorpay's own script is loaded only then too.
//   DM.rzp.open(order, on)        the payment window; on.paid / on.waiting / on.failed(reason) /
//                                 on.closed(reason of a failure, if any) / on.broken(err)
//   DM.rzp.flow(ctx, box, order, back)  the checkout's side of it: the window, then failure,
//                                 the waiting state (polling the order) or the order page.
// order: {id, token, payment: the API's `payment`, method: "upi"|"card", contact?: {name, email, phone}}
(function (DM) {
  "use strict";
  var h = DM.h, t = DM.t;
  // Strings only this module shows: loaded with it, not with every page (js/i18n.js).
  DM.strings({
    rzpUpiBlock: ["Pay by UPI", "UPI से भुगतान"],
    rzpFailed: ["Payment failed — try again, or pay another way. Your cart is kept.", "भुगतान नहीं हो सका — फिर कोशिश करें या किसी और तरीक़े से भुगतान करें। आपका कार्ट सुरक्षित है।"],
    upiWaiting: ["Waiting for your UPI app — open PhonePe/Google Pay/… and approve the request for {total}", "आपके UPI ऐप का इंतज़ार है — PhonePe/Google Pay/… खोलें और {total} का अनुरोध मंज़ूर करें"],
    bankWaiting: ["Waiting for your bank to confirm the payment of {total}", "बैंक से {total} के भुगतान की पुष्टि का इंतज़ार है"],
    waitingMoves: ["This page moves on by itself once the payment is approved. Your cart is kept until then.", "भुगतान मंज़ूर होते ही यह पेज अपने-आप आगे बढ़ जाएगा। तब तक आपका कार्ट सुरक्षित है।"],
    payAgain: ["Try again", "फिर कोशिश करें"],
    payOther: ["Pay another way", "किसी और तरीक़े से भुगतान करें"],
    unpaidCancelled: ["This order was cancelled because its payment did not arrive in time. Your cart is kept — you can order again.", "भुगतान समय पर नहीं आया, इसलिए यह ऑर्डर रद्द हो गया। आपका कार्ट सुरक्षित है — आप फिर से ऑर्डर कर सकते हैं।"],
    backToCheckout: ["Back to checkout", "चेकआउट पर वापस जाएँ"]
  });
  var PAID = ["paid", "confirmed", "completed"];

  function path(o, tail) { return "/orders/" + encodeURIComponent(o.id) + (tail || ""); }
  function auth(o) { return { "X-Order-Token": o.token }; }
  function reasonOf(r) {
    var e = (r && r.error) || {};
    return String(e.description || e.reason || e.code || "");
  }

  function open(o, on) {
    var p = o.payment || {};
    var src = p.checkout_url || DM.config.razorpayCheckoutUrl;
    var failed = "", handled = false;
    return (window.Razorpay ? Promise.resolve() : DM.need(src)).then(function () {
      var c = o.contact || {};
      var prefill = { name: c.name || "", email: c.email || "", contact: String(c.phone || "").replace(/[\s()-]/g, "") };
      if (o.method === "upi") prefill.method = "upi";
      var rzp = new window.Razorpay({
        key: p.key_id, order_id: p.razorpay_order_id, amount: p.amount_paise, currency: p.currency || "INR",
        name: "DeogharMart", description: t("orderTitle", { id: o.id }), prefill: prefill,
        notes: { order_id: o.id },
        config: { display: { blocks: { upi: { name: t("rzpUpiBlock"), instruments: [{ method: "upi" }] } },
          sequence: ["block.upi"], preferences: { show_default_blocks: true } } },
        modal: { ondismiss: function () { if (!handled) on.closed(failed); } },
        handler: function (r) {
          handled = true;
          DM.api.post(path(o, "/razorpay"), { razorpay_payment_id: r.razorpay_payment_id,
            razorpay_order_id: r.razorpay_order_id, razorpay_signature: r.razorpay_signature }, auth(o))
            .then(function (res) {
              if (res && res.status === "succeeded") on.paid();
              else if (res && res.status === "failed") on.closed(failed || " ");
              else on.waiting();
            }, function () { on.waiting(); });   // the webhook settles it; the order says how
        }
      });
      rzp.on("payment.failed", function (r) { failed = reasonOf(r) || " "; on.failed(failed.trim()); });
      rzp.open();
    }, on.broken);
  }

  function flow(ctx, box, o, back) {
    var timer = null, delay = 3000, token = 0;
    var total = DM.money((o.payment || {}).amount_paise || o.total_paise || 0);
    ctx.onLeave(stop);

    function stop() { clearTimeout(timer); timer = null; token++; }
    function done() { stop(); DM.cart.settle(o.id, "paid"); location.hash = "#/order/" + encodeURIComponent(o.id); }
    function show(kids, focus) {
      DM.fill(box, kids);
      var first = focus && box.querySelector("[tabindex='-1']");
      if (!first) return;
      window.scrollTo(0, 0);    // the form it replaces was longer: start at the top
      try { first.focus({ preventScroll: true }); } catch (e) { first.focus(); }
    }
    function title(text, cls) { return h("h2", { tabindex: "-1", class: cls || "", text: text }); }
    function actions() {
      return h("div", { class: "rzp-actions" }, [
        h("button", { type: "button", class: "btn", testid: "pay-again", text: t("payAgain"), onclick: start }),
        h("button", { type: "button", class: "btn ghost", testid: "pay-other", text: t("payOther"), onclick: other })]);
    }
    function note() { return h("div", { class: "rzp-msg", "aria-live": "assertive" }); }

    function start() {
      stop();
      show(h("p", { class: "muted", role: "status", text: t("rzpOpening") }));
      open(o, {
        paid: done,
        waiting: waiting,
        failed: function (reason) {
          show(h("div", { class: "notice err", role: "alert", testid: "pay-failed" },
            h("p", { text: reason ? t("rzpAttemptFailed", { reason: reason }) : t("rzpFailed") })));
        },
        closed: function (failed) { failed ? failedState(failed.trim()) : check(true); },
        broken: function () {
          show(h("div", { class: "notice err", role: "alert" }, [title(t("rzpNoWindow")), actions()]), true);
        }
      });
    }
    function failedState(reason) {
      stop();
      show(h("div", { class: "notice err", role: "alert", testid: "pay-failed" }, [
        title(t("rzpFailed")), reason ? h("p", { class: "small", text: reason }) : null, actions(), note()]), true);
    }
    function waiting() {
      stop();
      show(h("section", { class: "panel rzp-wait", role: "status", testid: "upi-waiting" }, [
        h("span", { class: "spinner", "aria-hidden": "true" }),
        title(t(o.method === "upi" ? "upiWaiting" : "bankWaiting", { total: total })),
        h("p", { class: "muted small", text: t("waitingMoves") }), actions(), note()]), true);
      delay = 3000;
      poll();
    }
    function poll() {
      var my = token;
      timer = setTimeout(function () {
        if (my === token && ctx.live()) check(false);
      }, delay);
      delay = Math.min(Math.round(delay * 1.5), 15000);     // 3 s, 4.5 s, … then every 15 s
    }
    // The order as the API has it: paid -> the order page; cancelled -> say so; else wait.
    function check(first) {
      var my = token;
      DM.api.read(path(o), auth(o)).then(function (order) {
        if (my !== token || !ctx.live()) return;
        if (PAID.indexOf(order.status) >= 0) done();
        else if (order.status === "cancelled") cancelled();
        else if (first) waiting();
        else poll();
      }, function () {
        if (my !== token || !ctx.live()) return;
        if (first) waiting(); else poll();
      });
    }
    function cancelled() {
      stop();
      DM.cart.settle(o.id, "cancelled");
      show(h("div", { class: "notice err", role: "alert" }, [title(t("unpaidCancelled")),
        h("button", { type: "button", class: "btn", text: t("backToCheckout"), onclick: back })]), true);
    }
    // Cancel this order (its stock goes back on sale) and choose again with the same cart.
    function other(e) {
      var btn = e.currentTarget, msg = box.querySelector(".rzp-msg");
      stop();
      btn.disabled = true;
      // asked first: a payment approved meanwhile must not be cancelled (and refunded)
      DM.api.read(path(o), auth(o)).then(function (order) {
        if (order.status !== "pending_payment") return order;
        return DM.api.post(path(o, "/cancel"), { reason: "the shopper chose another way to pay" }, auth(o));
      }).then(function (order) {
        if (!ctx.live()) return;
        if (PAID.indexOf(order && order.status) >= 0) { done(); return; }
        DM.cart.settle(o.id, "cancelled");
        back();
      }, function (err) {
        if (!ctx.live()) return;
        btn.disabled = false;
        if (msg) DM.fill(msg, h("p", { class: "field-err", text: DM.errorText(err) }));
        check(false);    // perhaps paid meanwhile (not cancellable): the order says
      });
    }
    start();
  }

  DM.rzp = { open: open, flow: flow };
})(window.DM);
