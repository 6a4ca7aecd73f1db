// The review desk's complaints ("#/desk/complaints?status=open|answered|refund_pending|closed",
// GET /admin/complaints): the line, the buyer's photos and words, the maker's answer (or "no
// answer in 48 hours"), how the buyer paid; the decision (POST …/decision): a refund in
// rupees (sent in paise, at most `refundable_paise`, "full" fills it in), whether the courier
// collects the item, a note; for cash on delivery the masked UPI ID or bank account and "mark
// paid" with the UTR (POST …/refund-paid). And the flagged makers ("#/desk/flagged",
// GET /admin/scorecards?flagged=true): a table, worst first.
(function (DM) {
  "use strict";
  var h = DM.h, t = DM.t, F = DM.form, D = DM.desk, Q = DM.quality;
  var STATUSES = ["open", "answered", "refund_pending", "closed"];
  var DECIDABLE = ["open", "answered"];

  DM.strings({
    dkComplaints: ["Complaints", "शिकायतें"],
    dkWaitingComplaints: ["Complaints to decide", "फ़ैसले के लिए शिकायतें"],
    dkComplaintsLead: ["Buyers' complaints about delivered items. The maker has 48 hours to answer; then decide the refund. Card and UPI refunds go back at once; cash-on-delivery refunds are paid by the office to the buyer's UPI ID or bank account.", "पहुँचे सामान पर ख़रीदारों की शिकायतें। कारीगर को जवाब के लिए 48 घंटे मिलते हैं; फिर वापसी का फ़ैसला करें। कार्ड और UPI पर पैसे तुरंत लौटते हैं; कैश ऑन डिलीवरी में कार्यालय ख़रीदार के UPI ID या बैंक खाते में भुगतान करता है।"],
    dkComplaintStates: ["Complaints by state", "शिकायतें स्थिति के अनुसार"],
    dkcs_open: ["Open", "खुली"],
    dkcs_answered: ["Answered", "जवाब मिला"],
    dkcs_refund_pending: ["Refund to pay", "भुगतान बाकी"],
    dkcs_closed: ["Closed", "बंद"],
    dkComplaintsNone: ["No complaints here.", "यहाँ कोई शिकायत नहीं।"],
    dkComplaintOf: ["{qty} × {name}", "{qty} × {name}"],
    dkOrderLine: ["Order and parcel", "ऑर्डर और पार्सल"],
    dkBuyer: ["Buyer", "ख़रीदार"],
    dkLineValue: ["Value of the line", "सामान का मूल्य"],
    dkPaidBy: ["How the buyer paid", "ख़रीदार ने कैसे भुगतान किया"],
    dkPaidBy_card: ["Card (refunded at once through the gateway)", "कार्ड (गेटवे से तुरंत वापसी)"],
    dkPaidBy_upi: ["UPI (refunded at once through the gateway)", "UPI (गेटवे से तुरंत वापसी)"],
    dkPaidBy_cod: ["Cash on delivery (the office pays the refund)", "कैश ऑन डिलीवरी (वापसी कार्यालय देगा)"],
    dkRefundable: ["Most that can be refunded", "ज़्यादा से ज़्यादा वापसी"],
    dkRefundTo: ["Refund to", "वापसी कहाँ"],
    dkRefundUpi: ["UPI ID {upi}", "UPI ID {upi}"],
    dkRefundBank: ["Account {account}, IFSC {ifsc}{holder}", "खाता {account}, IFSC {ifsc}{holder}"],
    dkDecideComplaint: ["Decide this complaint", "इस शिकायत पर फ़ैसला करें"],
    dkWaitMaker: ["The maker may answer until {date}; decide after that, or once they answer.", "कारीगर {date} तक जवाब दे सकते हैं; उसके बाद या जवाब आने पर फ़ैसला करें।"],
    dkRefundRupees: ["Refund in rupees (0 for none)", "वापसी रुपये में (न देनी हो तो 0)"],
    dkRefundHint: ["At most {amount}.", "ज़्यादा से ज़्यादा {amount}।"],
    dkFull: ["Full refund ({amount})", "पूरी वापसी ({amount})"],
    dkCollect: ["The courier collects the item from the buyer", "कूरियर ख़रीदार से सामान वापस लाए"],
    dkNote: ["Note (the buyer and the maker read it)", "टिप्पणी (ख़रीदार और कारीगर पढ़ते हैं)"],
    dkSendDecision: ["Decide", "फ़ैसला करें"],
    dkDecidedComplaint: ["Decided: {refund}.", "फ़ैसला हो गया: {refund}।"],
    dkMarkPaid: ["Mark the refund paid", "वापसी का भुगतान दर्ज करें"],
    dkUtr: ["UTR or UPI reference", "UTR या UPI संदर्भ संख्या"],
    dkUtrHint: ["Letters, digits, / . _ - only, as the bank shows it.", "सिर्फ़ अक्षर, अंक, / . _ -, जैसा बैंक दिखाता है।"],
    dkPaidDone: ["The refund is recorded as paid; the complaint is closed.", "वापसी का भुगतान दर्ज हुआ; शिकायत बंद।"],
    dkFlaggedMakers: ["Flagged makers", "चिह्नित कारीगर"],
    dkFlaggedLead: ["Makers whose complaint, late-packing or cancellation rate is above its limit, or whose rating is low, over the last 90 days; worst first.", "पिछले 90 दिनों में जिन कारीगरों की शिकायत, देर से पैकिंग या रद्द करने की दर सीमा से ऊपर है, या रेटिंग कम है; सबसे ख़राब पहले।"],
    dkFlaggedNone: ["No maker is flagged.", "कोई कारीगर चिह्नित नहीं है।"],
    dkFlaggedTable: ["Flagged makers, worst first", "चिह्नित कारीगर, सबसे ख़राब पहले"],
    dkBlock: ["Block", "प्रखंड"],
    dkWhy: ["Why", "क्यों"]
  });

  function refundTo(r) {
    if (!r) return null;
    if (r.upi_id) return h("span", { testid: "refund-to", text: t("dkRefundUpi", { upi: r.upi_id }) });
    return h("span", { testid: "refund-to", text: t("dkRefundBank", { account: r.account || "", ifsc: r.ifsc || "",
      holder: r.holder_name ? " · " + r.holder_name : "" }) });
  }

  // Refund (rupees -> paise), collect, note.
  function decideForm(c, redraw) {
    var most = c.refundable_paise || 0, rupees = String(most / 100);
    var amount = F.input("refund_paise", { type: "text", inputmode: "decimal", required: true, "data-type": "money",
      "data-min": "0", "data-max": rupees, testid: "refund-amount", autocomplete: "off" });
    var full = h("button", { type: "button", class: "btn ghost", testid: "refund-full", text: t("dkFull", { amount: DM.money(most) }),
      onclick: function () { amount.value = rupees; amount.focus(); } });
    var id = "dkc-d-" + c.id;
    return F.make({ class: "dk-decide", testid: "complaint-decision-form", "aria-labelledby": id }, [
      h("h3", { id: id, text: t("dkDecideComplaint") }),
      F.field(t("dkRefundRupees"), amount, t("dkRefundHint", { amount: DM.money(most) })), h("p", null, full),
      F.check("collect", t("dkCollect"), c.wants === "return"),
      F.text("note", t("dkNote"), "", { tag: "textarea", rows: 2, required: true, minlength: 3, maxlength: 1000, testid: "decision-note" }),
      h("div", { class: "actions" }, h("button", { type: "submit", class: "btn", testid: "decide-complaint", text: t("dkSendDecision") }))
    ], function (f, button) {
      var body = F.values(f);
      F.busy(button, true, "dkDeciding");
      DM.session.post("/admin/complaints/" + encodeURIComponent(c.id) + "/decision", body).then(function (res) {
        var refund = body.refund_paise ? t("qRefundOf", { amount: DM.money(body.refund_paise) }) : t("qNoRefund");
        redraw(Object.assign({}, c, res), t("dkDecidedComplaint", { refund: refund }));
      }, function (err) { F.busy(button, false); F.fail(f, err, { refund_too_large: "refund_paise" }); });
    });
  }
  function paidForm(c, redraw) {
    return F.make({ class: "dk-decide", testid: "refund-paid-form" }, [h("h3", { text: t("dkMarkPaid") }),
      F.text("reference", t("dkUtr"), "", { required: true, maxlength: 60, autocomplete: "off", spellcheck: "false",
        "data-pattern": "^[A-Za-z0-9/._-]+$", testid: "refund-reference" }, t("dkUtrHint")),
      h("div", { class: "actions" }, h("button", { type: "submit", class: "btn", testid: "mark-paid", text: t("dkMarkPaid") }))
    ], function (f, button) {
      F.busy(button, true, "dkDeciding");
      DM.session.post("/admin/complaints/" + encodeURIComponent(c.id) + "/refund-paid", F.values(f)).then(function (res) {
        redraw(Object.assign({}, c, res), t("dkPaidDone"));
      }, function (err) { F.busy(button, false); F.fail(f, err); });
    });
  }

  function complaintItem(c) {
    var hid = "dkc-" + c.id, paid = c.payment_method;
    var li = h("li", { class: "panel dk-item", testid: "desk-complaint", "data-id": c.id, "data-status": c.status, "aria-labelledby": hid }, [
      h("h2", { id: hid, tabindex: "-1" }, [h("span", { text: t("dkComplaintOf", { qty: c.quantity || 1, name: DM.tx(c.product_name) }) }), " ",
        Q.chip("qcs_", c.status, "complaint-status")]),
      h("p", { class: "small muted", text: DM.date(c.created_at) }),
      Q.photos(c.photos, "complaint-photos"),
      Q.complaintFacts(c, [
        [t("dkMaker"), c.vendor_name ? D.pair(c.vendor_name) : c.vendor_id],
        [t("dkOrderLine"), c.order_id + " · " + c.parcel_id],
        [t("dkBuyer"), c.buyer ? h("span", { text: t("qBuyerFrom", { name: c.buyer.name || "", town: c.buyer.town || "" }) }) : null],
        [t("dkLineValue"), DM.money(c.line_total_paise || 0)],
        [t("dkPaidBy"), h("span", { testid: "paid-by", "data-method": paid, text: DM.has("dkPaidBy_" + paid) ? t("dkPaidBy_" + paid) : paid })],
        [t("dkRefundable"), DECIDABLE.indexOf(c.status) >= 0 ? DM.money(c.refundable_paise || 0) : null],
        [t("dkRefundTo"), refundTo(c.refund_to)]
      ]),
      Q.decision(c)
    ]);
    function redraw(saved, note) {
      var fresh = complaintItem(saved);
      li.replaceWith(fresh);
      DM.add(fresh, h("p", { class: "notice good", role: "status", testid: "complaint-done", text: note }));
      DM.announce(note);
      fresh.querySelector("h2").focus();
    }
    if (DECIDABLE.indexOf(c.status) >= 0 && !c.decision) {
      var waiting = c.status === "open" && !c.overdue && c.answer_due && new Date(c.answer_due) > new Date();
      DM.add(li, waiting ? h("p", { class: "notice", testid: "wait-maker", text: t("dkWaitMaker", { date: DM.date(c.answer_due) }) }) :
        decideForm(c, redraw));
    }
    if (c.status === "refund_pending" && c.refund && c.refund.status === "to_pay") DM.add(li, paidForm(c, redraw));
    return li;
  }

  D.tabs.complaints = function (ctx, body) {
    var status = STATUSES.indexOf(ctx.route.query.status) >= 0 ? ctx.route.query.status : "open";
    var list = h("ul", { class: "dk-queue", testid: "desk-complaints" }), more = h("div");
    DM.fill(body, [h("p", { class: "lead", text: t("dkComplaintsLead") }),
      h("nav", { class: "dk-tabs dk-subtabs", "aria-label": t("dkComplaintStates") }, h("ul", null, STATUSES.map(function (s) {
        return h("li", null, h("a", { href: D.href("complaints", { status: s === "open" ? "" : s }), testid: "complaints-" + s,
          text: t("dkcs_" + s), "aria-current": s === status ? "page" : null }));
      }))), list, more]);
    return D.pages(ctx, more, function (cursor) {
      return DM.session.get(D.query("/admin/complaints", { status: status, cursor: cursor }));
    }, function (items, first) {
      if (first && !items.length) DM.add(list, h("li", { class: "muted", testid: "no-complaints", text: t("dkComplaintsNone") }));
      DM.add(list, items.map(complaintItem));
    });
  };

  // --- flagged makers ------------------------------------------------------------------
  function row(sc) {
    var num = function (key, text) { return h("td", { class: "dk-num", "data-key": key, text: text }); };
    return h("tr", { testid: "flagged-maker", "data-vendor": sc.vendor_id }, [
      h("th", { scope: "row", text: DM.tx(sc.name) || sc.vendor_id }), h("td", { text: DM.block(sc.block) }), num("orders", String(sc.orders)),
      num("complaint_rate", Q.pct(sc.complaint_rate)), num("packed_late_rate", Q.pct(sc.packed_late_rate)),
      num("cancel_rate", Q.pct(sc.cancel_rate)), num("return_rate", Q.pct(sc.return_rate)),
      num("rating", sc.rating ? sc.rating.average + " (" + sc.rating.count + ")" : t("dkNone")),
      h("td", null, h("ul", { class: "dk-lines" }, (sc.flags || []).map(function (f) { return h("li", { "data-code": f.code, text: Q.flagText(f) }); })))]);
  }
  D.tabs.flagged = function (ctx, body) {
    DM.fill(body, [h("p", { class: "lead", text: t("dkFlaggedLead") }), h("p", { class: "muted", text: t("loading") })]);
    return DM.session.get("/admin/scorecards?flagged=true").then(function (res) {
      if (!ctx.live()) return;
      var items = res.items || [];
      DM.fill(body, [h("p", { class: "lead", text: t("dkFlaggedLead") }), items.length ?
        h("div", { class: "dk-scroll", tabindex: "0", role: "region", "aria-labelledby": "dk-flagged-cap" },
          h("table", { class: "report q-flagged", testid: "flagged-makers" }, [h("caption", { id: "dk-flagged-cap", text: t("dkFlaggedTable") }),
            h("thead", null, h("tr", null, [["dkMaker"], ["dkBlock"], ["qOrders", 1], ["qComplaints", 1], ["qPackedLate", 1], ["qCancelled", 1],
              ["qReturns", 1], ["qRating", 1], ["dkWhy"]].map(function (c) {
              return h("th", { scope: "col", class: c[1] ? "dk-num" : null, text: t(c[0]) });
            }))),
            h("tbody", null, items.map(row))])) :
        h("p", { class: "notice good", testid: "no-flagged", text: t("dkFlaggedNone") })]);
    }, function (err) { if (ctx.live()) DM.add(body, DM.errorBox(err)); });
  };
})(window.DM);
