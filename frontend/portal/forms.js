// Form building blocks of the portal: labelled fields (Hindi first for two-language texts),
// values read by their API field path, checks in both languages before sending, and the
// API's field errors tied to their inputs (aria-invalid + aria-describedby, focus moved).
//
// Every input carries data-field="<API path>" (e.g. "name.hi", "variants.0.stock",
// "bank.ifsc"); DM.form.values() builds the request body from them and DM.form.fail() finds
// the input an API error names.
(function (DM) {
  "use strict";
  var h = DM.h, t = DM.t;
  var seq = 0;

  function input(path, attrs) {
    var a = Object.assign({ name: path, "data-field": path }, attrs || {});
    var tag = a.tag || "input";
    delete a.tag;
    if (tag === "input" && !a.type) a.type = "text";
    return h(tag, a);
  }
  // A labelled field; ids are unique per page so several forms can live side by side.
  function field(label, el, hint) {
    var id = "f" + (++seq) + "-" + String(el.name || "x").replace(/[^a-z0-9]+/gi, "-");
    return DM.field(id, label, el, hint);
  }
  function text(path, label, value, attrs, hint) {
    return field(label, input(path, Object.assign({ value: value == null ? "" : String(value) }, attrs || {})), hint);
  }
  // Two-language text ({hi, en}): Hindi first.
  function pair(path, labelKey, value, attrs) {
    value = value || {};
    var label = t(labelKey);
    return [text(path + ".hi", t("inHindi", { label: label }), value.hi, Object.assign({ lang: "hi" }, attrs)),
      text(path + ".en", t("inEnglish", { label: label }), value.en, Object.assign({ lang: "en" }, attrs))];
  }
  function check(path, label, checked, hint) {
    var box = input(path, { type: "checkbox", checked: !!checked, "data-type": "bool" });
    var id = "f" + (++seq) + "-" + path.replace(/[^a-z0-9]+/gi, "-");
    box.id = id;
    var kids = [box, h("label", { for: id, text: label })];
    if (hint) {
      box.setAttribute("aria-describedby", id + "-hint");
      kids.push(h("span", { class: "hint", id: id + "-hint", text: hint }));
    }
    kids.push(h("span", { class: "field-err", id: id + "-err", hidden: true }));
    return h("div", { class: "field check" }, kids);
  }
  function select(path, label, options, value, attrs, hint) {
    var el = input(path, Object.assign({ tag: "select" }, attrs || {}));
    options.forEach(function (o) {
      el.appendChild(h("option", { value: o[0], text: o[1], selected: String(o[0]) === String(value == null ? "" : value) }));
    });
    return field(label, el, hint);
  }

  // The form's values by data-field path: "variants.0.stock" -> {variants: [{stock: …}]}.
  // data-type: int, money (rupees in, paise out), bool; data-optional: "" is left out.
  function values(form) {
    var out = {};
    Array.prototype.forEach.call(form.querySelectorAll("[data-field]"), function (el) {
      if (el.disabled || el.closest("[data-skip]")) return;
      var type = el.getAttribute("data-type"), v = el.value;
      if (type === "bool") v = el.checked;
      else {
        v = v.trim();
        if (v === "" && el.hasAttribute("data-optional")) return;
        if (type === "int") v = v === "" ? null : Number(v);
        else if (type === "money") v = v === "" ? null : Math.round(Number(v.replace(/,/g, "")) * 100);
      }
      put(out, el.getAttribute("data-field").split("."), v);
    });
    return out;
  }
  function put(obj, keys, v) {
    var k = keys[0], index = /^\d+$/.test(k) ? Number(k) : k;
    if (keys.length === 1) { obj[index] = v; return; }
    if (obj[index] == null) obj[index] = /^\d+$/.test(keys[1]) ? [] : {};
    put(obj[index], keys.slice(1), v);
  }

  // Checks before sending, in the page's language.
  function problem(el) {
    if (el.type === "checkbox") return el.required && !el.checked ? t("required") : "";
    var v = el.value.trim(), vd = el.validity || {};
    if (!v) return el.required ? t("required") : "";
    if (el.minLength > 0 && v.length < el.minLength) return t("tooShort", { n: el.minLength });
    var type = el.getAttribute("data-type");
    if (type === "int" || type === "money") {
      var n = Number(v.replace(/,/g, ""));
      if (!isFinite(n) || (type === "int" && Math.floor(n) !== n)) return t("badNumber");
      var min = el.getAttribute("data-min"), max = el.getAttribute("data-max");
      if ((min !== null && n < Number(min)) || (max !== null && n > Number(max))) return t("numRange", { min: min, max: max });
    }
    if (el.getAttribute("data-pattern") && !new RegExp(el.getAttribute("data-pattern")).test(v)) {
      return t(el.getAttribute("data-msg") || "checkField");
    }
    if (vd.typeMismatch) return t(el.type === "email" ? "badEmail" : "checkField");
    return "";
  }
  function clearErrors(form) {
    Array.prototype.forEach.call(form.querySelectorAll("[aria-invalid=true]"), function (el) { DM.fieldError(el, ""); });
    var box = form.querySelector(".form-msg");
    if (box) { DM.clear(box); box.hidden = true; }
  }
  // True when every field passes; otherwise marks them and focuses the first.
  function check_(form) {
    clearErrors(form);
    var first = null;
    Array.prototype.forEach.call(form.querySelectorAll("[data-field]"), function (el) {
      if (el.disabled || el.closest("[data-skip]")) return;
      var p = problem(el);
      if (p) { DM.fieldError(el, p); first = first || el; }
    });
    if (first) { say(form, t("fixErrors")); first.focus(); }
    return !first;
  }
  function say(form, msg, good) {
    var box = form.querySelector(".form-msg");
    if (!box) return;
    box.className = "form-msg notice " + (good ? "good" : "err");
    box.setAttribute("role", good ? "status" : "alert");
    DM.fill(box, h("p", { text: msg }));
    box.hidden = false;
  }
  // An API error shown on the form: the fields it names marked, the sentence on top.
  // `codes` maps an error code to the field it is about (e.g. account_exists -> email);
  // `strip` is a path prefix the API adds (e.g. "profile." on onboarding).
  function fail(form, err, codes, strip) {
    clearErrors(form);
    var first = null;
    function mark(path, msg) {
      var el = null, p = path;
      while (p && !el) {
        el = form.querySelector('[data-field="' + p + '"]') || form.querySelector('[data-field^="' + p + '."]');
        p = p.indexOf(".") > 0 ? p.slice(0, p.lastIndexOf(".")) : "";
      }
      if (el) { DM.fieldError(el, msg); first = first || el; }
    }
    ((err && err.details) || []).forEach(function (d) {
      var path = String(d.field || "");
      if (strip && path.indexOf(strip) === 0) path = path.slice(strip.length);
      mark(path, t("checkField") + " (" + d.problem + ")");
    });
    var named = codes && err && codes[err.code];
    if (named) mark(named, DM.errorText(err));
    say(form, DM.errorText(err));
    if (first) first.focus();
    else {
      var box = form.querySelector(".form-msg");
      if (box) { box.setAttribute("tabindex", "-1"); box.focus(); }
    }
  }
  function busy(button, on, key) {
    if (on) {
      button.dataset.label = button.textContent;
      button.textContent = t(key || "saving");
      button.disabled = true;
    } else {
      button.disabled = false;
      if (button.dataset.label) button.textContent = button.dataset.label;
    }
  }
  // A <form novalidate> with its message box on top; `submit(form, button)` runs after the checks pass.
  function form(attrs, kids, submit) {
    var f = h("form", Object.assign({ novalidate: "" }, attrs || {}), [h("div", { class: "form-msg", hidden: true })].concat(kids));
    f.addEventListener("submit", function (e) {
      e.preventDefault();
      var button = f.querySelector("button[type=submit]");
      if (check_(f)) submit(f, button);
    });
    return f;
  }

  DM.form = { input: input, field: field, text: text, pair: pair, check: check, select: select,
    values: values, validate: check_, fail: fail, say: say, busy: busy, make: form, clear: clearErrors };
})(window.DM);
