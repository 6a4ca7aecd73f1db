// Sign in, sign up and the e-mail code (on AWS a new account is confirmed with the code
// Cognito mails; the local stack confirms at once and answers next_step "sign_in").
(function (DM) {
  "use strict";
  var h = DM.h, t = DM.t, F = DM.form;
  var pending = { email: "", password: "" };   // between sign-up and confirmation; memory only
  var PASSWORD = "^(?=.*[a-z])(?=.*[A-Z])(?=.*[0-9]).{8,128}$";

  function passwordField(autocomplete, hint) {
    var wrap = F.text("password", t("f_password"), "", { type: "password", required: true, autocomplete: autocomplete,
      maxlength: 128, testid: "password", "data-pattern": hint ? PASSWORD : null, "data-msg": hint ? "badPassword" : null },
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
    return key ? h("p", { class: "notice " + (key === "expired" ? "err" : "good"), role: "status", text: t(key) }) : null;
  }
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
      DM.session.signIn(v.email, v.password).then(function () {
        pending = { email: "", password: "" };
        if (ctx.live()) ctx.go(next(ctx));
      }, function (err) {
        F.busy(button, false);
        if (err.code === "not_confirmed") {
          pending = { email: v.email, password: v.password };
          return ctx.go("#/confirm");
        }
        F.fail(f, err, { invalid_credentials: "password" });
      });
    });
    DM.fill(ctx.section, [h("h1", { text: t("signInTitle") }), notice(), h("p", { class: "lead", text: t("signInLead") }), form,
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
        pending = { email: v.email, password: v.password };
        if (res.next_step === "confirm_email") { F.busy(button, false); return ctx.go("#/confirm"); }
        return DM.session.signIn(v.email, v.password).then(function () {
          pending = { email: "", password: "" };
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
      F.text("code", t("f_code"), "", { required: true, inputmode: "numeric", autocomplete: "one-time-code", maxlength: 8,
        "data-pattern": "^[0-9]{4,8}$", "data-msg": "badCode", testid: "code" }),
      h("button", { type: "submit", class: "btn wide", text: t("confirm") })
    ], function (f, button) {
      var v = F.values(f);
      F.busy(button, true);
      DM.session.confirm(v.email, v.code).then(function () {
        if (pending.password && pending.email === v.email) {
          return DM.session.signIn(v.email, pending.password).then(function () {
            pending = { email: "", password: "" };
            ctx.go("#/profile");
          });
        }
        DM.portal.notice = "confirmed";
        pending = { email: v.email, password: "" };     // kept in memory, not in the address
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
