// Selling abroad (issue 20), "#/export", for a maker and a block official acting for one:
// the export profile (GET/PUT /vendor/export): the Import Export Code, the bank's AD code and
// the financial year's Letter of Undertaking; its state (none, waiting for the district
// office, approved until a date, rejected with the office's reason) and what stops buyers
// abroad from ordering now (`problems`, e.g. an expired LUT). Saving sends it for review again.
// The API's field errors are shown on their fields; a maker without GST registration is told
// so in plain words (409 export_needs_gst_registration). Strings: export-strings.js.
(function (DM) {
  "use strict";
  var h = DM.h, t = DM.t, F = DM.form, P = DM.portal;

  // Indian financial years run April to March: "2026-27" is 2026-04-01 .. 2027-03-31.
  function fyOf(date) {
    var y = date.getFullYear() - (date.getMonth() < 3 ? 1 : 0);
    return fy(y);
  }
  function fy(y) { return y + "-" + String((y + 1) % 100).padStart(2, "0"); }
  function fyDates(name) {
    var y = Number(String(name).slice(0, 4));
    return y ? [y + "-04-01", (y + 1) + "-03-31"] : ["", ""];
  }
  function fyChoices(current) {
    var now = Number(fyOf(new Date()).slice(0, 4));
    var list = [fy(now - 1), fy(now), fy(now + 1)];
    if (current && list.indexOf(current) < 0) list.unshift(current);
    return list.map(function (x) { return [x, x]; });
  }
  // A date as the maker reads it ("31 Mar 2027"); the API's dates are YYYY-MM-DD.
  function day(iso) {
    if (!iso) return "";
    var d = new Date(String(iso).slice(0, 10) + "T00:00:00");
    if (isNaN(d.getTime())) return String(iso);
    return d.toLocaleDateString(DM.lang === "hi" ? "hi-IN" : "en-IN", { day: "numeric", month: "short", year: "numeric" });
  }
  P.day = day;

  var FIELD_SAYS = { iec: "xBadIec", ad_code: "xBadAd", "lut.arn": "xBadArn", "lut.financial_year": "xBadFy",
    "lut.valid_from": "xBadLutDates", "lut.valid_to": "xBadLutDates" };
  var SAID = ["no_export_profile", "export_profile_pending", "export_profile_rejected"];
  function statusPanel(x) {
    var status = x.status || "none";
    var text = status === "approved" ? (x.ready_until ? t("xsText_approved", { date: day(x.ready_until) }) : t("xsText_approvedNoDate")) :
      t("xsText_" + status);
    // what the state above says already is left out (no profile, waiting, rejected)
    var problems = (x.problems || []).filter(function (p) { return SAID.indexOf(p.code) < 0; });
    return h("section", { class: "panel", testid: "export-state", "aria-labelledby": "x-state" }, [
      h("h2", { id: "x-state" }, [t("xStatus") + " ", P.exportChip(x)]),
      h("p", { testid: "export-state-text", text: text }),
      x.review_reason && status === "rejected" ? h("p", { class: "reason", testid: "export-reason" }, [t("reasonIs"), h("span", { text: x.review_reason })]) : null,
      problems.length ? h("div", { class: "notice err", testid: "export-problems" }, [h("p", { text: t("xNotReady") }),
        h("ul", null, problems.map(function (p) { return h("li", { "data-code": p.code, text: DM.tx(p) || p.code }); }))]) : null,
      x.submitted_at || x.decided_at ? h("p", { class: "small muted" }, [
        x.submitted_at ? t("xSentOn", { date: DM.date(x.submitted_at) }) : "",
        x.submitted_at && x.decided_at ? " · " : "",
        x.decided_at ? t("xDecidedOn", { date: DM.date(x.decided_at) }) : ""]) : null
    ]);
  }

  function fields(x) {
    var lut = x.lut || {};
    var year = lut.financial_year || fyOf(new Date());
    var from = F.text("lut.valid_from", t("f_validFrom"), lut.valid_from || (x.lut ? "" : fyDates(year)[0]), { type: "date", required: true, testid: "lut-from" });
    var to = F.text("lut.valid_to", t("f_validTo"), lut.valid_to || (x.lut ? "" : fyDates(year)[1]), { type: "date", required: true, testid: "lut-to" });
    var pick = F.select("lut.financial_year", t("f_fy"), fyChoices(lut.financial_year), year, { required: true, testid: "lut-fy" });
    // choosing a year fills in its dates, unless the maker typed others
    var last = fyDates(year);
    pick.querySelector("select").addEventListener("change", function (e) {
      var next = fyDates(e.target.value), a = from.querySelector("input"), b = to.querySelector("input");
      if (!a.value || a.value === last[0]) a.value = next[0];
      if (!b.value || b.value === last[1]) b.value = next[1];
      last = next;
    });
    return [
      h("fieldset", { class: "box" }, [h("legend", { text: t("xSecIds") }),
        F.text("iec", t("f_iec"), x.iec, { class: "caps", required: true, maxlength: 10, autocapitalize: "characters", autocomplete: "off", spellcheck: "false",
          testid: "iec", "data-pattern": "^[A-Za-z0-9]{10}$", "data-msg": "xBadIec" }, t("xIecHint")),
        F.text("ad_code", t("f_adCode"), x.ad_code, { required: true, inputmode: "numeric", maxlength: 14, autocomplete: "off",
          testid: "ad-code", "data-pattern": "^([0-9]{7}|[0-9]{14})$", "data-msg": "xBadAd" }, t("xAdHint"))]),
      h("fieldset", { class: "box" }, [h("legend", { text: t("xSecLut") }), h("p", { class: "small muted", text: t("xLutLead") }),
        F.text("lut.arn", t("f_arn"), lut.arn, { class: "caps", required: true, maxlength: 15, autocapitalize: "characters", autocomplete: "off", spellcheck: "false",
          testid: "lut-arn", "data-pattern": "^[Aa][Dd]20(0[1-9]|1[0-2])[0-9]{8}[0-9A-Za-z]$", "data-msg": "xBadArn" }, t("xArnHint")),
        pick, h("div", { class: "row2" }, [from, to])])
    ];
  }
  function body(form) {
    var v = F.values(form);
    v.iec = String(v.iec || "").toUpperCase();
    if (v.lut && v.lut.arn) v.lut.arn = v.lut.arn.toUpperCase();
    return v;
  }

  function draw(ctx, x) {
    var title = t("xTitle");
    var gst = h("div", { testid: "export-gst", tabindex: "-1" });
    var form = F.make({ testid: "export-form", "aria-labelledby": "x-form" }, fields(x).concat([
      x.status === "approved" ? h("p", { class: "small muted", text: t("xResend") }) : null,
      h("button", { type: "submit", class: "btn wide", testid: "save-export", text: t("xSend") })]), function (f, button) {
      F.busy(button, true, "xSending");
      DM.clear(gst);
      DM.session.call("PUT", "/vendor/export", { body: body(f) }).then(function () {
        if (!ctx.live()) return;
        P.flash = t("xSent");
        DM.announce(t("xSent"));
        ctx.rerender();
      }, function (err) {
        F.busy(button, false);
        if (!ctx.live()) return;
        F.fail(f, err);
        // the fields the API names, said in the maker's language
        (err.details || []).forEach(function (d) {
          var el = f.querySelector('[data-field="' + d.field + '"]');
          if (el && FIELD_SAYS[d.field]) DM.fieldError(el, t(FIELD_SAYS[d.field]));
        });
        if (err.code === "export_needs_gst_registration") {
          DM.fill(gst, h("div", { class: "notice err", role: "alert" }, [h("p", { text: t("xNeedGst") }),
            h("p", null, h("a", { class: "btn ghost", href: "#/profile", testid: "to-profile", text: t("xToProfile") }))]));
          gst.focus();
        }
      });
    });
    var flash = P.flash;
    P.flash = null;
    DM.fill(ctx.section, [
      h("p", null, h("a", { href: "#/profile", text: "← " + t("navProfile") })),
      h("h1", { text: title }),
      flash ? h("p", { class: "notice good", role: "status", testid: "flash", text: flash }) : null,
      h("p", { class: "lead", text: t("xLead") }),
      statusPanel(x),
      gst,
      h("h2", { id: "x-form", text: t("xPanelOpen") }),
      form]);
    ctx.ready();
  }

  P.view("export", function (ctx) {
    if (P.needMaker(ctx)) return;
    ctx.title(t("xTitle"));
    DM.fill(ctx.section, [h("h1", { text: t("xTitle") }), h("p", { class: "muted", text: t("loading") })]);
    DM.session.get("/vendor/export").then(function (x) {
      if (ctx.live()) draw(ctx, x || { status: "none" });
    }, function (err) {
      if (!ctx.live()) return;
      if (err.code === "profile_missing") {
        DM.fill(ctx.section, [h("h1", { text: t("xTitle") }), h("p", { class: "lead", text: t("xNeedProfile") }),
          h("a", { class: "btn", href: "#/profile", text: t("fillProfile") })]);
        ctx.ready();
      } else P.fail(ctx, err);
    });
  });
})(window.DM);
