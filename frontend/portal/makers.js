// A facilitator's makers: the list (GET /facilitator/vendors), choosing the one to work for
// (remembered on this device until sign-out; every /vendor/ call then names it), and
// onboarding a new maker with the maker's consent recorded (POST /facilitator/vendors).
(function (DM) {
  "use strict";
  var h = DM.h, t = DM.t, F = DM.form, P = DM.portal;
  var METHODS = ["signed_form", "thumb_impression", "verbal_witnessed"];

  function today() {
    var d = new Date();
    return d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" + String(d.getDate()).padStart(2, "0");
  }

  function maker(v, current) {
    var name = DM.tx(v.name);
    return h("li", { class: "pitem" + (current ? " current" : ""), testid: "maker", "data-id": v.id }, [
      h("div", { class: "pitem-body" }, [
        h("h2", { text: name }),
        h("p", { class: "small" }, [DM.tx(v.craft), " · ", t("place", { village: DM.tx(v.village), block: DM.block(v.block) })]),
        h("p", null, P.chip("vs_", v.status)),
        v.review_reason && v.status !== "approved" ? h("p", { class: "reason" }, [t("reasonIs"), h("span", { text: v.review_reason })]) : null,
        current ? h("p", { class: "ok", text: t("actingNow") }) :
          h("button", { type: "button", class: "btn ghost", testid: "act-for", text: t("actFor", { name: name }), onclick: function () {
            DM.session.act(v.id);
            DM.announce(t("actingFor") + " " + name);
          } }),
        v.own_account ? resetAction(v, name) : null
      ])
    ]);
  }
  // Offered for makers who sign in with an account of their own (`own_account`); the code goes
  // to the maker's e-mail. The API's refusals (e.g. too many attempts) are said in place.
  function resetAction(v, name) {
    var said = h("p", { class: "small", role: "status", testid: "maker-reset-said" });
    var b = h("button", { type: "button", class: "link-btn", testid: "maker-reset", text: t("makerReset", { name: name }), onclick: function () {
      F.busy(b, true, "sending");
      DM.session.post("/facilitator/vendors/" + encodeURIComponent(v.id) + "/password-reset").then(function (res) {
        F.busy(b, false);
        said.className = "small ok";
        var to = DM.portal.auth.sentTo(res);
        said.textContent = t("makerResetSent", { to: to ? " (" + to + ")" : "" });
      }, function (err) {
        F.busy(b, false);
        said.className = "small reason";
        said.textContent = DM.errorText(err);
      });
    } });
    return h("div", { class: "maker-reset" }, [b, said]);
  }

  function list(ctx) {
    ctx.title(t("makersTitle"));
    DM.fill(ctx.section, [h("h1", { text: t("makersTitle") }), h("p", { class: "muted", text: t("loading") })]);
    DM.makerList(true).then(function (res) {
      if (!ctx.live()) return;
      var items = res.items || [], acting = DM.session.acting();
      DM.fill(ctx.section, [h("h1", { text: t("makersTitle") }), h("p", { class: "lead", text: t("makersLead") }),
        h("p", null, h("a", { class: "btn", href: "#/makers/new", testid: "onboard", text: t("onboard") })),
        items.some(function (v) { return v.own_account; }) ? h("p", { class: "small muted", text: t("makerResetHint") }) : null,
        h("ul", { class: "plist makers", testid: "makers" }, items.length ? items.map(function (v) { return maker(v, v.id === acting); }) :
          [h("li", { class: "muted", text: t("noMakers") })])]);
      ctx.ready();
    }, function (err) { P.fail(ctx, err); });
  }

  function consentFields() {
    return h("fieldset", { class: "box", testid: "consent" }, [h("legend", { text: t("secConsent") }),
      F.text("consent.maker_name", t("f_consentName"), "", { required: true, minlength: 2, maxlength: 100 }),
      F.select("consent.method", t("f_method"), [["", t("chooseOne")]].concat(METHODS.map(function (m) { return [m, t("m_" + m)]; })), "",
        { required: true }),
      F.text("consent.recorded_on", t("f_recordedOn"), today(), { type: "date", required: true, max: today() }),
      F.text("consent.witness", t("optional", { label: t("f_witness") }), "", { "data-optional": "", maxlength: 100 }),
      F.text("consent.note", t("optional", { label: t("f_note") }), "", { tag: "textarea", "data-optional": "", maxlength: 500, rows: 2 }),
      agreement()]);
  }
  // The API records how consent was given; this box makes the facilitator say it was.
  function agreement() {
    var box = F.check("agreed", t("f_consent"), false);
    box.querySelector("input").required = true;
    return box;
  }

  function onboard(ctx) {
    ctx.title(t("onboardTitle"));
    P.categories().then(function (categories) {
      if (!ctx.live()) return;
      var form = F.make({ testid: "onboard-form" }, P.profileFields(null, categories, ctx.me && ctx.me.block).concat([consentFields(),
        h("button", { type: "submit", class: "btn wide", testid: "save-onboard", text: t("onboard") })]), function (f, button) {
        var body = P.profileBody(f), consent = body.consent;
        delete body.consent;
        delete body.agreed;
        F.busy(button, true);
        DM.session.post("/facilitator/vendors", { profile: body, consent: consent }).then(function (v) {
          return DM.session.learn().then(function () {
            DM.makerList(true);
            P.flash = t("onboarded", { name: DM.tx(v.name) });
            DM.session.act(v.id, true);
            ctx.go("#/");
          });
        }).catch(function (err) {
          F.busy(button, false);
          if (ctx.live()) F.fail(f, err, { unknown_category: "category", block_not_yours: "block" }, "profile.");
        });
      });
      DM.fill(ctx.section, [h("p", null, h("a", { href: "#/makers", text: "← " + t("makersTitle") })),
        h("h1", { text: t("onboardTitle") }), h("p", { class: "lead", text: t("onboardLead") }), form]);
      ctx.ready();
    }, function (err) { P.fail(ctx, err); });
  }

  P.view("makers", function (ctx) {
    if (ctx.route.id === "new") onboard(ctx); else list(ctx);
  });
})(window.DM);
