// The maker's profile (GET/PUT /vendor/profile: the first PUT creates it, pending review),
// the maker's home page, and helpers the other maker views share.
(function (DM) {
  "use strict";
  var h = DM.h, t = DM.t, F = DM.form, P = DM.portal;
  var BLOCKS = ["Deoghar", "Mohanpur", "Devipur", "Madhupur", "Karon", "Sarath", "Palojori", "Sonaraithari", "Margomunda", "Sarwan"];
  var PHONE = "^(\\+?91|0)?[\\s-]*[6-9]([\\s-]*[0-9]){9}$";

  P.categories = function () { return DM.api.get("/categories"); };
  P.chip = function (prefix, status, testid) {
    return h("span", { class: "chip st-" + status, testid: testid, "data-status": status, text: t(prefix + status) });
  };
  // A facilitator works on one maker at a time: without one chosen, maker pages say so.
  P.needMaker = function (ctx) {
    if (!DM.session.is("facilitators") || ctx.acting) return false;
    DM.fill(ctx.section, [h("h1", { text: t("needMaker") }), h("p", null, h("a", { class: "btn", href: "#/makers", text: t("chooseMaker") }))]);
    ctx.ready();
    return true;
  };
  // A list read page by page (GET `path(cursor)`: {items, next_cursor}), each item drawn by
  // `draw`, a "show more" button while there are more.
  P.pages = function (ctx, list, more, path, draw, emptyKey) {
    function page(cursor) {
      DM.fill(more, h("p", { class: "muted", text: t("loading") }));
      return DM.session.get(path(cursor)).then(function (res) {
        if (!ctx.live()) return;
        DM.add(list, res.items.map(draw));
        if (!cursor && !res.items.length) DM.add(list, h("li", { class: "muted", text: t(emptyKey) }));
        DM.fill(more, res.next_cursor ? h("button", { type: "button", class: "btn ghost", text: t("moreProducts"),
          onclick: function () { page(res.next_cursor); } }) : null);
      }, function (err) { if (ctx.live()) DM.fill(more, DM.errorBox(err, function () { page(cursor); })); });
    }
    return page("");
  };
  P.fail = function (ctx, err) {
    if (!ctx.live()) return;
    DM.fill(ctx.section, [h("h1", { text: DM.failTitle(err) }), DM.errorBox(err, ctx.rerender)]);
    ctx.ready();
  };

  // The profile's fields, as PUT /vendor/profile (and a facilitator's onboarding) take them.
  // `block`: the one block allowed (a facilitator the office has tied to a block onboards its makers).
  P.profileFields = function (v, categories, block) {
    v = v || {};
    var opt = function (key) { return t("optional", { label: t(key) }); };
    var bank = v.bank;
    return [
      h("fieldset", { class: "box" }, [h("legend", { text: t("secAbout") })].concat(
        F.pair("name", "f_makerName", v.name, { required: true, minlength: 2, maxlength: 100 }),
        F.pair("craft", "f_craft", v.craft, { required: true, maxlength: 100 }),
        F.pair("story", "f_story", v.story, { tag: "textarea", required: true, maxlength: 2000, rows: 4 }),
        [F.select("category", t("f_category"), [["", t("chooseOne")]].concat((categories.items || []).map(function (c) {
          return [c.slug, DM.tx(c.name)];
        })), v.category, { required: true }),
        F.text("since_year", opt("f_since"), v.since_year, { inputmode: "numeric", "data-type": "int", "data-optional": "",
          "data-min": 1900, "data-max": 2100, maxlength: 4 }),
        F.check("is_shg", t("f_isShg"), v.is_shg),
        F.text("jslps_id", opt("f_jslps"), v.jslps_id, { "data-optional": "", maxlength: 40 })])),
      h("fieldset", { class: "box" }, [h("legend", { text: t("secPlace") }),
        block ? F.select("block", t("f_block"), [[block, DM.block(block)]], block, { required: true, testid: "block" }, t("blockLocked")) :
          F.select("block", t("f_block"), [["", t("chooseOne")]].concat(BLOCKS.map(function (b) { return [b, DM.block(b)]; })), v.block, { required: true, testid: "block" })].concat(
        F.pair("village", "f_village", v.village, { required: true, maxlength: 100 }),
        [F.text("phone", t("f_phone"), v.phone, { type: "tel", required: true, autocomplete: "tel", inputmode: "tel", maxlength: 20,
          "data-pattern": PHONE, "data-msg": "badPhone" }),
        F.text("email", t("f_email"), v.email, { type: "email", required: true, autocomplete: "email", maxlength: 254 }),
        F.check("accepts_cod", t("f_cod"), v.accepts_cod !== false)])),
      h("fieldset", { class: "box" }, [h("legend", { text: t("secPapers") }),
        F.select("gst_status", t("f_gstStatus"), [["", t("gst_none")], ["registered", t("gst_registered")],
          ["composition", t("gst_composition")], ["unregistered", t("gst_unregistered")]], v.gst_status, { "data-optional": "" }),
        F.text("gstin", opt("f_gstin"), v.gstin, { "data-optional": "", maxlength: 15, autocapitalize: "characters",
          "data-pattern": "^[0-3][0-9][A-Za-z]{5}[0-9]{4}[A-Za-z][1-9A-Za-z][Zz][0-9A-Za-z]$", "data-msg": "badGstin" }),
        F.text("enrolment_number", opt("f_enrolment"), v.enrolment_number, { "data-optional": "", maxlength: 15, autocapitalize: "characters",
          "data-pattern": "^[0-9A-Za-z]{15}$", "data-msg": "badEnrolment" }),
        F.text("pan", opt("f_pan"), v.pan, { "data-optional": "", maxlength: 10, autocapitalize: "characters",
          "data-pattern": "^[A-Za-z]{5}[0-9]{4}[A-Za-z]$", "data-msg": "badPan" }),
        F.select("individual", t("f_individual"), [["", t("ind_byPan")], ["true", t("ind_yes")], ["false", t("ind_no")]],
          v.pan ? "" : (v.individual ? "true" : ""), { "data-optional": "" }),
        F.text("udyam", opt("f_udyam"), v.udyam, { "data-optional": "", maxlength: 20, autocapitalize: "characters",
          "data-pattern": "^[Uu][Dd][Yy][Aa][Mm]-[A-Za-z]{2}-[0-9]{2}-[0-9]{7}$", "data-msg": "badUdyam" })]),
      h("fieldset", { class: "box" }, [h("legend", { text: t("secBank") }),
        bank ? h("p", { class: "small muted", text: t("bankOnFile", { n: bank.account_last4.slice(-4), ifsc: bank.ifsc }) }) : null,
        v.bank_change ? h("p", { class: "small reason", testid: "bank-change", text: t("bankPending", { n: v.bank_change.account_last4.slice(-4), ifsc: v.bank_change.ifsc }) }) : null,
        F.text("bank.account_number", t("f_account"), "", { "data-optional": "", inputmode: "numeric", autocomplete: "off", maxlength: 22,
          "data-pattern": "^[0-9 ]{9,22}$", "data-msg": "badAccount" }),
        F.text("bank.ifsc", t("f_ifsc"), "", { "data-optional": "", maxlength: 11, autocapitalize: "characters",
          "data-pattern": "^[A-Za-z]{4}0[A-Za-z0-9]{6}$", "data-msg": "badIfsc" }),
        F.text("bank.holder_name", t("f_holder"), "", { "data-optional": "", maxlength: 100 })])
    ];
  };
  // The body for the API: a bank left blank keeps the one on file.
  P.profileBody = function (form) {
    var v = F.values(form);
    if (v.bank && !Object.keys(v.bank).length) delete v.bank;
    return v;
  };

  function statusPanel(v) {
    return h("div", { class: "panel", testid: "profile-status" }, [
      h("h2", null, [t("profileStatus") + " ", P.chip("vs_", v.status, "vendor-status")]),
      h("p", { text: t("vsText_" + v.status) }),
      v.review_reason && v.status !== "approved" ? h("p", { class: "reason", testid: "vendor-reason" }, [t("reasonIs"), h("span", { text: v.review_reason })]) : null
    ]);
  }
  P.statusPanel = statusPanel;

  // Selling abroad (issue 20): the export profile's state, its page is #/export (export.js).
  P.exportChip = function (x) {
    var status = (x && x.status) || "none";
    var shown = status === "approved" && x.ready === false ? "expired" : status;
    return h("span", { class: "chip st-" + (shown === "expired" ? "rejected" : shown), testid: "export-status",
      "data-status": status, text: t("xs_" + shown) });
  };
  function exportPanel(x) {
    return h("div", { class: "panel", testid: "export-panel" }, [
      h("h2", null, [t("xPanel") + " ", P.exportChip(x)]),
      h("p", { class: "small", text: t("xPanelLead") }),
      h("p", null, h("a", { class: "btn ghost", href: "#/export", testid: "open-export", text: t("xPanelOpen") }))]);
  }

  function tiles() {
    return h("ul", { class: "tiles" }, [["#/product/new", "addProduct"], ["#/products", "navProducts"], ["#/import", "navImport"],
      ["#/orders", "navOrders"], ["#/payouts", "navPayouts"], ["#/quality", "navQuality"], ["#/profile", "navProfile"], ["#/export", "navExport"]].map(function (x) {
      return h("li", null, h("a", { href: x[0], text: t(x[1]) }));
    }));
  }
  // The maker part of the home page.
  P.makerHome = function (ctx) {
    var s = ctx.section;
    if (DM.session.is("facilitators") && !ctx.acting) {
      DM.add(s, h("p", null, h("a", { class: "btn", href: "#/makers", text: t("chooseMaker") })));
      return;
    }
    DM.session.get("/vendor/profile").then(function (v) {
      if (!ctx.live()) return;
      if (!ctx.acting) s.querySelector("h1").textContent = t("welcome", { name: DM.tx(v.name) });
      DM.add(s, [statusPanel(v), h("p", { class: "lead", text: t("makerHomeLead") }), tiles()]);
    }, function (err) {
      if (!ctx.live()) return;
      if (err.code === "profile_missing") DM.add(s, [h("p", { class: "lead", text: t("newProfileLead") }),
        h("a", { class: "btn", href: "#/profile", testid: "fill-profile", text: t("fillProfile") })]);
      else DM.add(s, DM.errorBox(err, ctx.rerender));
    });
  };

  P.view("profile", function (ctx) {
    if (P.needMaker(ctx)) return;
    Promise.all([DM.session.get("/vendor/profile").catch(function (err) {
      if (err.code === "profile_missing") return null;
      throw err;
    }), P.categories()]).then(function (res) {
      if (!ctx.live()) return;
      var v = res[0], title = t(v ? (ctx.acting ? "makerProfileTitle" : "profileTitle") : "newProfileTitle");
      ctx.title(title);
      var form = F.make({ testid: "profile-form" }, P.profileFields(v, res[1]).concat([
        h("button", { type: "submit", class: "btn wide", testid: "save-profile", text: t("save") })]), function (f, button) {
        F.busy(button, true);
        var path = "/vendor/profile" + (v ? "?version=" + v.version : "");
        DM.session.call("PUT", path, { body: P.profileBody(f) }).then(function () {
          if (!ctx.live()) return;
          DM.portal.flash = t("profileSaved");
          DM.announce(t("profileSaved"));
          ctx.rerender();
        }, function (err) {
          F.busy(button, false);
          if (ctx.live()) F.fail(f, err, { unknown_category: "category" });
        });
      });
      var flash = DM.portal.flash;
      DM.portal.flash = null;
      DM.fill(ctx.section, [h("h1", { text: title }),
        flash ? h("p", { class: "notice good", role: "status", testid: "flash", text: flash }) : null,
        v ? statusPanel(v) : h("p", { class: "lead", text: t("newProfileLead") }), v ? exportPanel(v.export) : null, form]);
      ctx.ready();
    }).catch(function (err) { P.fail(ctx, err); });
  });
})(window.DM);
