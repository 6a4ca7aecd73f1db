// Checkout: address, quote, then the ways to pay the quote offers, in its order: UPI
// (Razorpay Checkout, js/pay-razorpay.js, loaded only for an order paid through it), card
// (Stripe.js, loaded only when chosen; or Razorpay where Stripe is off), cash on delivery.
(function (DM) {
  "use strict";
  var h = DM.h, t = DM.t, cart = DM.cart;
  // Strings only this module shows: loaded with it, not with every page (js/i18n.js).
  DM.strings({
    payUpi: ["UPI — PhonePe, Google Pay, Paytm, BHIM", "UPI — PhonePe, Google Pay, Paytm, BHIM से भुगतान"],
    upiHint: ["Approve the payment in your UPI app. Indian cards and net banking work here too.", "अपने UPI ऐप में भुगतान मंज़ूर करें। भारतीय कार्ड और नेट बैंकिंग से भी यहीं भुगतान कर सकते हैं।"],
    payCardIntl: ["International cards (Stripe)", "अंतरराष्ट्रीय कार्ड (Stripe)"],
    cardInWindow: ["You enter the card details in Razorpay's secure payment window.", "कार्ड का विवरण Razorpay की सुरक्षित भुगतान विंडो में भरें।"],
    returnsTitle: ["Returns and refunds", "वापसी और रिफ़ंड"]
  });
  // survives re-renders (language switch, a declined card, another country)
  var saved = { method: "", service: DM.store.get("dm.service") || null, billSame: true };
  // [field and test id, input type, autocomplete]; India has its PIN code, a country abroad
  // its own postal code (and a state where it has states), from GET /abroad (js/abroad.js).
  var FIELDS = [["name", "text", "name"], ["phone", "tel", "tel"], ["email", "email", "email"],
    ["line1", "text", "address-line1"], ["line2", "text", "address-line2"], ["city", "text", "address-level2"],
    ["state", "text", "address-level1"], ["pincode", "text", "postal-code"], ["postal_code", "text", "postal-code"]];
  // The card's billing address abroad, when it is not the parcel's.
  var BILLING = [["name", "text", "billing name"], ["line1", "text", "billing address-line1"],
    ["city", "text", "billing address-level2"], ["state", "text", "billing address-level1"],
    ["postal_code", "text", "billing postal-code"]];
  var stripeReady = null;

  function loadStripe() {
    var cfg = DM.config;
    if (!stripeReady) {
      stripeReady = (!cfg.stripeJsUrl || !cfg.stripePublishableKey) ? Promise.reject(new Error("no stripe")) :
        (window.Stripe ? Promise.resolve() : DM.need(cfg.stripeJsUrl)).then(function () { return window.Stripe(cfg.stripePublishableKey); });
      stripeReady.catch(function () { stripeReady = null; });
    }
    return stripeReady;
  }
  function remember(id, token) {
    var all = DM.store.get("dm.orders") || {};
    all[id] = token;
    var ids = Object.keys(all);
    if (ids.length > 20) delete all[ids[0]];
    DM.store.set("dm.orders", all);
  }
  // The quote's payment_options; before a quote, the site's providers (cash on delivery
  // depends on the address, so only a quote offers it).
  function payOptions(quote, abroad) {
    if (quote && quote.payment_options) return quote.payment_options;
    var on = DM.config.paymentProviders || ["stripe"], list = [];
    if (abroad) return [{ method: "card", provider: on.indexOf("stripe") >= 0 ? "stripe" : "razorpay" }];
    if (on.indexOf("razorpay") >= 0) list.push({ method: "upi", provider: "razorpay" });
    list.push({ method: "card", provider: on.indexOf("stripe") >= 0 ? "stripe" : "razorpay" });
    if (quote && quote.cod_available) list.push({ method: "cod", provider: null });
    return list;
  }
  function problemList(details) {
    return h("ul", { class: "problems" }, (details || []).map(function (p) { return h("li", { text: DM.tx(p) || p.problem || "" }); }));
  }

  // A field's error from the server ({field, problem} or {field, en, hi}).
  function fieldText(d) { return DM.tx(d) || d.problem || t("fixErrors"); }

  DM.views.checkout = function (ctx) {
    if (DM.country() !== "IN" && !(DM.ab && DM.ab.data)) {
      DM.fill(ctx.section, h("p", { class: "muted", text: t("loading") }));
      DM.abroad().then(function () {
        if (ctx.live()) { DM.clear(ctx.section); draw(ctx); }
      }, function (err) {
        if (ctx.live()) DM.fill(ctx.section, [h("h1", { tabindex: "-1", text: DM.failTitle(err) }), DM.errorBox(err, ctx.rerender)]);
      });
      return;
    }
    draw(ctx);
  };
  function draw(ctx) {
    var s = ctx.section;
    var code = DM.country(), abroad = code !== "IN", C = abroad ? DM.ab.country(code) || {} : null;
    var calling = abroad && C.calling_code ? "+" + C.calling_code : "";
    if (abroad) saved.service = DM.store.get("dm.service") || saved.service;   // as chosen in the cart
    var h1 = h("h1", { tabindex: "-1", text: t("checkoutTitle") });
    ctx.title(t("checkoutTitle"));
    s.appendChild(h1);
    if (!cart.items().length) {
      DM.add(s, [h("p", { class: "empty", text: t("cartEmpty") }), h("a", { class: "btn", href: DM.pagePath("home"), text: t("startShopping") })]);
      ctx.ready();
      return;
    }
    var inputs = {}, quote = null, stripe = null, cardEl = null, busy = false, qseq = 0;
    var fieldBoxes = {};
    var postalRule = abroad ? C.postal_code || {} : null, stateRule = abroad ? C.state : { required: true };
    function labelOf(k) {
      if (!abroad) return t("f_" + k);
      if (k === "postal_code") {
        var l = DM.ab.postalLabel(code);
        return postalRule.required ? l : t("optional", { label: l });
      }
      if (k === "state") return stateRule.required ? DM.tx(stateRule.label) || t("f_state") : t("optional", { label: DM.tx(stateRule.label) || t("f_state") });
      if (k === "phone") return t("phoneAbroad", { code: calling });
      if (k === "line2") return t("addr2");
      return t("f_" + k);
    }
    FIELDS.filter(function (f) {
      return abroad ? f[0] !== "pincode" && (f[0] !== "state" || stateRule) : f[0] !== "postal_code";
    }).forEach(function (f) {
      var el = h("input", { type: f[1], name: f[0], autocomplete: f[2], testid: f[0], value: saved[f[0]] || "",
        oninput: function () { saved[f[0]] = el.value; if (el.getAttribute("aria-invalid")) DM.fieldError(el, ""); } });
      if (f[0] === "phone") el.setAttribute("inputmode", "tel");
      if (f[0] === "pincode") { el.setAttribute("inputmode", "numeric"); el.setAttribute("maxlength", "10"); }
      if (f[0] === "postal_code") {
        el.setAttribute("maxlength", "12");
        if (postalRule.required) el.setAttribute("aria-required", "true");
      }
      if (f[0] === "state" && abroad && stateRule.required) el.setAttribute("aria-required", "true");
      inputs[f[0]] = el;
      fieldBoxes[f[0]] = DM.field("co-" + f[0], labelOf(f[0]), el,
        f[0] === "postal_code" && postalRule.example ? t("postalHint", { ex: postalRule.example }) : null);
    });
    if (calling) {     // "+1" before the number: the number is sent with it
      var row = h("div", { class: "phone-row" }, h("span", { class: "cc", "aria-hidden": "true", text: calling }));
      inputs.phone.parentNode.insertBefore(row, inputs.phone);
      row.appendChild(inputs.phone);
    }
    var country = DM.shipTo("co-country", t("f_country"));
    if (inputs.pincode) inputs.pincode.addEventListener("input", function () { requote(); });
    if (inputs.postal_code) {
      inputs.postal_code.addEventListener("change", function () { requote(); });
      inputs.postal_code.addEventListener("input", function () {
        var v = inputs.postal_code.value.trim();
        if (v && DM.ab.postalOk(code, v)) requote();
      });
    }
    // The card's billing address (abroad): the parcel's unless the shopper says otherwise.
    var binputs = {}, billBox = null, billSame = null, bcountry = null;
    if (abroad) {
      var bboxes = BILLING.map(function (f) {
        var el = h("input", { type: f[1], name: "b_" + f[0], autocomplete: f[2], testid: "billing-" + f[0], value: saved["b_" + f[0]] || "",
          oninput: function () { saved["b_" + f[0]] = el.value; if (el.getAttribute("aria-invalid")) DM.fieldError(el, ""); } });
        binputs[f[0]] = el;
        return DM.field("co-b-" + f[0], t(f[0] === "postal_code" ? "postalCode" : f[0] === "state" ? "f_state" : "f_" + f[0]), el);
      });
      bcountry = h("select", { name: "b_country", autocomplete: "billing country", testid: "billing-country",
        onchange: function () { saved.b_country = bcountry.value; } },
        [["IN", t("india")]].concat(DM.ab.data.countries.map(function (c) { return [c.code, DM.tx(c.name)]; })).map(function (c) {
          return h("option", { value: c[0], text: c[1], selected: c[0] === (saved.b_country || code) });
        }));
      bboxes.push(DM.field("co-b-country", t("f_country"), bcountry));
      billBox = h("fieldset", { class: "box", testid: "billing", hidden: saved.billSame }, [h("legend", { text: t("billing") })].concat(bboxes));
      billSame = h("input", { type: "checkbox", id: "co-bill-same", testid: "billing-same", checked: saved.billSame,
        onchange: function () { saved.billSame = billSame.checked; billBox.hidden = billSame.checked; } });
    }
    var svcSlot = h("div", { class: "svc-slot" });
    var inrNote = h("p", { class: "small", testid: "card-inr", hidden: true });

    var cardBox = h("div", { class: "card-el", testid: "card-element" }, h("span", { class: "muted", text: t("cardLoading") }));
    var cardMsg = h("p", { class: "field-err", role: "alert", hidden: true });
    var codNote = h("p", { class: "muted small", text: t("codNeedsPin") });
    var cardWrap = h("div", { hidden: true }, [h("p", { class: "small", id: "card-h", text: t("cardDetails") }), cardBox, cardMsg]);
    var cardName = h("strong"), cardHint = hint("cardInWindow");
    function hint(key) { return h("span", { class: "muted small", text: t(key) }); }
    // one choice a way to pay, made once (Stripe's card field must not be moved or redrawn)
    var choices = {}, options = [], order = "";
    [["upi", [h("strong", { text: t("payUpi") }), hint("upiHint")]], ["card", [cardName, cardHint]],
      ["cod", [h("strong", { text: t("payCod") }), hint("codHint")]]].forEach(function (c) {
      var radio = h("input", { type: "radio", name: "pay", value: c[0], testid: "pay-" + c[0], onchange: pick });
      choices[c[0]] = { radio: radio, box: h("div", { class: "pay-choice", hidden: true },
        [h("label", { class: "pay-opt" }, [radio, h("span", null, c[1])]), c[0] === "card" ? cardWrap : null]) };
    });
    var choiceList = h("div", null, ["upi", "card", "cod"].map(function (m) { return choices[m].box; }));
    var formMsg = h("div", { class: "form-msg", "aria-live": "assertive" });
    var offline = h("p", { class: "notice err", hidden: navigator.onLine !== false, text: t("needsNetwork") });
    var submit = h("button", { type: "submit", class: "btn big", testid: "place-order", text: t("placeOrder") });
    var summary = h("div", { class: "q-sum" });

    function chosen() {
      return options.filter(function (x) { return x.method === saved.method; })[0] || options[0];
    }
    function offer(list) {
      options = list.filter(function (x) { return choices[x.method]; });
      var now = options.map(function (x) { return x.method; }).join();
      if (now !== order) {
        order = now;
        options.forEach(function (x) { choiceList.appendChild(choices[x.method].box); });
      }
      Object.keys(choices).forEach(function (m) { choices[m].box.hidden = now.split(",").indexOf(m) < 0; });
      var both = options.some(function (x) { return x.provider === "razorpay"; });
      var card = options.filter(function (x) { return x.method === "card"; })[0] || {};
      cardName.textContent = t(both && card.provider === "stripe" ? "payCardIntl" : "payCard");
      cardHint.hidden = card.provider !== "razorpay";
      var cod = now.split(",").indexOf("cod") >= 0;
      codNote.textContent = t(!quote ? "codNeedsPin" : cod ? "codHint" : "codUnavailable");
      codNote.hidden = cod;
      var pickNow = chosen();
      if (pickNow) choices[pickNow.method].radio.checked = true;
      pick();
    }
    function pick() {
      var c = options.filter(function (x) { return choices[x.method].radio.checked; })[0] || chosen();
      saved.method = c ? c.method : "";
      cardWrap.hidden = !(c && c.method === "card" && c.provider === "stripe");
      if (!cardWrap.hidden) mountCard();
      label();
    }
    function label() {
      var total = quote && quote.ok ? DM.money(quote.totals.total_paise) : "";
      inrNote.hidden = !(abroad && total);
      inrNote.textContent = abroad && total ? t("chargedInr", { amount: total }) : "";
      submit.textContent = busy ? submit.textContent : !total ? t("placeOrder") :
        t(saved.method === "cod" ? "placeOrderCod" : "placeOrderPay", { total: total });
      submit.disabled = busy || navigator.onLine === false;
    }
    function mountCard() {
      if (cardEl) return;
      loadStripe().then(function (st) {
        if (!ctx.live() || cardEl) return;
        stripe = st;
        cardEl = st.elements().create("card");
        DM.clear(cardBox);
        cardEl.mount(cardBox);
        // localstripe's fields carry no labels of their own (Stripe's real ones live in a labelled iframe).
        Array.prototype.forEach.call(cardBox.querySelectorAll("input"), function (i) {
          var key = "c_" + i.getAttribute("placeholder");
          if (DM.has(key)) i.setAttribute("aria-label", t(key));
          i.setAttribute("inputmode", "numeric");
        });
      }, function () {
        if (ctx.live()) DM.fill(cardBox, h("span", { class: "field-err", text: t("cardFailed") }));
      });
    }
    function showSummary() {
      var items = cart.items();
      DM.fill(summary, [
        h("ul", { class: "lines" }, items.map(function (x) {
          return h("li", null, [h("span", { text: DM.tx(x.name) + " × " + x.quantity }), h("strong", { text: DM.money(x.price_paise * x.quantity) })]);
        })),
        quote ? DM.quoteSummary(quote, true) : h("p", { class: "subtotal" }, [h("span", { text: DM.subtotalLabel() }), h("strong", { text: DM.money(cart.subtotal()) })]),
        h("a", { href: "#/cart", text: t("editCart") }),
        returnsPolicy(quote)
      ]);
    }
    // The quote's policy ({en, hi}, its windows for these items filled in by the API).
    function returnsPolicy(q) {
      var text = q && DM.tx(q.returns_policy);
      return text ? h("section", { class: "policy", testid: "returns-policy", "aria-labelledby": "rp-h" }, [
        h("h3", { id: "rp-h", text: t("returnsTitle") }), h("p", { class: "small", text: text })]) : null;
    }
    // India Post's services for this cart abroad; the chosen one is sent with the order.
    function showServices() {
      var had = svcSlot.contains(document.activeElement) && document.activeElement.id;
      DM.fill(svcSlot, abroad && quote ? DM.ab.services(quote, function (id) {
        saved.service = id;
        DM.store.set("dm.service", id);
        requote();
      }, "co-svc") : null);
      if (had && document.getElementById(had)) document.getElementById(had).focus();
    }
    function requote() {
      var pin = inputs.pincode ? inputs.pincode.value.trim() : "";
      var pc = inputs.postal_code ? inputs.postal_code.value.trim() : "";
      if (!abroad && !/^[1-9]\d{5}$/.test(pin)) {
        if (quote) { quote = null; offer(payOptions(null)); showSummary(); }
        return;
      }
      var my = ++qseq;
      (abroad ? DM.ab.quote(cart.lines(), code, pc && DM.ab.postalOk(code, pc) ? pc : null, saved.service) :
        DM.quote(cart.lines(), pin, "IN")).then(function (q) {
        if (my !== qseq || !ctx.live()) return;
        quote = q;
        offer(payOptions(q, abroad));
        showSummary();
        showServices();
        DM.announce(t("quoteUpdated", { total: DM.money(q.totals.total_paise) }));
      }, function (err) {
        if (my !== qseq || !ctx.live()) return;
        quote = null; offer(payOptions(null, abroad)); showServices();
        if (inputs.pincode && (err.code === "invalid_pincode" || err.code === "unknown_pincode")) DM.fieldError(inputs.pincode, DM.errorText(err));
        if (err.code === "invalid_body" && err.details) err.details.forEach(function (d) {
          var k = String(d.field || "").split(".").pop();
          if (k === "postal_code" && inputs.postal_code) DM.fieldError(inputs.postal_code, fieldText(d));
        });
      });
    }
    // The number abroad without its country code (the shopper may have typed "+1 …").
    function localPhone() {
      var d = inputs.phone.value.replace(/[\s().-]/g, "");
      if (d.charAt(0) === "+") {
        d = d.slice(1);
        if (C.calling_code && d.indexOf(C.calling_code) === 0) d = d.slice(C.calling_code.length);
      }
      return d;
    }
    function postalProblem(where, value, required) {
      if (!value) return required ? t("required") : "";
      if (where === "IN") return /^[1-9]\d{5}$/.test(value) ? "" : t("e_invalid_pincode");
      var c = DM.ab.country(where) || {}, rule = c.postal_code || {};
      return DM.ab.postalOk(where, value) ? "" : t("badPostal", { label: DM.ab.postalLabel(where), ex: rule.example || "" });
    }
    function validate() {
      var bad = [];
      var v = function (k) { return inputs[k] ? inputs[k].value.trim() : ""; };
      var rules = {
        name: v("name").length >= 2 ? "" : v("name") ? t("badName") : t("required"),
        phone: abroad ? (/^[0-9]{4,14}$/.test(localPhone()) ? "" : v("phone") ? t("badPhoneAbroad", { code: calling }) : t("required")) :
          /^\+?[0-9]{8,15}$/.test(v("phone").replace(/[\s()-]/g, "")) ? "" : v("phone") ? t("badPhone") : t("required"),
        email: /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/.test(v("email")) ? "" : v("email") ? t("badEmail") : t("required"),
        line1: v("line1").length >= 3 ? "" : t("required"),
        city: v("city").length >= 2 ? "" : t("required"),
        state: v("state").length >= 2 || (abroad && !(stateRule && stateRule.required)) ? "" : t("required"),
        pincode: abroad || /^[1-9]\d{5}$/.test(v("pincode")) ? "" : v("pincode") ? t("e_invalid_pincode") : t("required"),
        postal_code: abroad ? postalProblem(code, v("postal_code"), postalRule.required) : ""
      };
      Object.keys(rules).forEach(function (k) {
        if (!inputs[k]) return;
        DM.fieldError(inputs[k], rules[k]);
        if (rules[k]) bad.push(inputs[k]);
      });
      if (abroad && !billSame.checked) {
        var b = function (k) { return binputs[k].value.trim(); };
        var brules = { name: b("name").length >= 2 ? "" : t("required"), line1: b("line1").length >= 3 ? "" : t("required"),
          city: b("city").length >= 2 ? "" : t("required"), state: "",
          postal_code: postalProblem(bcountry.value, b("postal_code"), bcountry.value === "IN" ||
            !!((DM.ab.country(bcountry.value) || {}).postal_code || {}).required) };
        Object.keys(brules).forEach(function (k) { DM.fieldError(binputs[k], brules[k]); if (brules[k]) bad.push(binputs[k]); });
      }
      return bad;
    }
    function fail(node) { busy = false; label(); DM.fill(formMsg, node); formMsg.scrollIntoView && formMsg.scrollIntoView({ block: "center" }); }
    function apiFail(err) {
      if (err.code === "invalid_body" && err.details) {
        var first = null;
        err.details.forEach(function (d) {
          var f = String(d.field || ""), k = f.split(".").pop();
          var el = /^billing\./.test(f) ? binputs[k] : k === "pincode" && !inputs.pincode ? inputs.postal_code : inputs[k];
          if (el && billBox && billBox.contains(el) && billSame.checked) { billSame.click(); }
          if (el) { DM.fieldError(el, abroad ? fieldText(d) : t("fixErrors")); first = first || el; }
        });
        if (first) first.focus();
      }
      var extra = err.code === "order_not_possible" ? problemList(err.details) : null;
      fail(h("div", { class: "notice err", role: "alert" }, [h("p", { text: DM.errorText(err) }), extra]));
    }
    // A Razorpay order: the payment window and what follows (js/pay-razorpay.js) take the
    // form's place; "Pay another way" cancels that order and draws the form again.
    function razorpay(o, method, contact) {
      var order = { id: o.order_id, token: o.order_token, payment: o.payment, method: method,
        total_paise: o.total_paise, contact: contact };
      var box = h("div", { class: "rzp-flow" });
      busy = false; label();
      form.hidden = true;
      s.appendChild(box);
      window.scrollTo(0, 0);
      (function start() {
        DM.fill(box, h("p", { class: "muted", role: "status", text: t("rzpOpening") }));
        DM.need("/js/pay-razorpay.js").then(function () {
          if (ctx.live()) DM.rzp.flow(ctx, box, order, ctx.rerender);
        }, function (err) {
          if (ctx.live()) DM.fill(box, DM.errorBox(err, start));
        });
      })();
    }
    function submitOrder(e) {
      e.preventDefault();
      if (busy) return;
      DM.clear(formMsg);
      if (navigator.onLine === false) { fail(h("p", { class: "notice err", role: "alert", text: t("needsNetwork") })); return; }
      var bad = validate();
      if (bad.length) { fail(h("p", { class: "notice err", role: "alert", text: t("fixErrors") })); bad[0].focus(); return; }
      var way = chosen() || {}, method = way.method, stripeCard = method === "card" && way.provider === "stripe";
      if (stripeCard && !cardEl) { cardMsg.textContent = t("cardFailed"); cardMsg.hidden = false; return; }
      busy = true; submit.disabled = true; submit.textContent = t("placing");
      var tokenStep = stripeCard ? stripe.createToken(cardEl) : Promise.resolve({});
      tokenStep.then(function (res) {
        if (res.error || (stripeCard && !(res.token && res.token.card))) {
          cardMsg.textContent = t("cardBad"); cardMsg.hidden = false;
          busy = false; label();
          return;
        }
        cardMsg.hidden = true;
        var v = function (k) { return inputs[k] ? inputs[k].value.trim() : ""; };
        var body = { items: cart.lines(), payment_method: method, language: DM.lang === "en" ? "en" : "hi",
          contact: { name: v("name"), phone: abroad ? calling + localPhone() : v("phone"), email: v("email") },
          address: abroad ? { line1: v("line1"), line2: v("line2"), city: v("city"), country: code } :
            { line1: v("line1"), line2: v("line2"), city: v("city"), state: v("state"), pincode: v("pincode") || null, country: "IN" } };
        if (abroad) {
          if (v("state")) body.address.state = v("state");
          if (v("postal_code")) body.address.postal_code = v("postal_code");
          var svc = (quote && quote.service) || saved.service;
          if (svc) body.service = svc;
          if (!billSame.checked) {
            var b = function (k) { return binputs[k].value.trim(); };
            body.billing = { name: b("name"), line1: b("line1"), line2: "", city: b("city"), country: bcountry.value };
            if (b("state")) body.billing.state = b("state");
            if (b("postal_code")) body.billing.postal_code = b("postal_code");
          }
        }
        return DM.api.post("/orders", body).then(function (o) {
          remember(o.order_id, o.order_token);
          if (method === "cod") { cart.clear(); location.hash = "#/order/" + encodeURIComponent(o.order_id); return; }
          cart.holdFor(o.order_id);    // emptied once paid: a failed payment keeps the cart
          if ((o.payment || {}).provider === "razorpay") { razorpay(o, method, body.contact); return; }
          submit.textContent = t("paying");
          return DM.api.post("/orders/" + encodeURIComponent(o.order_id) + "/pay", { payment_method: res.token.card.id },
            { "X-Order-Token": o.order_token }).then(function (pay) {
            if (!(pay && pay.status === "requires_action" && pay.client_secret)) return;
            // The bank wants 3-D Secure. If the shopper fails or abandons it, this order
            // will never be paid: cancel it now (stock back on sale) and offer a new try.
            return stripe.confirmCardPayment(pay.client_secret).then(function (r) {
              r = r || {};
              var pi = r.paymentIntent || {};
              if (!r.error && ["succeeded", "processing", "requires_capture"].indexOf(pi.status) >= 0) return;
              return DM.api.post("/orders/" + encodeURIComponent(o.order_id) + "/cancel",
                { reason: "card authentication failed" }, { "X-Order-Token": o.order_token })
                .catch(function () { /* the payment timeout cancels it anyway */ })
                .then(function () { throw new DM.ApiError(402, { error: { code: "authentication_failed" } }); });
            });
          }).then(function () {
            cart.settle(o.order_id, "paid");
            location.hash = "#/order/" + encodeURIComponent(o.order_id);
          }, function (err) {
            if (err.status !== 402) { location.hash = "#/order/" + encodeURIComponent(o.order_id); return; }
            cart.settle(o.order_id, "cancelled");  // the server cancelled that order; the same cart can be tried again
            if (cardEl) { cardEl.destroy(); cardEl = null; }
            mountCard();
            fail(h("div", { class: "notice err", role: "alert" }, [h("p", { text: t(err.code === "authentication_failed" ? "authFailed" : "declined") }),
              h("button", { type: "button", class: "btn ghost", text: t("tryAgain"), onclick: function () {
                DM.clear(formMsg);
                var first = cardBox.querySelector("input");
                if (first) first.focus();
              } })]));
          });
        }, apiFail);
      }).catch(function (err) { apiFail(err instanceof DM.ApiError ? err : new DM.ApiError(0, null)); });
    }

    var form = h("form", { class: "co", novalidate: true, onsubmit: submitOrder }, [
      h("div", { class: "co-main" }, [
        h("fieldset", { class: "box" }, [h("legend", { text: t("contact") }), fieldBoxes.name, fieldBoxes.phone, fieldBoxes.email]),
        h("fieldset", { class: "box" }, [h("legend", { text: t("address") }), country, fieldBoxes.line1, fieldBoxes.line2, fieldBoxes.city,
          fieldBoxes.state || null, abroad ? fieldBoxes.postal_code : fieldBoxes.pincode,
          abroad ? h("p", { class: "check" }, [billSame, " ", h("label", { for: "co-bill-same", text: t("billingSame") })]) : null]),
        billBox,
        svcSlot,
        h("fieldset", { class: "box" }, [h("legend", { text: t("payment") }), choiceList, codNote]),
        offline, formMsg, inrNote, submit,
        h("p", { class: "muted small", text: t("privacy") })
      ]),
      h("aside", { class: "panel", "aria-labelledby": "sum-h" }, [h("h2", { id: "sum-h", text: t("summary") }), summary])
    ]);
    s.appendChild(form);
    cardBox.setAttribute("aria-labelledby", "card-h");
    cardBox.setAttribute("role", "group");
    showSummary(); offer(payOptions(null, abroad)); requote();
    function net() { offline.hidden = navigator.onLine !== false; label(); }
    ctx.listen("online", net);
    ctx.listen("offline", net);
    ctx.onLeave(function () { if (cardEl) { try { cardEl.destroy(); } catch (e) { /* already gone */ } } });
    ctx.ready();
  }
})(window.DM);
