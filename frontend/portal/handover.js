// Delivery by hand (the stage's COURIER_MODE=manual; the parcel says so with by_hand): the
// handover form (courier, tracking number) while the parcel waits for pickup, then
// "delivered" / "came back". Shared by the maker's orders (orders.js, base "/vendor/parcels/<id>")
// and the office's desk (desk-parcels.js, base "/admin/parcels/<id>"); the API does the checks
// (India Post numbers by their S10 check digit), this form only the obvious ones first.
// DM.handover(p, base, done(saved, note)) -> an element, or null when there is nothing to record.
(function (DM) {
  "use strict";
  var h = DM.h, t = DM.t, F = DM.form;
  var S10 = "^\\s*[A-Za-z]{2}\\s*\\d{3}\\s*\\d{3}\\s*\\d{3}\\s*[Ii][Nn]\\s*$";
  var HANDED = ["picked_up", "in_transit", "out_for_delivery"];

  DM.strings({
    hoTitle: ["Handed to the courier?", "कूरियर को सौंप दिया?"],
    hoLead: ["Write the courier's name and the tracking number from the receipt. The shopper gets them by e-mail.", "कूरियर का नाम और रसीद पर लिखा ट्रैकिंग नंबर लिखें। ख़रीदार को ईमेल से मिल जाएगा।"],
    hoCourier: ["Courier", "कूरियर"],
    hoIndiaPost: ["India Post (Speed Post)", "भारतीय डाक (स्पीड पोस्ट)"],
    hoOther: ["Another courier", "दूसरा कूरियर"],
    hoName: ["Courier's name", "कूरियर का नाम"],
    hoNumber: ["Tracking number", "ट्रैकिंग नंबर"],
    hoNumberHint: ["India Post: like EE123456785IN (2 letters, 9 digits, IN)", "भारतीय डाक: जैसे EE123456785IN (2 अक्षर, 9 अंक, IN)"],
    hoBadS10: ["An India Post number has 2 letters, 9 digits and IN, e.g. EE123456785IN.", "भारतीय डाक का नंबर 2 अक्षर, 9 अंक और IN होता है, जैसे EE123456785IN।"],
    hoSave: ["Record the handover", "सौंपना दर्ज करें"],
    hoSaved: ["Handover recorded: the shopper has the tracking number.", "सौंपना दर्ज हुआ: ख़रीदार को ट्रैकिंग नंबर भेज दिया गया।"],
    hoOutcome: ["What happened to the parcel?", "पार्सल का क्या हुआ?"],
    hoDelivered: ["Delivered", "पहुँच गया"],
    hoReturned: ["Came back", "वापस आया"],
    hoDeliveredDone: ["Marked delivered: the earnings are credited.", "पहुँचा दर्ज हुआ: कमाई जुड़ गई।"],
    hoReturnedDone: ["Marked returned.", "वापसी दर्ज हुई।"],
    hoReturnAsk: ["Did the parcel really come back? The shopper is refunded and the earnings taken back.", "क्या पार्सल सच में वापस आया? ख़रीदार को पैसा लौटेगा और कमाई वापस ली जाएगी।"],
    hoCourierIs: ["{courier}: {number}", "{courier}: {number}"],
    hoPacked: ["Packed", "पैक हो गया"],
    hoNotYet: ["not handed over yet", "अभी सौंपा नहीं"],
    e_invalid_tracking_number: ["This tracking number does not look right: check it on the receipt.", "यह ट्रैकिंग नंबर सही नहीं लगता: रसीद पर देखकर फिर लिखें।"],
    e_tracking_check_digit: ["This India Post number's check digit is wrong: copy it again from the receipt.", "भारतीय डाक के इस नंबर का जाँच अंक ग़लत है: रसीद से फिर लिखें।"],
    e_courier_name_required: ["Write the courier's name.", "कूरियर का नाम लिखें।"],
    e_not_handed_over: ["Record the handover (courier and tracking number) first.", "पहले सौंपना दर्ज करें (कूरियर और ट्रैकिंग नंबर)।"],
    e_already_handed_over: ["This parcel was handed over with another tracking number.", "यह पार्सल दूसरे ट्रैकिंग नंबर से सौंपा जा चुका है।"],
    e_not_handable: ["This parcel cannot be handed over now.", "यह पार्सल अभी सौंपा नहीं जा सकता।"],
    e_parcel_closed: ["This parcel's delivery has already ended.", "इस पार्सल की डिलीवरी पहले ही पूरी हो चुकी है।"],
    e_not_manual: ["The courier reports this parcel's moves itself.", "इस पार्सल की जानकारी कूरियर ख़ुद देता है।"]
  });

  function handoverForm(base, done) {
    var kind = F.select("courier", t("hoCourier"), [["india_post", t("hoIndiaPost")], ["other", t("hoOther")]], "india_post",
      { testid: "handover-courier" });
    var pick = kind.querySelector("select");
    var name = F.text("courier_name", t("hoName"), "", { maxlength: 60, minlength: 2, "data-optional": "", testid: "handover-name" });
    var number = F.text("tracking_number", t("hoNumber"), "", { required: true, maxlength: 40, autocomplete: "off",
      autocapitalize: "characters", spellcheck: "false", testid: "handover-number" }, t("hoNumberHint"));
    var numberInput = number.querySelector("input");
    function sync() {
      var post = pick.value === "india_post";
      name.hidden = post;
      name.querySelector("input").disabled = post;
      name.querySelector("input").required = !post;
      if (post) { numberInput.setAttribute("data-pattern", S10); numberInput.setAttribute("data-msg", "hoBadS10"); }
      else { numberInput.removeAttribute("data-pattern"); numberInput.removeAttribute("data-msg"); }
    }
    pick.addEventListener("change", sync);
    sync();
    var save = h("button", { type: "submit", class: "btn", testid: "handover-save", text: t("hoSave") });
    return F.make({ class: "handover", testid: "handover" }, [h("h3", { text: t("hoTitle") }), h("p", { class: "small muted", text: t("hoLead") }),
      kind, name, number, h("div", { class: "actions" }, [save])], function (form, button) {
      F.busy(button, true);
      DM.session.post(base + "/handover", F.values(form)).then(function (saved) {
        DM.announce(t("hoSaved"));
        done(saved, t("hoSaved"));
      }, function (err) {
        F.busy(button, false);
        F.fail(form, err, { invalid_tracking_number: "tracking_number", tracking_check_digit: "tracking_number",
          courier_name_required: "courier_name" });
      });
    });
  }

  function outcomeButtons(p, base, done) {
    var msg = h("div", { class: "form-msg", hidden: true });
    var buttons = [];
    function send(status, b) {
      if (status === "returned" && !window.confirm(t("hoReturnAsk"))) return;
      buttons.forEach(function (x) { x.disabled = true; });
      F.busy(b, true);
      DM.session.post(base + "/outcome", { status: status }).then(function (saved) {
        var note = t(status === "delivered" ? "hoDeliveredDone" : "hoReturnedDone");
        DM.announce(note);
        done(saved, note);
      }, function (err) {
        F.busy(b, false);
        buttons.forEach(function (x) { x.disabled = false; });
        msg.hidden = false;
        DM.fill(msg, DM.errorBox(err));
      });
    }
    function button(status, cls, key) {
      var b = h("button", { type: "button", class: cls, testid: "outcome-" + status, text: t(key),
        onclick: function () { send(status, b); } });
      buttons.push(b);
      return b;
    }
    var delivered = p.status !== "delivered" ? button("delivered", "btn", "hoDelivered") : null;
    return h("div", { class: "handover", testid: "outcome" }, [h("h3", { text: t("hoOutcome") }), msg,
      h("div", { class: "actions" }, [delivered, button("returned", "btn ghost", "hoReturned")])]);
  }

  DM.handover = function (p, base, done) {
    if (!p.by_hand) return null;
    if (p.status === "awaiting_pickup" && !p.tracking_number) return handoverForm(base, done);
    if (HANDED.indexOf(p.status) >= 0 || p.status === "delivered") return outcomeButtons(p, base, done);
    return null;
  };
  // "India Post: EE…" for a parcel recorded by hand; the bare number otherwise.
  DM.handover.label = function (p) {
    return p.courier_name && p.tracking_number ? t("hoCourierIs", { courier: p.courier_name, number: p.tracking_number }) : p.tracking_number;
  };
})(window.DM);
