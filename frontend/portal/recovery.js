// Accounts people can keep: "forgot password" (#/forgot: the e-mail, then Cognito's code and
// a new password, then back to sign-in) and an invited official's first sign-in
// (#/new-password: the temporary password from the invitation is replaced). Loaded when one
// of these pages opens (shell.js); the sign-in helpers are signin.js's (DM.portal.auth).
(function (DM) {
  "use strict";
  var h = DM.h, t = DM.t, F = DM.form, A = DM.portal.auth;

  function page(ctx, titleKey, leadText, form, after) {
    ctx.title(t(titleKey));
    DM.fill(ctx.section, [h("h1", { text: t(titleKey) }), A.notice(), h("p", { class: "lead", text: leadText }), form,
      after || null, h("p", { class: "alt" }, h("a", { href: "#/signin", text: "← " + t("backToSignIn") }))]);
    ctx.ready();
  }

  // Step 1: the address. Cognito answers alike whether or not it has an account.
  function askForCode(ctx) {
    var form = F.make({ class: "auth", testid: "forgot-form" }, [
      A.emailField(A.pending().email),
      h("button", { type: "submit", class: "btn wide", testid: "send-code", text: t("sendCode") })
    ], function (f, button) {
      var email = F.values(f).email;
      F.busy(button, true, "sending");
      DM.session.ask("/auth/forgot-password", { email: email }).then(function (res) {
        A.remember({ email: email });
        DM.portal.sentTo = A.sentTo(res);
        ctx.go("#/forgot?step=code");
      }, function (err) {
        F.busy(button, false);
        if (ctx.live()) F.fail(f, err, { invalid_email: "email" });
      });
    });
    page(ctx, "forgotTitle", t("forgotLead"), form);
  }

  // Step 2: the code from the e-mail and the new password, twice.
  function reset(ctx) {
    var sentTo = DM.portal.sentTo;
    DM.portal.sentTo = "";
    var form = F.make({ class: "auth", testid: "reset-form" }, [
      A.emailField(A.pending().email),
      A.codeField()
    ].concat(A.newPasswordFields(), [
      h("button", { type: "submit", class: "btn wide", testid: "save-password", text: t("setPassword") }),
      A.resendButton("/auth/forgot-password")
    ]), function (f, button) {
      if (!A.samePasswords(f)) return;
      var v = F.values(f);
      F.busy(button, true);
      DM.session.ask("/auth/reset-password", { email: v.email, code: v.code, new_password: v.new_password }).then(function () {
        A.remember({ email: v.email });
        DM.portal.notice = "passwordChanged";
        ctx.go("#/signin");
      }, function (err) {
        F.busy(button, false);
        if (ctx.live()) F.fail(f, err, { invalid_code: "code", weak_password: "new_password", invalid_email: "email" });
      });
    });
    page(ctx, "resetTitle", sentTo ? t("resetLeadTo", { to: sentTo }) : t("resetLead"), form);
  }

  DM.portal.view("forgot", function (ctx) {
    if (ctx.route.query.step === "code") reset(ctx); else askForCode(ctx);
  });

  // The first sign-in of an invited official: Cognito's session from /auth/login (memory
  // only); without one (a reload) the official signs in again with the temporary password.
  DM.portal.view("new-password", function (ctx) {
    var pending = A.pending();
    if (!pending.session) {
      DM.portal.notice = "newPasswordAgain";
      return ctx.go("#/signin");
    }
    var form = F.make({ class: "auth", testid: "new-password-form" }, [
      h("p", { class: "small" }, [t("signingInAs") + " ", h("strong", { testid: "new-password-email", text: pending.email })])
    ].concat(A.newPasswordFields(), [
      h("button", { type: "submit", class: "btn wide", testid: "save-password", text: t("setPassword") })
    ]), function (f, button) {
      if (!A.samePasswords(f)) return;
      F.busy(button, true);
      DM.session.newPassword(pending.email, pending.session, F.values(f).new_password).then(function () {
        A.remember({});
        DM.portal.flash = t("passwordSet");
        if (ctx.live()) ctx.go(A.next(ctx));
      }, function (err) {
        F.busy(button, false);
        if (!ctx.live()) return;
        if (err.code === "invalid_session") {
          A.remember({ email: pending.email });
          DM.portal.notice = "newPasswordAgain";
          return ctx.go("#/signin");
        }
        F.fail(f, err, { weak_password: "new_password" });
      });
    });
    page(ctx, "newPasswordTitle", t("newPasswordLead"), form);
  });
})(window.DM);
