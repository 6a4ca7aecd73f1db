"""A maker's export profile (IEC, the bank's AD code, the year's LUT), the office's review of
it, and what may be offered abroad.

A maker exports in their own name: customs wants their IEC, their bank's AD code (where the
foreign money is realised) and, to ship without paying IGST, a Letter of Undertaking filed for
the financial year (GST RFD-11, its ARN on every export invoice). Every save waits for the
office again; once approved, the LUT's last day is copied onto the maker's products
(`vendor.export_until`), so the shop and the quote decide "may this go abroad" from the
product alone. Perishables also need a clearance on the listing, and customs needs the
8-digit HSN.
"""
from __future__ import annotations

from chalicelib.auth.principal import Principal
from chalicelib.catalog import indexing
from chalicelib.db.models import VendorItem
from chalicelib.errors import Conflict, NotFound
from chalicelib.exports.readiness import plain, readiness_problems
from chalicelib.exports.schemas import ExportProfileIn
from chalicelib.observability import logger
from chalicelib.stats.counters import day_of
from chalicelib.vendors import repository as repo


MAIL = {
    "approved": {
        "en": ("Your goods can now be sold abroad",
               "The district office checked your export papers (IEC {iec}, LUT {arn}). Buyers "
               "abroad can now order your goods until {until}, the last day of the LUT; "
               "perishables also need an export clearance on their listing. For each parcel "
               "abroad, print its export papers from the orders page and book it at the post "
               "office's Dak Ghar Niryat Kendra."),
        "hi": ("अब आपका सामान विदेश में बिक सकता है",
               "ज़िला कार्यालय ने आपके निर्यात के कागज़ (IEC {iec}, LUT {arn}) जाँच लिए हैं। अब "
               "{until} तक (LUT की आख़िरी तारीख़) विदेश के ख़रीदार आपका सामान मँगा सकते हैं; जल्दी "
               "ख़राब होने वाली चीज़ों के लिए उत्पाद पर निर्यात अनुमति भी चाहिए। विदेश जाने वाले हर "
               "पार्सल के निर्यात कागज़ ऑर्डर पेज से छापें और डाक घर निर्यात केंद्र पर बुक करें।")},
    "rejected": {
        "en": ("Your export papers were not accepted",
               "The district office did not accept your export papers (IEC {iec}, LUT {arn}). "
               "Reason: {reason}. Correct them in the portal's \"Selling abroad\" page and send "
               "them again."),
        "hi": ("आपके निर्यात के कागज़ स्वीकार नहीं हुए",
               "ज़िला कार्यालय ने आपके निर्यात के कागज़ (IEC {iec}, LUT {arn}) स्वीकार नहीं किए। "
               "कारण: {reason}। पोर्टल के \"विदेश में बेचना\" पेज पर सुधारकर फिर भेजें।")},
}


def _announce(v: VendorItem, kind: str, reason: str = "") -> bool:
    """Mail the maker the office's decision (Hindi first, then English)."""
    from chalicelib.orders import notify
    e = plain(v.export) or {}
    fill = {"iec": e.get("iec"), "arn": (e.get("lut") or {}).get("arn"),
            "until": (e.get("lut") or {}).get("valid_to"), "reason": reason}
    texts = MAIL[kind]
    subject = f"{texts['hi'][0]} / {texts['en'][0]}"
    body = "\n\n".join(texts[lang][1].format(**fill) for lang in ("hi", "en"))
    return notify.send(v.email, subject, body + "\n\n" + notify.SIGNATURE,
                       f"vendor:export_{kind}", vendor_id=v.id)


def view(v: VendorItem, today: str | None = None) -> dict:
    """The maker's export profile as the maker and the office see it."""
    e = plain(v.export) or {}
    today = today or day_of()
    problems = readiness_problems(v, today)
    return {"status": e.get("status") or "none", "iec": e.get("iec"), "ad_code": e.get("ad_code"),
            "lut": e.get("lut"), "review_reason": e.get("review_reason"),
            "submitted_at": e.get("submitted_at"), "decided_at": e.get("decided_at"),
            "ready": not problems, "ready_until": (e.get("lut") or {}).get("valid_to")
            if not problems else None, "problems": problems}


def save(principal: Principal, v: VendorItem, data: ExportProfileIn) -> dict:
    if v.gst_status != "registered":
        raise Conflict("exporting under an LUT needs a regular GST registration: give the "
                       "GSTIN in the profile first", code="export_needs_gst_registration")
    now = repo.now()
    before = plain(v.export) or {}
    v.export = {"iec": data.iec, "ad_code": data.ad_code,
                "lut": data.lut.model_dump(mode="json"), "status": "pending",
                "review_reason": None, "submitted_at": now, "submitted_by": principal.sub,
                "decided_at": None}
    v.updated_at = now
    entry = repo.audit_entry("vendor", v.id, "export_profile_submit", principal.sub,
                             principal.username, f"IEC {data.iec}; LUT {data.lut.arn}")
    repo.save_with_audit(v, entry)
    if before.get("status") == "approved":   # off sale abroad until the office looks again
        indexing.refresh_vendor_products(v)
    logger.info("export profile submitted", extra={"vendor_id": v.id})
    return view(v)


def decide(principal: Principal, vendor_id: str, approve: bool, reason: str | None) -> dict:
    v = repo.get(vendor_id)
    if v is None:
        raise NotFound("no such vendor", code="vendor_not_found")
    e = plain(v.export)
    if not e:
        raise Conflict("the maker has not given an export profile", code="no_export_profile")
    target = "approved" if approve else "rejected"
    if e.get("status") != "pending":
        raise Conflict(f"the export profile is {e.get('status')}, not waiting for a decision",
                       code="already_decided")
    v.export = {**e, "status": target, "review_reason": None if approve else reason,
                "decided_at": repo.now(), "decided_by": principal.sub}
    v.updated_at = repo.now()
    entry = repo.audit_entry("vendor", v.id, f"export_profile_{'approve' if approve else 'reject'}",
                             principal.sub, principal.username, reason)
    repo.save_with_audit(v, entry)
    indexing.refresh_vendor_products(v)
    logger.info("export profile decided", extra={"vendor_id": v.id, "status": target})
    _announce(v, target, reason or "")
    return view(v)


def exporters():
    """(maker, export profile) of every maker who has given one (approved, pending or
    suspended makers: a few hundred, read by the office's lists and the daily report)."""
    for status in ("approved", "pending", "suspended"):
        for v in repo.iter_by_status(status):
            e = plain(v.export)
            if e:
                yield v, e


def listing(status: str) -> dict:
    """The office's queue (and lists) of export profiles."""
    found = sorted(((v, e) for v, e in exporters() if e.get("status") == status),
                   key=lambda ve: ve[1].get("submitted_at") or "")
    items = [v for v, _ in found]
    return {"items": [{"vendor_id": v.id, "name": {"en": v.name.en, "hi": v.name.hi},
                       "block": v.block, "gst_status": v.gst_status, "gstin": v.gstin,
                       "export": view(v)} for v in items]}
