// Orders to pack (GET /vendor/orders: parcels with the ship-to address while there is packing
// to do; "packed" calls the courier; tracking; the invoice fetched with the token; a parcel
// going abroad with its country and export papers (issue 20); delivery
// recorded by hand where the stage has no courier API: handover.js; "I cannot send this"
// before pickup, refunding the buyer) and the payout ledger
// (GET /vendor/payouts).
(function (DM) {
  "use strict";
  var h = DM.h, t = DM.t, P = DM.portal;

  function address(a) {
    if (!a) return null;
    var lines = [a.name, a.phone, a.line1, a.line2, [a.city, a.state, a.pincode || a.postal_code].filter(Boolean).join(", "),
      a.country && a.country !== "IN" ? DM.countryName(a.country) + " (" + a.country + ")" : ""];
    return h("div", null, [h("h3", { text: t("shipTo") }), h("p", { class: "ship", testid: "ship-to", text: lines.filter(Boolean).join("\n") })]);
  }

  // Invoices, statements and export papers: portal/documents.js (fetched with the token).
  function openDocument(path, label, msg, save) { P.openDocument(path, label, msg, save); }
  function openInvoice(parcelId, msg) {
    openDocument("/vendor/parcels/" + encodeURIComponent(parcelId) + "/invoice", t("invoice"), msg);
  }
  // A parcel going abroad (issue 20): its country, and its export papers (the export invoice,
  // CN22/CN23 and the postal bill of export's fields) printable, as CSV or as JSON.
  function abroad(p) {
    return p.export ? h("p", { class: "badges" }, h("span", { class: "chip st-abroad", testid: "parcel-abroad", "data-country": p.country || "",
      text: t("xAbroad", { country: DM.countryName(p.country) }) })) : null;
  }
  function exportPapers(p, msg) {
    if (!p.export) return null;
    var path = "/vendor/parcels/" + encodeURIComponent(p.id) + "/export-papers?format=", id = "xp-" + p.id;
    var open = function (format, key) {
      return h("button", { type: "button", class: format === "html" ? "btn" : "btn ghost", testid: "papers-" + format, text: t(key),
        onclick: function () { openDocument(path + format, t(key), msg, format === "html" ? null : "export-papers-" + p.id + "." + format); } });
    };
    return h("section", { class: "x-papers", testid: "export-papers", "aria-labelledby": id }, [
      h("h3", { id: id, text: t("xPapers") }),
      h("p", { class: "small muted", text: t("xPapersLead") }),
      h("div", { class: "actions" }, [open("html", "xPrint"), open("csv", "xCsv"), open("json", "xJson")])]);
  }
  // Statements: a month (this one and the eleven before), printable or as CSV.
  function statements() {
    var months = [], d = new Date();
    for (var i = 0; i < 12; i++) {
      var m = new Date(d.getFullYear(), d.getMonth() - i, 1);
      months.push(m.getFullYear() + "-" + ("0" + (m.getMonth() + 1)).slice(-2));
    }
    var pick = h("select", { testid: "statement-month", "aria-label": t("statementMonth") },
      months.map(function (m) { return h("option", { value: m, text: m }); }));
    var msg = h("div", { class: "small", "aria-live": "polite" });
    var path = function (format) { return "/vendor/statements/" + pick.value + "?format=" + format; };
    return h("div", { class: "panel", testid: "statements" }, [h("h2", { text: t("statementsTitle") }),
      h("p", { class: "small muted", text: t("statementsLead") }), pick,
      h("div", { class: "actions" }, [
        h("button", { type: "button", class: "btn", testid: "statement-open", text: t("statementOpen"),
          onclick: function () { openDocument(path("html"), t("statementOpen"), msg); } }),
        h("button", { type: "button", class: "btn ghost", testid: "statement-csv", text: t("statementCsv"),
          onclick: function () { openDocument(path("csv"), t("statementCsv"), msg, "statement-" + pick.value + ".csv"); } })]),
      msg]);
  }

  // "I cannot send this": before pickup the maker may cancel a parcel with a reason the buyer
  // reads (POST /vendor/parcels/<id>/cancel); the buyer is refunded and it counts on the scorecard.
  function cannotSend(p, base, redraw) {
    if (p.status !== "awaiting_pickup") return null;
    var F = DM.form;
    var form = F.make({ class: "q-cancel", testid: "cancel-form" }, [
      h("p", { class: "notice err", testid: "cancel-warning", text: t("qCancelWarn") }),
      F.text("reason", t("qCancelReason"), "", { tag: "textarea", rows: 2, required: true, minlength: 3, maxlength: 300, testid: "cancel-reason" },
        t("qCancelReasonHint")),
      h("div", { class: "actions" }, [h("button", { type: "submit", class: "btn danger", testid: "cancel-parcel", text: t("qCancelDo") })])
    ], function (f, button) {
      F.busy(button, true, "qCancelling");
      DM.session.post(base + "/cancel", F.values(f)).then(function (saved) {
        DM.announce(t("qCancelDone"));
        redraw(saved, t("qCancelDone"));
      }, function (err) { F.busy(button, false); F.fail(f, err); });
    });
    return h("details", { class: "q-cannot", testid: "cannot-send" }, [h("summary", { text: t("qCannotSend") }), form]);
  }

  function parcel(p, redraw) {
    var msg = h("div", { "aria-live": "polite" });
    var canPack = p.status === "awaiting_pickup" && !p.packed_at && (p.tracking_number || p.by_hand);
    var pack = canPack ? h("button", { type: "button", class: "btn", testid: "mark-packed", text: t(p.by_hand ? "hoPacked" : "markPacked") }) : null;
    var base = "/vendor/parcels/" + encodeURIComponent(p.id);
    if (pack) {
      pack.addEventListener("click", function () {
        DM.form.busy(pack, true);
        DM.session.post(base + "/packed").then(function (saved) {
          DM.announce(t("packedDone"));
          redraw(saved, t("packedDone"));
        }, function (err) { DM.form.busy(pack, false); DM.fill(msg, DM.errorBox(err)); });
      });
    }
    return h("li", { class: "panel", testid: "parcel", "data-id": p.id, "data-status": p.status }, [
      h("h2", null, [t("parcelOf", { id: p.id }) + " ", P.chip("vp_", p.status, "parcel-status")]),
      abroad(p),
      h("p", { class: "small muted" }, [DM.date(p.created_at)]),
      h("ul", { class: "lines" }, (p.lines || []).map(function (l) {
        return h("li", null, [h("span", null, [t("qtyX", { n: l.quantity }) + " ", h("span", { text: DM.tx(l.name) })]),
          h("span", { text: DM.money(l.line_total_paise) })]);
      })),
      h("p", null, [t("value") + ": ", h("strong", { text: DM.money(p.value_paise) })]),
      address(p.ship_to),
      h("p", { class: "small" }, [t("tracking") + ": ", p.tracking_number ? h("strong", { testid: "tracking", text: DM.handover.label(p) }) :
        h("span", { class: "muted", text: t(p.by_hand ? "hoNotYet" : "notBooked") })]),
      p.packed_at ? h("p", { class: "small ok", text: t("packedAt", { date: DM.date(p.packed_at) }) }) : null,
      p.status === "awaiting_pickup" && !p.tracking_number && !p.by_hand ? h("p", { class: "small muted", text: t("notBookedYet") }) : null,
      h("div", { class: "actions" }, [pack, h("button", { type: "button", class: "btn ghost", text: t("invoice"),
        onclick: function () { openInvoice(p.id, msg); } })]),
      exportPapers(p, msg),
      DM.handover(p, base, redraw),
      cannotSend(p, base, redraw),
      msg
    ]);
  }

  P.view("orders", function (ctx) {
    if (P.needMaker(ctx)) return;
    ctx.title(t("ordersTitle"));
    var list = h("ul", { class: "plist", testid: "parcels" }), more = h("div");
    DM.fill(ctx.section, [h("h1", { text: t("ordersTitle") }), list, more]);
    function draw(p) {
      var li = parcel(p, function (saved, note) {
        var fresh = draw(saved);
        li.replaceWith(fresh);
        DM.add(fresh.lastChild, h("p", { class: "notice good", role: "status", text: note }));
      });
      return li;
    }
    P.pages(ctx, list, more, function (cursor) {
      return "/vendor/orders?limit=20" + (cursor ? "&cursor=" + encodeURIComponent(cursor) : "");
    }, draw, "noOrders").then(ctx.ready);
  });

  P.view("payouts", function (ctx) {
    if (P.needMaker(ctx)) return;
    ctx.title(t("payoutsTitle"));
    DM.fill(ctx.section, [h("h1", { text: t("payoutsTitle") }), h("p", { class: "muted", text: t("loading") })]);
    DM.session.get("/vendor/payouts").then(function (res) {
      if (!ctx.live()) return;
      var entries = res.entries || [];
      var held = res.held_paise ? h("p", { class: "small muted", testid: "held", text: t("heldLine", { amount: DM.money(res.held_paise), until: DM.date(res.held_until) }) }) : null;
      DM.fill(ctx.section, [h("h1", { text: t("payoutsTitle") }),
        h("div", { class: "panel" }, [h("p", { text: t("balance") }), h("p", { class: "balance", testid: "balance", text: DM.money(res.balance_paise) }),
          h("p", { class: "small", testid: "payable", text: t("payableLine", { amount: DM.money(res.payable_paise || 0) }) }), held]),
        statements(),
        h("h2", { text: t("ledgerTitle") }),
        entries.length ? h("ul", { class: "ledger", testid: "ledger" }, entries.map(function (e) {
          var taken = e.kind === "payout" ? null : h("p", { class: "small", text: t("deductionLine", {
            gross: DM.money(e.gross_paise), commission: DM.money(e.commission_paise), gst: DM.money(e.commission_gst_paise || 0),
            tcs: DM.money(e.tcs_paise || 0), tds: DM.money(e.tds_paise || 0) }) });
          return h("li", { testid: "ledger-entry", "data-kind": e.kind }, [
            h("div", null, [h("strong", { text: t("k_" + e.kind) }), " ",
              h("span", { class: "small muted", text: e.kind === "payout" ? t("utrLine", { utr: e.parcel_id }) : (e.parcel_id || e.order_id || "") }),
              h("p", { class: "small muted", text: DM.date(e.at) }), e.gross_paise ? taken : null]),
            h("span", { class: "amt", text: DM.money(e.amount_paise) })]);
        })) : h("p", { class: "muted", text: t("noLedger") })]);
      ctx.ready();
    }, function (err) { P.fail(ctx, err); });
  });
})(window.DM);
