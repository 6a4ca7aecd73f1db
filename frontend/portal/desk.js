// The review desk (admins): one route, "#/desk/<section>", with the sections
//   ""         overview: what waits, the sales figures (GET /admin/stats), the latest reports;
//   vendors    makers by status (GET /admin/vendors), approve / reject with a reason;
//   listings   listings waiting for review (desk-listings.js);
//   audit      the decisions, newest first; reports: links and "make one now" (desk-records.js);
//   payouts    payout runs: prepare, approve, the bank file and the bank's response
//              ("#/desk/payouts?run=<id>" for one run); tax: GST TCS and TDS workings (desk-payouts.js);
//   parcels    parcels without tracking past their deadline; delivery recorded by hand (desk-parcels.js);
//   reviews    buyers' reviews to publish or reject (desk-reviews.js); complaints: refund decisions,
//              cash-on-delivery refunds paid by hand; flagged: makers' scorecards (desk-complaints.js);
//   export-profiles  makers' export papers to approve; exports: the export register by month
//              (desk-exports.js, loaded with the first visit to either);
//   officials  the district's officials: invite, change role or block, disable (desk-officials.js).
// Shared here (DM.desk): the decision form, paging, facts lists, two-language texts, pictures.
// Everything from the API reaches the page as text (DM.h), never as HTML.
(function (DM) {
  "use strict";
  var h = DM.h, t = DM.t, F = DM.form;
  var D = DM.desk = { tabs: {} };
  var TABS = [["", "dkOverview"], ["vendors", "dkVendors"], ["listings", "dkListings"], ["audit", "dkAudit"], ["reports", "dkReports"],
    ["reviews", "dkReviews"], ["complaints", "dkComplaints"], ["flagged", "dkFlaggedMakers"],
    ["payouts", "dkPayouts"], ["tax", "dkTaxWork"], ["parcels", "dkParcels"], ["export-profiles", "dkExportProfiles"],
    ["exports", "dkExportRegister"], ["officials", "dkOfficials"]];
  var VENDOR_STATUSES = ["pending", "rejected", "suspended", "approved"];
  var seq = 0;

  if (!document.querySelector('link[href="portal/desk.css"]')) {
    document.head.appendChild(h("link", { rel: "stylesheet", href: "portal/desk.css" }));
  }

  D.href = function (tab, query) {
    var q = Object.keys(query || {}).filter(function (k) { return query[k]; }).map(function (k) {
      return encodeURIComponent(k) + "=" + encodeURIComponent(query[k]);
    }).join("&");
    return "#/desk" + (tab ? "/" + tab : "") + (q ? "?" + q : "");
  };
  D.chip = function (prefix, status, testid) {
    return h("span", { class: "chip st-" + status, testid: testid, "data-status": status, text: t(prefix + status) });
  };
  // {hi, en} as "हिन्दी · English", each part marked with its language (one part when equal).
  D.pair = function (text) {
    text = text || {};
    if (!text.en || text.en === text.hi) return h("span", { lang: "hi", text: text.hi || text.en || "" });
    return h("span", null, [h("span", { lang: "hi", text: text.hi }), h("span", { class: "dk-sep", "aria-hidden": "true", text: " · " }),
      h("span", { lang: "en", text: text.en })]);
  };
  // A long two-language text (a story, a description): Hindi and English side by side.
  D.both = function (label, text) {
    text = text || {};
    var part = function (key, lang) {
      return h("div", { class: "dk-lang" }, [h("h4", { text: t(key) }), h("p", { class: "story", lang: lang, text: text[lang] || "" })]);
    };
    return h("div", { class: "dk-both" }, [h("h3", { text: label }), h("div", { class: "dk-cols" }, [part("dkHindi", "hi"), part("dkEnglish", "en")])]);
  };
  // A definition list of [label, value] rows; rows without a value are left out.
  D.facts = function (rows) {
    return h("dl", { class: "facts dk-facts" }, rows.filter(function (r) { return r && r[1] != null && r[1] !== ""; }).map(function (r) {
      return h("div", null, [h("dt", { text: r[0] }), h("dd", null, r[1])]);
    }));
  };
  D.missing = function () { return h("span", { class: "muted", text: t("dkMissing") }); };
  // A photo as the API lists it ({url}) or as a pending change stores it ({key}); none yet: null.
  D.image = function (im) {
    if (!im || im.url) return im || null;
    if (!im.key) return null;
    var base = String(DM.config.mediaBaseUrl || "").replace(/\/+$/, "");
    var at = function (key) { return base + "/" + key; };
    return { url: at(im.key), width: im.width, height: im.height, renditions: (im.renditions || []).map(function (r) {
      return { url: at(r.key), width: r.width, height: r.height };
    }) };
  };
  // Category names by slug (one request per page).
  var categories = null;
  D.category = function (slug) {
    var span = h("span", { text: slug });
    if (!categories) categories = DM.api.get("/categories").catch(function () { categories = null; return { items: [] }; });
    categories.then(function (res) {
      var c = (res.items || []).filter(function (x) { return x.slug === slug; })[0];
      if (c) span.textContent = DM.tx(c.name);
    });
    return span;
  };

  // Pages of a list: fetch(cursor) -> {items, next_cursor}; add(items, first) draws them;
  // a "show more" button while there are more. Returns the first page's promise.
  D.pages = function (ctx, box, fetch, add) {
    function page(cursor) {
      DM.fill(box, h("p", { class: "muted", text: t("loading") }));
      return fetch(cursor).then(function (res) {
        if (!ctx.live()) return res;
        add(res.items || [], !cursor, res);
        DM.fill(box, res.next_cursor ? h("button", { type: "button", class: "btn ghost", testid: "more", text: t("dkMore"),
          onclick: function () { page(res.next_cursor); } }) : null);
        return res;
      }, function (err) {
        if (ctx.live()) DM.fill(box, DM.errorBox(err, function () { page(cursor); }));
      });
    }
    return page("");
  };
  D.query = function (path, params) {
    var q = Object.keys(params).filter(function (k) { return params[k] != null && params[k] !== ""; }).map(function (k) {
      return k + "=" + encodeURIComponent(params[k]);
    }).join("&");
    return path + (q ? "?" + q : "");
  };

  // Approve / reject with a reason. o: {path ("/admin/vendors/<id>"), name, approve, reject (offered?),
  // done(result, approved)}; optional: title (the heading), testid (a prefix for the form's test ids,
  // e.g. "bank-change" -> bank-change-approve), stale (the key said when it was decided meanwhile),
  // send(approve, reason) (the call, when not <path>/approve|reject), labels ([approve, reject] keys),
  // reasonLabel and reasonHint (keys). A reason is needed to reject; the API's answer is shown on the form.
  D.decision = function (o) {
    var id = "dk-d" + (++seq), tid = o.testid ? o.testid + "-" : "";
    var area = F.input("reason", { tag: "textarea", rows: 3, maxlength: 1000, testid: tid + "reason" });
    var buttons = [];
    var form = h("form", { class: "dk-decide", novalidate: "", testid: tid + "decision", "aria-labelledby": id,
      onsubmit: function (e) { e.preventDefault(); } }, [
      h("h3", { id: id, text: o.title || t("dkDecide", { name: o.name }) }),
      h("div", { class: "form-msg", hidden: true }),
      F.field(t(o.reasonLabel || "dkReason"), area, t(o.reasonHint || "dkReasonHint")),
      h("div", { class: "actions" }, [
        o.approve !== false ? button(true) : null,
        o.reject !== false ? button(false) : null])
    ]);
    function button(approve) {
      var b = h("button", { type: "button", class: approve ? "btn" : "btn danger", testid: tid + (approve ? "approve" : "reject"),
        text: t((o.labels || ["dkApprove", "dkReject"])[approve ? 0 : 1]), onclick: function () { send(approve, b); } });
      buttons.push(b);
      return b;
    }
    function send(approve, b) {
      F.clear(form);
      var reason = area.value.trim();
      if (!approve && reason.length < 3) {
        DM.fieldError(area, reason ? t("tooShort", { n: 3 }) : t("dkReasonNeeded"));
        F.say(form, t("fixErrors"));
        area.focus();
        return;
      }
      buttons.forEach(function (x) { x.disabled = true; });
      F.busy(b, true, "dkDeciding");
      (o.send ? o.send(approve, reason) : DM.session.post(o.path + (approve ? "/approve" : "/reject"), reason ? { reason: reason } : {})).then(function (res) {
        o.done(res, approve);
      }, function (err) {
        F.busy(b, false);
        var stale = err.status === 404 || err.status === 409;
        buttons.forEach(function (x) { x.disabled = stale; });
        if (stale) F.say(form, DM.errorText(err) + " " + t(o.stale || "dkStale"));
        else F.fail(form, err);
        var box = form.querySelector(".form-msg");
        if (stale && box) { box.setAttribute("tabindex", "-1"); box.focus(); }
      });
    }
    return form;
  };

  // A queue of items waiting for a decision. o: {testid, fetch(cursor), draw(item, decided)}.
  // decided(li, message) swaps the item for a one-line note, counts it, and moves the focus
  // to the next item (or the list's note), with no reload.
  D.queue = function (ctx, o) {
    var list = h("ul", { class: "dk-queue", testid: o.testid + "-queue" });
    var count = h("p", { class: "dk-count", testid: "queue-count", "aria-live": "polite" });
    var more = h("div");
    var waiting = 0, open = false;
    function show() {
      count.setAttribute("data-count", String(waiting));
      count.textContent = waiting || open ? t("dkQueueCount", { n: waiting + (open ? "+" : "") }) : t("dkQueueEmpty");
    }
    function decided(li, message) {
      var next = li.nextElementSibling;
      while (next && !next.querySelector("h2")) next = next.nextElementSibling;
      var note = h("li", { class: "notice good dk-done", testid: "decided", tabindex: "-1", text: message });
      li.replaceWith(note);
      waiting--;
      show();
      DM.announce(message);
      var target = next ? next.querySelector("h2") : note;
      try { target.focus({ preventScroll: false }); } catch (e) { target.focus(); }
    }
    var first = D.pages(ctx, more, o.fetch, function (items, isFirst, res) {
      waiting += items.length;
      open = !!res.next_cursor;
      DM.add(list, items.map(function (item) { return o.draw(item, decided); }));
      show();
    });
    return { el: h("div", null, [count, list, more]), ready: first };
  };

  // Maker names for listings: the public profile of an approved maker; otherwise the
  // pending queue says whether the maker still waits.
  var makers = {}, pendingMakers = null;
  D.maker = function (id) {
    if (!makers[id]) {
      makers[id] = DM.api.get("/vendors/" + encodeURIComponent(id) + "?limit=1").then(function (v) {
        return { name: v.name, approved: true };
      }, function (err) {
        if (err.status !== 404) { delete makers[id]; return { name: null, approved: null }; }
        if (!pendingMakers) pendingMakers = DM.session.get("/admin/vendors?status=pending&limit=100").catch(function () { pendingMakers = null; return { items: [] }; });
        return pendingMakers.then(function (res) {
          var v = (res.items || []).filter(function (x) { return x.id === id; })[0];
          return { name: v ? v.name : null, approved: false };
        });
      });
    }
    return makers[id];
  };

  // --- the makers' queue -------------------------------------------------------------
  function consent(c) {
    if (!c) return null;
    var method = DM.has("dkcm_" + c.method) ? t("dkcm_" + c.method) : c.method;
    return [t("dkConsentIs", { name: c.maker_name, method: method, date: c.recorded_on }),
      c.witness ? " (" + t("dkWitness", { name: c.witness }) + ")" : ""].join("");
  }
  function bankText(bank) {
    return t("dkBankIs", { holder: bank.holder_name, last4: bank.account_last4.slice(-4), ifsc: bank.ifsc });
  }
  // A new bank account waiting for the office (payouts are held meanwhile): approve or reject it
  // with a reason, like the maker; the answer replaces the block and updates the account shown.
  function bankChange(v, name, onFile) {
    var c = v.bank_change;
    if (!c) return null;
    var account = "XXXX" + String(c.account_last4 || "").slice(-4);
    var box = h("div", { class: "dk-bank-change", testid: "bank-change" }, [
      h("p", { class: "notice", testid: "bank-change-detail" }, [
        h("strong", { text: c.requested_at ? t("dkBankChangeIs", { account: account, ifsc: c.ifsc, date: DM.date(c.requested_at) }) :
          t("dkBankChangeNoDate", { account: account, ifsc: c.ifsc }) }),
        c.holder_name ? h("span", { class: "dk-holder", text: t("dkBankHolder", { name: c.holder_name }) }) : null]),
      h("p", { class: "small muted", text: t("dkBankChangeLead") }),
      D.decision({ path: "/admin/vendors/" + encodeURIComponent(v.id) + "/bank-change", name: name, testid: "bank-change",
        title: t("dkBankDecide", { name: name }), stale: "dkBankStale",
        done: function (res, approved) {
          var msg = approved ? t("dkBankApproved", { name: name, account: account }) : t("dkBankRejected", { name: name });
          var note = h("p", { class: "notice good", role: "status", tabindex: "-1", testid: "bank-change-decided",
            "data-decision": approved ? "approved" : "rejected", text: msg });
          if (approved && res && res.bank) onFile.textContent = bankText(res.bank);
          var chip = box.closest("li") && box.closest("li").querySelector("[data-testid=bank-change-waiting]");
          if (chip) chip.remove();
          box.replaceWith(note);
          try { note.focus({ preventScroll: false }); } catch (e) { note.focus(); }
        } })
    ]);
    return box;
  }
  function vendorItem(v, decided) {
    var hid = "dkv-" + v.id, name = DM.tx(v.name);
    var bank = v.bank;
    var onFile = h("span", { testid: "vendor-bank" }, bank ? bankText(bank) : D.missing());
    var li = h("li", { class: "panel dk-item", testid: "desk-vendor", "data-id": v.id, "aria-labelledby": hid }, [
      h("h2", { id: hid, tabindex: "-1" }, D.pair(v.name)),
      h("p", { class: "badges" }, [D.chip("dkvs_", v.status, "vendor-status"),
        v.is_shg ? h("span", { class: "chip", text: t("dkShg") }) : null,
        v.managed_by_facilitator ? h("span", { class: "chip", text: t("dkByFacilitator") }) : null,
        v.bank_change ? h("span", { class: "chip st-pending", testid: "bank-change-waiting", text: t("dkBankWaiting") }) : null]),
      v.review_reason ? h("p", { class: "reason" }, [t("dkReasonWas"), h("span", { text: v.review_reason })]) : null,
      D.facts([
        [t("dkCraft"), D.pair(v.craft)],
        [t("dkCategory"), D.category(v.category)],
        [t("dkPlace"), t("dkPlaceIs", { village: DM.tx(v.village), block: DM.block(v.block) })],
        [t("dkSince"), v.since_year == null ? null : String(v.since_year)],
        [t("dkPhone"), v.phone || D.missing()],
        [t("dkEmail"), v.email || D.missing()],
        [t("dkJslps"), v.jslps_id || (v.is_shg ? D.missing() : null)],
        [t("dkGstStatus"), v.gst_status ? t("dkgs_" + v.gst_status, { n: v.enrolment_number || "" }) : D.missing()],
        [t("dkGstin"), v.gstin || (v.gst_status === "unregistered" ? null : D.missing())],
        [t("dkPan"), v.pan ? t("dkPanIs", { pan: v.pan, kind: t(v.individual ? "dkIndividual" : "dkNotIndividual") }) : t("dkNoPan")],
        [t("dkUdyam"), v.udyam || D.missing()],
        [t("dkBank"), onFile],
        [t("dkPayment"), t(v.accepts_cod ? "dkCodOk" : "dkCodNo")],
        [t("dkConsent"), consent(v.consent)]
      ]),
      bankChange(v, name, onFile),
      D.both(t("dkStory"), v.story),
      h("p", { class: "small muted" }, [t("dkSent", { date: DM.date(v.created_at) }),
        v.updated_at && DM.date(v.updated_at) !== DM.date(v.created_at) ? " · " + t("dkChanged", { date: DM.date(v.updated_at) }) : ""]),
      h("p", { class: "small" }, h("a", { href: D.href("audit", { kind: "vendor", entity: v.id }), text: t("dkHistory") })),
      D.decision({ path: "/admin/vendors/" + encodeURIComponent(v.id), name: name,
        approve: v.status !== "approved", reject: v.status !== "rejected",
        done: function (res, approved) { decided(li, t(approved ? "dkApproved" : "dkRejected", { name: DM.tx(res.name) })); } })
    ]);
    return li;
  }

  // A queue with a choice of status ("#/desk/<tab>?status=…", the first status by default).
  // o: {tab, statuses, prefix (of the statuses' keys), label (key), testid, path, limit, draw, lead (nodes)}.
  D.statusQueue = function (ctx, body, o) {
    var first = o.statuses[0], id = "dk-status-" + o.tab;
    var status = o.statuses.indexOf(ctx.route.query.status) >= 0 ? ctx.route.query.status : first;
    var filter = h("select", { id: id, testid: o.testid + "-filter", onchange: function (e) {
      ctx.go(D.href(o.tab, { status: e.target.value === first ? "" : e.target.value }));
    } }, o.statuses.map(function (s) { return h("option", { value: s, text: t(o.prefix + s), selected: s === status }); }));
    var q = D.queue(ctx, { testid: o.testid, draw: o.draw, fetch: function (cursor) {
      return DM.session.get(D.query(o.path, { status: status, limit: o.limit, cursor: cursor }));
    } });
    DM.fill(body, [o.lead || null, h("div", { class: "field dk-filter" }, [h("label", { for: id, text: t(o.label) }), filter]), q.el]);
    return q.ready;
  };
  D.tabs.vendors = function (ctx, body) {
    return D.statusQueue(ctx, body, { tab: "vendors", statuses: VENDOR_STATUSES, prefix: "dkvs_", label: "dkShowStatus",
      testid: "vendor", path: "/admin/vendors", limit: 20, draw: vendorItem });
  };

  // --- the overview -----------------------------------------------------------------
  function waitingTile(key, tab, path, testid) {
    var n = h("strong", { class: "dk-n", testid: testid, text: "…" });
    DM.session.get(path).then(function (res) {
      var c = (res.items || []).length;
      n.textContent = c + (res.next_cursor ? "+" : "");
      n.setAttribute("data-count", String(c));
    }, function (err) { n.replaceWith(h("span", { class: "reason", text: DM.errorText(err) })); });
    return h("li", null, h("a", { href: D.href(tab) }, [n, h("span", { text: t(key) })]));
  }
  function figures(ctx) {
    var box = h("section", { class: "panel", "aria-labelledby": "dk-fig" }, [h("h2", { id: "dk-fig", text: t("dkFigures") }),
      h("p", { class: "muted", text: t("loading") })]);
    var periods = [["today", "dkToday"], ["last_7_days", "dkWeek"], ["last_30_days", "dkMonth"]];
    var rows = [["orders", "dkOrders", String], ["gmv_paise", "dkGmv", DM.money], ["net_paise", "dkNet", DM.money],
      ["cod_orders", "dkCod", String], ["cancelled", "dkCancelled", String], ["delivered", "dkDelivered", String],
      ["payment_success_rate", "dkPaySuccess", function (r) { return Math.round(r * 100) + "%"; }]];
    function head() { return h("thead", null, h("tr", null, [h("td")].concat(periods.map(function (p) { return h("th", { scope: "col", text: t(p[1]) }); })))); }
    // how the money came: one row per gateway and method seen in any period (UPI, card, COD…)
    function byPayment(s) {
      var keys = [];
      periods.forEach(function (p) { (s[p[0]].by_payment || []).forEach(function (r) {
        var k = r.provider + ":" + r.method;
        if (keys.indexOf(k) < 0) keys.push(k);
      }); });
      if (!keys.length) return null;
      return [h("h3", { id: "dk-bypay", text: t("dkByPayment") }), h("div", { class: "dk-scroll", tabindex: "0", role: "region", "aria-labelledby": "dk-bypay" }, h("table", { class: "report dk-figures", testid: "figures-by-payment" }, [head(),
        h("tbody", null, keys.map(function (k) {
          var gw = k.split(":")[0], pm = k.split(":")[1];
          return h("tr", null, [h("th", { scope: "row", text: t("dkGw_" + gw) + " · " + t("dkPm_" + pm) })].concat(periods.map(function (p) {
            var r = (s[p[0]].by_payment || []).filter(function (x) { return x.provider + ":" + x.method === k; })[0];
            return h("td", { "data-key": p[0] + "." + k, text: r ? r.payments + " · " + DM.money(r.paid_paise) : t("dkNone") });
          })));
        }))]))];
    }
    DM.session.get("/admin/stats").then(function (s) {
      if (!ctx.live()) return;
      DM.fill(box, [h("h2", { id: "dk-fig", text: t("dkFigures") }), h("div", { class: "dk-scroll" }, h("table", { class: "report dk-figures", testid: "figures" }, [
        head(),
        h("tbody", null, rows.map(function (r) {
          return h("tr", null, [h("th", { scope: "row", text: t(r[1]) })].concat(periods.map(function (p) {
            var v = s[p[0]][r[0]];
            return h("td", { "data-key": p[0] + "." + r[0], text: v == null ? t("dkNone") : r[2](v) });
          })));
        }))]))].concat(byPayment(s) || []));
    }, function (err) { if (ctx.live()) DM.add(box, DM.errorBox(err)); });
    return box;
  }
  D.tabs[""] = function (ctx, body) {
    var latest = h("div");
    DM.fill(body, [h("p", { class: "lead", text: t("dkLead") }),
      h("ul", { class: "tiles dk-tiles" }, [
        waitingTile("dkWaitingMakers", "vendors", "/admin/vendors?status=pending&limit=100", "waiting-makers"),
        waitingTile("dkWaitingListings", "listings", "/admin/products?status=pending_review&limit=50", "waiting-listings"),
        waitingTile("dkWaitingParcels", "parcels", "/admin/parcels/overdue?limit=100", "waiting-parcels"),
        waitingTile("dkWaitingReviews", "reviews", "/admin/reviews?status=pending", "waiting-reviews"),
        waitingTile("dkWaitingComplaints", "complaints", "/admin/complaints?status=answered", "waiting-complaints"),
        waitingTile("dkWaitingExport", "export-profiles", "/admin/export-profiles?status=pending", "waiting-export")]),
      figures(ctx),
      h("section", { class: "panel", "aria-labelledby": "dk-latest" }, [h("h2", { id: "dk-latest", text: t("dkLatestReports") }), latest,
        h("p", null, h("a", { href: D.href("reports"), text: t("dkAllReports") }))])]);
    return D.latestReports(ctx, latest);
  };

  // Selling abroad (issue 20): its pages' code and strings load the first time one opens.
  var EXPORT_FILES = ["portal/export-strings.js", "portal/documents.js", "portal/desk-exports.js"];
  ["export-profiles", "exports"].forEach(function (tab) {
    var stub = D.tabs[tab] = function (ctx, body) {
      DM.fill(body, h("p", { class: "muted", text: t("loading") }));
      return DM.portal.load(EXPORT_FILES).then(function () {
        if (!ctx.live()) return;
        if (D.tabs[tab] === stub) throw new DM.ApiError(0, null);
        return D.tabs[tab](ctx, body);
      }).catch(function (err) { if (ctx.live()) DM.fill(body, DM.errorBox(err, ctx.rerender)); });
    };
  });

  DM.portal.view("desk", function (ctx) {
    var tab = TABS.filter(function (x) { return x[0] === ctx.route.id; })[0];
    if (!tab || !D.tabs[tab[0]]) return DM.portal.views.notfound(ctx);
    var title = tab[0] ? t(tab[1]) : t("dkTitle");
    ctx.title(tab[0] ? title + " — " + t("dkTitle") : title);
    var body = h("div", { class: "dk-body" });
    DM.fill(ctx.section, [
      h("h1", { text: title }),
      h("nav", { class: "dk-tabs", "aria-label": t("dkSections") }, h("ul", null, TABS.map(function (x) {
        return h("li", null, h("a", { href: D.href(x[0]), text: t(x[1]), "aria-current": x === tab ? "page" : null }));
      }))),
      body]);
    Promise.resolve(D.tabs[tab[0]](ctx, body)).then(ctx.ready, ctx.ready);
  });
})(window.DM);
