// The product editor: create (POST /vendor/products, a draft) or change (PATCH with the
// version edited; an approved product's text/variant changes wait for review), its
// variants with stock, its photos (portal/photos.js), send for review, remove from the shop.
(function (DM) {
  "use strict";
  var h = DM.h, t = DM.t, F = DM.form, P = DM.portal;
  var GST = [0, 25, 300, 500, 1200, 1800, 2800, 4000];

  function rupees(paise) { return paise == null ? "" : String(paise / 100); }

  // One unit packed for the post (cm): optional, all three or none; abroad, India Post's
  // services have size limits (the tracked packet: longest side 60 cm).
  function packedBox(p, cm) {
    return h("fieldset", { class: "packed", testid: "packed-cm" }, [
      h("legend", { class: "small", text: t("f_packed") }),
      h("div", { class: "row3" }, ["f_length", "f_width", "f_height"].map(function (key, i) {
        return F.text(p + "packed_cm." + i, t(key), cm[i], { inputmode: "numeric", "data-type": "int",
          "data-optional": "", "data-min": 1, "data-max": 300 });
      }))]);
  }

  function variantBox(v, n, onRemove) {
    var p = "variants." + n + ".";
    var box = h("fieldset", { class: "box variant", testid: "variant" }, [h("legend", { text: t("variantN", { n: n + 1 }) }),
      v.id ? h("input", { type: "hidden", "data-field": p + "id", value: v.id }) : null]
      .concat(F.pair(p + "label", "f_vlabel", v.label, { required: true, maxlength: 60 }), [
        F.text(p + "sku", t("f_sku"), v.sku, { required: true, maxlength: 40, autocapitalize: "characters", testid: "sku",
          "data-pattern": "^[A-Za-z0-9_-]{3,40}$", "data-msg": "badSku" }, t("skuHint")),
        h("div", { class: "row2" }, [
          F.text(p + "price_paise", t("f_price"), rupees(v.price_paise), { required: true, inputmode: "decimal", "data-type": "money",
            "data-min": 1, "data-max": 1000000, testid: "price" }),
          F.text(p + "mrp_paise", t("f_mrp"), rupees(v.mrp_paise), { required: true, inputmode: "decimal", "data-type": "money",
            "data-min": 1, "data-max": 1000000, testid: "mrp" })]),
        h("div", { class: "row2" }, [
          F.text(p + "stock", t("f_stock"), v.stock, { required: true, inputmode: "numeric", "data-type": "int",
            "data-min": 0, "data-max": 100000, testid: "stock" }),
          F.text(p + "weight_grams", t("f_weight"), v.weight_grams, { required: true, inputmode: "numeric", "data-type": "int",
            "data-min": 1, "data-max": 50000, testid: "weight" })]),
        packedBox(p, v.packed_cm || []),
        n > 0 ? h("button", { type: "button", class: "link-btn", text: t("removeVariant", { n: n + 1 }), onclick: onRemove }) : null]));
    return box;
  }

  // Selling abroad (issue 20): a perishable listing goes abroad only with its export clearance
  // (`export_clearance`: reference, authority, valid until; null removes it); any listing
  // needs the 8-digit HSN code abroad. Strings: export-strings.js.
  var CLEARANCE = ["reference", "authority", "valid_until"];
  function clearanceBox(c) {
    var x = c.export_clearance || {};
    var expired = x.valid_until && x.valid_until < new Date().toISOString().slice(0, 10);
    var p = "export_clearance.";
    return h("fieldset", { class: "box", testid: "export-clearance", hidden: !c.perishable, "data-skip": c.perishable ? null : "" }, [
      h("legend", { text: t("xClearance") }),
      h("p", { class: "small", testid: "clearance-lead", text: t("xClearanceLead") }),
      expired ? h("p", { class: "notice err", testid: "clearance-expired", text: t("xClearanceExpired") }) : null,
      F.text(p + "reference", t("f_xRef"), x.reference, { "data-optional": "", minlength: 3, maxlength: 80, autocomplete: "off",
        testid: "clearance-reference" }, t("xRefHint")),
      F.text(p + "authority", t("f_xAuthority"), x.authority, { "data-optional": "", minlength: 2, maxlength: 100,
        testid: "clearance-authority" }, t("xAuthorityHint")),
      F.text(p + "valid_until", t("f_xValid"), x.valid_until, { type: "date", "data-optional": "", testid: "clearance-valid" }),
      h("p", { class: "small muted", text: t("xClearanceEmpty") })]);
  }
  // A gentle note while the HSN code has 4 or 6 digits: fine in India, not enough abroad.
  function hsnNote(field) {
    var input = field.querySelector("input");
    var note = h("p", { class: "small notice", testid: "hsn-abroad", text: t("xHsnAbroad") });
    function show() { note.hidden = !/^([0-9]{4}|[0-9]{6})$/.test(input.value.trim()); }
    input.addEventListener("input", show);
    show();
    DM.add(field, note);
    return field;
  }
  function perishableToggle(box, clearance) {
    box.querySelector("input").addEventListener("change", function (e) {
      clearance.hidden = !e.target.checked;
      if (e.target.checked) clearance.removeAttribute("data-skip"); else clearance.setAttribute("data-skip", "");
    });
    return box;
  }
  // The clearance for the API: sent only when it changed; all three or none (null).
  function clearanceBody(v, c) {
    var had = c.export_clearance || null, now = v.export_clearance || null;
    delete v.export_clearance;
    if (!v.perishable) return null;
    if (now && Object.keys(now).length < CLEARANCE.length) {
      return CLEARANCE.filter(function (k) { return !now[k]; }).map(function (k) { return "export_clearance." + k; })[0];
    }
    var same = function (a, b) { return CLEARANCE.every(function (k) { return (a || {})[k] === (b || {})[k]; }); };
    if (now && !same(now, had)) v.export_clearance = now;
    else if (!now && had) v.export_clearance = null;
    return null;
  }

  function fields(c, categories, variantsBox) {
    var clearance = clearanceBox(c);
    return [
      h("fieldset", { class: "box" }, [h("legend", { text: t("secProduct") })].concat(
        F.pair("name", "f_pname", c.name, { required: true, minlength: 2, maxlength: 120 }),
        F.pair("description", "f_desc", c.description, { tag: "textarea", maxlength: 2000, rows: 4 }),
        [F.select("category", t("category"), [["", t("chooseOne")]].concat((categories.items || []).map(function (x) {
          return [x.slug, DM.tx(x.name)];
        })), c.category, { required: true, testid: "category" }),
        F.text("tags", t("optional", { label: t("f_tags") }), (c.tags || []).join(", "), { "data-optional": "", maxlength: 400 }),
        F.check("gi_tag", t("f_gi"), c.gi_tag, t("giNote"))])),
      h("fieldset", { class: "box" }, [h("legend", { text: t("secVariants") }), variantsBox]),
      h("fieldset", { class: "box" }, [h("legend", { text: t("secTax") }),
        hsnNote(F.text("hsn_code", t("f_hsn"), c.hsn_code, { required: true, inputmode: "numeric", maxlength: 8, testid: "hsn",
          "data-pattern": "^([0-9]{4}|[0-9]{6}|[0-9]{8})$", "data-msg": "badHsn" }, t("hsnHint"))),
        F.select("gst_rate_bp", t("f_gst"), GST.map(function (bp) { return [bp, (bp / 100) + "%"]; }), c.gst_rate_bp == null ? 500 : c.gst_rate_bp,
          { "data-type": "int", testid: "gst" }),
        perishableToggle(F.check("perishable", t("f_perishable"), c.perishable), clearance),
        F.text("shelf_life_days", t("optional", { label: t("f_shelf") }), c.shelf_life_days, { inputmode: "numeric", "data-type": "int",
          "data-optional": "", "data-min": 1, "data-max": 3650, testid: "shelf" })]),
      clearance
    ];
  }

  // The body the API takes, from the form; null (with the fields marked) when a rule fails.
  function body(form, c) {
    var v = F.values(form);
    var missing = clearanceBody(v, c);
    v.tags = v.tags ? v.tags.split(/[,;]/).map(function (s) { return s.trim(); }).filter(Boolean) : [];
    var bad = null;
    (v.variants || []).forEach(function (x, i) {
      if (x.mrp_paise < x.price_paise) bad = bad || ["variants." + i + ".mrp_paise", "mrpBelow"];
    });
    if (v.perishable && !v.shelf_life_days) bad = bad || ["shelf_life_days", "shelfNeeded"];
    if (missing) bad = bad || [missing, "xClearanceAll"];
    if (bad) {
      var el = form.querySelector('[data-field="' + bad[0] + '"]');
      DM.fieldError(el, t(bad[1]));
      F.say(form, t("fixErrors"));
      el.focus();
      return null;
    }
    if (!v.perishable && v.shelf_life_days == null) delete v.shelf_life_days;
    return v;
  }

  P.view("product", function (ctx) {
    if (P.needMaker(ctx)) return;
    var isNew = ctx.route.id === "new";
    var path = isNew ? "" : "/vendor/products/" + encodeURIComponent(ctx.route.id);
    Promise.all([isNew ? null : DM.session.get(path), P.categories()]).then(function (res) {
      if (!ctx.live()) return;
      var state = { p: res[0] }, categories = res[1];
      var c = state.p ? P.current(state.p) : { variants: [{}] };
      var title = isNew ? t("newProduct") : DM.tx(c.name) || t("editProduct");
      ctx.title(title);
      var variants = h("div");
      var list = (c.variants || [{}]).slice();
      function drawVariants() {
        // Keep what was typed: read the boxes back before drawing them again.
        DM.fill(variants, list.map(function (v, i) {
          return variantBox(v, i, function () { list = readVariants(); list.splice(i, 1); drawVariants(); });
        }).concat([h("button", { type: "button", class: "btn ghost", testid: "add-variant", text: t("addVariant"), onclick: function () {
          list = readVariants(); list.push({}); drawVariants();
          var boxes = variants.querySelectorAll("fieldset");
          boxes[boxes.length - 1].querySelector("input[data-field]:not([type=hidden])").focus();
        } })]));
      }
      function readVariants() {
        var v = F.values(variants).variants || [];
        return list.map(function (old, i) { return Object.assign({}, old, v[i] || {}); });
      }
      drawVariants();
      var top = h("div", { "aria-live": "polite" });
      var form = F.make({ testid: "product-form" }, fields(c, categories, variants).concat([
        h("button", { type: "submit", class: "btn wide", testid: "save-product", text: t("save") })]), function (f, button) {
        var b = body(f, c);
        if (!b) return;
        F.busy(button, true);
        var send = isNew ? DM.session.post("/vendor/products", b) :
          DM.session.call("PATCH", path, { body: Object.assign(b, { version: state.p.version }) });
        send.then(function (p) {
          if (!ctx.live()) return;
          P.flash = t(isNew ? "created" : "saved");
          if (isNew) ctx.go("#/product/" + encodeURIComponent(p.id)); else ctx.rerender();
        }, function (err) {
          F.busy(button, false);
          if (ctx.live()) F.fail(f, err, { unknown_category: "category" });
        });
      });
      var flash = P.flash;
      P.flash = null;
      var actions = h("div", { class: "actions" });
      function drawActions() {
        var p = state.p;
        if (!p) return;
        DM.fill(actions, [P.canSubmit(p) ? P.submitButton(p, top, function (saved) { state.p = saved; drawHead(); drawActions(); }) : null,
          p.status !== "archived" ? h("button", { type: "button", class: "btn ghost", text: t("archive"), onclick: archive }) : null]);
      }
      function archive() {
        if (!window.confirm(t("archiveSure"))) return;
        DM.session.call("DELETE", path + "?version=" + state.p.version).then(function () {
          P.flash = t("archived");
          ctx.go("#/products");
        }, function (err) { DM.fill(top, DM.errorBox(err)); });
      }
      var head = h("div");
      function drawHead() {
        var p = state.p;
        DM.fill(head, p ? [P.statusLine(p), P.reason(p), p.status === "approved" ? h("p", { class: "small muted", text: t("revisionNote") }) : null] : null);
      }
      drawHead();
      drawActions();
      DM.fill(ctx.section, [
        h("p", null, h("a", { href: "#/products", text: "← " + t("productsTitle") })),
        h("h1", { text: title }),
        flash ? h("p", { class: "notice good", role: "status", testid: "flash", text: flash }) : null,
        head, top, actions,
        state.p ? P.photos(ctx, state, function (p) { state.p = p; drawHead(); drawActions(); }) : h("p", { class: "small muted", text: t("saveFirst") }),
        h("h2", { text: isNew ? t("newProduct") : t("editProduct") }),
        form]);
      ctx.ready();
    }).catch(function (err) { P.fail(ctx, err); });
  });
})(window.DM);
