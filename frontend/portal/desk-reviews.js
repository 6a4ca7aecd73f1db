// The review desk's buyers' reviews ("#/desk/reviews?status=pending|rejected",
// GET /admin/reviews, pending ones oldest first): the stars, the buyer's words and photos,
// the product and its maker; "Publish", or "Reject" with a reason the buyer reads
// (POST /admin/reviews/<id>/decision). A buyer's words are shown as text, never as HTML.
(function (DM) {
  "use strict";
  var h = DM.h, t = DM.t, F = DM.form, D = DM.desk, Q = DM.quality;
  var STATUSES = ["pending", "rejected"];

  DM.strings({
    dkReviews: ["Reviews", "समीक्षाएँ"],
    dkWaitingReviews: ["Reviews waiting", "इंतज़ार में समीक्षाएँ"],
    dkReviewsLead: ["Buyers' reviews wait here before the shop shows them. Publish what is honest about the product; reject abuse, personal details or text about something else, with a reason the buyer reads.", "ख़रीदारों की समीक्षाएँ दुकान में दिखने से पहले यहाँ इंतज़ार करती हैं। उत्पाद के बारे में सच्ची बात प्रकाशित करें; गाली, निजी जानकारी या किसी और बात वाली समीक्षा कारण लिखकर अस्वीकार करें — कारण ख़रीदार पढ़ते हैं।"],
    dkShowReviews: ["Show reviews that are", "ये समीक्षाएँ दिखाएँ"],
    dkrs_pending: ["Waiting for a decision", "फ़ैसले के इंतज़ार में"],
    dkrs_rejected: ["Rejected", "अस्वीकृत"],
    dkReviewOf: ["Review of {name}", "{name} की समीक्षा"],
    dkReviewBy: ["By {name}, {town} · {date}", "{name}, {town} · {date}"],
    dkReviewProduct: ["Product", "उत्पाद"],
    dkReviewWords: ["The buyer wrote", "ख़रीदार ने लिखा"],
    dkNoWords: ["(stars only, no words)", "(सिर्फ़ स्टार, कोई शब्द नहीं)"],
    dkPublish: ["Publish", "प्रकाशित करें"],
    dkReviewDecide: ["Decide on this review", "इस समीक्षा पर फ़ैसला करें"],
    dkReviewReason: ["Reason (the buyer reads it)", "कारण (ख़रीदार इसे पढ़ेंगे)"],
    dkReviewReasonHint: ["Needed to reject; the buyer reads it.", "अस्वीकार करने के लिए ज़रूरी; ख़रीदार इसे पढ़ते हैं।"],
    dkReviewPublished: ["Published: the review of {name} is in the shop.", "प्रकाशित: {name} की समीक्षा दुकान में दिख रही है।"],
    dkReviewRejected: ["Rejected: the buyer reads your reason.", "अस्वीकृत: ख़रीदार आपका कारण पढ़ेंगे।"],
    dkEdited: ["changed by the buyer", "ख़रीदार ने बदली"]
  });

  // Publish / reject with a reason (needed to reject).
  function decision(r, name, done) {
    var id = "dkrv-d-" + r.id;
    var area = F.input("reason", { tag: "textarea", rows: 2, maxlength: 500, testid: "review-reason" });
    var buttons = [];
    var form = h("form", { class: "dk-decide", novalidate: "", testid: "review-decision", "aria-labelledby": id,
      onsubmit: function (e) { e.preventDefault(); } }, [
      h("h3", { id: id, text: t("dkReviewDecide") }),
      h("div", { class: "form-msg", hidden: true }),
      F.field(t("dkReviewReason"), area, t("dkReviewReasonHint")),
      h("div", { class: "actions" }, [button("publish"), button("reject")])]);
    function button(action) {
      var b = h("button", { type: "button", class: action === "publish" ? "btn" : "btn danger", testid: "review-" + action,
        text: t(action === "publish" ? "dkPublish" : "dkReject"), onclick: function () { send(action, b); } });
      buttons.push(b);
      return b;
    }
    function send(action, b) {
      F.clear(form);
      var reason = area.value.trim();
      if (action === "reject" && reason.length < 3) {
        DM.fieldError(area, reason ? t("tooShort", { n: 3 }) : t("dkReasonNeeded"));
        F.say(form, t("fixErrors"));
        area.focus();
        return;
      }
      buttons.forEach(function (x) { x.disabled = true; });
      F.busy(b, true, "dkDeciding");
      DM.session.post("/admin/reviews/" + encodeURIComponent(r.id) + "/decision", reason ? { action: action, reason: reason } : { action: action })
        .then(function (res) {
          done(t(action === "publish" ? "dkReviewPublished" : "dkReviewRejected", { name: name }), res);
        }, function (err) {
          F.busy(b, false);
          var stale = err.status === 404 || err.status === 409;
          buttons.forEach(function (x) { x.disabled = stale; });
          if (stale) F.say(form, DM.errorText(err) + " " + t("dkStale")); else F.fail(form, err);
          var box = form.querySelector(".form-msg");
          if (box && !form.querySelector("[aria-invalid=true]")) { box.setAttribute("tabindex", "-1"); box.focus(); }
        });
    }
    return form;
  }

  function reviewItem(r, decided) {
    var hid = "dkrv-" + r.id, product = DM.tx(r.product_name) || r.product_id, author = r.author || {};
    var li = h("li", { class: "panel dk-item", testid: "desk-review", "data-id": r.id, "data-status": r.status, "aria-labelledby": hid }, [
      h("h2", { id: hid, tabindex: "-1" }, [Q.stars(r.rating), " ", h("span", { text: t("dkReviewOf", { name: product }) })]),
      h("p", { class: "small muted" }, [t("dkReviewBy", { name: author.name || "", town: author.town || "", date: DM.date(r.created_at) }),
        r.updated_at && r.updated_at !== r.created_at ? " · " + t("dkEdited") : ""]),
      D.facts([
        [t("dkReviewProduct"), h("span", null, [D.pair(r.product_name), " ", h("span", { class: "small muted", text: "(" + r.product_id + ")" })])],
        [t("dkMaker"), r.vendor_name ? D.pair(r.vendor_name) : r.vendor_id],
        [t("dkReviewWords"), r.text ? Q.words(r.text, "review-text") : h("span", { class: "muted", text: t("dkNoWords") })],
        [t("dkReasonWas"), r.status === "rejected" && r.reason ? h("span", { class: "reason", text: r.reason }) : null]
      ]),
      Q.photos(r.photos, "review-photos")
    ]);
    if (r.status === "pending") {
      DM.add(li, decision(r, product, function (msg) { decided(li, msg); }));
    }
    return li;
  }

  D.tabs.reviews = function (ctx, body) {
    var status = STATUSES.indexOf(ctx.route.query.status) >= 0 ? ctx.route.query.status : "pending";
    var filter = h("select", { id: "dk-rstatus", testid: "review-filter", onchange: function (e) {
      ctx.go(D.href("reviews", { status: e.target.value === "pending" ? "" : e.target.value }));
    } }, STATUSES.map(function (s) { return h("option", { value: s, text: t("dkrs_" + s), selected: s === status }); }));
    var q = D.queue(ctx, { testid: "review", draw: reviewItem, fetch: function (cursor) {
      return DM.session.get(D.query("/admin/reviews", { status: status, cursor: cursor }));
    } });
    DM.fill(body, [h("p", { class: "lead", text: t("dkReviewsLead") }),
      h("div", { class: "field dk-filter" }, [h("label", { for: "dk-rstatus", text: t("dkShowReviews") }), filter]), q.el]);
    return q.ready;
  };
})(window.DM);
