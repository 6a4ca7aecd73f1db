// Selling abroad, loaded only for a shopper who ships to another country (DM.abroad, js/cart.js):
// the served countries and their rules (GET /abroad, kept for the session), the "ship to"
// choice, approximate prices in the shopper's currency (the card is charged in rupees),
// whether a product can be sent there, India Post's services in the cart and checkout.
(function (DM) {
  "use strict";
  var h = DM.h, t = DM.t;
  // Strings only this module shows: loaded with it, not with every page (as js/checkout.js).
  DM.strings({
    shipNow: ["Shipping to {country}", "{country} भेजा जाएगा"],
    approxTitle: ["Approximate, charged in Indian rupees", "अनुमानित; भुगतान भारतीय रुपये में होगा"],
    approxVh: ["approximately {amount}, charged in Indian rupees", "लगभग {amount}, भुगतान भारतीय रुपये में"],
    shipsAbroad: ["Ships abroad by India Post", "इंडिया पोस्ट से विदेश भेजा जाता है"],
    notAbroad: ["Cannot be sent to {country}:", "{country} नहीं भेजा जा सकता:"],
    postageInCart: ["India Post's postage to {country} is shown in the cart.", "{country} तक इंडिया पोस्ट का डाक ख़र्च कार्ट में दिखेगा।"],
    service: ["Postal service (India Post)", "डाक सेवा (इंडिया पोस्ट)"],
    daysRange: ["{a}–{b} days", "{a}–{b} दिन"],
    etaRange: ["Usually arrives in {a}–{b} days", "आम तौर पर {a}–{b} दिन में पहुँचता है"],
    serviceOff: ["Not available for this parcel", "इस पार्सल के लिए उपलब्ध नहीं"],
    optional: ["{label} (optional)", "{label} (वैकल्पिक)"],
    postalHint: ["For example {ex}", "उदाहरण: {ex}"],
    badPostal: ["This is not a valid {label}. For example {ex}.", "यह सही {label} नहीं है। उदाहरण: {ex}।"],
    chargedInr: ["Your card is charged in Indian rupees: {amount}.", "आपके कार्ड से भारतीय रुपये में {amount} लिए जाएँगे।"],
    approxAsOf: ["Amounts in {cur} are approximate (rate of {date}); your bank converts the rupee amount.", "{cur} में राशि अनुमानित है ({date} की दर); रुपये की राशि आपका बैंक बदलेगा।"],
    cardOnly: ["Abroad, orders are paid by card only (no cash on delivery, no UPI).", "विदेश के ऑर्डर का भुगतान सिर्फ़ कार्ड से (कैश ऑन डिलीवरी और UPI नहीं)।"],
    phoneAbroad: ["Phone number (without {code})", "फ़ोन नंबर ({code} के बिना)"],
    badPhoneAbroad: ["Enter the phone number without the country code {code}.", "देश के कोड {code} के बिना फ़ोन नंबर डालें।"],
    billingSame: ["Billing address same as shipping", "बिलिंग पता वही है जो डिलीवरी का"],
    billing: ["Billing address (the card's)", "बिलिंग पता (कार्ड का)"],
    postalCode: ["Postal code", "पोस्टल कोड"],
    addr2: ["Apartment, suite, floor (optional)", "फ़्लैट, सुइट, मंज़िल (वैकल्पिक)"],
    exportLine: ["Sent abroad without GST: {amount}", "विदेश भेजने पर जीएसटी के बिना: {amount}"],
    exportFrom: ["Sent abroad without GST: from {amount}", "विदेश भेजने पर जीएसटी के बिना: {amount} से"],
    e_service_not_possible: ["The postal service you chose cannot carry these parcels. Please choose the other one.", "आपकी चुनी डाक सेवा ये पार्सल नहीं ले जा सकती। कृपया दूसरी सेवा चुनें।"]
  });
  var KEY = "dm.abroad";
  var ab = DM.ab = { data: null };
  var loading = null, observer = null;

  function good(d) { return d && Array.isArray(d.countries) && d.services && typeof d.services === "object"; }
  // GET /abroad once a session (sessionStorage), never for a shopper in India until asked.
  ab.ready = function () {
    if (ab.data) return Promise.resolve(ab);
    if (!loading) {
      var kept = null;
      try { kept = JSON.parse(sessionStorage.getItem(KEY)); } catch (e) { /* storage off */ }
      loading = (good(kept) ? Promise.resolve(kept) : DM.api.get("/abroad").then(function (d) {
        if (!good(d)) throw new DM.ApiError(500, null);
        try { sessionStorage.setItem(KEY, JSON.stringify(d)); } catch (e) { /* storage full or off */ }
        return d;
      })).then(function (d) {
        ab.data = d;
        var c = DM.country();
        if (c !== "IN" && !ab.country(c)) DM.store.set("dm.country", "IN");   // no longer served
        if (DM.country() !== "IN") start();
        redraw();
        return ab;
      });
      loading.catch(function () { loading = null; });
    }
    return loading;
  };
  ab.country = function (code) {
    return ((ab.data && ab.data.countries) || []).filter(function (c) { return c.code === code; })[0] || null;
  };
  function nameOf(code) {
    var c = ab.country(code);
    return code === "IN" ? t("india") : c ? DM.tx(c.name) : code;
  }
  ab.nameOf = nameOf;

  // --- the "ship to" choice ---------------------------------------------------------------

  function redraw() {
    Array.prototype.forEach.call(document.querySelectorAll(".ship-to"), function (box) {
      if (!box.redraw) return;
      var had = box.contains(document.activeElement) && document.activeElement.id;
      box.redraw();
      if (had && document.getElementById(had)) document.getElementById(had).focus();
    });
  }
  ab.picker = function (id, label) {
    var now = DM.country();
    var sel = h("select", { id: id, name: "country", autocomplete: "country", testid: "ship-country",
      onchange: function () { ab.choose(sel.value, id); } },
      // India first, then the countries by their name in the shop's language
      [["IN", t("india")]].concat(ab.data.countries.map(function (c) { return [c.code, DM.tx(c.name)]; })
        .sort(function (a, b) { return a[1].localeCompare(b[1], DM.lang === "hi" ? "hi" : "en"); })).map(function (c) {
        return h("option", { value: c[0], text: c[1], selected: c[0] === now });
      }));
    return [h("label", { for: id, text: label || t("shipToLabel") }), sel];
  };
  // The shopper picked a country: English first for a buyer abroad who has not chosen a
  // language; the page drawn again for it (a pre-rendered page is loaded again).
  ab.choose = function (code, focusId) {
    if (code === DM.country()) return;
    DM.store.set("dm.country", code);
    var moved = false;
    if (code !== "IN" && DM.lang !== "en" && !DM.store.get("dm.langChosen")) {
      DM.setLang("en");
      DM.localize();
      moved = true;
    }
    if (code !== "IN") start(); else stop();
    DM.emit("dm:country", code);
    var r = DM.route();
    if (r.page && r.name !== "notfound") {
      if (moved) location.href = DM.pagePath(r.name, r.id);
      else location.reload();
      return;
    }
    redraw();
    DM.render(false);
    var again = focusId && document.getElementById(focusId);
    if (again) again.focus();
    DM.announce(t("shipNow", { country: nameOf(code) }));
  };

  // --- money in the shopper's currency ----------------------------------------------------

  // The shopper's currency's rate ({currency, per_inr, exponent, symbol}), or null (India, no
  // rates yet, a currency without one).
  function rate() {
    var c = ab.country(DM.country()), fx = ab.data && ab.data.fx;
    var r = c && fx && fx.currencies && fx.currencies[c.currency];
    return r ? { currency: c.currency, per_inr: r.per_inr, exponent: r.exponent, symbol: r.symbol, as_of: fx.as_of } : null;
  }
  ab.rate = rate;
  function pow10(n) { return "1" + new Array(n + 1).join("0"); }
  // round_half_up(paise / 100 * per_inr * 10^exponent), in integers (BigInt where there is one).
  ab.convert = function (paise, r) {
    var m = /^(\d+)(?:\.(\d+))?$/.exec(String(r.per_inr));
    if (!m || !(paise >= 0)) return null;
    var digits = (m[1] + (m[2] || "")).replace(/^0+(?=\d)/, ""), scale = 2 + (m[2] || "").length;
    if (typeof BigInt === "function") {
      var num = BigInt(Math.round(paise)) * BigInt(digits) * BigInt(pow10(r.exponent));
      var den = BigInt(pow10(scale)), two = BigInt(2);
      return Number((two * num + den) / (two * den));
    }
    return Math.floor(paise * Number(digits) * Math.pow(10, r.exponent) / Math.pow(10, scale) + 0.5);
  };
  // Minor units as the shopper reads them: "US$12.40", "JP¥1,790", "KD3.125".
  ab.format = function (minor, r) {
    var exp = r.exponent || 0;
    var nf = new Intl.NumberFormat(DM.lang === "hi" ? "hi-IN" : "en-US",
      { minimumFractionDigits: exp, maximumFractionDigits: exp });
    return (r.symbol || r.currency + " ") + nf.format(minor / Math.pow(10, exp));
  };
  // "≈ US$12.40", marked approximate for eyes (title) and screen readers (its hidden words).
  function approxNode(text) {
    return h("span", { class: "approx", testid: "approx", title: t("approxTitle") }, [
      h("span", { "aria-hidden": "true", text: "≈ " + text }),
      h("span", { class: "vh", text: t("approxVh", { amount: text }) })]);
  }
  ab.approx = function (paise) {
    var r = rate(), minor = r && ab.convert(paise, r);
    return minor == null || minor === false ? null : approxNode(ab.format(minor, r));
  };
  // A quote's own conversion (minor units the server worked out).
  function quoted(q, key) {
    var a = q && q.approx;
    return a && typeof a[key] === "number" ? approxNode(ab.format(a[key], a)) : null;
  }
  ab.quoted = function (a, minor) { return typeof minor === "number" ? approxNode(ab.format(minor, a)) : null; };

  // "₹1,23,456.5" (DM.money) -> 12345650 paise; null for anything else.
  function paiseOf(text) {
    var m = /^₹([\d,]+)(?:\.(\d{1,2}))?$/.exec(String(text || "").trim());
    if (!m) return null;
    return parseInt(m[1].replace(/,/g, ""), 10) * 100 + parseInt(((m[2] || "") + "00").slice(0, 2), 10);
  }
  // Prices on the page (product cards and the product's price, drawn here or on the server;
  // the cart's lines) get their approximation; a price drawn again gets it again.
  function decorate() {
    if (!rate()) return;
    Array.prototype.forEach.call(document.querySelectorAll("main .price, main .cl-price"), function (el) {
      if (el.querySelector(".approx")) return;
      var src = el.classList.contains("price") ? el.querySelector("strong") : el.firstChild;
      var node = src && ab.approx(paiseOf(src.textContent));
      if (node) el.appendChild(node);
    });
  }
  var pending = false;
  function start() {
    decorate();
    var main = document.getElementById("main");
    if (observer || !main || !window.MutationObserver) return;
    observer = new MutationObserver(function () {
      if (pending) return;
      pending = true;
      setTimeout(function () { pending = false; decorate(); }, 0);
    });
    observer.observe(main, { childList: true, subtree: true });
  }
  function stop() {
    if (observer) { observer.disconnect(); observer = null; }
    Array.prototype.forEach.call(document.querySelectorAll("main .approx"), function (n) { n.remove(); });
  }
  ab.start = start;

  // --- the product page -------------------------------------------------------------------

  // Whether this product can be sent to the shopper's country (the product's `export`, read
  // fresh: a pre-rendered page may be older than the maker's export papers).
  // The price sent abroad: without GST (exports are zero-rated; only GST-registered makers
  // export, so the listed price includes it), worked out as the server does (half up).
  function exportPrice(p) {
    var prices = (p.variants || []).map(function (v) { return v.price_paise; }).filter(function (x) { return typeof x === "number"; });
    if (!prices.length || typeof p.gst_rate_bp !== "number") return null;
    var gross = Math.min.apply(null, prices), den = 10000 + p.gst_rate_bp;
    var taxable = Math.floor((2 * gross * 10000 + den) / (2 * den));
    return h("p", { class: "export-price", testid: "export-price" },
      [t("exportFrom", { amount: DM.money(taxable) }), " ", ab.approx(taxable)]);
  }
  ab.product = function (p, box) {
    var code = DM.country(), where = nameOf(code);
    DM.fill(box, h("p", { class: "muted", text: t("loading") }));
    DM.api.get("/products/" + encodeURIComponent(p.id)).then(function (fresh) {
      var ex = fresh && fresh.export;
      var ok = !ex || ex.ok !== false;
      DM.fill(box, [
        h("p", { class: ok ? "ok export" : "export no", testid: "export-status", "data-ok": ok ? "true" : "false" },
          ok ? t("shipsAbroad") : [h("strong", { text: t("notAbroad", { country: where }) }), " ",
            h("span", { text: DM.tx(ex.problem) })]),
        ok ? exportPrice(fresh) : null,
        ok ? h("p", { class: "muted small", text: t("postageInCart", { country: where }) }) : null
      ]);
    }, function (err) { DM.fill(box, DM.errorBox(err)); });
  };

  // --- quotes abroad ----------------------------------------------------------------------

  ab.quote = function (items, code, postal, service) {
    var body = { items: items, country: code, pincode: null };
    if (postal) body.postal_code = postal;
    if (service) body.service = service;
    return DM.api.post("/quotes", body);
  };
  ab.postalOk = function (code, value) {
    var c = ab.country(code), rule = c && c.postal_code;
    if (!value) return !(rule && rule.required);
    if (!rule || !rule.pattern) return true;
    // as the server reads it: upper case, single spaces
    try { return new RegExp(rule.pattern).test(value.trim().toUpperCase().replace(/\s+/g, " ")); } catch (e) { return true; }
  };
  ab.postalLabel = function (code) {
    var c = ab.country(code);
    return (c && c.postal_code && DM.tx(c.postal_code.label)) || t("f_postal");
  };
  function days(d) { return Array.isArray(d) && d.length === 2 ? t("daysRange", { a: d[0], b: d[1] }) : ""; }
  function chosenService(q) {
    return (q.services || []).filter(function (s) { return s.id === q.service; })[0] || null;
  }
  // India Post's services for this cart: radios with price and days; one that cannot take
  // the parcel disabled, with the reason.
  ab.services = function (q, pick, idp) {
    var list = q.services || [];
    if (!list.length) return null;
    idp = idp || "svc";
    return h("fieldset", { class: "services", testid: "services" }, [h("legend", { text: t("service") })].concat(list.map(function (s) {
      var id = idp + "-" + s.id, off = !s.available;
      var price = typeof s.shipping_paise === "number" ? DM.money(s.shipping_paise) : "";
      var approx = typeof s.shipping_paise === "number" ? ab.approx(s.shipping_paise) : null;
      var why = (s.problems || []).map(function (p) { return DM.tx(p); }).join(" ");
      return h("div", { class: "svc" + (off ? " off" : ""), testid: "service-" + s.id }, [
        h("input", { type: "radio", name: idp, id: id, value: s.id, disabled: off, checked: s.id === q.service,
          "aria-describedby": id + "-d", onchange: function () { pick(s.id); } }),
        h("label", { for: id }, [h("strong", { text: DM.tx(s.name) || s.id }), price ? " " : null, price ? h("span", { text: price }) : null, approx]),
        h("span", { class: off ? "svc-d field-err" : "svc-d muted small", id: id + "-d",
          text: off ? t("serviceOff") + (why ? ": " + why : "") + (days(s.days) ? " · " + days(s.days) : "") : days(s.days) })
      ]);
    })));
  };
  // The quote's sums, each with its approximation; what the card is charged (rupees).
  ab.summary = function (q, full) {
    var T = q.totals || {}, svc = chosenService(q), a = q.approx;
    var rows = [[t("shipping") + (svc ? " — " + DM.tx(svc.name) : ""), T.shipping_paise || 0, "shipping"]];
    if (full) {
      rows.unshift([t("items"), T.items_paise || 0, "items"]);
      rows.push([t("total"), T.total_paise || 0, "total"]);
    }
    var problems = DM.problemsOf(q);
    return h("div", { class: "quote" }, [
      h("p", { class: "q-place", text: t("shipTo", { place: nameOf((q.destination || {}).country || DM.country()) }) }),
      svc && days(svc.days) ? h("p", { class: "muted", text: t("etaRange", { a: svc.days[0], b: svc.days[1] }) }) : null,
      h("dl", { class: "sums" }, rows.map(function (r, i) {
        return h("div", { class: full && i === rows.length - 1 ? "sum total" : "sum", testid: "sum-" + r[2] }, [
          h("dt", { text: r[0] }), h("dd", null, [DM.money(r[1]), quoted(q, r[2])])]);
      })),
      full ? h("p", { class: "small", testid: "charged-inr", text: t("chargedInr", { amount: DM.money(T.total_paise || 0) }) }) : null,
      full && a ? h("p", { class: "muted small", text: t("approxAsOf", { cur: a.currency, date: a.as_of || "" }) }) : null,
      full ? h("p", { class: "muted small", text: t("exportNote") }) : null,
      full && (q.parcels || []).length > 1 ? h("p", { class: "muted", text: t("parcels", { n: q.parcels.length }) }) : null,
      h("p", { class: "muted small", text: t("cardOnly") }),
      problems.length ? h("ul", { class: "problems", role: "alert" }, problems.map(function (p) { return h("li", { text: p }); })) : null
    ]);
  };
  // Each cart line's own problems under it (the quote's list says them too).
  ab.markLines = function (list, q) {
    Array.prototype.forEach.call(list.querySelectorAll(".cl-problems, .cl-export"), function (n) { n.remove(); });
    (q.lines || []).forEach(function (l) {
      var li = list.querySelector('[data-line="' + String(l.product_id + "/" + l.variant_id).replace(/["\\]/g, "\\$&") + '"] .cl-body');
      if (!li) return;
      if ((l.problems || []).length) {
        li.appendChild(h("ul", { class: "cl-problems problems", testid: "line-problems" },
          l.problems.map(function (p) { return h("li", { text: DM.tx(p) }); })));
      } else if (l.line_total_paise < l.unit_price_paise * l.quantity) {
        // the line's price shown is India's (GST included); an export pays it without GST
        li.appendChild(h("p", { class: "cl-export muted small", testid: "line-export" },
          [t("exportLine", { amount: DM.money(l.line_total_paise) }), " ", ab.approx(l.line_total_paise)]));
      }
    });
  };
  // The cart's box abroad: an optional postal code, the services, the sums. `refresh()`
  // quotes again (the cart changed).
  ab.quoteBox = function (opts) {
    var code = DM.country(), c = ab.country(code) || {};
    var out = h("div", { class: "q-out", "aria-live": "polite", testid: "abroad-quote" });
    var keptPostal = DM.store.get("dm.postal") || {};
    var label = ab.postalLabel(code);
    var input = h("input", { type: "text", autocomplete: "postal-code", maxlength: "12", class: "pin", testid: "quote-postal",
      value: keptPostal.country === code ? keptPostal.value || "" : "" });
    var ex = c.postal_code && c.postal_code.example;
    var seq = 0;
    function run() {
      var v = input.value.trim();
      if (v && !ab.postalOk(code, v)) {
        DM.fieldError(input, t("badPostal", { label: label, ex: ex || "" }));
        return;
      }
      DM.fieldError(input, "");
      DM.store.set("dm.postal", { country: code, value: v });
      var my = ++seq;
      if (!out.firstChild) DM.fill(out, h("p", { class: "muted", text: t("loading") }));
      ab.quote(opts.items(), code, v || null, DM.store.get("dm.service")).then(function (q) {
        if (my !== seq) return;
        var had = out.contains(document.activeElement) && document.activeElement.id;
        DM.fill(out, [ab.services(q, function (id) { DM.store.set("dm.service", id); run(); }, opts.id + "-svc"),
          ab.summary(q, opts.full)]);
        if (had && document.getElementById(had)) document.getElementById(had).focus();
        if (opts.onQuote) opts.onQuote(q);
      }, function (err) {
        if (my === seq) DM.fill(out, h("p", { class: "field-err", text: DM.errorText(err) }));
      });
    }
    var form = h("form", { class: "pinbox", novalidate: true, onsubmit: function (e) { e.preventDefault(); run(); } }, [
      h("div", { class: "row" }, [DM.field(opts.id, t("optional", { label: label }), input, ex ? t("postalHint", { ex: ex }) : null),
        h("button", { type: "submit", class: "btn ghost", text: t("check") })])
    ]);
    input.addEventListener("change", run);
    var box = h("div", { class: "pin-wrap" }, [form, out]);
    box.refresh = run;
    run();
    return box;
  };

  var CSS = ".approx{display:block;white-space:nowrap;flex-basis:100%;font-size:.85rem;font-weight:400;color:#5b4636}" +
    ".sum dd .approx{font-size:.8rem}.pdp-price .approx{font-size:.95rem}" +
    ".ship-to{display:flex;flex-wrap:wrap;align-items:center;gap:4px 8px;margin:0 0 12px}" +
    ".ship-to select{min-height:44px;padding:6px 8px;border:1px solid #8a7a6a;border-radius:8px;background:#fff}" +
    ".services{border:1px solid #d9cbb8;border-radius:8px;padding:8px 12px;margin:0 0 12px}" +
    ".svc{display:grid;grid-template-columns:24px 1fr;gap:0 8px;padding:8px 0}.svc+.svc{border-top:1px solid #e7dccd}" +
    ".svc input{width:20px;height:20px;margin:2px 0 0}.svc label{cursor:pointer}.svc label strong{display:block}.svc .svc-d{grid-column:2}" +
    ".svc.off label{color:#6b625a}.export.no{color:#9f1239}.cl-problems{margin:6px 0 0}" +
    ".check{display:flex;align-items:center;gap:8px;margin:4px 0 0}.check input{width:20px;height:20px;flex:none}" +
    ".phone-row{display:flex;align-items:stretch;gap:6px}.phone-row .cc{display:flex;align-items:center;padding:0 10px;border:1px solid #8a7a6a;border-radius:8px;background:#f6efe6;font-weight:600}" +
    ".phone-row input{flex:1;min-width:0}";
  var style = document.createElement("style");
  style.textContent = CSS;
  document.head.appendChild(style);
})(window.DM);
