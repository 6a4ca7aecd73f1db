// The review desk's money pages (the district office pays the makers and files the operator's taxes):
//   payouts  payout runs (GET /admin/payout-runs), "prepare one now" (POST), and one run
//            ("#/desk/payouts?run=<id>", GET /admin/payout-runs/<id>): its lines and held makers,
//            approval by a second official (POST .../approve), the bank file (a time-limited
//            link the API signs: no token in it) and the bank's response file (POST
//            .../bank-response, the file's text as text/csv) with its line-by-line report;
//   tax      GST TCS for a month (GET /admin/tax/gstr8) and income-tax TDS for a quarter
//            (GET /admin/tax/tds), as tables with a link to their CSV.
// Everything from the API reaches the page as text (DM.h), never as HTML.
(function (DM) {
  "use strict";
  var h = DM.h, t = DM.t, F = DM.form, D = DM.desk;
  var MAX_BYTES = 2000000;
  var POLL_MS = 4000, POLLS = 30;
  var RUN_ID = /^[A-Za-z0-9_-]{1,80}$/;

  function runPath(id) { return "/admin/payout-runs/" + encodeURIComponent(id); }
  function th(key, attrs) { return h("th", Object.assign({ scope: "col" }, attrs || {}), t(key)); }
  function num(text, attrs) { return h("td", Object.assign({ class: "dk-num" }, attrs || {}), text); }
  // A wide table scrolls sideways on a phone: its box is a labelled region a keyboard can reach.
  function scroller(label, table) {
    return h("div", { class: "dk-scroll", tabindex: "0", role: "region", "aria-label": label }, table);
  }
  function sum(rows, key) { return rows.reduce(function (s, r) { return s + (Number(r[key]) || 0); }, 0); }
  function focus(el) {
    if (!el) return;
    if (!el.hasAttribute("tabindex")) el.setAttribute("tabindex", "-1");
    try { el.focus({ preventScroll: false }); } catch (e) { el.focus(); }
  }
  // A file's text (Blob.text where the browser has it; FileReader on older phones).
  function readText(file) {
    if (file.text) return file.text();
    return new Promise(function (resolve, reject) {
      var r = new FileReader();
      r.onload = function () { resolve(String(r.result || "")); };
      r.onerror = function () { reject(r.error); };
      r.readAsText(file);
    });
  }
  // India's calendar (UTC+05:30), whatever the phone's clock zone.
  function indiaNow() {
    var d = new Date(Date.now() + 330 * 60000);
    return { y: d.getUTCFullYear(), m: d.getUTCMonth() };
  }
  function locale() { return DM.lang === "hi" ? "hi-IN" : "en-IN"; }
  function monthName(y, m, style) {
    return new Date(Date.UTC(y, m, 1)).toLocaleDateString(locale(), { month: style || "long", year: "numeric", timeZone: "UTC" });
  }
  function pad(n) { return ("0" + n).slice(-2); }
  // DM.form.fail reads `details` as a list of field problems; some errors carry an object there.
  function fieldsOnly(err) {
    return Array.isArray(err.details) ? err : { status: err.status, code: err.code, message: err.message, details: null };
  }

  // --- payout runs ---------------------------------------------------------------------------
  function heldTotal(run) { return sum(run.held || [], "amount_paise"); }

  function runsTable(items) {
    return scroller(t("dkRunsCaption"), h("table", { class: "report dk-runs", testid: "payout-runs" }, [
      h("caption", { text: t("dkRunsCaption") }),
      h("thead", null, h("tr", null, [th("dkRun"), th("dkStatus"), th("dkMakersCol", { class: "dk-num" }),
        th("dkAmount", { class: "dk-num" }), th("dkHeldCol", { class: "dk-num" })])),
      h("tbody", null, items.map(function (r) {
        var held = (r.held || []).length;
        return h("tr", { testid: "payout-run", "data-id": r.id, "data-status": r.status }, [
          h("th", { scope: "row" }, [h("a", { href: D.href("payouts", { run: r.id }), text: t("dkRunOf", { date: DM.date(r.created_at) }) }),
            h("br"), h("span", { class: "small muted", text: r.id })]),
          h("td", null, D.chip("dkrs_", r.status, "run-status")),
          num(String(r.lines_count)),
          num(DM.money(r.amount_paise)),
          num(held ? t("dkHeldCount", { n: held, amount: DM.money(heldTotal(r)) }) : t("dkNone"))]);
      }))]));
  }

  function runsList(ctx, body) {
    var list = h("div"), msg = h("div", { "aria-live": "polite" });
    var prepare = h("button", { type: "button", class: "btn", testid: "payout-prepare", text: t("dkPrepare"), onclick: function () {
      F.busy(prepare, true, "dkPreparing");
      DM.clear(msg);
      DM.session.post("/admin/payout-runs", {}).then(function (run) {
        F.busy(prepare, false);
        if (!ctx.live()) return;
        DM.announce(t("dkRunOf", { date: DM.date(run.created_at) }));
        ctx.go(D.href("payouts", { run: run.id }));
      }, function (err) {
        F.busy(prepare, false);
        if (!ctx.live()) return;
        var open = err.code === "run_open" && Array.isArray(err.details) && err.details[0] && err.details[0].run_id;
        DM.fill(msg, [DM.errorBox(err), open && RUN_ID.test(open) ?
          h("p", null, h("a", { href: D.href("payouts", { run: open }), testid: "open-run", text: t("dkOpenWaitingRun") })) : null]);
      });
    } });
    DM.fill(body, [h("p", { class: "lead", text: t("dkPayoutsLead") }),
      h("section", { class: "panel", "aria-labelledby": "dk-prep" }, [h("h2", { id: "dk-prep", text: t("dkPrepareTitle") }),
        h("p", { class: "small", text: t("dkPrepareLead") }), h("p", { class: "actions" }, prepare), msg]),
      list]);
    function load() {
      DM.fill(list, h("p", { class: "muted", text: t("loading") }));
      return DM.session.get("/admin/payout-runs").then(function (res) {
        if (!ctx.live()) return;
        var items = res.items || [];
        DM.fill(list, items.length ? runsTable(items) : h("p", { class: "muted", testid: "no-runs", text: t("dkNoRuns") }));
      }, function (err) { if (ctx.live()) DM.fill(list, DM.errorBox(err, load)); });
    }
    return load();
  }

  // The lines: one per maker, with the bank's answer once it came.
  function linesTable(lines) {
    var count = function (s) { return lines.filter(function (l) { return l.status === s; }).length; };
    return scroller(t("dkLinesCaption"), h("table", { class: "report dk-lines-table", testid: "payout-lines" }, [
      h("caption", { text: t("dkLinesCaption") }),
      h("thead", null, h("tr", null, [th("dkMaker"), th("dkBank"), th("dkEntries", { class: "dk-num" }), th("dkAmount", { class: "dk-num" }),
        th("dkStatus"), th("dkBankRef")])),
      h("tbody", null, lines.length ? lines.map(function (l) {
        return h("tr", { testid: "payout-line", "data-status": l.status, "data-vendor": l.vendor_id }, [
          h("th", { scope: "row" }, [h("span", { text: l.name }), h("br"), h("span", { class: "small muted", text: l.vendor_id })]),
          h("td", null, [h("span", { class: "dk-nowrap", text: "XXXX" + String(l.account_last4 || "").slice(-4) }), h("br"),
            h("span", { class: "small muted", text: l.ifsc })]),
          num(String(l.entries)),
          num(DM.money(l.amount_paise)),
          h("td", null, D.chip("dkls_", l.status, "line-status")),
          h("td", null, [
            l.utr ? h("span", { testid: "line-utr", text: l.utr }) : null,
            l.failure_reason ? h("span", { class: "reason", testid: "line-failure", text: l.failure_reason }) : null,
            l.settled_at ? h("span", { class: "small muted", text: " " + t("dkSettledOn", { date: DM.date(l.settled_at) }) }) : null,
            !l.utr && !l.failure_reason ? h("span", { class: "muted", text: t("dkNone") }) : null])]);
      }) : h("tr", null, h("td", { colspan: "6", class: "muted", text: t("dkNoLines") }))),
      h("tfoot", null, h("tr", null, [h("th", { scope: "row", colspan: "3", text: t("dkTotal") }),
        num(DM.money(sum(lines, "amount_paise")), { testid: "lines-total" }),
        h("td", { colspan: "2", testid: "lines-counts", text: t("dkLineCounts", { paid: count("paid"), failed: count("failed"), pending: count("pending") }) })]))
    ]));
  }

  function heldSection(run) {
    var held = run.held || [];
    if (!held.length) return null;
    var waiting = held.some(function (x) { return x.reason === "bank_change_pending"; });
    return h("div", { class: "dk-held" }, [h("h3", { text: t("dkHeldTitle") }),
      h("p", { class: "small muted", text: t("dkHeldLead") }),
      scroller(t("dkHeldTitle"), h("table", { class: "report", testid: "payout-held" }, [
        h("thead", null, h("tr", null, [th("dkMaker"), th("dkAmount", { class: "dk-num" }), th("dkWhy")])),
        h("tbody", null, held.map(function (x) {
          return h("tr", { testid: "held-maker", "data-reason": x.reason, "data-vendor": x.vendor_id }, [
            h("th", { scope: "row" }, [h("span", { text: x.name }), h("br"), h("span", { class: "small muted", text: x.vendor_id })]),
            num(DM.money(x.amount_paise)),
            h("td", { text: DM.has("dkHeld_" + x.reason) ? t("dkHeld_" + x.reason) : x.reason })]);
        })),
        h("tfoot", null, h("tr", null, [h("th", { scope: "row", text: t("dkTotal") }), num(DM.money(heldTotal(run))), h("td")]))])),
      waiting ? h("p", null, h("a", { href: D.href("vendors", { status: "approved" }), text: t("dkCheckAccounts") })) : null]);
  }

  // What the bank's response file did: counts, and the rows that were not used.
  function responseReport(res) {
    var refused = (res.rows || []).filter(function (r) { return r.outcome === "refused"; });
    return h("section", { class: "panel", testid: "bank-response-report", "aria-labelledby": "dk-resp-rep" }, [
      h("h3", { id: "dk-resp-rep", tabindex: "-1", text: t("dkResponseReport") }),
      h("dl", { class: "facts dk-facts", testid: "bank-response-counts" }, ["paid", "failed", "unchanged", "refused", "pending"].map(function (k) {
        return h("div", { "data-key": k, "data-count": String(res[k] || 0) }, [h("dt", { text: t("dkrr_" + k) }), h("dd", { text: String(res[k] || 0) })]);
      })),
      refused.length ? scroller(t("dkRefusedCaption"), h("table", { class: "report", testid: "bank-response-refused" }, [
        h("caption", { text: t("dkRefusedCaption") }),
        h("thead", null, h("tr", null, [th("dkColRow", { class: "dk-num" }), th("dkColReference"), th("dkColProblem")])),
        h("tbody", null, refused.map(function (r) {
          return h("tr", { testid: "refused-row", "data-code": r.code || "" }, [
            h("th", { scope: "row", class: "dk-num", text: String(r.row) }),
            h("td", { text: r.reference || "" }),
            h("td", null, [DM.has("dkrc_" + r.code) ? h("strong", { text: t("dkrc_" + r.code) }) : null,
              r.message ? h("span", { class: "small dk-api-msg", lang: "en", text: r.message }) : null])]);
        }))])) : h("p", { class: "ok", text: t("dkNoRefused") })]);
  }

  function uploadForm(ctx, run, redraw) {
    var file = F.input("file", { type: "file", accept: ".csv,text/csv", required: true, testid: "bank-response-file" });
    var form = F.make({ testid: "bank-response-form", "aria-labelledby": "dk-resp" }, [
      F.field(t("dkResponseFile"), file, t("dkResponseHint")),
      h("div", { class: "actions" }, h("button", { type: "submit", class: "btn", testid: "bank-response-upload", text: t("dkUploadResponse") }))
    ], function (f, button) {
      var chosen = file.files && file.files[0];
      if (!chosen) { DM.fieldError(file, t("dkChooseFile")); file.focus(); return; }
      if (chosen.size > MAX_BYTES) { DM.fieldError(file, t("dkFileTooBig")); file.focus(); return; }
      F.busy(button, true, "dkUploading");
      readText(chosen).then(function (text) {
        return DM.session.call("POST", runPath(run.id) + "/bank-response", { raw: text, type: "text/csv" }).then(function (report) {
          F.busy(button, false);
          if (ctx.live()) redraw({ report: report });
        }, function (err) {
          F.busy(button, false);
          if (!ctx.live()) return;
          F.fail(f, fieldsOnly(err),
            { invalid_csv: "file", too_many_rows: "file", invalid_body: "file" });
          if (err.code === "invalid_csv" && err.message) DM.add(f.querySelector(".form-msg"), h("p", { class: "small", lang: "en", text: err.message }));
        });
      }, function () {
        F.busy(button, false);
        DM.fieldError(file, t("dkFileUnreadable"));
        file.focus();
      });
    });
    return h("section", { class: "panel", "aria-labelledby": "dk-resp" }, [h("h3", { id: "dk-resp", text: t("dkResponseTitle") }), form]);
  }

  function runView(ctx, body, id) {
    var box = h("div"), timer = null, polls = 0;
    ctx.onLeave(function () { clearTimeout(timer); });
    ctx.title(t("dkRunTitle", { id: id }) + " — " + t("dkTitle"));
    DM.fill(body, [h("p", null, h("a", { href: D.href("payouts"), testid: "all-runs", text: t("dkAllRuns") })), box]);
    if (!RUN_ID.test(id)) {
      DM.fill(box, DM.errorBox(new DM.ApiError(404, { error: { code: "run_not_found" } })));
      return Promise.resolve();
    }

    // extra: {note} (said on top, focused) or {report} (the bank's response, focused).
    function load(extra) {
      clearTimeout(timer);
      return DM.session.get(runPath(id)).then(function (run) {
        if (!ctx.live()) return;
        draw(run, extra || {});
        if (run.status === "preparing" && polls++ < POLLS) {
          timer = setTimeout(function () { if (ctx.live()) load(); }, POLL_MS);
        }
      }, function (err) {
        if (ctx.live()) DM.fill(box, DM.errorBox(err, function () { load(extra); }));
      });
    }

    function draw(run, extra) {
      var lines = run.lines || [];
      var msg = h("div", { "aria-live": "polite" });
      var actions = [];
      if (run.status === "prepared") {
        var approve = h("button", { type: "button", class: "btn", testid: "payout-approve", text: t("dkApprove"), onclick: function () {
          F.busy(approve, true, "dkApproving");
          DM.clear(msg);
          DM.session.call("POST", runPath(run.id) + "/approve").then(function () {
            if (ctx.live()) load({ note: t("dkRunApproved") });
          }, function (err) {
            F.busy(approve, false);
            if (ctx.live()) DM.fill(msg, DM.errorBox(err));
          });
        } });
        actions.push(h("p", { class: "small", text: t("dkApproveLead", { amount: DM.money(run.amount_paise), n: run.lines_count }) }),
          h("p", { class: "actions" }, approve));
      }
      var settled = run.status === "approved" || run.status === "closed";
      if (settled && run.bank_file_url) {
        actions.push(h("p", { class: "actions" }, h("a", { class: "btn", testid: "bank-file", href: run.bank_file_url,
          download: "deogharmart-" + run.id + ".csv", rel: "noopener noreferrer", text: t("dkBankFile") })),
        h("p", { class: "small muted", text: t("dkBankFileHint") }));
      }
      if (run.status === "preparing") {
        actions.push(h("p", { class: "actions" }, h("button", { type: "button", class: "btn ghost", text: t("dkCheckAgain"),
          onclick: function () { polls = 0; load(); } })));
      }
      var note = extra.note ? h("p", { class: "notice good", role: "status", testid: "run-note", text: extra.note }) : null;
      var report = extra.report ? responseReport(extra.report) : null;
      var approvedBy = run.approved_by ? (run.approved_at ? t("dkApprovedByIs", { name: run.approved_by, date: DM.date(run.approved_at) }) : run.approved_by) : null;
      var heldN = (run.held || []).length;
      DM.fill(box, h("article", { class: "dk-run", testid: "payout-run-view", "data-id": run.id, "data-status": run.status, "aria-labelledby": "dk-run-h" }, [
        h("h2", { id: "dk-run-h", tabindex: "-1" }, [t("dkRunOf", { date: DM.date(run.created_at) }) + " ", D.chip("dkrs_", run.status, "run-status")]),
        note,
        h("p", { class: "lead", text: DM.has("dkRunStep_" + run.status) ? t("dkRunStep_" + run.status) : "" }),
        D.facts([
          [t("dkRunId"), run.id],
          [t("dkCutoff"), DM.date(run.cutoff)],
          [t("dkPreparedBy"), run.prepared_by],
          [t("dkApprovedBy"), approvedBy],
          [t("dkRunMakers"), String(run.lines_count)],
          [t("dkRunAmount"), h("strong", { testid: "run-amount", text: DM.money(run.amount_paise) })],
          [t("dkHeldCol"), heldN ? t("dkHeldCount", { n: heldN, amount: DM.money(heldTotal(run)) }) : null]
        ]),
        actions.length ? h("div", { class: "dk-run-actions" }, actions) : null,
        msg,
        settled ? uploadForm(ctx, run, load) : null,
        report,
        linesTable(lines),
        heldSection(run)
      ]));
      if (report) focus(report.querySelector("h3"));
      else if (note) focus(note);
    }
    return load();
  }

  D.tabs.payouts = function (ctx, body) {
    var id = ctx.route.query.run;
    return id ? runView(ctx, body, id) : runsList(ctx, body);
  };

  // --- tax workings --------------------------------------------------------------------------
  // The month and the eleven before it, YYYY-MM (India's calendar).
  function months() {
    var now = indiaNow(), out = [];
    for (var i = 0; i < 12; i++) {
      var d = new Date(Date.UTC(now.y, now.m - i, 1));
      out.push([d.getUTCFullYear() + "-" + pad(d.getUTCMonth() + 1), monthName(d.getUTCFullYear(), d.getUTCMonth())]);
    }
    return out;
  }
  // India's financial year starts in April: Q1 = Apr–Jun … Q4 = Jan–Mar. This quarter and the seven before.
  function quarters() {
    var now = indiaNow(), fy = now.m >= 3 ? now.y : now.y - 1, q = Math.floor(((now.m + 9) % 12) / 3) + 1, out = [];
    for (var i = 0; i < 8; i++) {
      var value = "FY" + fy + "-" + pad((fy + 1) % 100) + "-Q" + q;
      out.push([value, quarterLabel(value)]);
      if (--q === 0) { q = 4; fy--; }
    }
    return out;
  }
  // "FY2026-27-Q3" -> "FY 2026-27, Q3 (Oct–Dec 2026)".
  function quarterLabel(value) {
    var v = /^FY(\d{4})-(\d{2})-Q([1-4])$/.exec(value || "");
    if (!v) return value;
    var fy = Number(v[1]), q = Number(v[3]), first = 3 + (q - 1) * 3, y = fy + Math.floor(first / 12), m = first % 12;
    var span = new Date(Date.UTC(y, m, 1)).toLocaleDateString(locale(), { month: "short", timeZone: "UTC" }) + "–" + monthName(y, m + 2, "short");
    return t("dkQuarterIs", { fy: v[1] + "-" + v[2], q: q, months: span });
  }
  function monthLabel(value) {
    var m = /^(\d{4})-(\d{2})$/.exec(value || "");
    return m ? monthName(Number(m[1]), Number(m[2]) - 1) : value;
  }
  function csvLink(url, name, testid) {
    return h("div", { class: "dk-links" }, [h("p", { class: "actions" }, h("a", { class: "btn ghost", href: url, download: name,
      rel: "noopener noreferrer", testid: testid, text: t("dkTaxCsv") })), h("p", { class: "small muted", text: t("dkLinkMinutes") })]);
  }

  var GST_HEADS = [["supplies_paise", "dkSupplies"], ["returns_paise", "dkReturns"], ["net_paise", "dkNetSupplies"],
    ["cgst_paise", "dkCgst"], ["sgst_paise", "dkSgst"], ["igst_paise", "dkIgst"]];
  function gstStatus(s) { return t(DM.has("dkgs_" + s) ? "dkgs_" + s : "dkgs_none"); }
  // registered: the GSTR-8 table (GSTIN first, the API's totals); otherwise the makers without a GSTIN.
  function gstTable(rows, registered, totals) {
    var cols = registered ? 3 : 2;
    return scroller(t(registered ? "dkRegistered" : "dkUnregistered"), h("table", { class: "report dk-tax", testid: registered ? "gstr8-table" : "gstr8-unregistered" }, [
      h("caption", { text: t(registered ? "dkRegistered" : "dkUnregistered") }),
      h("thead", null, h("tr", null, (registered ? [th("dkGstin")] : []).concat([th("dkMaker"), th("dkGstStatus")],
        GST_HEADS.map(function (x) { return th(x[1], { class: "dk-num" }); })))),
      h("tbody", null, rows.length ? rows.map(function (r) {
        var first = registered ? [h("th", { scope: "row", text: r.gstin || "" }), h("td", { text: r.vendor_id })] :
          [h("th", { scope: "row", text: r.vendor_id })];
        return h("tr", { testid: "gstr8-row", "data-vendor": r.vendor_id }, first.concat([h("td", { text: gstStatus(r.gst_status) })],
          GST_HEADS.map(function (x) { return num(DM.money(r[x[0]] || 0)); })));
      }) : h("tr", null, h("td", { colspan: String(cols + GST_HEADS.length), class: "muted", text: t("dkNoRows") }))),
      totals ? h("tfoot", null, h("tr", null, [h("th", { scope: "row", colspan: String(cols), text: t("dkTotalGstr8") })].concat(
        GST_HEADS.map(function (x) { return num(DM.money(totals[x[0]] || 0), { "data-key": x[0] }); })))) : null
    ]));
  }
  function gstr8Result(res) {
    var un = res.unregistered || [];
    return h("section", { testid: "gstr8-result", "data-month": res.month, "aria-labelledby": "dk-g8-h" }, [
      h("h3", { id: "dk-g8-h", tabindex: "-1", text: t("dkGstr8Of", { month: monthLabel(res.month) }) }),
      gstTable(res.suppliers || [], true, res.totals || {}),
      un.length ? gstTable(un, false, null) : null,
      csvLink(res.csv_url, "gstr8-" + res.month + ".csv", "gstr8-csv")]);
  }
  function tdsResult(res) {
    var rows = res.deductees || [], tot = res.totals || {};
    return h("section", { testid: "tds-result", "data-quarter": res.quarter, "aria-labelledby": "dk-tds-h" }, [
      h("h3", { id: "dk-tds-h", tabindex: "-1", text: t("dkTdsOf", { quarter: quarterLabel(res.quarter) }) }),
      scroller(t("dkTdsCaption"), h("table", { class: "report dk-tax", testid: "tds-table" }, [
        h("caption", { text: t("dkTdsCaption") }),
        h("thead", null, h("tr", null, [th("dkPan"), th("dkMakersCol"), th("dkCredited", { class: "dk-num" }), th("dkRate", { class: "dk-num" }),
          th("dkTdsCol", { class: "dk-num" })])),
        h("tbody", null, rows.length ? rows.map(function (r) {
          return h("tr", { testid: "tds-row", "data-pan": r.pan ? "given" : "missing" }, [
            h("th", { scope: "row" }, r.pan ? r.pan : h("span", { class: "reason", text: t("dkNoPan") })),
            h("td", { text: (r.vendors || []).join(", ") }),
            num(DM.money(r.credited_paise || 0)),
            num((r.rate_bp || 0) / 100 + "%"),
            num(DM.money(r.tds_paise || 0))]);
        }) : h("tr", null, h("td", { colspan: "5", class: "muted", text: t("dkNoRows") }))),
        h("tfoot", null, h("tr", null, [h("th", { scope: "row", colspan: "2", text: t("dkTotal") }),
          num(DM.money(tot.credited_paise || 0), { "data-key": "credited_paise" }), h("td"),
          num(DM.money(tot.tds_paise || 0), { "data-key": "tds_paise" })]))])),
      csvLink(res.csv_url, "tds-" + res.quarter + ".csv", "tds-csv")]);
  }
  // One working: a form with the period, its result below it.
  function working(ctx, o) {
    var out = h("div", { "aria-live": "polite" });
    var form = F.make({ testid: o.testid + "-form", "aria-labelledby": o.hid }, [
      F.select(o.field, o.label, o.options, o.options[1][0], { testid: o.testid + "-period", required: true }),
      h("div", { class: "actions" }, h("button", { type: "submit", class: "btn", testid: o.testid + "-show", text: t(o.button) }))
    ], function (f, button) {
      F.busy(button, true, "dkWorking");
      var q = {};
      q[o.field] = F.values(f)[o.field];
      DM.session.get(D.query(o.path, q)).then(function (res) {
        F.busy(button, false);
        if (!ctx.live()) return;
        F.clear(f);
        DM.fill(out, o.draw(res));
        focus(out.querySelector("h3"));
      }, function (err) {
        F.busy(button, false);
        if (!ctx.live()) return;
        DM.clear(out);
        var codes = {};
        codes[o.code] = o.field;
        F.fail(f, fieldsOnly(err), codes);
      });
    });
    return h("section", { class: "panel", "aria-labelledby": o.hid }, [h("h2", { id: o.hid, text: t(o.title) }), form, out]);
  }

  D.tabs.tax = function (ctx, body) {
    DM.fill(body, [h("p", { class: "lead", text: t("dkTaxLead") }),
      working(ctx, { testid: "gstr8", hid: "dk-g8", title: "dkGstr8Title", field: "month", label: t("dkTaxMonth"), options: months(),
        button: "dkShowGstr8", path: "/admin/tax/gstr8", code: "invalid_month", draw: gstr8Result }),
      working(ctx, { testid: "tds", hid: "dk-tds", title: "dkTdsTitle", field: "quarter", label: t("dkTaxQuarter"), options: quarters(),
        button: "dkShowTds", path: "/admin/tax/tds", code: "invalid_quarter", draw: tdsResult })]);
  };
})(window.DM);
