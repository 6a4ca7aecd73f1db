// Bulk listing: the template CSV (portal/products-template.csv, the importer's own example:
// a unit test keeps it equal to chalicelib.catalog.csv_import.template_csv()), an upload to
// POST /vendor/imports and its per-row report.
(function (DM) {
  "use strict";
  var h = DM.h, t = DM.t, F = DM.form, P = DM.portal;
  var MAX_BYTES = 1000000;

  function report(res) {
    var errors = res.errors || [];
    return h("section", { class: "panel", testid: "import-report", "aria-labelledby": "report-h" }, [
      h("h2", { id: "report-h", tabindex: "-1", text: t("reportTitle") }),
      h("p", { testid: "import-summary", text: t("reportSummary", { rows: res.rows, created: res.created.length,
        unchanged: res.unchanged.length, errors: errors.length }) }),
      errors.length ? h("table", { class: "report", testid: "import-errors" }, [
        h("caption", { class: "small", text: t("problemsCaption") }),
        h("thead", null, h("tr", null, [h("th", { scope: "col", text: t("colRow") }), h("th", { scope: "col", text: t("colColumn") }),
          h("th", { scope: "col", text: t("colProblem") })])),
        h("tbody", null, errors.map(function (e) {
          return h("tr", { testid: "import-error" }, [h("td", { text: e.row ? String(e.row) : t("wholeFile") }),
            h("td", { text: e.field || "—" }), h("td", { lang: "en", text: e.reason })]);
        }))]) : h("p", { class: "ok", text: t("noProblems") }),
      res.created.length ? h("p", null, h("a", { class: "btn ghost", href: "#/products?status=draft", text: t("seeDrafts") })) : null
    ]);
  }

  P.view("import", function (ctx) {
    if (P.needMaker(ctx)) return;
    ctx.title(t("importTitle"));
    var out = h("div");
    var file = F.input("file", { type: "file", accept: ".csv,text/csv", required: true, testid: "csv-file" });
    var form = F.make({ testid: "import-form" }, [F.field(t("csvFile"), file),
      h("button", { type: "submit", class: "btn", testid: "csv-upload", text: t("upload") })], function (f, button) {
      var chosen = file.files && file.files[0];
      if (!chosen) { DM.fieldError(file, t("chooseFile")); file.focus(); return; }
      if (chosen.size > MAX_BYTES) { DM.fieldError(file, t("fileTooBig")); file.focus(); return; }
      F.busy(button, true, "importing");
      DM.clear(out);
      DM.session.call("POST", "/vendor/imports", { raw: chosen, type: "text/csv" }).then(function (res) {
        F.busy(button, false);
        if (!ctx.live()) return;
        DM.fill(out, report(res));
        out.querySelector("h2").focus();
      }, function (err) {
        F.busy(button, false);
        if (!ctx.live()) return;
        F.fail(f, err, { invalid_csv: "file" });
      });
    });
    DM.fill(ctx.section, [h("h1", { text: t("importTitle") }), h("p", { class: "lead", text: t("importLead") }),
      h("div", { class: "panel" }, [h("p", null, h("a", { class: "btn ghost", href: "portal/products-template.csv",
        download: "deogharmart-products.csv", testid: "csv-template", text: t("template") })),
      h("p", { class: "small muted", text: t("templateHint") })]),
      form, out]);
    ctx.ready();
  });
})(window.DM);
