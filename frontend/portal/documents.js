// Documents the API serves only with the bearer token (invoices, statements, a parcel's
// export papers): fetched here, then shown (HTML, in a new window) or saved (CSV, JSON) from
// a Blob, so the token never appears in an address. Loaded by the makers' orders and, on
// demand, by the desk's export register.
(function (DM) {
  "use strict";
  var h = DM.h;
  var TYPES = { html: "text/html", csv: "text/csv", json: "application/json" };

  // path: the API path; label: the link's words (when the window could not be opened);
  // msg: where a link or an error is shown; save: a file name to download instead of opening
  // (its extension, .csv or .json, says the type).
  DM.portal.openDocument = function (path, label, msg, save) {
    var kind = save ? (/\.json$/i.test(save) ? "json" : "csv") : "html";
    var win = save ? null : window.open("", "_blank");
    if (win) { try { win.opener = null; } catch (e) { /* some browsers refuse */ } }
    DM.session.call("GET", path, { accept: TYPES[kind] }).then(function (body) {
      var text = kind === "json" ? JSON.stringify(body, null, 2) : String(body);
      // The page is the API's; nothing in it may run or load anything.
      var guard = kind === "html" ? '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'">' : "";
      var url = URL.createObjectURL(new Blob([guard + text], { type: TYPES[kind] }));
      var link = h("a", { href: url, target: "_blank", rel: "noopener", text: label, download: save || null });
      if (win) win.location.href = url;
      else DM.fill(msg, link);
      if (save) link.click();
      setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
    }, function (err) {
      if (win) win.close();
      DM.fill(msg, DM.errorBox(err));
    });
  };

  // A country's name in the page's language from its ISO code ("US" -> "United States" /
  // "संयुक्त राज्य"); the code itself where the browser has no names.
  var names = {};
  DM.countryName = function (code) {
    if (!code) return "";
    var lang = DM.lang === "hi" ? "hi" : "en";
    try {
      if (!names[lang]) names[lang] = new Intl.DisplayNames([lang], { type: "region" });
      return names[lang].of(code) || code;
    } catch (e) { return code; }
  };
})(window.DM);
