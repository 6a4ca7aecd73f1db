// Placeholder storefront: proves the local stack end to end (API, images, both languages).
(function () {
  "use strict";
  var API = (window.DM_CONFIG && window.DM_CONFIG.apiUrl) || "";
  var STRINGS = {
    hi: { brand: "देवघर मार्ट", tagline: "बाबा धाम की धरती से कारीगरों का सामान",
          note: "यह प्रारंभिक पृष्ठ है: पूरा स्टोरफ़्रंट जल्द आ रहा है।", categories: "श्रेणियाँ",
          newest: "नए उत्पाद", other: "English", by: "निर्माता", error: "सूची लोड नहीं हो सकी।" },
    en: { brand: "DeogharMart", tagline: "Crafts of Baba Dham's land, from its makers",
          note: "This is a placeholder page: the full storefront is coming.", categories: "Categories",
          newest: "New products", other: "हिन्दी", by: "by", error: "Could not load the catalog." }
  };
  var lang = localStorage.getItem("dm.lang") || "hi";
  var data = { categories: [], products: [] };

  function rupees(paise) {
    return "₹" + (paise / 100).toLocaleString("en-IN", { maximumFractionDigits: 2 });
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;  // catalog text is never inserted as HTML
    return e;
  }
  function img(image, eager) {
    var i = el("img");
    if (image) { i.src = image.url; i.width = image.width; i.height = image.height; i.alt = image.alt[lang]; }
    i.loading = eager ? "eager" : "lazy";
    i.decoding = "async";
    return i;
  }
  function render() {
    document.documentElement.lang = lang;
    document.querySelectorAll("[data-i18n]").forEach(function (n) { n.textContent = STRINGS[lang][n.dataset.i18n]; });
    document.getElementById("lang").textContent = STRINGS[lang].other;
    var cats = document.getElementById("categories");
    cats.replaceChildren.apply(cats, data.categories.map(function (c, i) {
      var li = el("li"); li.append(img(c.image, i < 4), el("div", "t", c.name[lang])); return li;
    }));
    var prods = document.getElementById("products");
    prods.replaceChildren.apply(prods, data.products.map(function (p) {
      var li = el("li");
      li.append(img(p.image, false), el("div", "t", p.name[lang]), el("div", "p", rupees(p.price_from_paise)),
                el("div", "m", STRINGS[lang].by + " " + p.vendor.name[lang]));
      return li;
    }));
  }
  function load(path) {
    return fetch(API + path).then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); });
  }
  document.getElementById("lang").addEventListener("click", function () {
    lang = lang === "hi" ? "en" : "hi";
    localStorage.setItem("dm.lang", lang);
    render();
  });
  render();
  Promise.all([load("/categories"), load("/products?limit=12")]).then(function (r) {
    data.categories = r[0].items; data.products = r[1].items; render();
  }).catch(function () {
    var e = document.getElementById("error"); e.textContent = STRINGS[lang].error; e.hidden = false;
  });
})();
