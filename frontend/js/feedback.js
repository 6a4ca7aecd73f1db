// The order page's feedback, loaded (DM.need, with js/reviews.js and js/complaint.js) only
// once the order has a delivered parcel: for each delivered line, rate it (1-5 stars, words,
// up to 3 photos) and follow the review; report a problem (js/complaint.js) and follow it.
//   DM.feedback(ctx, box, order, openLine)  order: {id, token}; openLine: a line id whose
//                                           review form opens at once (the mail's link)
//   DM.fb                                   what js/complaint.js shares: photos, path, auth…
(function (DM) {
  "use strict";
  var h = DM.h, t = DM.t;
  DM.strings({
    fbTitle: ["Your feedback", "आपकी राय"],
    deliveredOn: ["Delivered {date}", "{date} को पहुँचा"],
    rateThis: ["Rate this product", "इस सामान को रेटिंग दें"],
    yourRating: ["Your rating", "आपकी रेटिंग"],
    yourWords: ["Your review (optional)", "आपकी समीक्षा (वैकल्पिक)"],
    wordsHint: ["How is it? How was the packing? Write in any language.", "सामान कैसा है? पैकिंग कैसी थी? किसी भी भाषा में लिखें।"],
    addPhotos: ["Add a photo (up to 3)", "फ़ोटो जोड़ें (ज़्यादा से ज़्यादा 3)"],
    sendReview: ["Send review", "समीक्षा भेजें"],
    saveReview: ["Save changes", "बदलाव सहेजें"],
    cancelForm: ["Cancel", "रहने दें"],
    sending: ["Sending…", "भेजा जा रहा है…"],
    yourReview: ["Your review", "आपकी समीक्षा"],
    rv_pending: ["Waiting for the district office to check it", "ज़िला कार्यालय की जाँच का इंतज़ार"],
    rv_published: ["Published", "प्रकाशित"],
    rv_rejected: ["Not published: {reason}", "प्रकाशित नहीं हुई: {reason}"],
    editReview: ["Edit (until {date})", "बदलें ({date} तक)"],
    reviewSent: ["Thank you! The district office reads every review before it is published.", "धन्यवाद! ज़िला कार्यालय हर समीक्षा पढ़कर ही प्रकाशित करता है।"],
    chooseStars: ["Choose from 1 to 5 stars.", "1 से 5 स्टार चुनें।"],
    photosBusy: ["Please wait until your photos are checked.", "फ़ोटो की जाँच पूरी होने तक रुकें।"],
    photoSending: ["Sending the photo…", "फ़ोटो भेजी जा रही है…"],
    photoChecking: ["Checking the photo…", "फ़ोटो की जाँच हो रही है…"],
    photoOk: ["Photo {n}", "फ़ोटो {n}"],
    photoRejected: ["Photo not accepted: {reason}", "फ़ोटो स्वीकार नहीं हुई: {reason}"],
    photoType: ["Choose a JPEG, PNG or WebP photo.", "JPEG, PNG या WebP फ़ोटो चुनें।"],
    photoBig: ["This photo is too large.", "यह फ़ोटो बहुत बड़ी है।"],
    photoSlow: ["Checking the photo is taking long. Remove it and try again.", "फ़ोटो की जाँच में देर हो रही है। इसे हटाकर फिर कोशिश करें।"],
    removePhoto: ["Remove photo {n}", "फ़ोटो {n} हटाएँ"],
    reportProblem: ["Report a problem", "समस्या बताएँ"],
    reportUntil: ["You can report a problem until {date}.", "आप {date} तक समस्या बता सकते हैं।"],
    reportClosed: ["The time to report a problem ended on {date}.", "समस्या बताने का समय {date} को ख़त्म हो गया।"],
    e_line_not_found: ["This item is not part of the order.", "यह सामान इस ऑर्डर में नहीं है।"],
    e_not_delivered: ["This item has not been delivered yet.", "यह सामान अभी पहुँचा नहीं है।"],
    e_already_reviewed: ["You have already reviewed this item.", "आप इस सामान की समीक्षा पहले ही कर चुके हैं।"],
    e_review_locked: ["A review can be changed only within 30 days.", "समीक्षा सिर्फ़ 30 दिन के भीतर बदली जा सकती है।"],
    e_already_complained: ["You have already reported a problem with this item.", "इस सामान की समस्या आप पहले ही बता चुके हैं।"],
    e_complaint_window_closed: ["The time to report a problem with this item has ended.", "इस सामान की समस्या बताने का समय ख़त्म हो गया है।"],
    e_reason_not_allowed: ["For this item only that kind of problem can be reported.", "इस सामान के लिए इस तरह की समस्या नहीं बताई जा सकती।"],
    e_photo_required: ["Please add at least one photo.", "कृपया कम से कम एक फ़ोटो जोड़ें।"],
    e_photo_not_ready: ["A photo is still being checked. Please wait a moment.", "एक फ़ोटो की जाँच अभी चल रही है। थोड़ा रुकें।"],
    e_refund_account_required: ["Please tell us your UPI ID or bank account for the refund.", "रिफ़ंड के लिए अपनी UPI ID या बैंक खाता बताएँ।"],
    e_invalid_upi_id: ["This UPI ID does not look right. It looks like name@bank.", "यह UPI ID सही नहीं लगती। यह name@bank जैसी होती है।"],
    e_invalid_ifsc: ["This IFSC code does not look right. It has 11 characters, like SBIN0001234.", "यह IFSC कोड सही नहीं लगता। इसमें 11 अक्षर होते हैं, जैसे SBIN0001234।"],
    e_invalid_input: ["Please check what you entered.", "कृपया भरी हुई जानकारी जाँच लें।"],
    e_too_many_photos: ["No more photos can be added to this item.", "इस सामान के लिए और फ़ोटो नहीं जोड़ी जा सकतीं।"],
    e_photo_not_found: ["That photo was not found. Please add it again.", "वह फ़ोटो नहीं मिली। कृपया फिर से जोड़ें।"],
    e_review_not_found: ["That review was not found.", "वह समीक्षा नहीं मिली।"],
    e_review_changed: ["Your review was changed meanwhile. Please reload the page.", "इस बीच आपकी समीक्षा बदल गई। कृपया पेज फिर से खोलें।"],
    e_upload_failed: ["The photo could not be sent. Check the network and try again.", "फ़ोटो नहीं भेजी जा सकी। नेटवर्क देखकर फिर कोशिश करें।"]
  });
  var TYPES = ["image/jpeg", "image/png", "image/webp"];
  var POLL_MS = 1500, POLL_FOR_MS = 90000, MAX_PHOTOS = 3;
  var seq = 0;

  function path(o, tail) { return "/orders/" + encodeURIComponent(o.id) + tail; }
  function auth(o) { return { "X-Order-Token": o.token }; }
  function uid(prefix) { return prefix + "-" + (++seq); }
  function later(iso) { return !!iso && Date.parse(iso) > Date.now(); }
  function note(cls, text, testid) { return h("p", { class: cls, role: cls.indexOf("err") >= 0 ? "alert" : null, testid: testid, text: text }); }

  // A phone's photo (often 3-5 MB) made a ~1600 px JPEG before it crosses a slow link; the
  // redraw also drops its EXIF (where it was taken). Anything that fails sends the original.
  function shrink(file) {
    if (file.size <= 700000 || !window.createImageBitmap) return Promise.resolve(file);
    return createImageBitmap(file).then(function (bmp) {
      var k = Math.min(1, 1600 / Math.max(bmp.width, bmp.height));
      var c = document.createElement("canvas");
      c.width = Math.round(bmp.width * k); c.height = Math.round(bmp.height * k);
      c.getContext("2d").drawImage(bmp, 0, 0, c.width, c.height);
      return new Promise(function (resolve) {
        c.toBlob(function (b) { resolve(b && b.size < file.size ? b : file); }, "image/jpeg", 0.85);
      });
    }).catch(function () { return file; });
  }
  // The presigned POST, as the portal sends a product's photo: its fields first, then the file.
  function send(grant, file) {
    var data = new FormData();
    Object.keys(grant.fields || {}).forEach(function (k) { data.append(k, grant.fields[k]); });
    data.append("file", file);
    return fetch(grant.url, { method: "POST", body: data, credentials: "omit" }).then(function (res) {
      if (!res.ok) throw new DM.ApiError(res.status, { error: { code: "upload_failed" } });
    }, function () { throw new DM.ApiError(0, { error: { code: "upload_failed" } }); });
  }

  // Up to 3 photos of one line: sent, checked by the image worker (polled), shown as a
  // thumbnail or with the reason it was refused. ids(): the ready ones; busy(): any on its way.
  function photos(o, purpose, lineId, label) {
    var items = [];
    var input = h("input", { type: "file", accept: TYPES.join(","), id: uid("ph"), class: "fb-file", multiple: true, testid: purpose + "-photo-input" });
    var pick = h("label", { for: input.id, class: "btn ghost", text: label });
    var list = h("ul", { class: "fb-photos", testid: purpose + "-photos" });
    input.addEventListener("change", function () {
      Array.prototype.slice.call(input.files || [], 0, MAX_PHOTOS - kept().length).forEach(one);
      input.value = "";
      refresh();
    });
    function kept() { return items.filter(function (x) { return x.state !== "rejected" && x.state !== "failed"; }); }
    function refresh() {
      var full = kept().length >= MAX_PHOTOS;
      pick.hidden = full; input.disabled = full;
    }
    function show(it, st, kids) {
      it.state = st;
      it.li.setAttribute("data-state", st);
      var n = items.indexOf(it) + 1;
      DM.fill(it.li, kids.concat([st === "uploading" || st === "checking" ? null :
        h("button", { type: "button", class: "link-btn", text: t("removePhoto", { n: n }), onclick: function () {
          items.splice(items.indexOf(it), 1);
          it.li.remove();
          refresh();
          input.focus();
        } })]));
      refresh();
    }
    function fail(it, text) {
      show(it, it.state === "checking" ? "rejected" : "failed", [note("field-err", text)]);
      DM.announce(text);
    }
    function poll(it, until) {
      DM.api.read(path(o, "/photos/" + encodeURIComponent(it.id)), auth(o)).then(function (d) {
        if (!it.li.isConnected) return;
        if (d.status === "ready") {
          var n = items.indexOf(it) + 1;
          show(it, "ready", [d.url ? h("img", { class: "fb-thumb", src: d.url, alt: t("photoOk", { n: n }), width: 96, height: 96 }) :
            h("span", { class: "small", text: t("photoOk", { n: n }) })]);
          DM.announce(t("photoOk", { n: n }));
        } else if (d.status === "rejected") fail(it, t("photoRejected", { reason: DM.tx(d.reason) }));
        else if (Date.now() > until) fail(it, t("photoSlow"));
        else setTimeout(function () { poll(it, until); }, POLL_MS);
      }, function () {
        if (Date.now() > until) fail(it, t("photoSlow"));
        else setTimeout(function () { poll(it, until); }, POLL_MS * 2);
      });
    }
    function one(file) {
      var it = { state: "", id: null, li: h("li", { testid: "photo" }) };
      items.push(it);
      list.appendChild(it.li);
      show(it, "uploading", [h("span", { class: "small", text: t("photoSending") })]);
      if (TYPES.indexOf(file.type) < 0) { fail(it, t("photoType")); return; }
      shrink(file).then(function (f) {
        return DM.api.post(path(o, "/photos"), { purpose: purpose, line_id: lineId, content_type: f.type }, auth(o)).then(function (g) {
          if (g.max_bytes && f.size > g.max_bytes) throw new DM.ApiError(400, { error: { code: "photo_big" } });
          it.id = g.upload_id;
          return send(g, f);
        });
      }).then(function () {
        show(it, "checking", [h("span", { class: "small", text: t("photoChecking") })]);
        poll(it, Date.now() + POLL_FOR_MS);
      }, function (err) { fail(it, err.code === "photo_big" ? t("photoBig") : DM.errorText(err)); });
    }
    return {
      el: h("div", { class: "fb-photo-box" }, [input, pick, list]),
      ids: function () { return items.filter(function (x) { return x.state === "ready"; }).map(function (x) { return x.id; }); },
      busy: function () { return items.some(function (x) { return x.state === "uploading" || x.state === "checking"; }); },
      focus: function () { input.focus(); }
    };
  }

  // A form's end: the message line, the send and cancel buttons; run(button) on submit.
  function formEnd(sendText, cancel) {
    var msg = h("div", { class: "fb-msg", "aria-live": "assertive" });
    var btn = h("button", { type: "submit", class: "btn", text: sendText });
    return { msg: msg, btn: btn, el: h("div", null, [msg, h("div", { class: "fb-actions" }, [btn,
      h("button", { type: "button", class: "btn ghost", text: t("cancelForm"), onclick: cancel })])]),
      busy: function (on) { btn.disabled = on; btn.textContent = on ? t("sending") : sendText; },
      error: function (text) { DM.fill(msg, note("notice err", text)); } };
  }

  function starPicker(name, value) {
    var labels = [1, 2, 3, 4, 5].map(function (n) {
      return h("label", null, [h("input", { type: "radio", name: name, value: String(n), checked: n === value, onchange: paint }),
        h("span", { "aria-hidden": "true", text: "★" }), h("span", { class: "vh", text: t("outOf5", { n: n }) })]);
    });
    var box = h("fieldset", { class: "fb-stars", testid: "stars" }, [h("legend", { text: t("yourRating") })].concat(labels));
    function val() { var c = box.querySelector("input:checked"); return c ? Number(c.value) : 0; }
    function paint() { labels.forEach(function (l, i) { l.className = i < val() ? "on" : ""; }); }
    paint();
    return { el: box, value: val, focus: function () { (box.querySelector("input:checked") || box.querySelector("input")).focus(); } };
  }

  function reviewForm(o, line, done, cancel) {
    var r = line.review;
    var stars = starPicker(uid("stars"), r ? r.rating : 0);
    var words = h("textarea", { maxlength: "2000", rows: "4", testid: "review-text-input" });
    words.value = r ? r.text || "" : "";
    var pics = photos(o, "review", line.line_id, t("addPhotos"));
    var end = formEnd(t(r ? "saveReview" : "sendReview"), cancel);
    var form = h("form", { class: "fb-form", novalidate: true, testid: "review-form", onsubmit: function (e) {
      e.preventDefault();
      if (!stars.value()) { end.error(t("chooseStars")); stars.focus(); return; }
      if (pics.busy()) { end.error(t("photosBusy")); return; }
      // An edit keeps the photos it had when the API names their uploads (the contract's
      // Review carries only their urls): new photos are added to those.
      var old = r ? (r.photos || []).map(function (p) { return p.upload_id; }).filter(Boolean) : [];
      var body = { rating: stars.value(), text: words.value.trim(), photos: old.concat(pics.ids()).slice(0, MAX_PHOTOS) };
      end.busy(true);
      var call = r ? DM.api.put(path(o, "/reviews/" + encodeURIComponent(r.id)), body, auth(o)) :
        DM.api.post(path(o, "/reviews"), Object.assign({ line_id: line.line_id }, body), auth(o));
      call.then(function (review) { done(review); }, function (err) { end.busy(false); end.error(DM.errorText(err)); });
    } }, [h("h4", { text: t(r ? "yourReview" : "rateThis") }), stars.el,
      DM.field(uid("words"), t("yourWords"), words, t("wordsHint")), pics.el, end.el]);
    form.focusFirst = stars.focus;
    return form;
  }

  function reviewView(o, line, edit) {
    var r = line.review;
    var until = r.editable_until || line.review_editable_until;
    var state = t("rv_" + r.status, { reason: r.reason || "" });
    return h("div", { class: "fb-review", testid: "my-review", "data-status": r.status }, [
      h("h4", { tabindex: "-1", text: t("yourReview") }),
      h("p", null, h("span", { class: "chip st-" + r.status, testid: "review-status", text: state }))]
      .concat(DM.reviews.body(r)).concat([later(until) ? h("button", { type: "button", class: "btn ghost", testid: "edit-review",
        text: t("editReview", { date: DM.reviews.day(until) }), onclick: edit }) : null]));
  }

  // One delivered line: its review part and its complaint part, each a view or a form.
  function lineBox(o, line, needAccount) {
    var box = h("section", { class: "panel fb-line", id: "fb-" + line.line_id, testid: "feedback-line",
      "data-line": line.line_id, "aria-labelledby": "fbh-" + line.line_id });
    var rv = h("div"), cp = h("div");
    function opener(key, testid, form) {
      return h("button", { type: "button", class: testid === "rate" ? "btn" : "btn ghost", testid: testid, text: t(key), onclick: form });
    }
    function review(focus) {
      var kids = line.review ? reviewView(o, line, openReview) : line.can_review ? opener("rateThis", "rate", openReview) : null;
      DM.fill(rv, kids);
      if (focus && line.review) rv.querySelector("h4").focus();
      else if (focus && kids) kids.focus();
    }
    function openReview() {
      var form = reviewForm(o, line, function (saved) {
        line.review = saved; line.can_review = false;
        review(true);
        DM.announce(t("reviewSent"));
        rv.appendChild(note("notice good", t("reviewSent")));
      }, function () { review(true); });
      DM.fill(rv, form);
      form.focusFirst();
    }
    function complaint(focus) {
      var kids = line.complaint ? DM.fb.complaintView(line.complaint) :
        line.can_complain ? [opener("reportProblem", "report", openComplaint),
          line.complain_until ? h("p", { class: "muted small", text: t("reportUntil", { date: DM.date(line.complain_until) }) }) : null] :
        line.complain_until && !later(line.complain_until) ? note("muted small", t("reportClosed", { date: DM.date(line.complain_until) })) : null;
      DM.fill(cp, kids);
      var first = cp.querySelector("h4, button");
      if (focus && first) first.focus();
    }
    function openComplaint() {
      var form = DM.fb.complaintForm(o, line, needAccount, function (saved) {
        line.complaint = saved; line.can_complain = false;
        complaint(true);
      }, function () { complaint(true); });
      DM.fill(cp, form);
      form.focusFirst();
    }
    // the line's own name may already carry the product's ("Peda — 250 g")
    var name = DM.tx(line.name), variant = DM.tx(line.variant);
    if (variant.indexOf(name) >= 0) name = variant;
    else if (variant && name.indexOf(variant) < 0) name += " — " + variant;
    DM.fill(box, [h("h3", { id: "fbh-" + line.line_id, text: name + " × " + line.quantity }),
      line.delivered_at ? h("p", { class: "muted small", text: t("deliveredOn", { date: DM.date(line.delivered_at) }) }) : null,
      rv, cp]);
    review(false);
    complaint(false);
    box.openReview = function () { if (!line.review && line.can_review) openReview(); };
    return box;
  }

  DM.feedback = function (ctx, box, o, openLine) {
    DM.fill(box, h("p", { class: "muted", text: t("loading") }));
    DM.api.read(path(o, "/feedback"), auth(o)).then(function (d) {
      if (!ctx.live()) return;
      var lines = (d.lines || []).filter(function (l) { return l.delivered_at || l.review || l.complaint || l.can_review || l.can_complain; });
      if (!lines.length) { DM.clear(box); return; }
      var boxes = lines.map(function (l) { return lineBox(o, l, !!d.refund_account_needed); });
      DM.fill(box, h("section", { class: "fb", "aria-labelledby": "fb-h" }, [h("h2", { id: "fb-h", text: t("fbTitle") })].concat(boxes)));
      var asked = boxes.filter(function (b) { return b.getAttribute("data-line") === openLine; })[0];
      if (asked) {
        asked.openReview();
        asked.scrollIntoView({ block: "start" });
      }
    }, function (err) {
      if (ctx.live()) DM.fill(box, DM.errorBox(err, function () { DM.feedback(ctx, box, o, openLine); }));
    });
  };

  DM.fb = Object.assign(DM.fb || {}, { photos: photos, path: path, auth: auth, uid: uid, note: note, formEnd: formEnd });
})(window.DM);
