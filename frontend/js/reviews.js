// Buyers' reviews, loaded (DM.need) only when asked for: a product's or a maker's published
// reviews ("Read the reviews" on their pages, js/pages.js), and the parts of a review the order
// page shows too (js/feedback.js). Buyers' and makers' words are text: textContent only.
//   DM.reviews.show(box, btn)   box: the section with data-reviews="<API path>" and a .rv-list;
//                               btn: the button that asked (it becomes "more reviews")
//   DM.reviews.body(r)          stars, words, photos and the maker's answer of one review
(function (DM) {
  "use strict";
  var h = DM.h, t = DM.t;
  DM.strings({
    outOf5: ["{n} out of 5", "5 में से {n}"],
    moreReviews: ["More reviews", "और समीक्षाएँ"],
    reviewBy: ["{name}, {town}", "{name}, {town}"],
    edited: ["edited", "बदली गई"],
    makerAnswer: ["The maker's answer", "कारीगर का जवाब"],
    reviewPhoto: ["Buyer's photo {n}", "ख़रीदार की फ़ोटो {n}"],
    reviewOf: ["On {name}", "{name} पर"],
    reviewsShown: ["{n} reviews shown", "{n} समीक्षाएँ दिखाई गईं"],
    reviewsShown1: ["1 review shown", "1 समीक्षा दिखाई गई"]
  });

  function day(iso) {
    var d = new Date(iso);
    return isNaN(d.getTime()) ? "" : d.toLocaleDateString(DM.lang === "hi" ? "hi-IN" : "en-IN",
      { day: "numeric", month: "short", year: "numeric" });
  }
  // ★★★★☆ for the eye, "4 out of 5" for a screen reader
  function rating(n) {
    n = Math.max(0, Math.min(5, Math.round(Number(n) || 0)));
    return h("span", { class: "rv-stars", role: "img", "aria-label": t("outOf5", { n: n }),
      text: "★★★★★".slice(0, n) + "☆☆☆☆☆".slice(n) });
  }
  function photos(list) {
    list = (list || []).filter(function (p) { return p && p.url; });
    if (!list.length) return null;
    return h("ul", { class: "rv-photos" }, list.map(function (p, i) {
      return h("li", null, h("a", { href: p.url, target: "_blank", rel: "noopener" }, h("img", { src: p.thumb || p.url,
        alt: t("reviewPhoto", { n: i + 1 }), loading: "lazy", decoding: "async", width: p.width || 96, height: p.height || 96 })));
    }));
  }
  function answer(a) {
    if (!a || !a.text) return null;
    return h("div", { class: "rv-answer", testid: "maker-answer" }, [
      h("p", { class: "small" }, [h("strong", { text: t("makerAnswer") }), a.at ? " · " + day(a.at) : null]),
      h("p", { class: "rv-text", text: a.text })]);
  }
  function body(r) {
    return [h("p", { class: "rv-head" }, [rating(r.rating)]),
      r.text ? h("p", { class: "rv-text", testid: "review-text", text: r.text }) : null,
      photos(r.photos), answer(r.answer)];
  }
  function item(r) {
    var a = r.author || {};
    var who = a.town ? t("reviewBy", { name: a.name || "", town: a.town }) : (a.name || "");
    return h("li", { class: "rv", testid: "review" }, [
      r.product_name ? h("p", { class: "small" }, [t("reviewOf", { name: DM.tx(r.product_name) })]) : null]
      .concat(body(r)).concat([h("p", { class: "muted small" }, [who, " · ",
        h("time", { datetime: r.created_at, text: day(r.created_at) }), r.edited ? " · " + t("edited") : null])]));
  }

  function show(box, btn) {
    var path = box.getAttribute("data-reviews");
    var out = box.querySelector(".rv-list");
    var list = h("ul", { class: "rv-items" }), shown = 0;
    DM.fill(out, [list, h("p", { class: "muted small", role: "status" })]);
    var status = out.lastChild;
    function page(cursor) {
      btn.disabled = true;
      btn.textContent = t("loading");
      DM.api.get(path + (cursor ? "?cursor=" + encodeURIComponent(cursor) : "")).then(function (d) {
        var items = (d.items || []).map(item);
        DM.add(list, items);
        shown += items.length;
        status.textContent = !shown ? t("noReviews") : t(shown === 1 ? "reviewsShown1" : "reviewsShown", { n: shown });
        btn.textContent = t("moreReviews");
        btn.disabled = false;
        btn.hidden = !d.next_cursor;
        btn.onclick = d.next_cursor ? function () { page(d.next_cursor); } : null;
        if (cursor && items[0]) { items[0].tabIndex = -1; items[0].focus(); }
      }, function (err) {
        btn.disabled = false;
        btn.textContent = t("retry");
        btn.onclick = function () { page(cursor); };
        status.textContent = DM.errorText(err);
      });
    }
    page(null);
  }

  DM.reviews = { show: show, body: body, photos: photos, day: day };
})(window.DM);
