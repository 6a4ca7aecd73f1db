"""The rules of reviews and complaints, in one place.

- A review: by the buyer of a delivered line (the order token proves the purchase), one per
  line, editable for 30 days after it was written; published only by the office.
- A complaint: on a delivered line, within its category's return window (the payout hold of
  chalicelib/payouts/taxrules.py, so a complaint always comes before the maker's money is
  due); perishables (peda) only for damage, within 48 hours, with a photo. The small
  differences of handmade work are not defects (the policy says so).
- The maker answers a complaint within 48 hours; the office decides after the answer or
  once those hours have passed.
"""
from __future__ import annotations

import json
from datetime import datetime, timedelta

from chalicelib.db.times import stamp
from chalicelib.errors import NotFound
from chalicelib.payouts import taxrules

REVIEW_EDIT_DAYS = 30
ANSWER_HOURS = 48
PERISHABLE_WINDOW_HOURS = 48
MAX_PHOTOS = 3
REASONS = ("damaged", "not_as_described", "wrong_or_missing", "quality")
PERISHABLE_REASONS = ("damaged",)
REASON_TEXT = {
    "damaged": {"en": "Damaged in transit", "hi": "रास्ते में टूटा-फूटा"},
    "not_as_described": {"en": "Not as described", "hi": "विवरण जैसा नहीं"},
    "wrong_or_missing": {"en": "Wrong or missing item", "hi": "गलत या कम सामान"},
    "quality": {"en": "Quality problem", "hi": "गुणवत्ता में कमी"},
}

POLICY = {
    "en": ("Handmade goods differ a little, piece to piece: small differences of colour, shape "
           "and finish are the mark of handwork, not defects. If an item arrives damaged, is "
           "not as described, or is wrong or missing, tell us within {days} days of delivery "
           "from your order page, with photos. Peda and other sweets: damage only, within 48 "
           "hours, with a photo. We refund to your card or UPI; for cash on delivery, to your "
           "UPI ID or bank account."),
    "hi": ("हाथ से बनी हर चीज़ थोड़ी अलग होती है: रंग, आकार और फ़िनिश का छोटा अंतर हस्तकला की "
           "पहचान है, खराबी नहीं। अगर सामान टूटा-फूटा पहुँचे, विवरण जैसा न हो, या गलत या कम हो, "
           "तो डिलीवरी के {days} दिन के भीतर अपने ऑर्डर पेज से फ़ोटो के साथ बताएँ। पेड़ा और अन्य "
           "मिठाइयाँ: केवल टूट-फूट, 48 घंटे के भीतर, फ़ोटो के साथ। हम आपके कार्ड या UPI पर पैसे "
           "लौटाते हैं; डिलीवरी पर नकद भुगतान में आपके UPI ID या बैंक खाते में।"),
}


# Abroad there is no cash on delivery or UPI, and India Post does not collect items back.
ABROAD_REFUNDS = {
    ("We refund to your card or UPI; for cash on delivery, to your UPI ID or bank account."):
    "We refund to your card; items are not collected back from abroad: your photos decide.",
    ("हम आपके कार्ड या UPI पर पैसे लौटाते हैं; डिलीवरी पर नकद भुगतान में आपके UPI ID या बैंक "
     "खाते में।"):
    "हम आपके कार्ड पर पैसे लौटाते हैं; विदेश से सामान वापस नहीं मँगाया जाता: आपकी फ़ोटो से फ़ैसला होता है।",
}


def policy(abroad: bool = False) -> dict:
    """The returns policy in both languages (the usual window, in days)."""
    days = taxrules.RETURN_WINDOW_HOURS_DEFAULT // 24
    out = {lang: text.format(days=days) for lang, text in POLICY.items()}
    if abroad:
        for lang, text in out.items():
            for home, there in ABROAD_REFUNDS.items():
                text = text.replace(home, there)
            out[lang] = text
    return out


def complaint_rule(line: dict) -> dict:
    perishable = bool(line.get("perishable"))
    window = taxrules.return_window_hours(line.get("category"))
    if perishable:
        window = min(window, PERISHABLE_WINDOW_HOURS)
    return {"reasons": list(PERISHABLE_REASONS if perishable else REASONS),
            "photo_required": perishable, "window_hours": window}


def after(iso: str, hours: float) -> str:
    return stamp(datetime.fromisoformat(iso.replace("Z", "+00:00")) + timedelta(hours=hours))


def line_id(parcel_id: str, index: int) -> str:
    return f"{parcel_id}-l{index}"


def split_line_id(order_id: str, value: str) -> tuple[str, int]:
    """(parcel id, line index) of a line id of this order, or 404 `line_not_found`."""
    parcel_id, _, index = (value or "").rpartition("-l")
    if not parcel_id.startswith(f"{order_id}-p") or not index.isdigit() or len(value) > 80:
        raise NotFound("no such line in this order", code="line_not_found")
    return parcel_id, int(index)


def delivered_at(parcel) -> str | None:
    """When the courier (or a person, by hand) reported the parcel delivered."""
    if parcel.status != "delivered":
        return None
    for event in parcel.events or []:
        e = event.as_dict() if hasattr(event, "as_dict") else dict(event)
        if e.get("status") == "delivered" and e.get("applied"):
            return e.get("at") or parcel.updated_at
    return parcel.updated_at


def lines_of(parcel) -> list[dict]:
    return json.loads(parcel.lines)
