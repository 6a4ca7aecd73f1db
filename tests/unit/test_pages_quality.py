"""Issue 19 on the shop's pre-rendered pages: ratings on cards, product and maker pages, the
Product's AggregateRating (only with reviews: Google refuses a reviewCount of 0), the reviews
section that reads the API only when asked, and the returns policy with the product's own
window; the order page's error sentences for the contract's codes."""
from __future__ import annotations

import re

import pytest

from chalicelib.pages import documents as doc
from chalicelib.pages import policy, render
from chalicelib.pages import structured as st
from chalicelib.quality import rules
from infra.site import FRONTEND
from tests.page_reader import Page
from tests.unit.test_pages import SITE, product

RATED = {"average": 4.0, "count": 1}


def rated(rating=RATED, **extra) -> dict:
    return {**product(), "rating": rating, **extra}


def product_ld(p: dict, lang: str = "en") -> dict:
    page = Page(render.product_page(SITE, lang, p, "Lac bangles"))
    assert not page.errors and not page.stack
    return next(x for x in page.ld() if x["@type"] == "Product")


def test_a_rated_product_carries_its_aggregate_rating():
    ld = product_ld(rated({"average": 4.3, "count": 12}))
    assert ld["aggregateRating"] == {"@type": "AggregateRating", "ratingValue": 4.3,
                                     "reviewCount": 12, "bestRating": 5, "worstRating": 1}
    assert product_ld(rated())["aggregateRating"]["ratingValue"] == 4.0


@pytest.mark.parametrize("rating", [None, {"average": 0, "count": 0}, "missing"])
def test_no_aggregate_rating_without_reviews(rating):
    p = product() if rating == "missing" else rated(rating)
    assert "aggregateRating" not in product_ld(p)
    assert st.aggregate_rating(None) is None


@pytest.mark.parametrize("lang, label", [("en", "Rated 4.0 out of 5 by 1 buyer"),
                                         ("hi", "1 ख़रीदार की रेटिंग: 5 में से 4.0")])
def test_the_product_page_shows_the_rating_near_the_price_and_asks_for_reviews_only_on_demand(lang, label):
    html = render.product_page(SITE, lang, rated(), "Lac bangles")
    stars = re.findall(r'<p class="stars ?[a-z]*" data-testid="rating"><span aria-hidden="true">'
                       r'★ 4.0 \(1\)</span><span class="vh">([^<]+)</span></p>', html)
    assert stars == [label, label]          # by the price, and heading the reviews
    assert html.index("pdp-price") < html.index("★ 4.0 (1)") < html.index('data-testid="add-to-cart"')
    section = re.search(r'<section class="panel reviews"[^>]*data-reviews="([^"]+)"', html)
    assert section and section[1] == "/products/p-lac-bangles-1a2b3c/reviews"
    assert 'data-testid="show-reviews"' in html
    # nothing on the page reads the reviews by itself: only js/reviews.js, on the button
    assert "reviews.js" not in html


def test_an_unrated_product_says_no_reviews_yet_and_offers_no_button():
    for p in (product(), rated(None)):
        html = render.product_page(SITE, "hi", p, "लाह")
        assert "★" not in html and 'data-testid="show-reviews"' not in html
        assert "data-reviews=" not in html and "अभी कोई समीक्षा नहीं है।" in html


def test_cards_show_the_rating_when_there_is_one():
    card = {"id": "p-a", "name": {"en": "A", "hi": "अ"}, "price_from_paise": 100, "mrp_paise": 100,
            "vendor": {"id": "v-a", "name": {"en": "V"}}, "image": None}
    assert "★ 3.5 (7)" in doc.card(SITE, "en", {**card, "rating": {"average": 3.5, "count": 7}})
    assert "Rated 3.5 out of 5 by 7 buyers" in doc.card(SITE, "en", {**card, "rating": {"average": 3.5, "count": 7}})
    assert "★" not in doc.card(SITE, "en", {**card, "rating": None})
    assert "★" not in doc.card(SITE, "en", card)


