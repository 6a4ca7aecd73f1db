// Sign in, sign up and the e-mail code (on AWS a new account is confirmed with the code
// Cognito mails; the local stack confirms at once and answers next_step "sign_in").
// Forgot password and an invited official's first password are in recovery.js, which
// uses the helpers shared here (DM.portal.auth).
(function (DM) {
  "use strict";
  var h = DM.h, t = DM.t, F = DM.form;
  // Between sign-up and confirmation, or sign-in and the new-password step; memory only.
  var pending = { email: "", password: "", session: "" };
  var PASSWORD = "^(?=.*[a-z])(?=.*[A-Z])(?=.*[0-9]).{8,128}$";

  // A password field; `hint`: a new password, with the pool's rule shown and checked.
  // `path`/`label`/`testid` name a second one (the confirmation).
  function passwordField(autocomplete, hint, path, label, testid) {
    var wrap = F.text(path || "password", label || t("f_password"), "", { type: "password", required: true, autocomplete: autocomplete,
      maxlength: 128, testid: testid || "password", "data-pattern": hint ? PASSWORD : null, "data-msg": hint ? "badPassword" : null },
    hint ? t("passwordHint") : null);
    var input = wrap.querySelector("input");
    var id = input.id + "-show";
    wrap.appendChild(h("div", { class: "check small" }, [h("input", { type: "checkbox", id: id, onchange: function (e) {
      input.type = e.target.checked ? "text" : "password";
    } }), h("label", { for: id, text: t("showPassword") })]));
    return wrap;
  }
  function emailField(value) {
    return F.text("email", t("f_email"), value, { type: "email", required: true, autocomplete: "email", inputmode: "email",
      maxlength: 254, testid: "email" });
  }
  function notice() {
    var key = DM.portal.notice;
    DM.portal.notice = null;
    var bad = key === "expired" || key === "disabled";
    return key ? h("p", { class: "notice " + (bad ? "err" : "good"), role: "status", testid: "notice", text: t(key) }) : null;
  }
  // A new password twice: the second must match the first (checked after the form's own checks).
  function newPasswordFields() {
    return [passwordField("new-password", true, "new_password", t("f_newPassword"), "new-password"),
      passwordField("new-password", false, "again", t("f_passwordAgain"), "password-again")];
  }
  function samePasswords(form) {
    var first = form.querySelector('[data-field="new_password"]'), again = form.querySelector('[data-field="again"]');
    if (first.value === again.value) return true;
    DM.fieldError(again, t("passwordsDiffer"));
    F.say(form, t("fixErrors"));
    again.focus();
    return false;
  }
  // Where Cognito sent a code, masked (o***@d***); "" when not said or not an e-mail address
  // (moto's stand-in answers a phone-like mask, and this pool only ever e-mails).
  function sentTo(res) {
    var to = String((res && res.destination) || "");
    return to.indexOf("@") > 0 ? to : "";
  }
  function codeField() {
    return F.text("code", t("f_code"), "", { required: true, inputmode: "numeric", autocomplete: "one-time-code", maxlength: 8,
      "data-pattern": "^[0-9]{4,8}$", "data-msg": "badCode", testid: "code" });
  }
  // "Send the code again" under a code form: POST `path` {email} with the form's address;
  // the answer is said on the form; `other(err)` may take an error over (true: handled).
  function resendButton(path, other) {
    var b = h("button", { type: "button", class: "btn ghost", testid: "resend-code", text: t("sendAgain"), onclick: function () {
      var form = b.closest("form"), email = form.querySelector('[data-field="email"]');
      F.clear(form);
      if (!email.value.trim() || (email.validity && email.validity.typeMismatch)) {
        DM.fieldError(email, t(email.value.trim() ? "badEmail" : "required"));
        return email.focus();
      }
      F.busy(b, true, "sending");
      DM.session.ask(path, { email: email.value.trim() }).then(function (res) {
        F.busy(b, false);
        F.say(form, sentTo(res) ? t("codeSentTo", { to: sentTo(res) }) : t("codeSent"), true);
      }, function (err) {
        F.busy(b, false);
        if (!(other && other(err, email.value.trim()))) F.fail(form, err, { invalid_email: "email" });
      });
    } });
    return h("p", { class: "alt" }, [t("noCode") + " ", b]);
  }
  DM.portal.auth = { pending: function () { return pending; }, passwordField: passwordField, emailField: emailField,
    notice: notice, newPasswordFields: newPasswordFields, samePasswords: samePasswords, codeField: codeField,
    resendButton: resendButton, next: next, sentTo: sentTo,
    remember: function (p) { pending = Object.assign({ email: "", password: "", session: "" }, p); } };
  function next(ctx) {
    var n = ctx.route.query.next || "";
    return /^\/[a-z]/.test(n) ? "#" + n : "#/";
  }

  DM.portal.view("signin", function (ctx) {
    ctx.title(t("signIn"));
    var form = F.make({ class: "auth", testid: "signin-form" }, [
      emailField(pending.email),
      passwordField("current-password"),
      h("button", { type: "submit", class: "btn wide", testid: "signin", text: t("signIn") })
    ], function (f, button) {
      var v = F.values(f);
      F.busy(button, true, "signingIn");
      DM.session.signIn(v.email, v.password).then(function (res) {
        if (res && res.next_step === "new_password") {
          pending = { email: v.email, password: "", session: res.session };
          return ctx.go("#/new-password" + (ctx.route.query.next ? "?next=" + encodeURIComponent(ctx.route.query.next) : ""));
        }
        pending = { email: "", password: "", session: "" };
        if (ctx.live()) ctx.go(next(ctx));
      }, function (err) {
        F.busy(button, false);
        if (err.code === "not_confirmed" || err.code === "password_reset_required") {
          pending = { email: v.email, password: err.code === "not_confirmed" ? v.password : "", session: "" };
          if (err.code === "password_reset_required") DM.portal.notice = "resetStarted";
          return ctx.go(err.code === "not_confirmed" ? "#/confirm" : "#/forgot?step=code");
        }
        F.fail(f, err, { invalid_credentials: "password" });
      });
    });
    var forgot = h("a", { href: "#/forgot", testid: "to-forgot", text: t("forgotPassword"), onclick: function () {
      pending.email = form.querySelector('[data-field="email"]').value.trim();
    } });
    DM.fill(ctx.section, [h("h1", { text: t("signInTitle") }), notice(), h("p", { class: "lead", text: t("signInLead") }), form,
      h("p", { class: "alt" }, forgot),
      h("p", { class: "alt" }, [t("noAccount") + " ", h("a", { href: "#/signup", testid: "to-signup", text: t("toSignUp") })])]);
    ctx.ready();
  });

  DM.portal.view("signup", function (ctx) {
    ctx.title(t("signUp"));
    var form = F.make({ class: "auth", testid: "signup-form" }, [
      F.text("name", t("f_yourName"), "", { required: true, minlength: 2, maxlength: 100, autocomplete: "name", testid: "name" }),
      emailField(""),
      passwordField("new-password", true),
      h("button", { type: "submit", class: "btn wide", testid: "signup", text: t("signUp") })
    ], function (f, button) {
      var v = F.values(f);
      F.busy(button, true);
      DM.session.signUp({ email: v.email, password: v.password, name: v.name }).then(function (res) {
        pending = { email: v.email, password: v.password, session: "" };
        if (res.next_step === "confirm_email") { F.busy(button, false); return ctx.go("#/confirm"); }
        return DM.session.signIn(v.email, v.password).then(function () {
          pending = { email: "", password: "", session: "" };
          ctx.go("#/profile");
        });
      }).catch(function (err) {
        F.busy(button, false);
        if (ctx.live()) F.fail(f, err, { account_exists: "email", weak_password: "password" });
      });
    });
    DM.fill(ctx.section, [h("h1", { text: t("signUpTitle") }), h("p", { class: "lead", text: t("signUpLead") }), form,
      h("p", { class: "alt" }, [t("haveAccount") + " ", h("a", { href: "#/signin", text: t("signIn") })])]);
    ctx.ready();
  });

  DM.portal.view("confirm", function (ctx) {
    ctx.title(t("confirmTitle"));
    var form = F.make({ class: "auth", testid: "confirm-form" }, [
      emailField(pending.email),
      codeField(),
      h("button", { type: "submit", class: "btn wide", text: t("confirm") }),
      resendButton("/auth/resend-code", function (err, email) {
        if (err.code !== "already_confirmed") return false;
        DM.portal.notice = "alreadyConfirmed";
        pending = { email: email, password: "", session: "" };
        ctx.go("#/signin");
        return true;
      })
    ], function (f, button) {
      var v = F.values(f);
      F.busy(button, true);
      DM.session.confirm(v.email, v.code).then(function () {
        if (pending.password && pending.email === v.email) {
          return DM.session.signIn(v.email, pending.password).then(function () {
            pending = { email: "", password: "", session: "" };
            ctx.go("#/profile");
          });
        }
        DM.portal.notice = "confirmed";
        pending = { email: v.email, password: "", session: "" };     // kept in memory, not in the address
        ctx.go("#/signin");
      }).catch(function (err) {
        F.busy(button, false);
        if (ctx.live()) F.fail(f, err, { invalid_code: "code" });
      });
    });
    DM.fill(ctx.section, [h("h1", { text: t("confirmTitle") }),
      pending.email ? h("p", { class: "lead", text: t("confirmLead", { email: pending.email }) }) : null, form]);
    ctx.ready();
  });
})(window.DM);
