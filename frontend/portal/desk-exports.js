// The review desk's selling abroad (issue 20), loaded by desk.js the first time one of its
// pages opens:
//   "#/desk/export-profiles?status=pending|approved|rejected"  makers' export papers
//       (GET /admin/export-profiles): IEC, AD code, the LUT's ARN, year and validity, GSTIN;
//       approve, or reject with a reason the maker reads (POST /admin/vendors/<id>/export/…);
//   "#/desk/exports?month=YYYY-MM"  the export register (GET /admin/exports, this month by
//       default): totals; parcels and value by country, category, block and maker; the parcels,
//       those waiting for the bank's realisation marked, with "record realisation"
//       (POST /admin/exports/<parcel>/realisation) and the parcel's export papers
//       (GET /admin/parcels/<id>/export-papers, documents.js).
// Everything from the API reaches the page as text (DM.h), never as HTML.
(function (DM) {
  "use strict";
  var h = DM.h, t = DM.t, F = DM.form, D = DM.desk;
  var STATUSES = ["pending", "approved", "rejected"];

  DM.strings({
    dkxProfilesLead: ["Makers who want to sell abroad send their Import Export Code, their bank's AD code and this financial year's Letter of Undertaking. Check them against the papers (the LUT's ARN on the GST portal, the IEC at DGFT); a reason you write is shown to the maker.", "विदेश में बेचने वाले कारीगर अपना आयात-निर्यात कोड, बैंक का AD कोड और इस वित्त वर्ष का वचन-पत्र (LUT) भेजते हैं। इन्हें कागज़ों से मिलाएँ (LUT का ARN GST पोर्टल पर, IEC DGFT पर); आपका लिखा कारण कारीगर को दिखता है।"],
    dkxShow: ["Show export papers that are", "ये निर्यात के कागज़ दिखाएँ"],
    dkxs_none: ["Not sent", "नहीं भेजे"],
    dkxs_pending: ["Waiting for a decision", "फ़ैसले के इंतज़ार में"],
    dkxs_approved: ["Approved", "मंज़ूर"],
    dkxs_rejected: ["Rejected", "अस्वीकृत"],
    dkxIec: ["Import Export Code (IEC)", "आयात-निर्यात कोड (IEC)"],
    dkxAd: ["Bank's AD code", "बैंक का AD कोड"],
    dkxArn: ["LUT: ARN", "LUT: ARN"],
    dkxFy: ["LUT: financial year", "LUT: वित्त वर्ष"],
    dkxLutValid: ["LUT: valid", "LUT: मान्य"],
    dkxFromTo: ["{from} to {to}", "{from} से {to} तक"],
    dkxSentOn: ["Sent", "भेजा"],
    dkxReadyUntil: ["Can sell abroad until", "विदेश में कब तक बेच सकते हैं"],
    dkxProblems: ["What stops sales abroad now", "अभी विदेश में बिक्री किस कारण रुकी है"],
    dkxDecide: ["Decide on the export papers of {name}", "{name} के निर्यात के कागज़ों पर फ़ैसला करें"],
    dkxApproved: ["Approved: {name} can sell abroad.", "मंज़ूर: {name} विदेश में बेच सकते हैं।"],
    dkxRejected: ["Rejected: {name} reads your reason.", "अस्वीकृत: {name} आपका कारण पढ़ेंगे।"],
    dkxNone: ["No export papers here.", "यहाँ निर्यात के कोई कागज़ नहीं।"],
    // the register
    dkxRegisterLead: ["Parcels sent abroad in the month, paid: what went where, and whether the bank has realised the payment (export proceeds must be realised within the RBI's time limit; record each realisation here with the bank's reference).", "महीने में विदेश भेजे गए, भुगतान हो चुके पार्सल: क्या कहाँ गया, और बैंक में भुगतान की प्राप्ति (realisation) हुई या नहीं (निर्यात की रकम RBI की समय-सीमा में मिलनी चाहिए; हर प्राप्ति बैंक के संदर्भ नंबर के साथ यहाँ दर्ज करें)।"],
    dkxMonth: ["Month", "महीना"],
    dkxTotals: ["The month's totals", "महीने का जोड़"],
    dkxParcels: ["Parcels", "पार्सल"],
    dkxValue: ["Value (₹)", "मूल्य (₹)"],
    dkxAwaiting: ["Waiting for the bank's realisation", "बैंक में प्राप्ति बाकी"],
    dkxAwaitingIs: ["Parcels: {n} · {amount}", "पार्सल: {n} · {amount}"],
    dkxReasonHint: ["Needed to reject; the maker reads it.", "अस्वीकार करने के लिए ज़रूरी; कारीगर इसे पढ़ते हैं।"],
    dkxByCountry: ["By country", "देश के हिसाब से"],
    dkxByCategory: ["By category", "श्रेणी के हिसाब से"],
    dkxByBlock: ["By block", "प्रखंड के हिसाब से"],
    dkxByMaker: ["By maker", "कारीगर के हिसाब से"],
    dkxCountry: ["Country", "देश"],
    dkxParcelList: ["Parcels sent abroad", "विदेश भेजे गए पार्सल"],
    dkxParcel: ["Parcel", "पार्सल"],
    dkxOrder: ["order {id}", "ऑर्डर {id}"],
    dkxForeign: ["In the buyer's currency", "ख़रीदार की मुद्रा में"],
    dkxPaid: ["Paid", "भुगतान"],
    dkxStatus: ["Status", "स्थिति"],
    dkxRealisation: ["Bank's realisation", "बैंक में प्राप्ति"],
    dkxPapers: ["Export papers", "निर्यात के कागज़"],
    dkxWaiting: ["Waiting for the bank", "बैंक में बाकी"],
    dkxRealised: ["Realised on {date}", "{date} को प्राप्त"],
    dkxRef: ["Ref. {ref}", "संदर्भ {ref}"],
    dkxRecord: ["Record realisation", "प्राप्ति दर्ज करें"],
    dkxRecordOf: ["Realisation of parcel {id}", "पार्सल {id} की प्राप्ति"],
    dkxBankRef: ["Bank's reference (e.g. e-BRC or FIRC number)", "बैंक का संदर्भ (जैसे e-BRC या FIRC नंबर)"],
    dkxRealisedOn: ["Realised on", "किस तारीख़ को प्राप्त हुआ"],
    dkxNotFuture: ["The date cannot be in the future.", "तारीख़ आगे की नहीं हो सकती।"],
    dkxSave: ["Record", "दर्ज करें"],
    dkxRecorded: ["Recorded: parcel {id} realised on {date}.", "दर्ज हुआ: पार्सल {id} की प्राप्ति {date} को।"],
    dkxPrint: ["Print", "छापें"],
    dkxCsv: ["CSV", "CSV"],
    dkxJson: ["JSON", "JSON"],
    dkxPapersOf: ["export papers of parcel {id}", "पार्सल {id} के निर्यात के कागज़"],
    dkxEarlier: ["Earlier months, still waiting for the bank", "पिछले महीनों के पार्सल, बैंक में प्राप्ति अब भी बाकी"],
    dkxEmpty: ["Nothing went abroad in this month.", "इस महीने कुछ भी विदेश नहीं गया।"],
    dkxNothing: ["none", "कोई नहीं"]
  });

  // A date (YYYY-MM-DD) as people read it.
  function day(iso) {
    if (!iso) return "";
    var d = new Date(String(iso).slice(0, 10) + "T00:00:00");
    if (isNaN(d.getTime())) return String(iso);
    return d.toLocaleDateString(DM.lang === "hi" ? "hi-IN" : "en-IN", { day: "numeric", month: "short", year: "numeric" });
  }
  // Days and months in India's time (the register's months are India's), wherever the desk is.
  function india() { return new Date(Date.now() + 330 * 60000); }
  function today() {
    var d = india();
    return d.getUTCFullYear() + "-" + String(d.getUTCMonth() + 1).padStart(2, "0") + "-" + String(d.getUTCDate()).padStart(2, "0");
  }
  // An amount in the buyer's currency from its minor units (USD 2 digits, JPY 0, KWD 3).
  function foreign(minor, currency) {
    if (minor == null || !currency) return "";
    try {
      var fmt = new Intl.NumberFormat(DM.lang === "hi" ? "hi-IN" : "en-IN", { style: "currency", currency: currency });
      return fmt.format(minor / Math.pow(10, fmt.resolvedOptions().maximumFractionDigits));
    } catch (e) { return currency + " " + minor; }
  }
  function country(code) {
    return code ? DM.countryName(code) + (DM.countryName(code) !== code ? " (" + code + ")" : "") : "";
  }

  // --- makers' export papers -----------------------------------------------------------
  function profileItem(v, decided) {
    var x = v.export || {}, lut = x.lut || {}, name = DM.tx(v.name) || v.vendor_id, hid = "dkx-" + v.vendor_id;
    var path = "/admin/vendors/" + encodeURIComponent(v.vendor_id) + "/export";
    var problems = (x.problems || []).filter(function (p) { return ["export_profile_pending", "export_profile_rejected"].indexOf(p.code) < 0; });
    var li = h("li", { class: "panel dk-item", testid: "desk-export-profile", "data-id": v.vendor_id, "data-status": x.status || "",
      "aria-labelledby": hid }, [
      h("h2", { id: hid, tabindex: "-1" }, D.pair(v.name)),
      h("p", { class: "badges" }, [D.chip("dkxs_", x.status || "none", "export-status")]),
      x.review_reason && x.status === "rejected" ? h("p", { class: "reason" }, [t("dkReasonWas"), h("span", { text: x.review_reason })]) : null,
      D.facts([
        [t("dkxIec"), x.iec ? h("span", { testid: "x-iec", text: x.iec }) : D.missing()],
        [t("dkxAd"), x.ad_code ? h("span", { testid: "x-ad", text: x.ad_code }) : D.missing()],
        [t("dkxArn"), lut.arn ? h("span", { testid: "x-arn", text: lut.arn }) : D.missing()],
        [t("dkxFy"), lut.financial_year || D.missing()],
        [t("dkxLutValid"), lut.valid_from || lut.valid_to ? h("span", { testid: "x-lut-valid", text: t("dkxFromTo", { from: day(lut.valid_from), to: day(lut.valid_to) }) }) : D.missing()],
        [t("dkGstStatus"), v.gst_status ? t("dkgs_" + v.gst_status, { n: "" }) : D.missing()],
        [t("dkGstin"), v.gstin ? h("span", { testid: "x-gstin", text: v.gstin }) : D.missing()],
        [t("dkBlock"), v.block ? DM.block(v.block) : null],
        [t("dkxSentOn"), x.submitted_at ? DM.date(x.submitted_at) : null],
        [t("dkxReadyUntil"), x.status === "approved" && x.ready_until ? day(x.ready_until) : null]
      ]),
      problems.length ? h("div", { class: "notice err", testid: "x-problems" }, [h("p", { text: t("dkxProblems") }),
        h("ul", null, problems.map(function (p) { return h("li", { "data-code": p.code, text: DM.tx(p) || p.code }); }))]) : null
    ]);
    if (x.status === "pending") {
      DM.add(li, D.decision({ name: name, testid: "export", title: t("dkxDecide", { name: name }), reasonHint: "dkxReasonHint",
        send: function (approve, reason) { return DM.session.post(path + (approve ? "/approve" : "/reject"), approve ? {} : { reason: reason }); },
        done: function (res, approved) { decided(li, t(approved ? "dkxApproved" : "dkxRejected", { name: name })); } }));
    }
    return li;
  }
  D.tabs["export-profiles"] = function (ctx, body) {
    return D.statusQueue(ctx, body, { tab: "export-profiles", statuses: STATUSES, prefix: "dkxs_", label: "dkxShow", testid: "export-profile",
      path: "/admin/export-profiles", draw: profileItem, lead: h("p", { class: "lead", text: t("dkxProfilesLead") }) });
  };

  // --- the export register ---------------------------------------------------------------
  function months() {
    var out = [], d = india();
    for (var i = 0; i < 12; i++) {
      var m = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - i, 15));
      out.push([m.getUTCFullYear() + "-" + String(m.getUTCMonth() + 1).padStart(2, "0"),
        m.toLocaleDateString(DM.lang === "hi" ? "hi-IN" : "en-IN", { month: "long", year: "numeric", timeZone: "UTC" })]);
    }
    return out;
  }
  // One summary table (key, parcels, value), captioned; `label(row)` names the key.
  function group(id, caption, keyHead, rows, label) {
    return h("div", { class: "dk-scroll", tabindex: "0", role: "region", "aria-labelledby": id + "-cap" }, h("table", { class: "report", testid: id }, [
      h("caption", { id: id + "-cap", text: caption }),
      h("thead", null, h("tr", null, [h("th", { scope: "col", text: keyHead }), h("th", { scope: "col", class: "dk-num", text: t("dkxParcels") }),
        h("th", { scope: "col", class: "dk-num", text: t("dkxValue") })])),
      h("tbody", null, rows.length ? rows.map(function (r) {
        return h("tr", { "data-key": r.key }, [h("th", { scope: "row" }, label(r)), h("td", { class: "dk-num", text: String(r.parcels) }),
          h("td", { class: "dk-num", testid: "value", text: DM.money(r.value_paise || 0) })]);
      }) : h("tr", null, h("td", { colspan: "3", class: "muted", text: t("dkxNothing") })))]));
  }
  function papers(r, msg) {
    var path = "/admin/parcels/" + encodeURIComponent(r.parcel_id) + "/export-papers?format=";
    var open = function (format, key) {
      return h("button", { type: "button", class: "btn ghost small", testid: "papers-" + format, text: t(key),
        "aria-label": t(key) + " — " + t("dkxPapersOf", { id: r.parcel_id }),
        onclick: function () { DM.portal.openDocument(path + format, t(key), msg, format === "html" ? null : "export-papers-" + r.parcel_id + "." + format); } });
    };
    return h("div", { class: "actions dk-papers" }, [open("html", "dkxPrint"), open("csv", "dkxCsv"), open("json", "dkxJson")]);
  }
  function realised(r) {
    var x = r.realisation;
    return h("span", { testid: "realised", "data-reference": x.reference }, [t("dkxRealised", { date: day(x.realised_on) }), h("br"),
      h("span", { class: "small muted", text: t("dkxRef", { ref: x.reference }) })]);
  }
  // "Record realisation": the bank's reference and the date, then the row says so.
  function realiseForm(r, done) {
    var id = "dkx-r-" + r.parcel_id;
    var form = F.make({ class: "dk-realise", testid: "realise-form", "aria-labelledby": id }, [
      h("p", { id: id, class: "small", text: t("dkxRecordOf", { id: r.parcel_id }) }),
      F.text("reference", t("dkxBankRef"), "", { required: true, minlength: 3, maxlength: 60, autocomplete: "off", testid: "realise-reference" }),
      F.text("realised_on", t("dkxRealisedOn"), today(), { type: "date", required: true, max: today(), testid: "realise-date" }),
      h("button", { type: "submit", class: "btn", testid: "realise-save", text: t("dkxSave") })
    ], function (f, button) {
      var v = F.values(f);
      if (v.realised_on > today()) {
        var el = f.querySelector('[data-field="realised_on"]');
        DM.fieldError(el, t("dkxNotFuture"));
        F.say(f, t("fixErrors"));
        el.focus();
        return;
      }
      F.busy(button, true);
      DM.session.post("/admin/exports/" + encodeURIComponent(r.parcel_id) + "/realisation", v).then(function (row) {
        done(Object.assign({}, r, row || {}, { realisation: (row && row.realisation) || { reference: v.reference, realised_on: v.realised_on } }));
      }, function (err) { F.busy(button, false); F.fail(f, err); });
    });
    return h("details", { class: "dk-decide", testid: "realise" }, [h("summary", { text: t("dkxRecord") }), form]);
  }
  function parcelRow(r, recorded) {
    var msg = h("div", { class: "small", "aria-live": "polite" });
    var cell = h("td", { class: "dk-realise-cell", testid: "realisation" });
    var tr = h("tr", { testid: "register-parcel", "data-id": r.parcel_id, "data-awaiting": r.realisation ? "false" : "true" }, [
      h("th", { scope: "row" }, [h("span", { class: "dk-nowrap", text: r.parcel_id }), h("br"),
        h("span", { class: "small muted", text: t("dkxOrder", { id: r.order_id || "" }) })]),
      h("td", { text: DM.tx(r.maker) || r.vendor_id || "" }),
      h("td", { testid: "country", text: country(r.country) }),
      h("td", null, (r.categories || []).reduce(function (acc, slug, i) { return acc.concat(i ? [", ", D.category(slug)] : [D.category(slug)]); }, [])),
      h("td", { text: DM.block(r.block) }),
      h("td", { class: "dk-num", testid: "value", text: DM.money(r.value_paise || 0) }),
      h("td", { class: "dk-num", text: foreign(r.value_minor, r.currency) }),
      h("td", { class: "dk-nowrap" }, [r.paid_at ? DM.date(r.paid_at) : "", r.status ? h("br") : null,
        r.status ? D.chip("dkps_", r.status, "parcel-status") : null]),
      cell,
      h("td", null, [papers(r, msg), msg])
    ]);
    function fill(row, fresh) {
      if (row.realisation) {
        DM.fill(cell, realised(row));
        tr.setAttribute("data-awaiting", "false");
        if (fresh) {
          var note = h("p", { class: "notice good", role: "status", tabindex: "-1", testid: "realise-done",
            text: t("dkxRecorded", { id: row.parcel_id, date: day(row.realisation.realised_on) }) });
          DM.add(cell, note);
          try { note.focus({ preventScroll: false }); } catch (e) { note.focus(); }
        }
      } else {
        DM.fill(cell, [h("span", { class: "chip st-pending", testid: "awaiting", text: t("dkxWaiting") }), realiseForm(row, function (saved) {
          fill(saved, true);
          recorded(saved);
        })]);
      }
    }
    fill(r, false);
    return tr;
  }
  function register(ctx, box, res) {
    var totals = res.totals || {}, rows = res.parcels || [];
    var awaiting = { n: totals.awaiting_realisation || 0, paise: totals.awaiting_paise || 0 };
    var awaitingText = h("strong", { testid: "x-total-awaiting", "data-count": String(awaiting.n) });
    function showAwaiting() {
      awaitingText.textContent = t("dkxAwaitingIs", { n: awaiting.n, amount: DM.money(awaiting.paise) });
      awaitingText.setAttribute("data-count", String(awaiting.n));
    }
    showAwaiting();
    var earlier = res.awaiting_other_months || [];
    function recorded(r) {
      return function (saved) {
        awaiting.n = Math.max(0, awaiting.n - 1);
        awaiting.paise = Math.max(0, awaiting.paise - (saved.value_paise || r.value_paise || 0));
        showAwaiting();
      };
    }
    var parcelsTable = table("register-parcels", t("dkxParcelList"), rows, recorded);
    // earlier months' parcels the bank has not realised yet: not in this month's totals
    var earlierTable = earlier.length ? table("register-earlier", t("dkxEarlier"), earlier, function () { return function () {}; }) : null;
    DM.fill(box, [
      h("section", { class: "panel", testid: "register-totals", "aria-labelledby": "dkx-totals" }, [h("h2", { id: "dkx-totals", text: t("dkxTotals") }),
        D.facts([
          [t("dkxParcels"), h("strong", { testid: "x-total-parcels", text: String(totals.parcels || 0) })],
          [t("dkxValue"), h("strong", { testid: "x-total-value", text: DM.money(totals.value_paise || 0) })],
          [t("dkxAwaiting"), awaitingText]])]),
      rows.length ? null : h("p", { class: "notice", testid: "register-empty", text: t("dkxEmpty") }),
      h("div", { class: "dk-groups" }, [
        group("by-country", t("dkxByCountry"), t("dkxCountry"), res.by_country || [], function (r) { return country(r.key); }),
        group("by-category", t("dkxByCategory"), t("dkCategory"), res.by_category || [], function (r) { return D.category(r.key); }),
        group("by-block", t("dkxByBlock"), t("dkBlock"), res.by_block || [], function (r) { return DM.block(r.key); }),
        group("by-maker", t("dkxByMaker"), t("dkMaker"), res.by_maker || [], function (r) { return r.name ? D.pair(r.name) : r.key; })]),
      rows.length ? parcelsTable : null,
      earlierTable
    ]);
  }
  // The parcels as a table; recorded(row) -> what to do once a realisation is recorded.
  function table(id, caption, rows, recorded) {
    return h("div", { class: "dk-scroll", tabindex: "0", role: "region", "aria-labelledby": id + "-cap" }, h("table", { class: "report", testid: id }, [
      h("caption", { id: id + "-cap", text: caption }),
      h("thead", null, h("tr", null, [["dkxParcel"], ["dkMaker"], ["dkxCountry"], ["dkCategory"], ["dkBlock"], ["dkxValue", 1], ["dkxForeign", 1],
        ["dkxPaid"], ["dkxRealisation"], ["dkxPapers"]].map(function (c) {
        return h("th", { scope: "col", class: c[1] ? "dk-num" : null, text: t(c[0]) });
      }))),
      h("tbody", null, rows.map(function (r) { return parcelRow(r, recorded(r)); }))]));
  }
  D.tabs.exports = function (ctx, body) {
    var choices = months(), wanted = ctx.route.query.month;
    var month = /^[0-9]{4}-[0-9]{2}$/.test(wanted || "") ? wanted : choices[0][0];
    if (!choices.some(function (c) { return c[0] === month; })) choices.push([month, month]);
    var pick = h("select", { id: "dkx-month", testid: "register-month", onchange: function (e) {
      ctx.go(D.href("exports", { month: e.target.value === choices[0][0] ? "" : e.target.value }));
    } }, choices.map(function (c) { return h("option", { value: c[0], text: c[1], selected: c[0] === month }); }));
    var box = h("div", { testid: "export-register", "data-month": month }, h("p", { class: "muted", text: t("loading") }));
    DM.fill(body, [h("p", { class: "lead", text: t("dkxRegisterLead") }),
      h("div", { class: "field dk-filter" }, [h("label", { for: "dkx-month", text: t("dkxMonth") }), pick]), box]);
    function load() {
      return DM.session.get("/admin/exports?month=" + encodeURIComponent(month)).then(function (res) {
        if (ctx.live()) register(ctx, box, res);
      }, function (err) { if (ctx.live()) DM.fill(box, DM.errorBox(err, load)); });
    }
    return load();
  };
})(window.DM);
