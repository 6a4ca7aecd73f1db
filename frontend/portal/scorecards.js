// A block official's makers' scorecards (#/scorecards, GET /facilitator/scorecards): every
// maker they act for, worst first (the API's order: flagged first, then by complaint and
// late-packing rates), the flagged ones marked, each with its figures, its flags in plain
// words and the newest complaints with their photos and words, so the official sees whom to
// visit and what to fix; "work for" a maker opens that maker's own quality page.
(function (DM) {
  "use strict";
  var h = DM.h, t = DM.t, P = DM.portal, Q = DM.quality;

  function item(sc, acting, ctx) {
    var name = DM.tx(sc.name) || sc.vendor_id;
    var act = sc.vendor_id === acting ? h("a", { class: "btn ghost", href: "#/quality", testid: "see-complaints", text: t("qSeeComplaints") }) :
      h("button", { type: "button", class: "btn ghost", testid: "act-for", text: t("qActFor", { name: name }), onclick: function () {
        DM.session.act(sc.vendor_id, true);
        DM.announce(t("actingFor") + " " + name);
        ctx.go("#/quality");
      } });
    return h("li", { testid: "maker-scorecard", "data-vendor": sc.vendor_id }, Q.card(sc, { title: name, mark: true,
      actions: h("p", { class: "actions" }, act) }));
  }

  P.view("scorecards", function (ctx) {
    ctx.title(t("qScTitle"));
    DM.fill(ctx.section, [h("h1", { text: t("qScTitle") }), h("p", { class: "muted", text: t("loading") })]);
    DM.session.get("/facilitator/scorecards").then(function (res) {
      if (!ctx.live()) return;
      var items = res.items || [], acting = DM.session.acting();
      var flagged = items.filter(function (sc) { return (sc.flags || []).length; }).length;
      DM.fill(ctx.section, [h("h1", { text: t("qScTitle") }), h("p", { class: "lead", text: t("qScLead") }),
        items.length ? h("p", { class: flagged ? "notice err" : "notice good", testid: "flagged-count", role: "status",
          text: flagged ? t("qScFlaggedCount", { n: flagged, total: items.length }) : t("qAllGood") }) : null,
        h("ul", { class: "plist q-cards", testid: "scorecards" }, items.length ? items.map(function (sc) { return item(sc, acting, ctx); }) :
          [h("li", { class: "muted", text: t("qScNone") })])]);
      ctx.ready();
    }, function (err) { P.fail(ctx, err); });
  });
})(window.DM);