def test_the_makers_page_shows_its_rating_and_reviews_on_demand():
    p = product()
    v = {**p["vendor"], "since_year": 1990, "rating": {"average": 4.5, "count": 3}}
    card = {"id": p["id"], "name": p["name"], "price_from_paise": 100, "mrp_paise": 100,
            "vendor": v, "image": None, "rating": {"average": 4.0, "count": 1}}
    page = Page(render.maker_page(SITE, "en", v, [card]))
    assert not page.errors and not page.stack
    html = render.maker_page(SITE, "en", v, [card])
    assert "★ 4.5 (3)" in html and "★ 4.0 (1)" in html
    assert 'data-reviews="/vendors/v-didi-1234/reviews"' in html
    assert "★" not in render.maker_page(SITE, "en", {**v, "rating": None}, [])


@pytest.mark.parametrize("lang", ["hi", "en"])
@pytest.mark.parametrize("perishable", [False, True])
def test_the_product_page_states_its_own_returns_window_and_the_whole_policy(lang, perishable):
    html = render.product_page(SITE, lang, {**product(), "perishable": perishable}, "x")
    window = re.search(r'<p data-testid="returns-window">([^<]+)</p>', html)[1]
    if perishable:
        assert ("48 hours" if lang == "en" else "48 घंटे") in window
        assert ("7 days" if lang == "en" else "7 दिन") not in window
    else:
        assert ("7 days" if lang == "en" else "7 दिन") in window
    whole = re.search(r'<p class="small" data-testid="returns-policy">([^<]+)</p>', html)[1]
    assert whole == doc.esc(policy.whole(lang, "lac-bangles", perishable)) == doc.esc(rules.policy()[lang])
    assert html.index('data-testid="returns"') > html.index('class="pdp-about"')


def test_the_policy_is_the_contracts_words_in_both_languages():
    en, hi = rules.policy()["en"], rules.policy()["hi"]
    assert en.startswith("Handmade goods differ a little, piece to piece")
    assert "within 7 days of delivery" in en and "damage only, within 48 hours, with a photo" in en
    assert en.endswith("for cash on delivery, to your UPI ID or bank account.")
    assert hi.startswith("हाथ से बनी हर चीज़ थोड़ी अलग होती है")
    assert "डिलीवरी के 7 दिन के भीतर" in hi and "48 घंटे के भीतर" in hi
    assert hi.endswith("बैंक खाते में।")
    for key in policy.TEXT:
        assert re.search("[\u0900-\u097f]", policy.text("hi", key, 7))
        assert "{n}" not in policy.text("en", key, 7) + policy.text("hi", key, 7)
        assert not re.search("[\u0900-\u097f]", policy.text("en", key))


BUYER_CODES = {"order_not_found", "line_not_found", "not_delivered", "already_reviewed",
               "review_locked", "already_complained", "complaint_window_closed",
               "reason_not_allowed", "photo_required", "photo_not_ready",
               "refund_account_required", "invalid_upi_id", "invalid_ifsc", "invalid_input"}


def test_every_error_of_the_buyers_feedback_is_a_sentence_in_both_languages():
    source = "\n".join((FRONTEND / "js" / f).read_text(encoding="utf-8")
                       for f in ("i18n.js", "feedback.js", "complaint.js"))
    sentences = dict((code, (en, hi)) for code, en, hi in
                     re.findall(r'\be_([a-z0-9_]+): \["([^"]+)", "([^"]+)"\]', source))
    assert BUYER_CODES <= set(sentences), sorted(BUYER_CODES - set(sentences))
    assert all(re.search("[\u0900-\u097f]", sentences[c][1]) for c in BUYER_CODES)


def test_the_feedback_modules_never_parse_html():
    for f in ("feedback.js", "complaint.js", "reviews.js", "order.js"):
        source = (FRONTEND / "js" / f).read_text(encoding="utf-8")
        assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write", source), f
