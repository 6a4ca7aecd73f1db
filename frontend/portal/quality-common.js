// What the quality pages share (DM.quality): the scorecard panel (the maker's own, a block
// official's list, the desk's flagged makers), flags in plain words, stars, reasons, a buyer's
// photos as thumbnails that open large in a dialog, a complaint's facts, and the one-time
// answer form (a review, a complaint). Buyers' and makers' words are untrusted: they reach
// the page as text only (DM.h), never as HTML.
(function (DM) {
  "use strict";
  var h = DM.h, t = DM.t, F = DM.form;
  var Q = DM.quality = {};
  var seq = 0;

  if (!document.querySelector('link[href="portal/quality.css"]')) {
    document.head.appendChild(h("link", { rel: "stylesheet", href: "portal/quality.css" }));
  }

  // 0.0833 -> "8.3 %"
  Q.pct = function (rate) {
    var n = Math.round((Number(rate) || 0) * 1000) / 10;
    return n.toLocaleString(DM.lang === "hi" ? "hi-IN" : "en-IN") + " %";
  };
  Q.reason = function (code) { return DM.has("qr_" + code) ? t("qr_" + code) : String(code || ""); };
  Q.chip = function (prefix, status, testid) {
    return h("span", { class: "chip st-" + status, testid: testid, "data-status": status, text: DM.has(prefix + status) ? t(prefix + status) : status });
  };
  // ★★★★☆ read out as "4 of 5 stars"
  Q.stars = function (n) {
    n = Math.max(0, Math.min(5, Math.round(Number(n) || 0)));
    return h("span", { class: "q-stars", role: "img", "aria-label": t("qStars", { n: n }), testid: "stars", "data-rating": String(n),
      text: "★★★★★".slice(0, n) + "☆☆☆☆☆".slice(0, 5 - n) });
  };
  // A flag in plain words: "More than 5 % of the orders had a complaint (8.3 %)."
  Q.flagText = function (f) {
    var rating = f.code === "low_rating";
    var fmt = function (v) { return rating ? String(v) : Q.pct(v); };
    return DM.has("qFlag_" + f.code) ? t("qFlag_" + f.code, { limit: fmt(f.threshold), value: fmt(f.value) }) : f.code;
  };
  Q.flags = function (sc) {
    var flags = sc.flags || [];
    if (!flags.length) return h("p", { class: "notice good", testid: "no-flags", text: t("qAllGood") });
    return h("div", { class: "notice err q-flags", testid: "flags" }, [h("h3", { text: t("qFlagsTitle") }),
      h("ul", null, flags.map(function (f) { return h("li", { testid: "flag", "data-code": f.code, text: Q.flagText(f) }); }))]);
  };

  // The photos of a complaint or review: small, each a button that opens it large.
  var dialog = null;
  function viewer() {
    if (dialog) return dialog;
    var img = h("img", { alt: "", class: "q-large" });
    var caption = h("p", { class: "small" });
    dialog = h("dialog", { class: "q-dialog", testid: "photo-dialog", "aria-label": t("qPhotoN", { n: "" }) }, [
      h("p", { class: "actions" }, h("button", { type: "button", class: "btn ghost", testid: "photo-close", text: t("qClose"),
        onclick: function () { dialog.close(); } })), img, caption]);
    dialog.addEventListener("click", function (e) { if (e.target === dialog) dialog.close(); });
    document.body.appendChild(dialog);
    return dialog;
  }
  function open(p, label, opener) {
    var d = viewer(), img = d.querySelector("img");
    img.src = p.url;
    img.alt = label;
    if (p.width) { img.width = p.width; img.height = p.height; } else { img.removeAttribute("width"); img.removeAttribute("height"); }
    d.setAttribute("aria-label", label);
    d.querySelector("p").textContent = label;
    d.addEventListener("close", function back() { d.removeEventListener("close", back); if (opener.isConnected) opener.focus(); });
    if (typeof d.showModal === "function") d.showModal(); else d.setAttribute("open", "");
  }
  Q.photos = function (photos, testid) {
    photos = (photos || []).filter(function (p) { return p && p.url; });
    if (!photos.length) return null;
    return h("ul", { class: "q-photos", testid: testid || "photos" }, photos.map(function (p, i) {
      var label = t("qPhotoN", { n: i + 1 });
      var b = h("button", { type: "button", class: "q-thumb", testid: "photo", "aria-label": t("qPhotoOpen", { n: i + 1 }) },
        h("img", { src: p.thumb || p.url, alt: "", width: 96, height: 96, loading: "lazy", decoding: "async" }));
      b.addEventListener("click", function () { open(p, label, b); });
      return h("li", null, b);
    }));
  };

  // [label, value] rows as a definition list; rows without a value are left out.
  Q.facts = function (rows) {
    return h("dl", { class: "facts q-facts" }, rows.filter(function (r) { return r && r[1] != null && r[1] !== ""; }).map(function (r) {
      return h("div", { testid: r[2] || null }, [h("dt", { text: r[0] }), h("dd", null, r[1])]);
    }));
  };
  // A buyer's (or maker's) own words, kept as written.
  Q.words = function (text, testid) {
    return h("p", { class: "q-words", testid: testid, text: text || "" });
  };

  // The scorecard's figures: orders, late, cancelled, complaints, returns, rating, top reasons.
  Q.figures = function (sc) {
    var cr = function (n, rate) { return t("qCountRate", { n: n, pct: Q.pct(rate) }); };
    var rating = sc.rating ? h("span", null, [Q.stars(sc.rating.average), " ",
      t("qRatingIs", { avg: sc.rating.average, n: sc.rating.count })]) : h("span", { class: "muted", text: t("qNoRating") });
    return Q.facts([
      [t("qOrders"), h("strong", { testid: "sc-orders", text: String(sc.orders) })],
      [t("qPackedLate"), h("span", { testid: "sc-late", text: cr(sc.packed_late, sc.packed_late_rate) })],
      [t("qCancelled"), h("span", { testid: "sc-cancelled", text: cr(sc.cancelled_by_maker, sc.cancel_rate) })],
      [t("qComplaints"), h("span", { testid: "sc-complaints", text: cr(sc.complaints, sc.complaint_rate) })],
      [t("qReturns"), h("span", { testid: "sc-returns", text: cr(sc.returns, sc.return_rate) })],
      [t("qRating"), rating],
      [t("qTopReasons"), (sc.top_reasons || []).length ? h("ul", { class: "q-reasons", testid: "sc-reasons" }, sc.top_reasons.map(function (r) {
        return h("li", { text: t("qReasonCount", { reason: Q.reason(r.reason), n: r.count }) });
      })) : null]
    ]);
  };

  // What buyers said: the newest reviews and complaints (complaints with their photos).
  Q.said = function (said) {
    said = said || {};
    var reviews = said.reviews || [], complaints = said.complaints || [];
    var product = function (x) { return x.product_name ? h("span", { class: "small muted", text: " " + t("qOnProduct", { name: DM.tx(x.product_name) }) }) : null; };
    return h("div", { class: "q-said", testid: "said" }, [
      h("h3", { text: t("qSaidComplaints") }),
      complaints.length ? h("ul", { class: "q-said-list" }, complaints.map(function (c) {
        return h("li", { testid: "said-complaint", "data-id": c.id }, [
          h("p", null, [h("strong", { text: Q.reason(c.reason) }), product(c), " ", Q.chip("qcs_", c.status)]),
          Q.words(c.text, "said-text"), Q.photos(c.photos, "said-photos"),
          h("p", { class: "small muted", text: DM.date(c.created_at) })]);
      })) : h("p", { class: "muted", text: t("qNothingSaid") }),
      h("h3", { text: t("qSaidReviews") }),
      reviews.length ? h("ul", { class: "q-said-list" }, reviews.map(function (r) {
        return h("li", { testid: "said-review", "data-id": r.id }, [
          h("p", null, [Q.stars(r.rating), product(r)]), r.text ? Q.words(r.text, "said-text") : null,
          h("p", { class: "small muted", text: DM.date(r.created_at) })]);
      })) : h("p", { class: "muted", text: t("qNothingSaid") })]);
  };

  // One maker's scorecard as a panel. o: {title (heading text), level ("h2"), mark (a "needs a
  // visit" chip when flagged), actions (nodes), said: false (leave out what buyers said)}.
  Q.card = function (sc, o) {
    o = o || {};
    var flagged = (sc.flags || []).length > 0;
    return h("section", { class: "panel q-card" + (flagged ? " flagged" : ""), testid: "scorecard", "data-vendor": sc.vendor_id,
      "data-flagged": flagged ? "true" : "false" }, [
      h(o.level || "h2", null, [h("span", { text: o.title || t("qScorecard") }),
        flagged && o.mark ? h("span", { class: "chip st-rejected q-mark", testid: "flagged", text: t("qFlagged") }) : null]),
      h("p", { class: "small muted", text: [t("qSince", { date: DM.date(sc.since + "T00:00:00").split(",")[0] }),
        sc.block ? DM.block(sc.block) : ""].filter(Boolean).join(" · ") }),
      Q.flags(sc), Q.figures(sc), o.actions || null, sc.said && o.said !== false ? Q.said(sc.said) : null]);
  };

  // A complaint's facts as the maker and the office read them.
  Q.complaintFacts = function (c, extra) {
    return Q.facts([
      [t("qReason"), h("strong", { testid: "complaint-reason", text: Q.reason(c.reason) })],
      [t("qBuyerSays"), Q.words(c.text, "complaint-text")],
      [t("qWants"), DM.has("qw_" + c.wants) ? t("qw_" + c.wants) : c.wants],
      [t("qMakerAnswer"), c.answer ? h("div", null, [Q.words(c.answer.text, "complaint-answer"), h("span", { class: "small muted", text: DM.date(c.answer.at) })]) :
        c.overdue ? h("strong", { class: "reason", testid: "overdue", text: t("qOverdue") }) :
          c.status === "open" ? h("span", { testid: "answer-due", text: t("qAnswerBy", { date: DM.date(c.answer_due) }) }) : null]
    ].concat(extra || []));
  };
  // The office's decision and the refund, as the maker and the office read them.
  Q.decision = function (c) {
    var d = c.decision;
    if (!d) return null;
    var refund = c.refund;
    return h("div", { class: "q-decision", testid: "complaint-decision" }, [h("h3", { text: t("qDecision") }),
      h("p", { testid: "decision-refund" }, [d.refund_paise ? t("qRefundOf", { amount: DM.money(d.refund_paise) }) : t("qNoRefund"),
        refund && DM.has("qRefundState_" + refund.status) ? " — " + t("qRefundState_" + refund.status) : "",
        refund && refund.reference ? " (" + refund.reference + ")" : ""]),
      d.collect ? h("p", { text: t("qCollect") }) : null,
      c.return_shipment ? h("p", { class: "small", text: t("qReturnShipment", { tracking: c.return_shipment.tracking_number || "",
        status: t("qrt_" + c.return_shipment.status) }) }) : null,
      d.note ? Q.words(d.note, "decision-note") : null,
      h("p", { class: "small muted", text: DM.date(d.at) })]);
  };

  // Answer once: a text and a button; o: {path, label, hint, max, testid, done(result)}.
  Q.answerForm = function (o) {
    var id = "q-a" + (++seq);
    var form = F.make({ class: "q-answer", testid: o.testid || "answer-form", "aria-labelledby": id }, [
      h("h3", { id: id, text: o.label }),
      F.text("text", o.field || t("qYourAnswer"), "", { tag: "textarea", rows: 3, required: true, minlength: 2, maxlength: o.max || 1000, testid: "answer-text" }, o.hint),
      h("div", { class: "actions" }, h("button", { type: "submit", class: "btn", testid: "send-answer", text: t("qSendAnswer") }))
    ], function (f, button) {
      F.busy(button, true, "sending");
      DM.session.post(o.path, { text: F.values(f).text }).then(function (res) { o.done(res); }, function (err) {
        F.busy(button, false);
        F.fail(f, err);
      });
    });
    return form;
  };
  // Opens the answer form in place of a button (so a long list stays short).
  Q.answerButton = function (label, makeForm) {
    var b = h("button", { type: "button", class: "btn ghost", testid: "answer", text: label });
    b.addEventListener("click", function () {
      var form = makeForm();
      b.replaceWith(form);
      var area = form.querySelector("textarea");
      if (area) area.focus();
    });
    return b;
  };
})(window.DM);
