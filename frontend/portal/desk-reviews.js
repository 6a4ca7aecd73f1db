// The review desk's buyers' reviews ("#/desk/reviews?status=pending|rejected",
// GET /admin/reviews, pending ones oldest first): the stars, the buyer's words and photos,
// the product and its maker; "Publish", or "Reject" with a reason the buyer reads
// (POST /admin/reviews/<id>/decision). A buyer's words are shown as text, never as HTML.
(function (DM) {
  "use strict";
  var h = DM.h, t = DM.t, D = DM.desk, Q = DM.quality;
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
      DM.add(li, D.decision({ name: product, testid: "review", title: t("dkReviewDecide"), labels: ["dkPublish", "dkReject"],
        reasonLabel: "dkReviewReason", reasonHint: "dkReviewReasonHint",
        send: function (publish, reason) {
          var body = { action: publish ? "publish" : "reject" };
          if (reason) body.reason = reason;
          return DM.session.post("/admin/reviews/" + encodeURIComponent(r.id) + "/decision", body);
        },
        done: function (res, published) { decided(li, t(published ? "dkReviewPublished" : "dkReviewRejected", { name: product })); } }));
    }
    return li;
  }

  D.tabs.reviews = function (ctx, body) {
    return D.statusQueue(ctx, body, { tab: "reviews", statuses: STATUSES, prefix: "dkrs_", label: "dkShowReviews", testid: "review",
      path: "/admin/reviews", draw: reviewItem, lead: h("p", { class: "lead", text: t("dkReviewsLead") }) });
  };
})(window.DM);
