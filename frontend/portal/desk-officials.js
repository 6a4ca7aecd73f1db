// The review desk's officials ("#/desk/officials", admins): the district's block officials
// (facilitators) and admins (GET /admin/officials), inviting one (POST: Cognito e-mails the
// temporary password, which the admin never sees), changing a role or block (PATCH) and
// disabling or enabling an account (each after a confirmation). Every change sends the
// version read, so two admins at work on one official get the API's version_conflict.
(function (DM) {
  "use strict";
  var h = DM.h, t = DM.t, F = DM.form, D = DM.desk;
  var ROLES = ["facilitator", "admin"];
  var seq = 0;

  function blockName(b) { return DM.lang === "hi" ? b.hi : b.en; }
  function roleSelect(value, attrs, hint) {
    return F.select("role", t("dkoRole"), ROLES.map(function (r) { return [r, t("dkoRole_" + r)]; }), value, attrs, hint);
  }
  function blockSelect(blocks, value, attrs) {
    return F.select("block", t("dkoBlock"), [["", t("dkoChooseBlock")]].concat(blocks.map(function (b) { return [b.id, blockName(b)]; })),
      value, attrs, t("dkoBlockHint"));
  }
  // A block official works for one block (needed); an admin for the whole district (none).
  function tieBlockToRole(form) {
    var role = form.querySelector('[data-field="role"]'), block = form.querySelector('[data-field="block"]');
    function sync() {
      var facilitator = role.value === "facilitator";
      block.required = facilitator;
      block.disabled = !facilitator;
      if (!facilitator) block.value = "";
    }
    role.addEventListener("change", sync);
    sync();
    return sync;
  }
  // account_exists means something else here than on sign-up: no "please sign in".
  function explained(err) {
    return err && err.code === "account_exists" ? Object.assign(Object.create(err), { code: "official_exists" }) : err;
  }

  function inviteSection(blocks, invited) {
    var sync;
    var form = F.make({ testid: "invite-form" }, [
      F.text("email", t("f_email"), "", { type: "email", required: true, autocomplete: "off", inputmode: "email", maxlength: 254,
        testid: "official-email" }),
      F.text("name", t("dkoName"), "", { required: true, minlength: 2, maxlength: 100, autocomplete: "off", testid: "official-name" }),
      roleSelect("facilitator", { testid: "official-role" }),
      blockSelect(blocks, "", { testid: "official-block" }),
      h("button", { type: "submit", class: "btn", testid: "invite", text: t("dkoSend") })
    ], function (f, button) {
      var body = F.values(f);
      F.busy(button, true, "sending");
      DM.session.post("/admin/officials", body).then(function (o) {
        F.busy(button, false);
        f.reset();
        sync();
        F.say(f, t("dkoInvited", { email: o.email }), true);
        DM.announce(t("dkoInvited", { email: o.email }));
        invited(o);
      }, function (err) {
        F.busy(button, false);
        F.fail(f, explained(err), { official_exists: "email", invalid_email: "email", block_required: "block" });
      });
    });
    sync = tieBlockToRole(form);
    return h("section", { class: "panel", "aria-labelledby": "dko-invite" }, [h("h2", { id: "dko-invite", text: t("dkoInvite") }),
      h("p", { class: "small muted", text: t("dkoInviteLead") }), form]);
  }

  // One official: what the office has set, the change form, disable/enable.
  function official(o, ctx, blocks) {
    var id = "dko-" + (++seq), self = ctx.me && ctx.me.sub === o.sub;
    var li = h("li", { class: "panel dk-item", testid: "official", "aria-labelledby": id });
    var note = null;
    function draw(focus) {
      li.setAttribute("data-sub", o.sub);
      li.setAttribute("data-email", o.email);
      li.setAttribute("data-enabled", String(o.enabled));
      var block = blocks.filter(function (b) { return b.id === o.block; })[0];
      DM.fill(li, [
        h("h2", { id: id, tabindex: "-1" }, [h("span", { testid: "official-name", text: o.name }),
          self ? h("span", { class: "small muted", text: " " + t("dkoYou") }) : null]),
        h("p", { class: "badges" }, [D.chip("dkoRole_", o.role, "official-role"),
          D.chip("dkoSt_", o.enabled ? "enabled" : "disabled", "official-status")]),
        note ? h("p", { class: "notice good", role: "status", testid: "official-note", text: note }) : null,
        D.facts([[t("dkEmail"), o.email],
          [t("dkoBlock"), h("span", { testid: "official-block", text: o.block ? (block ? blockName(block) : DM.block(o.block)) : t("dkoWholeDistrict") })],
          [t("dkoInvitedOn"), DM.date(o.created_at)]]),
        changeForm(), switchBox()]);
      if (focus) li.querySelector("h2").focus();
    }
    function done(res, key) {
      o = res;
      note = t(key, { name: o.name });
      draw(true);
      DM.announce(note);
    }
    function changeForm() {
      var form = F.make({ testid: "official-change", "aria-label": t("dkoChangeOf", { name: o.name }) }, [
        roleSelect(o.role, { testid: "change-role", disabled: self }, self ? t("dkoNotSelf") : null),
        blockSelect(blocks, o.block, { testid: "change-block" }),
        h("button", { type: "submit", class: "btn ghost", testid: "save-official", text: t("save") })
      ], function (f, button) {
        var v = F.values(f);
        F.busy(button, true);
        DM.session.call("PATCH", "/admin/officials/" + encodeURIComponent(o.sub),
          { body: { role: v.role || o.role, block: v.block || null, version: o.version } }).then(function (res) {
          done(res, "dkoSaved");
        }, function (err) {
          F.busy(button, false);
          F.fail(f, err, { block_required: "block" });
        });
      });
      tieBlockToRole(form);
      return h("details", { class: "dk-decide" }, [h("summary", { testid: "change-official", text: t("dkoChange") }), form]);
    }
    // Disable (or enable) after a question that says what happens; never one's own account.
    function switchBox() {
      var action = o.enabled ? "disable" : "enable";
      var box = h("div", { class: "actions", testid: "official-switch" });
      if (self && o.enabled) return h("p", { class: "small muted", text: t("dkoSelfNoDisable") });
      function ask() {
        var question = h("p", { tabindex: "-1", testid: "official-question", text: t("dkoAsk_" + action, { name: o.name, email: o.email }) });
        var yes = h("button", { type: "button", class: o.enabled ? "btn danger" : "btn", testid: "confirm-" + action,
          text: t("dkoYes_" + action), onclick: function () {
            F.busy(yes, true, "saving");
            DM.session.post("/admin/officials/" + encodeURIComponent(o.sub) + "/" + action, { version: o.version }).then(function (res) {
              done(res, o.enabled ? "dkoDisabled" : "dkoEnabled");
            }, function (err) {
              F.busy(yes, false);
              DM.fill(box, [DM.errorBox(err), start()]);
              box.querySelector("[role=alert]").setAttribute("tabindex", "-1");
              box.querySelector("[role=alert]").focus();
            });
          } });
        DM.fill(box, [question, yes, h("button", { type: "button", class: "btn ghost", testid: "cancel-" + action, text: t("cancel"),
          onclick: function () { DM.fill(box, start()); box.querySelector("button").focus(); } })]);
        question.focus();
      }
      function start() {
        return h("button", { type: "button", class: o.enabled ? "btn danger" : "btn", testid: action, text: t("dko_" + action), onclick: ask });
      }
      return DM.fill(box, start());
    }
    draw(false);
    return li;
  }

  D.tabs.officials = function (ctx, body) {
    DM.fill(body, h("p", { class: "muted", text: t("loading") }));
    return DM.api.get("/blocks").then(function (res) {
      if (!ctx.live()) return;
      var blocks = res.items || [];
      var list = h("ul", { class: "dk-queue", testid: "officials" }), more = h("div");
      var empty = h("li", { class: "muted", text: t("dkoNone") });
      DM.fill(body, [h("p", { class: "lead", text: t("dkoLead") }),
        inviteSection(blocks, function (o) { empty.remove(); list.insertBefore(official(o, ctx, blocks), list.firstChild); }),
        h("h2", { text: t("dkoList") }), list, more]);
      return D.pages(ctx, more, function (cursor) {
        return DM.session.get(D.query("/admin/officials", { limit: 50, cursor: cursor }));
      }, function (items, first) {
        if (first && !items.length) DM.add(list, empty);
        DM.add(list, items.map(function (o) { return official(o, ctx, blocks); }));
      });
    }, function (err) { if (ctx.live()) DM.fill(body, DM.errorBox(err, ctx.rerender)); });
  };
})(window.DM);
