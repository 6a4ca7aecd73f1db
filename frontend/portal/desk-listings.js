// The review desk's listings queue (GET /admin/products?status=pending_review): each listing
// with its photos beside what it says in both languages, its options, prices and stock, its
// maker and tax; for a change to a listing already on sale, what the change does (the API
// keeps the change in `revision` while the approved version stays on sale).
(function (DM) {
  "use strict";
  var h = DM.h, t = DM.t, D = DM.desk;
  var FIELDS = ["name", "description", "category", "tags", "variants", "images", "perishable", "shelf_life_days",
    "hsn_code", "gst_rate_bp", "gi_tag"];

  // The listing as it will be once approved: the pending change over the live fields.
  function proposed(p) {
    var out = Object.assign({}, p);
    Object.keys(p.revision || {}).forEach(function (k) { out[k] = p.revision[k]; });
    return out;
  }
  function pct(bp) { return bp == null ? null : (bp / 100) + "%"; }
  function yes(v) { return t(v ? "dkYes" : "dkNo"); }

  function photos(images, name, small) {
    var list = (images || []).map(D.image);
    if (!list.length) return h("p", { class: "muted", text: t("dkNoPhotos") });
    return h("ul", { class: "dk-photos" + (small ? " small" : ""), testid: small ? null : "listing-photos" }, list.map(function (im, i) {
      var alt = t("dkPhotoN", { n: i + 1, name: name });
      if (!im) return h("li", { testid: "listing-photo", "data-state": "processing" }, [h("span", { class: "noimg", role: "img", "aria-label": alt }),
        h("span", { class: "chip st-processing", text: t("dkPhotoWaiting") })]);
      var pic = DM.pic(Object.assign({}, im, { alt: null }), { alt: alt, eager: true, sizes: small ? "80px" : "(min-width: 760px) 240px, 45vw" });
      return h("li", { testid: small ? null : "listing-photo", "data-state": "ready" },
        h("a", { href: im.url, target: "_blank", rel: "noopener noreferrer" }, pic));
    }));
  }

  function variantsTable(variants) {
    return h("div", { class: "dk-scroll" }, h("table", { class: "report dk-variants", testid: "listing-variants" }, [
      h("caption", { text: t("dkOptions") }),
      h("thead", null, h("tr", null, ["dkOption", "dkSku", "dkPrice", "dkMrp", "dkStock", "dkWeight"].map(function (k) {
        return h("th", { scope: "col", text: t(k) });
      }))),
      h("tbody", null, (variants || []).map(function (v) {
        return h("tr", { testid: "listing-variant" }, [h("th", { scope: "row" }, D.pair(v.label)), h("td", { text: v.sku }),
          h("td", { text: DM.money(v.price_paise) }), h("td", { text: DM.money(v.mrp_paise) }),
          h("td", { testid: "variant-stock", text: String(v.stock) }), h("td", { text: t("dkGrams", { n: v.weight_grams }) })]);
      }))]));
  }
  function keeps(c) {
    if (c.perishable) return t("dkPerishable", { n: c.shelf_life_days });
    return c.shelf_life_days ? t("dkKeeps", { n: c.shelf_life_days }) + " · " + t("dkNotPerishable") : t("dkNotPerishable");
  }

  // One field's value, as the changes table shows it.
  function value(field, v, name) {
    if (v == null || v === "") return D.missing();
    switch (field) {
      case "name": return D.pair(v);
      case "description": return h("div", null, [h("p", { lang: "hi", class: "story", text: v.hi }), h("p", { lang: "en", class: "story", text: v.en })]);
      case "category": return D.category(v);
      case "tags": return v.join(", ");
      case "variants": return h("ul", { class: "dk-lines" }, v.map(function (x) {
        return h("li", null, [D.pair(x.label), " — " + DM.money(x.price_paise) + " (" + t("dkMrp") + " " + DM.money(x.mrp_paise) + "), " +
          t("dkStock") + " " + x.stock + ", " + t("dkGrams", { n: x.weight_grams })]);
      }));
      case "images": return photos(v, name, true);
      case "perishable": case "gi_tag": return yes(v);
      case "gst_rate_bp": return pct(v);
      default: return String(v);
    }
  }
  function changes(p, name) {
    var rev = p.revision || {};
    var fields = FIELDS.filter(function (f) { return Object.prototype.hasOwnProperty.call(rev, f); });
    if (!fields.length) return null;
    return h("div", { class: "dk-scroll" }, h("table", { class: "report dk-changes", testid: "listing-changes" }, [
      h("caption", { text: t("dkWhatChanges") }),
      h("thead", null, h("tr", null, ["dkField", "dkOnSale", "dkAfter"].map(function (k) { return h("th", { scope: "col", text: t(k) }); }))),
      h("tbody", null, fields.map(function (f) {
        return h("tr", { testid: "listing-change", "data-field": f }, [h("th", { scope: "row", text: t("dkf_" + f) }),
          h("td", null, value(f, p[f], name)), h("td", null, value(f, rev[f], name))]);
      }))]));
  }

  function listingItem(p, decided) {
    var c = proposed(p), name = DM.tx(c.name), hid = "dkp-" + p.id;
    var kind = p.status === "pending_review" ? "new" : "revision";
    var maker = h("span", { testid: "listing-maker", text: p.vendor_id });
    var makerNote = h("div");
    D.maker(p.vendor_id).then(function (m) {
      if (m.name) DM.fill(maker, [D.pair(m.name), h("span", { class: "small muted", text: " (" + p.vendor_id + ")" })]);
      if (m.approved === false) DM.fill(makerNote, h("p", { class: "notice", testid: "maker-waiting", text: t("dkMakerWaiting") }));
    });
    var li = h("li", { class: "panel dk-item", testid: "desk-listing", "data-id": p.id, "data-kind": kind, "aria-labelledby": hid }, [
      h("h2", { id: hid, tabindex: "-1" }, D.pair(c.name)),
      h("p", { class: "badges" }, [h("span", { class: "chip st-pending", testid: "listing-kind", text: t(kind === "new" ? "dkNew" : "dkRevision") }),
        c.gi_tag ? h("span", { class: "chip", text: t("dkGi") }) : null]),
      kind === "revision" ? h("p", { class: "small muted", text: t("dkRevisionLead") }) : null,
      h("div", { class: "dk-side" }, [
        h("section", { class: "dk-shots", "aria-labelledby": hid + "-ph" }, [h("h3", { id: hid + "-ph", text: t("dkPhotos") }),
          photos(c.images, name)]),
        h("section", { class: "dk-words", "aria-labelledby": hid + "-w" }, [h("h3", { id: hid + "-w", text: t("dkWords") }),
          D.facts([[t("dkName"), D.pair(c.name)], [t("dkMaker"), maker], [t("dkCategory"), D.category(c.category)],
            [t("dkTags"), (c.tags || []).length ? c.tags.join(", ") : null]]),
          makerNote,
          D.both(t("dkDescription"), c.description),
          variantsTable(c.variants),
          h("h3", { text: t("dkTax") }),
          D.facts([[t("dkHsn"), c.hsn_code], [t("dkGst"), pct(c.gst_rate_bp)], [t("dkf_shelf_life_days"), keeps(c)],
            [t("dkf_gi_tag"), yes(c.gi_tag)]])])]),
      kind === "revision" ? changes(p, name) : null,
      h("p", { class: "small muted" }, [t("dkCreated", { date: DM.date(p.created_at) }), " · " + t("dkChanged", { date: DM.date(p.updated_at) })]),
      h("p", { class: "small" }, h("a", { href: D.href("audit", { kind: "product", entity: p.id }), text: t("dkHistory") })),
      D.decision({ path: "/admin/products/" + encodeURIComponent(p.id), name: name,
        done: function (res, approved) { decided(li, t(approved ? "dkApproved" : "dkRejected", { name: name })); } })
    ]);
    return li;
  }

  D.tabs.listings = function (ctx, body) {
    var q = D.queue(ctx, { testid: "listing", draw: listingItem, fetch: function (cursor) {
      return DM.session.get(D.query("/admin/products", { status: "pending_review", limit: 10, cursor: cursor }));
    } });
    DM.fill(body, q.el);
    return q.ready;
  };
})(window.DM);
