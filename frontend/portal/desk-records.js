// The review desk's records: the audit trail of decisions (GET /admin/audit, newest first)
// and the district office's reports (GET/POST /admin/reports). A report's links expire, so
// they are asked for (GET /admin/reports/<id>) when the admin wants them, never kept; the
// admin's token only ever travels in the Authorization header.
(function (DM) {
  "use strict";
  var h = DM.h, t = DM.t, F = DM.form, D = DM.desk;
  var KINDS = ["vendor", "product"];
  var MAX_EMPTY_PAGES = 5;

  // --- the audit trail ---------------------------------------------------------------
  var names = {};
  function entityName(kind, id) {
    if (!names[kind + id]) {
      names[kind + id] = kind === "vendor" ? D.maker(id).then(function (m) { return m.name; }) :
        DM.api.get("/products/" + encodeURIComponent(id)).then(function (p) { return p.name; }, function () { return null; });
    }
    return names[kind + id];
  }
  function entry(a) {
    var what = DM.has("dkAct_" + a.kind + "_" + a.action) ? t("dkAct_" + a.kind + "_" + a.action) : a.kind + " " + a.action;
    var name = h("span", { class: "dk-entity" });
    entityName(a.kind, a.entity_id).then(function (n) { if (n) DM.fill(name, [D.pair(n), " "]); });
    return h("li", { class: "dk-entry", testid: "audit-entry", "data-kind": a.kind, "data-action": a.action, "data-entity": a.entity_id }, [
      h("p", { class: "dk-what" }, [h("strong", { class: "dk-act-" + a.action, text: what }), ": ", name,
        h("a", { href: D.href("audit", { kind: a.kind, entity: a.entity_id }), class: "small", text: a.entity_id })]),
      h("p", { class: "small muted" }, [h("time", { datetime: a.at, text: DM.date(a.at) }), " · ",
        h("span", { testid: "audit-actor", text: t("dkBy", { name: a.actor_name || a.actor_sub }) })]),
      a.reason ? h("p", { class: "reason", testid: "audit-reason" }, [t("dkReasonWas"), h("span", { text: a.reason })]) : null
    ]);
  }

  D.tabs.audit = function (ctx, body) {
    var q = ctx.route.query;
    var kind = KINDS.indexOf(q.kind) >= 0 ? q.kind : "";
    var entity = kind && /^[a-z0-9-]{1,64}$/.test(q.entity || "") ? q.entity : "";
    var filter = h("select", { id: "dk-akind", testid: "audit-filter", onchange: function (e) {
      ctx.go(D.href("audit", { kind: e.target.value }));
    } }, [h("option", { value: "", text: t("dkKindAll") })].concat(KINDS.map(function (k) {
      return h("option", { value: k, text: t("dkKind_" + k), selected: k === kind && !entity });
    })));
    var list = h("ol", { class: "dk-audit", testid: "audit-list" }), more = h("div");
    // With a kind and no entity the API filters a page after reading it: skip empty pages.
    function fetch(cursor, skipped) {
      return DM.session.get(D.query("/admin/audit", { kind: kind, entity_id: entity, limit: 50, cursor: cursor })).then(function (res) {
        if (!res.items.length && res.next_cursor && (skipped || 0) < MAX_EMPTY_PAGES) return fetch(res.next_cursor, (skipped || 0) + 1);
        return res;
      });
    }
    DM.fill(body, [h("p", { class: "lead", text: t("dkAuditLead") }),
      entity ? h("p", null, [h("strong", { text: t("dkAuditOf", { id: entity }) }), " ",
        h("a", { href: D.href("audit"), text: t("dkAllDecisions") })]) :
        h("div", { class: "field dk-filter" }, [h("label", { for: "dk-akind", text: t("dkKind") }), filter]),
      list, more]);
    return D.pages(ctx, more, fetch, function (items, first) {
      if (first && !items.length) DM.add(list, h("li", { class: "muted", text: t("dkNoDecisions") }));
      DM.add(list, items.map(entry));
    });
  };

  // --- reports -------------------------------------------------------------------------
  D.day = function (iso) {
    var d = new Date(String(iso) + "T00:00:00");
    if (isNaN(d.getTime())) return iso || "";
    return d.toLocaleDateString(DM.lang === "hi" ? "hi-IN" : "en-IN", { day: "numeric", month: "short", year: "numeric" });
  };
  function reportTitle(r) {
    var kind = DM.has("dkrk_" + r.kind) ? t("dkrk_" + r.kind) : r.kind;
    var period = r.start === r.end ? D.day(r.start) : D.day(r.start) + " – " + D.day(r.end);
    return t("dkReportTitle", { kind: kind, period: period });
  }
  // One report; `fresh` (the answer of POST or GET /admin/reports/<id>) shows its links at once.
  function report(ctx, r, fresh) {
    var title = reportTitle(r), links = h("div", { class: "dk-links", "aria-live": "polite" }), timer = null;
    ctx.onLeave(function () { clearTimeout(timer); });
    function button(note) {
      var b = h("button", { type: "button", class: "btn ghost", testid: "report-links", "aria-label": t("dkGetLinks", { name: title }),
        text: t("dkGetLinksShort"), onclick: function () { get(b); } });
      DM.fill(links, [note ? h("p", { class: "small muted", text: note }) : null, b]);
    }
    function get(b) {
      F.busy(b, true, "dkFetching");
      DM.session.get("/admin/reports/" + encodeURIComponent(r.id)).then(function (res) {
        if (ctx.live()) show(res, true);
      }, function (err) {
        F.busy(b, false);
        DM.add(links, DM.errorBox(err));
      });
    }
    function show(res, focus) {
      var until = new Date(Date.now() + res.expires_in * 1000);
      var a = h("a", { class: "btn", testid: "report-html", href: res.html_url, target: "_blank", rel: "noopener noreferrer", text: t("dkHtml") });
      DM.fill(links, [h("p", { class: "actions" }, [a,
        h("a", { class: "btn ghost", testid: "report-csv", href: res.csv_url, rel: "noopener noreferrer", text: t("dkCsv") })]),
      h("p", { class: "small muted", text: t("dkValidUntil", { time: DM.date(until.toISOString()) }) })]);
      if (focus) a.focus();
      clearTimeout(timer);
      // A little before the links stop working, offer new ones instead.
      timer = setTimeout(function () { if (ctx.live()) button(t("dkLinksExpired")); }, Math.max(res.expires_in - 15, 5) * 1000);
    }
    if (fresh) show(fresh, false); else button();
    var tot = r.totals || {};
    return h("li", { class: "panel dk-report", testid: "report", "data-id": r.id, "data-kind": r.kind }, [
      h("h3", { text: title }),
      h("p", { class: "small muted", text: t("dkMadeAt", { date: DM.date(r.generated_at) }) }),
      h("p", { testid: "report-totals", text: r.empty ? t("dkEmptyReport") : t("dkTotals", { orders: tot.orders,
        gmv: DM.money(tot.gmv_paise || 0), net: DM.money(tot.net_paise || 0) }) }),
      links]);
  }
  D.latestReports = function (ctx, box) {
    DM.fill(box, h("p", { class: "muted", text: t("loading") }));
    return DM.session.get("/admin/reports?limit=20").then(function (res) {
      if (!ctx.live()) return;
      var latest = ["daily", "weekly"].map(function (k) { return (res.items || []).filter(function (r) { return r.kind === k; })[0]; }).filter(Boolean);
      DM.fill(box, latest.length ? h("ul", { class: "dk-reports", testid: "latest-reports" }, latest.map(function (r) { return report(ctx, r); })) :
        h("p", { class: "muted", text: t("dkNoReports") }));
    }, function (err) { if (ctx.live()) DM.fill(box, DM.errorBox(err, function () { D.latestReports(ctx, box); })); });
  };

  D.tabs.reports = function (ctx, body) {
    var list = h("ul", { class: "dk-reports", testid: "reports" }), status = h("div");
    var form = F.make({ testid: "report-form", "aria-labelledby": "dk-make" }, [
      F.select("kind", t("dkReportKind"), [["daily", t("dkrk_daily")], ["weekly", t("dkrk_weekly")]], "daily", { testid: "report-kind" }),
      F.text("date", t("dkReportDay"), "", { type: "date", "data-optional": "", testid: "report-date",
        max: new Date(Date.now() + 330 * 60000).toISOString().slice(0, 10) }, t("dkReportDayHint")),   // India's today
      F.check("email", t("dkReportMail"), false),
      h("button", { type: "submit", class: "btn", testid: "make-report", text: t("dkMakeIt") })
    ], function (f, button) {
      F.busy(button, true, "dkMaking");
      DM.session.post("/admin/reports", F.values(f)).then(function (res) {
        F.busy(button, false);
        if (!ctx.live()) return;
        F.say(f, t("dkReportMade"), true);
        var empty = list.querySelector(".muted");
        if (empty) empty.remove();
        var old = list.querySelector('[data-id="' + res.id + '"]');
        var li = report(ctx, res, res);
        if (old) old.replaceWith(li); else list.insertBefore(li, list.firstChild);
        li.querySelector("a").focus();
      }, function (err) {
        F.busy(button, false);
        if (ctx.live()) F.fail(f, err);
      });
    });
    DM.fill(body, [h("p", { class: "lead", text: t("dkReportsLead") }),
      h("section", { class: "panel" }, [h("h2", { id: "dk-make", text: t("dkMakeReport") }), form]),
      h("h2", { text: t("dkAllReports") }), status, list]);
    DM.fill(status, h("p", { class: "muted", text: t("loading") }));
    return DM.session.get("/admin/reports?limit=30").then(function (res) {
      if (!ctx.live()) return;
      DM.clear(status);
      DM.add(list, (res.items || []).length ? res.items.map(function (r) { return report(ctx, r); }) :
        h("li", { class: "muted", text: t("dkNoReports") }));
    }, function (err) { if (ctx.live()) DM.fill(status, DM.errorBox(err, ctx.rerender)); });
  };
})(window.DM);
