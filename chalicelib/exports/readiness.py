"""Whether a maker, and a product, may be offered abroad (pure: no I/O).

Kept apart from profile.py so the catalog's indexing can copy `export_until` onto products
without importing the export profile's workflow.
"""
from __future__ import annotations

from chalicelib.stats.counters import day_of


def _problem(code: str, en: str, hi: str) -> dict:
    return {"code": code, "en": en, "hi": hi}


def plain(value) -> dict | None:
    if value is None:
        return None
    return value.as_dict() if hasattr(value, "as_dict") else dict(value)


def readiness_problems(v, today: str) -> list[dict]:
    e = plain(v.export) or {}
    status, lut = e.get("status") or "none", e.get("lut") or {}
    out = []
    if v.gst_status != "registered":
        out.append(_problem("export_needs_gst_registration",
                            "Exporting under an LUT needs a regular GST registration.",
                            "LUT के साथ निर्यात के लिए नियमित जीएसटी पंजीकरण ज़रूरी है।"))
    if status == "none":
        out.append(_problem("no_export_profile", "Give your IEC, AD code and this year's LUT.",
                            "अपना IEC, AD कोड और इस साल का LUT दीजिए।"))
    elif status == "pending":
        out.append(_problem("export_profile_pending", "The district office is checking it.",
                            "ज़िला कार्यालय इसकी जाँच कर रहा है।"))
    elif status == "rejected":
        out.append(_problem("export_profile_rejected",
                            f"The district office did not accept it: {e.get('review_reason')}",
                            f"ज़िला कार्यालय ने इसे स्वीकार नहीं किया: {e.get('review_reason')}"))
    if lut and lut.get("valid_to", "") < today:
        out.append(_problem("lut_expired", f"The LUT ended on {lut['valid_to']}; file the new "
                            "year's LUT (RFD-11) and give its ARN.",
                            f"LUT {lut['valid_to']} को समाप्त हो गया; नए साल का LUT (RFD-11) "
                            "भरकर उसका ARN दीजिए।"))
    elif lut and lut.get("valid_from", "") > today:
        out.append(_problem("lut_not_started", f"The LUT starts on {lut['valid_from']}.",
                            f"LUT {lut['valid_from']} से लागू होगा।"))
    return out


def export_until(v) -> str | None:
    """What products carry: the LUT's last day while the office's approval stands."""
    e = plain(v.export) or {}
    if e.get("status") != "approved" or v.gst_status != "registered" or v.status != "approved":
        return None
    return (e.get("lut") or {}).get("valid_to")


def product_problem(p, today: str | None = None) -> dict | None:
    """None when the product may be offered abroad, else why not (stable code, en, hi)."""
    today = today or day_of()
    en, hi = p.name.en, p.name.hi
    until = getattr(p.vendor, "export_until", None)
    if not until or until < today:
        return _problem("maker_not_export_ready",
                        f"The maker of {en} is not set up to export yet, so it can be sent to "
                        "addresses in India only.",
                        f"{hi} के कारीगर अभी निर्यात के लिए पंजीकृत नहीं हैं, इसलिए यह केवल "
                        "भारत के पते पर भेजा जा सकता है।")
    clearance = plain(p.export_clearance)
    if p.perishable and (not clearance or str(clearance.get("valid_until") or "") < today):
        return _problem("no_export_clearance",
                        f"{en} is perishable and has no export clearance, so it cannot be "
                        "shipped outside India.",
                        f"{hi} जल्दी ख़राब होने वाली चीज़ है और इसकी निर्यात अनुमति नहीं है, "
                        "इसलिए इसे भारत से बाहर नहीं भेजा जा सकता।")
    if len(p.hsn_code or "") != 8:
        return _problem("hsn_not_for_export",
                        f"{en} needs its 8-digit HSN code before it can go through customs.",
                        f"सीमा शुल्क के लिए {hi} का 8 अंकों का HSN कोड चाहिए।")
    return None
