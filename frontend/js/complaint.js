// "Report a problem" on a delivered line of the order page, and the problem as it goes on:
// the maker's answer, the office's decision, the refund, the return pickup. Loaded with
// js/feedback.js (whose DM.fb it uses) once the order has a delivered parcel.
//   DM.fb.complaintForm(order, line, needAccount, done(complaint), cancel)
//   DM.fb.complaintView(complaint)
(function (DM) {
  "use strict";
  var h = DM.h, t = DM.t;
  DM.strings({
    cpWhat: ["What is wrong?", "क्या गड़बड़ है?"],
    r_damaged: ["Damaged in transit", "रास्ते में टूटा-फूटा"],
    r_not_as_described: ["Not as described", "विवरण जैसा नहीं"],
    r_wrong_or_missing: ["Wrong or missing item", "गलत या कम सामान"],
    r_quality: ["Quality problem", "गुणवत्ता में कमी"],
    cpText: ["Tell us what happened", "बताइए क्या हुआ"],
    cpPhotos: ["Add a photo (up to 3)", "फ़ोटो जोड़ें (ज़्यादा से ज़्यादा 3)"],
    cpPhotosNeeded: ["Add a photo of the damage (needed, up to 3)", "टूट-फूट की फ़ोटो जोड़ें (ज़रूरी, ज़्यादा से ज़्यादा 3)"],
    cpWants: ["What would you like?", "आप क्या चाहते हैं?"],
    w_refund: ["A refund (keep the item)", "पैसे वापस (सामान आपके पास रहे)"],
    w_return: ["Return the item and get a refund", "सामान लौटाएँ और पैसे वापस पाएँ"],
    cpRefundTo: ["Where should the refund go?", "रिफ़ंड कहाँ भेजें?"],
    cpCodNote: ["You paid cash on delivery, so the refund goes to your UPI ID or bank account.", "आपने डिलीवरी पर नकद भुगतान किया था, इसलिए रिफ़ंड आपकी UPI ID या बैंक खाते में जाएगा।"],
    viaUpi: ["UPI ID", "UPI ID"],
    viaBank: ["Bank account", "बैंक खाता"],
    f_upi: ["UPI ID (like name@okaxis)", "UPI ID (जैसे name@okaxis)"],
    f_account: ["Account number", "खाता संख्या"],
    f_ifsc: ["IFSC code", "IFSC कोड"],
    f_holder: ["Account holder's name", "खाताधारक का नाम"],
    cpSend: ["Send", "भेजें"],
    cpSent: ["Sent. The maker answers within 48 hours, then the district office decides.", "भेज दिया गया। कारीगर 48 घंटे में जवाब देंगे, फिर ज़िला कार्यालय फ़ैसला करेगा।"],
    cpNeedText: ["Please tell us what happened.", "कृपया बताइए क्या हुआ।"],
    cpNeedPhoto: ["Please add at least one photo.", "कृपया कम से कम एक फ़ोटो जोड़ें।"],
    yourComplaint: ["Your problem report", "आपकी शिकायत"],
    cs_open: ["Waiting for the maker's answer", "कारीगर के जवाब का इंतज़ार"],
    cs_answered: ["The maker has answered; the district office will decide", "कारीगर ने जवाब दे दिया है; ज़िला कार्यालय फ़ैसला करेगा"],
    cs_refund_pending: ["Refund decided: it is being paid to your account", "रिफ़ंड तय हो गया: आपके खाते में भेजा जा रहा है"],
    cs_closed: ["Closed", "बंद"],
    answerDue: ["The maker answers by {date}.", "कारीगर {date} तक जवाब देंगे।"],
    youAsked: ["You asked for: {what}", "आपने माँगा: {what}"],
    decided: ["The district office's decision", "ज़िला कार्यालय का फ़ैसला"],
    refundOf: ["Refund of {amount}", "{amount} वापस"],
    noRefund: ["No refund", "कोई रिफ़ंड नहीं"],
    collect: ["The courier will collect the item from you.", "कूरियर आपसे सामान ले जाएगा।"],
    rf_issued: ["Refunded to your {method}.", "आपके {method} में पैसे वापस भेज दिए गए।"],
    rf_to_pay: ["The refund will be paid to your {method}.", "रिफ़ंड आपके {method} में भेजा जाएगा।"],
    rf_paid: ["Refund paid to your {method}. Reference: {ref}", "रिफ़ंड आपके {method} में भेज दिया गया। संदर्भ: {ref}"],
    m_card: ["card", "कार्ड"], m_upi: ["UPI", "UPI"], m_bank: ["bank account", "बैंक खाते"],
    pickup: ["Return pickup {n}: {status}", "वापसी पिकअप {n}: {status}"],
    ret_booked: ["booked", "बुक हो गया"], ret_picked_up: ["picked up", "ले लिया गया"],
    ret_in_transit: ["on the way back", "वापस जा रहा है"], ret_delivered: ["back with the maker", "कारीगर तक पहुँच गया"]
  });
  var IFSC = /^[A-Z]{4}0[A-Z0-9]{6}$/, UPI = /^[\w.-]+@[A-Za-z][\w.-]*$/;

  // labels: value -> string key
  function radios(name, legend, values, labels, chosen, testid) {
    return h("fieldset", { class: "fb-choice", testid: testid }, [h("legend", { text: legend })].concat(values.map(function (v) {
      return h("label", { class: "pay-opt" }, [h("input", { type: "radio", name: name, value: v, checked: v === chosen }),
        h("span", { text: t(labels(v)) })]);
    })));
  }
  function prefix(p) { return function (v) { return p + v; }; }
  function picked(box) { var c = box.querySelector("input:checked"); return c ? c.value : ""; }
  function input(key, attrs) {
    var el = h("input", Object.assign({ type: "text", autocomplete: "off", spellcheck: "false" }, attrs || {}));
    return { el: el, box: DM.field(DM.fb.uid(key), t(key), el), value: function () { return el.value.trim(); } };
  }

  // For a cash-on-delivery order: the UPI ID, or the bank account, the refund goes to.
  function account() {
    var name = DM.fb.uid("via");
    var via = radios(name, t("cpRefundTo"), ["upi", "bank"], function (v) { return v === "bank" ? "viaBank" : "viaUpi"; }, "upi", "refund-via");
    var upi = input("f_upi", { testid: "refund-upi", autocomplete: "off", inputmode: "email" });
    var acc = input("f_account", { testid: "refund-account", inputmode: "numeric" });
    var ifsc = input("f_ifsc", { testid: "refund-ifsc", maxlength: "11" });
    var holder = input("f_holder", { testid: "refund-holder", autocomplete: "name" });
    var bank = h("div", { hidden: true }, [acc.box, ifsc.box, holder.box]);
    function show() { var b = picked(via) === "bank"; bank.hidden = !b; upi.box.hidden = b; }
    via.addEventListener("change", show);
    return {
      el: h("div", { class: "fb-account" }, [h("p", { class: "small", text: t("cpCodNote") }), via, upi.box, bank]),
      // {refund_to} or a field left wrong (its message shown)
      read: function () {
        [upi, acc, ifsc, holder].forEach(function (f) { DM.fieldError(f.el, ""); });
        if (picked(via) !== "bank") {
          return UPI.test(upi.value()) ? { upi_id: upi.value() } : wrong(upi, t(upi.value() ? "e_invalid_upi_id" : "required"));
        }
        var code = ifsc.value().toUpperCase();
        if (!/^\d{6,18}$/.test(acc.value().replace(/\s/g, ""))) return wrong(acc, t("required"));
        if (!IFSC.test(code)) return wrong(ifsc, t(code ? "e_invalid_ifsc" : "required"));
        if (holder.value().length < 2) return wrong(holder, t("required"));
        return { account_number: acc.value().replace(/\s/g, ""), ifsc: code, holder_name: holder.value() };
      }
    };
  }
  function wrong(f, text) { DM.fieldError(f.el, text); f.el.focus(); return null; }

  function complaintForm(o, line, needAccount, done, cancel) {
    var rule = line.complaint_rule || { reasons: ["damaged"], photo_required: true };
    var reasons = rule.reasons || [];
    var why = radios(DM.fb.uid("why"), t("cpWhat"), reasons, prefix("r_"), reasons.length === 1 ? reasons[0] : "", "reasons");
    var words = h("textarea", { maxlength: "2000", rows: "4", testid: "complaint-text-input" });
    var pics = DM.fb.photos(o, "complaint", line.line_id, t(rule.photo_required ? "cpPhotosNeeded" : "cpPhotos"));
    var wants = radios(DM.fb.uid("wants"), t("cpWants"), ["refund", "return"], prefix("w_"), "refund", "wants");
    var acc = needAccount ? account() : null;
    var end = DM.fb.formEnd(t("cpSend"), cancel);
    var form = h("form", { class: "fb-form", novalidate: true, testid: "complaint-form", onsubmit: function (e) {
      e.preventDefault();
      DM.fieldError(words, "");
      if (!picked(why)) { end.error(t("cpWhat")); why.querySelector("input").focus(); return; }
      if (!words.value.trim()) { DM.fieldError(words, t("cpNeedText")); end.error(t("cpNeedText")); words.focus(); return; }
      if (pics.busy()) { end.error(t("photosBusy")); return; }
      if (rule.photo_required && !pics.ids().length) { end.error(t("cpNeedPhoto")); pics.focus(); return; }
      var to = acc ? acc.read() : null;
      if (acc && !to) { end.error(t("fixErrors")); return; }
      end.busy(true);
      DM.api.post(DM.fb.path(o, "/complaints"), { line_id: line.line_id, reason: picked(why), text: words.value.trim(),
        photos: pics.ids(), wants: picked(wants), refund_to: to }, DM.fb.auth(o)).then(function (c) {
        done(c);
        DM.announce(t("cpSent"));
      }, function (err) { end.busy(false); end.error(DM.errorText(err)); });
    } }, [h("h4", { text: t("reportProblem") }), why, DM.field(DM.fb.uid("cpt"), t("cpText"), words), pics.el, wants, acc ? acc.el : null, end.el]);
    form.focusFirst = function () { (why.querySelector("input:checked") || why.querySelector("input")).focus(); };
    return form;
  }

  function refundLine(c) {
    var r = c.refund;
    if (!r) return null;
    var method = t("m_" + r.method) === "m_" + r.method ? r.method : t("m_" + r.method);
    return h("p", { testid: "complaint-refund", "data-status": r.status,
      text: t("rf_" + r.status, { method: method, ref: r.reference || "" }) });
  }

  function complaintView(c) {
    var d = c.decision, ret = c.return_shipment;
    return h("div", { class: "fb-complaint", testid: "my-complaint", "data-status": c.status }, [
      h("h4", { tabindex: "-1", text: t("yourComplaint") }),
      h("p", null, h("span", { class: "chip st-" + c.status, testid: "complaint-status", text: t("cs_" + c.status) })),
      c.status === "open" && c.answer_due ? h("p", { class: "muted small", text: t("answerDue", { date: DM.date(c.answer_due) }) }) : null,
      h("p", { class: "small" }, [h("strong", { text: t("r_" + c.reason) }), " · " + t("youAsked", { what: t("w_" + c.wants) })]),
      h("p", { class: "rv-text", text: c.text || "" }),
      DM.reviews.photos(c.photos),
      c.answer ? h("div", { class: "rv-answer", testid: "maker-answer" }, [h("p", { class: "small" }, h("strong", { text: t("makerAnswer") })),
        h("p", { class: "rv-text", text: c.answer.text })]) : null,
      d ? h("div", { class: "rv-answer", testid: "complaint-decision" }, [h("p", { class: "small" }, h("strong", { text: t("decided") })),
        h("p", { text: d.refund_paise ? t("refundOf", { amount: DM.money(d.refund_paise) }) : t("noRefund") }),
        d.note ? h("p", { class: "rv-text", text: d.note }) : null,
        d.collect ? h("p", { class: "small", text: t("collect") }) : null]) : null,
      refundLine(c),
      ret ? h("p", { class: "small", testid: "return-shipment", text: t("pickup", { n: ret.tracking_number || "",
        status: t("ret_" + ret.status) === "ret_" + ret.status ? ret.status : t("ret_" + ret.status) }) }) : null]);
  }

  // js/feedback.js may arrive after this file: DM.fb is shared, whichever runs first
  DM.fb = DM.fb || {};
  DM.fb.complaintForm = complaintForm;
  DM.fb.complaintView = complaintView;
})(window.DM);
