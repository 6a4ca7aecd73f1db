"""What buyers say (issue 19) in the portal, in Hindi, on the local stack: a buyer (over the
API, as the order page does) reviews and complains about a delivered line with a photo and
hostile words; the office publishes the review on the desk; the maker (the demo block
official acting for one of their makers) sees the review and the complaint with its photo,
answers both, and sees the scorecard change and its flag; the office decides the complaint
with a partial refund (issued at localstripe) and finds the maker among the flagged; the
official's scorecards list the flagged makers first; a parcel still to pack is cancelled
with "I cannot send this". Hostile words stay text (no dialog fires, shown literally) on the
desk and the maker's pages; axe-core on every new page.
Screenshots: test-artifacts/portal-quality-*.png."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.integration import browser
from tests.integration.portal_pages import account, api_call, clean, new_page, portal, shot, sign_in
from tests.integration.quality_flow import (buy, deliver, facilitated_maker, facilitator,
                                            first_line, office, upload)
from tests.integration.shopping import call, status_of
from tests.integration.waiting import wait_for

REVIEW = '<img src=x onerror=alert(1)><script>alert("r")</script> बहुत सुंदर चूड़ियाँ'
COMPLAINT = '<img src=x onerror=alert(2)><script>alert("c")</script> डिब्बा टूटा हुआ आया'
LOAD = 20_000   # ms for a page's first answers (a scorecard sums 90 days; the stack may be busy)


@pytest.fixture(scope="module")
def story(api, stack, stripe_client):
    """A delivered card order of a maker the demo official acts for; its buyer's review
    (waiting for the office) with a photo, and a photo ready for the complaint."""
    f = facilitator(stack)
    maker = facilitated_maker(api, f["token"])
    created = buy(api, stripe_client, maker)
    deliver(api, created, f["token"], maker)
    line = first_line(api, created)
    review_shot = upload(api, created, line["line_id"], "review")
    complaint_shot = upload(api, created, line["line_id"], "complaint")
    assert review_shot["status"] == complaint_shot["status"] == "ready"
    r = call(api, "POST", f"/orders/{created['order_id']}/reviews", order_token=created["order_token"],
             json={"line_id": line["line_id"], "rating": 2, "text": REVIEW, "photos": [review_shot["upload_id"]]})
    assert r.status_code == 201, r.text
    return {"maker": maker, "facilitator": f["token"], "office": office(stack), "order": created, "line": line,
            "review": r.json(), "complaint_photo": complaint_shot["upload_id"]}


@pytest.fixture(scope="module")
def pages(chromium, stack):
    """The office and the official under the site's CSP; a second page of each without it,
    for axe-core (its script is injected inline)."""
    made = {"office": new_page(chromium), "official": new_page(chromium),
            "office_axe": new_page(chromium, bypass_csp=True), "official_axe": new_page(chromium, bypass_csp=True)}
    for p in made.values():
        p.dialogs = []
        p.on("dialog", lambda d, p=p: (p.dialogs.append(d.message), d.dismiss()))
    a, f = account(stack, "admin"), account(stack, "facilitator")
    for name, who in (("office", a), ("office_axe", a), ("official", f), ("official_axe", f)):
        sign_in(made[name], stack, who["email"], who["password"])
    yield made
    for p in made.values():
        p.context.close()


def no_serious_violations(page, stack, route: str, ready: str, opened: str | None = None) -> None:
    """axe-core on `route` once `ready` (a test id) shows; `opened`: a <details> to open first."""
    portal(page, stack, route)
    expect(page.get_by_test_id(ready).first).to_be_visible(timeout=LOAD)
    if opened:
        page.get_by_test_id(opened).first.locator("summary").click()
    page.wait_for_load_state("networkidle")
    violations = browser.axe_violations(page)
    assert not violations, (route, [(v["id"], v["help"], len(v["nodes"])) for v in violations])
    assert not page.dialogs


def inert(page, item, testid: str, text: str) -> None:
    """The hostile words shown literally, as text; nothing ran."""
    expect(item.get_by_test_id(testid).first).to_have_text(text)
    assert page.locator('img[src="x"]').count() == 0
    assert item.locator("script").count() == 0
    assert not page.dialogs and not page.errors


def photo_opens_large(page, item, testid: str) -> None:
    thumb = item.get_by_test_id(testid).get_by_test_id("photo").first
    expect(thumb.locator("img")).to_have_js_property("complete", True)
    assert thumb.locator("img").evaluate("img => img.naturalWidth") > 0
    thumb.click()
    dialog = page.get_by_test_id("photo-dialog")
    expect(dialog).to_be_visible()
    expect(dialog.locator("img")).to_have_js_property("complete", True)
    assert dialog.locator("img").evaluate("img => img.naturalWidth") > 0
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(thumb).to_be_focused()


def refused_then_sent(form, field: str, button: str, good: str, bad: str | None = None) -> None:
    """Sent empty (or `bad`): refused on the field before any request; then sent with `good`."""
    if bad is not None:
        form.get_by_test_id(field).fill(bad)
    form.get_by_test_id(button).click()
    expect(form.get_by_test_id(field)).to_have_attribute("aria-invalid", "true")
    form.get_by_test_id(field).fill(good)
    form.get_by_test_id(button).click()


def complaints_on_card(page) -> int:
    return int(re.match(r"\d+", page.get_by_test_id("sc-complaints").inner_text()).group(0))


def test_the_office_publishes_a_review_shown_as_text(pages, stack, api, story):
    page = pages["office"]
    portal(page, stack, "#/desk/reviews")
    item = page.locator(f'[data-testid=desk-review][data-id="{story["review"]["id"]}"]')
    expect(item).to_be_visible(timeout=LOAD)
    inert(page, item, "review-text", REVIEW)
    expect(item.get_by_test_id("stars")).to_have_attribute("data-rating", "2")
    photo_opens_large(page, item, "review-photos")
    shot(page, "quality-desk-reviews")
    no_serious_violations(pages["office_axe"], stack, "#/desk/reviews", "desk-review")
    # a reason is needed to reject; then published
    item.get_by_test_id("review-reject").click()
    expect(item.get_by_test_id("review-reason")).to_have_attribute("aria-invalid", "true")
    item.get_by_test_id("review-approve").click()
    expect(page.get_by_test_id("decided").first).to_be_visible(timeout=LOAD)
    got = call(api, "GET", f"/products/{story['line']['product_id']}/reviews").json()
    assert story["review"]["id"] in [x["id"] for x in got["items"]]
    clean(page)


def test_the_maker_sees_the_complaint_with_its_photo_answers_it_and_the_scorecard_changes(pages, stack, api, story):
    page = pages["official"]
    # the official's scorecards: "work for" the maker opens the maker's own quality page
    portal(page, stack, "#/scorecards")
    page.locator(f'[data-testid=maker-scorecard][data-vendor="{story["maker"]}"]').get_by_test_id("act-for").click()
    expect(page).to_have_url(re.compile(r"#/quality$"))
    expect(page.get_by_test_id("sc-complaints")).to_be_visible(timeout=LOAD)
    before = complaints_on_card(page)
    review = page.locator(f'[data-testid=review][data-id="{story["review"]["id"]}"]')
    inert(page, review, "review-text", REVIEW)
    review.get_by_test_id("answer").click()
    review_form = page.get_by_test_id("review-answer-form")
    review_form.get_by_test_id("answer-text").fill("धन्यवाद, अगली बार और अच्छा पैक करेंगे।")
    review_form.get_by_test_id("send-answer").click()
    expect(page.locator(f'[data-testid=review][data-id="{story["review"]["id"]}"]').get_by_test_id("review-answer")).to_have_text(
        "धन्यवाद, अगली बार और अच्छा पैक करेंगे।", timeout=LOAD)

    # the buyer complains (over the API, as the order page does)
    created, line = story["order"], story["line"]
    r = call(api, "POST", f"/orders/{created['order_id']}/complaints", order_token=created["order_token"],
             json={"line_id": line["line_id"], "reason": "damaged", "text": COMPLAINT, "wants": "refund",
                   "photos": [story["complaint_photo"]]})
    assert r.status_code == 201, r.text
    story["complaint"] = r.json()
    page.reload()
    item = page.get_by_test_id("complaints-open").locator(f'[data-testid=complaint][data-id="{story["complaint"]["id"]}"]')
    expect(item).to_be_visible(timeout=LOAD)
    inert(page, item, "complaint-text", COMPLAINT)
    expect(item.get_by_test_id("complaint-reason")).to_have_text("रास्ते में टूटा-फूटा")
    expect(item.get_by_test_id("answer-due")).to_be_visible()
    photo_opens_large(page, item, "complaint-photos")
    assert complaints_on_card(page) == before + 1
    expect(page.get_by_test_id("flags").locator('[data-code="complaints"]')).to_contain_text("से ज़्यादा ऑर्डर पर शिकायत आई")
    shot(page, "quality-maker")
    axe = pages["official_axe"]
    portal(axe, stack, "#/scorecards")
    axe.locator(f'[data-testid=maker-scorecard][data-vendor="{story["maker"]}"]').get_by_test_id("act-for").click()
    no_serious_violations(axe, stack, "#/quality", "complaint")

    # answered once
    item.get_by_test_id("answer").click()
    form = item.get_by_test_id("complaint-answer-form")
    refused_then_sent(form, "answer-text", "send-answer", "माफ़ कीजिए, पैकिंग में कमी थी। आगे से दोहरी पैकिंग करेंगे।")
    expect(page.get_by_test_id("answered")).to_be_visible(timeout=LOAD)
    answered = page.locator(f'[data-testid=complaint][data-id="{story["complaint"]["id"]}"]')
    expect(answered).to_have_attribute("data-status", "answered")
    expect(answered.get_by_test_id("answer")).to_have_count(0)
    clean(page)


def test_the_office_decides_the_complaint_with_a_partial_refund(pages, stack, api, story):
    page, cid = pages["office"], story["complaint"]["id"]
    portal(page, stack, "#/desk/complaints?status=answered")
    item = page.locator(f'[data-testid=desk-complaint][data-id="{cid}"]')
    expect(item).to_be_visible(timeout=LOAD)
    inert(page, item, "complaint-text", COMPLAINT)
    expect(item.get_by_test_id("complaint-answer")).to_contain_text("दोहरी पैकिंग")
    expect(item.get_by_test_id("paid-by")).to_have_attribute("data-method", "card")
    photo_opens_large(page, item, "complaint-photos")
    shot(page, "quality-desk-complaint")
    no_serious_violations(pages["office_axe"], stack, "#/desk/complaints?status=answered", "desk-complaint")
    listed = api_call(stack, "GET", "/admin/complaints?status=answered", story["office"]).json()["items"]
    most = next(c for c in listed if c["id"] == cid)["refundable_paise"]
    part = (most // 200) * 100          # about half, in whole rupees
    form = item.get_by_test_id("complaint-decision-form")
    form.get_by_test_id("refund-amount").fill(str(most / 100 + 1))       # more than may be refunded
    form.get_by_test_id("decision-note").fill("आधे पैसे लौटाए: डिब्बा टूटा पर सामान ठीक है।")
    form.get_by_test_id("decide-complaint").click()
    expect(form.get_by_test_id("refund-amount")).to_have_attribute("aria-invalid", "true")
    form.get_by_test_id("refund-full").click()
    expect(form.get_by_test_id("refund-amount")).to_have_value(re.compile(str(most // 100)))
    form.get_by_test_id("refund-amount").fill(str(part // 100))
    form.get_by_test_id("decide-complaint").click()
    expect(page.get_by_test_id("complaint-done")).to_be_visible(timeout=LOAD)
    expect(item.page.locator(f'[data-testid=desk-complaint][data-id="{cid}"]').get_by_test_id("decision-refund")).to_contain_text(
        f"₹{part // 100}")

    def closed():
        got = call(api, "GET", "/vendor/complaints" + f"?vendor_id={story['maker']}", story["facilitator"]).json()["items"]
        c = next(x for x in got if x["id"] == cid)
        return c if c["status"] == "closed" else None
    done = wait_for(closed, timeout=30, what="the complaint closed")
    assert done["decision"]["refund_paise"] == part and done["refund"]["status"] == "issued"

    portal(page, stack, "#/desk/flagged")
    expect(page.locator(f'[data-testid=flagged-maker][data-vendor="{story["maker"]}"]')).to_be_visible(timeout=LOAD)
    shot(page, "quality-desk-flagged")
    no_serious_violations(pages["office_axe"], stack, "#/desk/flagged", "flagged-maker")
    clean(page)


def test_the_officials_scorecards_show_the_flagged_maker_first(pages, stack, story):
    page = pages["official"]
    portal(page, stack, "#/scorecards")
    cards = page.get_by_test_id("maker-scorecard")
    expect(cards.first).to_be_visible(timeout=LOAD)
    flags = cards.evaluate_all("els => els.map(e => e.querySelector('[data-testid=scorecard]').dataset.flagged)")
    assert flags[0] == "true" and flags == sorted(flags, reverse=True), flags
    ours = page.locator(f'[data-testid=maker-scorecard][data-vendor="{story["maker"]}"]')
    expect(ours.get_by_test_id("flagged")).to_be_visible()
    said = ours.locator(f'[data-testid=said-complaint][data-id="{story["complaint"]["id"]}"]')
    inert(page, said, "said-text", COMPLAINT)
    photo_opens_large(page, said, "said-photos")
    shot(page, "quality-scorecards")
    no_serious_violations(pages["official_axe"], stack, "#/scorecards", "maker-scorecard")
    clean(page)


def test_the_maker_cannot_send_a_parcel(pages, stack, api, stripe_client, story):
    page = pages["official"]
    created = buy(api, stripe_client, story["maker"])
    parcel = wait_for(lambda: (lambda o: o["parcels"][0] if o["parcels"] and o["parcels"][0]["tracking_number"] else None)(
        status_of(api, created)), timeout=60, what="the parcel booked")
    portal(page, stack, "#/quality")
    expect(page.get_by_test_id("sc-cancelled")).to_be_visible(timeout=LOAD)
    cancelled = int(re.match(r"\d+", page.get_by_test_id("sc-cancelled").inner_text()).group(0))
    portal(page, stack, "#/orders")
    item = page.locator(f'[data-testid=parcel][data-id="{parcel["id"]}"]')
    item.get_by_test_id("cannot-send").locator("summary").click()
    expect(item.get_by_test_id("cancel-warning")).to_contain_text("रिपोर्ट कार्ड")
    no_serious_violations(pages["official_axe"], stack, "#/orders", "cannot-send", opened="cannot-send")
    refused_then_sent(item, "cancel-reason", "cancel-parcel", "सामान ख़त्म हो गया")
    done = page.locator(f'[data-testid=parcel][data-id="{parcel["id"]}"]')
    expect(done).to_have_attribute("data-status", "cancelled", timeout=LOAD)
    expect(done.get_by_test_id("cannot-send")).to_have_count(0)
    shot(page, "quality-cancelled")
    got = status_of(api, created)
    assert [p["status"] for p in got["parcels"]] == ["cancelled"], got
    portal(page, stack, "#/quality")
    expect(page.get_by_test_id("sc-cancelled")).to_contain_text(re.compile(rf"^{cancelled + 1} "), timeout=LOAD)
    clean(page)


def test_a_cash_on_delivery_refund_is_decided_in_full_and_marked_paid(pages, stack, api, stripe_client, story):
    """COD: the buyer names a UPI ID; the desk shows it masked, refunds in full ("full"), the
    courier collects the item, and the office records the UTR of the refund it paid."""
    page = pages["office"]
    created = buy(api, stripe_client, story["maker"], method="cod")
    deliver(api, created, story["facilitator"], story["maker"])
    line = first_line(api, created)
    r = call(api, "POST", f"/orders/{created['order_id']}/complaints", order_token=created["order_token"],
             json={"line_id": line["line_id"], "reason": "not_as_described", "text": "रंग फ़ोटो जैसा नहीं है",
                   "wants": "return", "photos": [], "refund_to": {"upi_id": "sitadevi@okaxis"}})
    assert r.status_code == 201, r.text
    cid = r.json()["id"]
    r = call(api, "POST", f"/vendor/complaints/{cid}/answer?vendor_id={story['maker']}", story["facilitator"],
             json={"text": "सामान वापस भेज दें, पूरे पैसे लौटा देंगे।"})
    assert r.status_code == 200, r.text
    portal(page, stack, "#/desk/complaints?status=answered")
    item = page.locator(f'[data-testid=desk-complaint][data-id="{cid}"]')
    expect(item.get_by_test_id("paid-by")).to_have_attribute("data-method", "cod")
    expect(item.get_by_test_id("refund-to")).to_contain_text("***@okaxis")
    expect(item.get_by_test_id("refund-to")).not_to_contain_text("sitadevi")
    form = item.get_by_test_id("complaint-decision-form")
    expect(form.locator('[data-field="collect"]')).to_be_checked()      # the buyer wants to send it back
    form.get_by_test_id("refund-full").click()
    form.get_by_test_id("decision-note").fill("पूरे पैसे लौटाए जाएँगे; कूरियर सामान ले जाएगा।")
    form.get_by_test_id("decide-complaint").click()
    item = page.locator(f'[data-testid=desk-complaint][data-id="{cid}"]')
    expect(item).to_have_attribute("data-status", "refund_pending", timeout=LOAD)
    paid = item.get_by_test_id("refund-paid-form")
    refused_then_sent(paid, "refund-reference", "mark-paid", "UTR412345678901", bad="UTR 1234")   # no spaces
    item = page.locator(f'[data-testid=desk-complaint][data-id="{cid}"]')
    expect(item).to_have_attribute("data-status", "closed", timeout=LOAD)
    expect(item.get_by_test_id("decision-refund")).to_contain_text("UTR412345678901")
    shot(page, "quality-desk-cod-paid")
    got = call(api, "GET", f"/vendor/complaints?vendor_id={story['maker']}", story["facilitator"]).json()["items"]
    c = next(x for x in got if x["id"] == cid)
    assert (c["status"], c["refund"]["status"], c["refund"]["reference"]) == ("closed", "paid", "UTR412345678901")
    assert c["decision"]["collect"] and c["decision"]["refund_paise"] == line["line_total_paise"], c
    clean(page)


def test_quality_pages_in_english_on_the_tool_page(pages, stack, story):
    """The same pages in English: every string has its English (no key shows)."""
    page = pages["official_axe"]
    page.get_by_test_id("lang-switch").click()
    for route, ready in (("#/scorecards", "maker-scorecard"), ("#/quality", "complaint")):
        portal(page, stack, route)
        expect(page.get_by_test_id(ready).first).to_be_visible(timeout=LOAD)
        expect(page.locator("main")).not_to_contain_text("Loading")
        expect(page.locator("main")).to_contain_text("Damaged in transit")
        text = page.locator("main").inner_text()
        assert not re.search(r"\b(q[A-Z]\w+|qr_\w+|qcs_\w+|dk[A-Z]\w+)\b", text), (route, text[:400])
    shot(page, "quality-english")
