// "What buyers say" (#/quality), for a maker and a block official acting for one: the
// scorecard of the last 90 days (GET /vendor/scorecard) with its flags in plain words; the
// complaints (GET /vendor/complaints), those waiting for an answer first with the time to
// answer by, the buyer's photos and words, "Answer" once (POST …/answer), then the office's
// decision and refund; the published reviews of the maker's products (GET /vendor/reviews),
// each answered once. Shared pieces: quality-common.js (DM.quality).
(function (DM) {
  "use strict";
  var h = DM.h, t = DM.t, P = DM.portal, Q = DM.quality;

  function scorecard(ctx, box) {
    return DM.session.get("/vendor/scorecard").then(function (sc) {
      if (!ctx.live()) return;
      DM.fill(box, Q.card(sc, { title: t("qScorecard"), said: false }));   // the lists below say what buyers said
    }, function (err) { if (ctx.live()) DM.fill(box, DM.errorBox(err, function () { scorecard(ctx, box); })); });
  }

  function complaint(c) {
    var hid = "qc-" + c.id;
    var li = h("li", { class: "panel q-item", testid: "complaint", "data-id": c.id, "data-status": c.status, "aria-labelledby": hid }, [
      h("h3", { id: hid, tabindex: "-1" }, [h("span", { text: t("qComplaintOn", { qty: c.quantity || 1, name: DM.tx(c.product_name) }) }), " ",
        Q.chip("qcs_", c.status, "complaint-status")]),
      h("p", { class: "small muted" }, [t("qOrderParcel", { id: c.parcel_id || "", amount: DM.money(c.line_total_paise || 0) }), " · ",
        c.buyer ? h("span", { text: t("qBuyerFrom", { name: c.buyer.name || "", town: c.buyer.town || "" }) }) : null,
        " · " + DM.date(c.created_at)]),
      Q.photos(c.photos, "complaint-photos"),
      Q.complaintFacts(c),
      Q.decision(c)
    ]);
    if (c.status === "open" && !c.answer) {
      DM.add(li, Q.answerButton(t("qAnswer"), function () {
        return Q.answerForm({ path: "/vendor/complaints/" + encodeURIComponent(c.id) + "/answer", label: t("qAnswer"),
          hint: t("qAnswerHint"), max: 2000, testid: "complaint-answer-form", done: function (saved) {
            var fresh = complaint(Object.assign({}, c, saved));
            li.replaceWith(fresh);
            DM.add(fresh, h("p", { class: "notice good", role: "status", testid: "answered", text: t("qAnswered") }));
            DM.announce(t("qAnswered"));
            fresh.querySelector("h3").focus();
          } });
      }));
    }
    return li;
  }

  // Open complaints first: each page's open ones go to the top list, the rest below.
  function complaints(ctx, open, rest, more) {
    var seen = 0;
    function page(cursor) {
      DM.fill(more, h("p", { class: "muted", text: t("loading") }));
      return DM.session.get("/vendor/complaints" + (cursor ? "?cursor=" + encodeURIComponent(cursor) : "")).then(function (res) {
        if (!ctx.live()) return;
        var items = res.items || [];
        seen += items.length;
        DM.add(open, items.filter(function (c) { return c.status === "open"; }).map(complaint));
        DM.add(rest, items.filter(function (c) { return c.status !== "open"; }).map(complaint));
        if (!seen) DM.add(rest, h("li", { class: "muted", testid: "no-complaints", text: t("qNoComplaints") }));
        DM.fill(more, res.next_cursor ? h("button", { type: "button", class: "btn ghost", text: t("qMore"),
          onclick: function () { page(res.next_cursor); } }) : null);
      }, function (err) { if (ctx.live()) DM.fill(more, DM.errorBox(err, function () { page(cursor); })); });
    }
    return page("");
  }

  function review(r) {
    var hid = "qv-" + r.id;
    var li = h("li", { class: "panel q-item", testid: "review", "data-id": r.id, "aria-labelledby": hid }, [
      h("h3", { id: hid, tabindex: "-1" }, [Q.stars(r.rating), " ", h("span", { text: DM.tx(r.product_name) })]),
      h("p", { class: "small muted", text: t("qByBuyer", { name: (r.author || {}).name || "", town: (r.author || {}).town || "", date: DM.date(r.created_at) }) }),
      r.text ? Q.words(r.text, "review-text") : null,
      Q.photos(r.photos, "review-photos"),
      r.answer ? h("div", { class: "q-answered" }, [h("h4", { text: t("qYourAnswer") }), Q.words(r.answer.text, "review-answer"),
        h("p", { class: "small muted", text: DM.date(r.answer.at) })]) : null
    ]);
    if (!r.answer && r.can_answer !== false) {
      DM.add(li, Q.answerButton(t("qAnswerReview"), function () {
        return Q.answerForm({ path: "/vendor/reviews/" + encodeURIComponent(r.id) + "/answer", label: t("qAnswerReview"),
          hint: t("qReviewAnswerHint"), max: 1000, testid: "review-answer-form", done: function (saved) {
            var fresh = review(Object.assign({}, r, { answer: saved.answer || { text: "", at: "" }, can_answer: false }));
            li.replaceWith(fresh);
            DM.add(fresh, h("p", { class: "notice good", role: "status", text: t("qAnswered") }));
            DM.announce(t("qAnswered"));
            fresh.querySelector("h3").focus();
          } });
      }));
    }
    return li;
  }

  P.view("quality", function (ctx) {
    if (P.needMaker(ctx)) return;
    ctx.title(t("qTitle"));
    var card = h("div", { testid: "own-scorecard" }, h("p", { class: "muted", text: t("loading") }));
    var open = h("ul", { class: "plist", testid: "complaints-open" }), rest = h("ul", { class: "plist", testid: "complaints-rest" });
    var cmore = h("div"), reviews = h("ul", { class: "plist", testid: "reviews" }), rmore = h("div");
    DM.fill(ctx.section, [h("h1", { text: t("qTitle") }), h("p", { class: "lead", text: t("qLead", { days: 90 }) }), card,
      h("section", { "aria-labelledby": "q-complaints" }, [h("h2", { id: "q-complaints", text: t("qComplaintsTitle") }),
        h("p", { class: "small", text: t("qComplaintsLead") }), open, rest, cmore]),
      h("section", { "aria-labelledby": "q-reviews" }, [h("h2", { id: "q-reviews", text: t("qReviewsTitle") }), reviews, rmore])]);
    Promise.all([scorecard(ctx, card), complaints(ctx, open, rest, cmore),
      P.pages(ctx, reviews, rmore, function (cursor) {
        return "/vendor/reviews" + (cursor ? "?cursor=" + encodeURIComponent(cursor) : "");
      }, review, "qNoReviews")]).then(ctx.ready, ctx.ready);
  });
})(window.DM);
