"""Checkout pricing: destination zones, parcel shipping, GST split and the cart quote.

Pure (no AWS, no I/O apart from the bundled PIN code and India Post data). Money is integer
paise. Indian retail prices include GST; exports are zero-rated (LUT), so the shopper pays
the taxable value only, and postage by the India Post service chosen (chalicelib/exports).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import indian_pincode


class PricingError(Exception):
    """A caller error (bad input), not a shopper-facing problem. `.code` is stable."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


ZONES = ("deoghar", "jharkhand", "india", "abroad")
TRANSIT_DAYS = {"deoghar": 1, "jharkhand": 3, "india": 6}   # worst case, for perishables
SLAB_GRAMS = 500
# zone -> (first slab, each further slab or part of one), paise per parcel; abroad: by
# country and India Post service (chalicelib/data/abroad.json)
SHIPPING_SLABS_PAISE = {
    "deoghar": (4_000, 1_000),
    "jharkhand": (6_000, 2_500),
    "india": (9_000, 4_000),
}
HOME_STATE = "JHARKHAND"
HOME_DISTRICT = "DEOGHAR"
MAX_QUANTITY = 100

_PIN = re.compile(r"[1-9][0-9]{5}", re.ASCII)
_COUNTRY = re.compile(r"[A-Za-z]{2}", re.ASCII)


def _is_int(v) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


@dataclass(frozen=True)
class Destination:
    zone: str                 # one of ZONES
    country: str              # ISO 3166-1 alpha-2, upper case
    pincode: str | None       # 6 digits for India, None abroad
    state: str | None         # e.g. "JHARKHAND"
    district: str | None      # e.g. "DEOGHAR"; several districts joined with "/"
    intra_state: bool         # India and state is Jharkhand: CGST+SGST; else IGST (or export)

    def as_dict(self) -> dict:
        return {"zone": self.zone, "country": self.country, "pincode": self.pincode,
                "state": self.state, "district": self.district}


@lru_cache(maxsize=8192)
def _pin_lookup(pin: str) -> tuple[str | None, tuple[str, ...]] | None:
    """(primary state, districts) or None if unknown. The package loads its data on the
    first call (~15 ms); afterwards a call costs a few microseconds, cached here too."""
    details = indian_pincode.get_details(pin)
    if details is None:
        return None
    return details["state"], tuple(details["districts"])


def warm_pincodes() -> None:
    """Load the PIN data now (e.g. at cold start) instead of on the first checkout."""
    indian_pincode.preload()


def destination(pincode: str | None, country: str) -> Destination:
    if not isinstance(country, str) or not _COUNTRY.fullmatch(country.strip()):
        raise PricingError("invalid_country", "Country must be a 2-letter ISO code like IN, NP or US.")
    country = country.strip().upper()
    if country != "IN":
        return Destination("abroad", country, None, None, None, False)
    if pincode is None or (isinstance(pincode, str) and not pincode.strip()):
        raise PricingError("invalid_pincode", "A PIN code is required for delivery in India: 6 digits like 814112.")
    pin = pincode.strip() if isinstance(pincode, str) else ""
    if not _PIN.fullmatch(pin):
        raise PricingError("invalid_pincode",
                           f"A PIN code is 6 digits not starting with 0, like 814112 (got '{pincode}').")
    found = _pin_lookup(pin)
    if found is None:
        raise PricingError("unknown_pincode", f"PIN code {pin} does not exist; please check it.")
    state, districts = found
    district = "/".join(districts) or None
    if state == HOME_STATE and districts == (HOME_DISTRICT,):
        zone = "deoghar"
    elif state == HOME_STATE:
        zone = "jharkhand"   # includes PINs shared by Deoghar and a neighbour (worst case)
    else:
        zone = "india"
    return Destination(zone, "IN", pin, state, district, state == HOME_STATE)


def shipping_paise(zone: str, weight_grams: int) -> int:
    """Shipping for ONE parcel: the first slab, then each further slab or part of one."""
    if zone not in SHIPPING_SLABS_PAISE:
        raise PricingError("invalid_zone", f"Unknown zone '{zone}'; expected one of {', '.join(ZONES)}.")
    if not _is_int(weight_grams) or weight_grams <= 0:
        raise PricingError("invalid_weight", f"Weight must be a whole number of grams above 0 (got {weight_grams!r}).")
    first, extra = SHIPPING_SLABS_PAISE[zone]
    slabs = -(-weight_grams // SLAB_GRAMS)
    return first + (slabs - 1) * extra


def _problem(code: str, en: str, hi: str, **extra) -> dict:
    return {"code": code, "en": en, "hi": hi, **extra}


def perishable_problem(zone: str, perishable: bool, shelf_life_days: int | None,
                       name: dict | None = None) -> dict | None:
    """None when the item can go to `zone`, else a problem with English and Hindi text.
    Rule: transit (worst case) plus one day to eat it must fit in the shelf life."""
    if not perishable:
        return None
    if zone not in TRANSIT_DAYS:
        raise PricingError("invalid_zone", f"Unknown zone '{zone}'; expected one of {', '.join(ZONES)}.")
    en_name = (name or {}).get("en") or "This item"
    hi_name = (name or {}).get("hi") or "यह सामान"
    transit = TRANSIT_DAYS[zone]
    if shelf_life_days is None:
        return _problem("perishable_too_far",
                        f"{en_name} is perishable and its shelf life is not known, so it cannot be shipped.",
                        f"{hi_name} जल्दी ख़राब होने वाली चीज़ है और इसकी ताज़गी की अवधि पता नहीं है, इसलिए इसे भेजा नहीं जा सकता।")
    if transit + 1 <= shelf_life_days:
        return None
    return _problem("perishable_too_far",
                    f"{en_name} keeps {shelf_life_days} days; delivery to this PIN code can take up to "
                    f"{transit} days, which leaves less than a day to eat it.",
                    f"{hi_name} की ताज़गी केवल {shelf_life_days} दिन रहती है; इस पिन कोड तक डिलीवरी में "
                    f"{transit} दिन तक लग सकते हैं, इसलिए इसे यहाँ नहीं भेजा जा सकता।")


@dataclass(frozen=True)
class Tax:
    taxable_paise: int
    cgst_paise: int
    sgst_paise: int
    igst_paise: int

    @property
    def total_paise(self) -> int:
        return self.cgst_paise + self.sgst_paise + self.igst_paise


def gst_included(gross_paise: int, rate_bp: int, dest: Destination) -> Tax:
    """Split a GST-inclusive price. Exports: Tax(taxable, 0, 0, 0) and the caller charges `taxable`."""
    if not _is_int(gross_paise) or gross_paise < 0:
        raise PricingError("invalid_amount", f"Amount must be whole paise, 0 or more (got {gross_paise!r}).")
    if not _is_int(rate_bp) or not 0 <= rate_bp <= 10_000:
        raise PricingError("invalid_gst_rate", f"GST rate must be basis points 0..10000 (got {rate_bp!r}).")
    den = 10_000 + rate_bp
    taxable = (2 * gross_paise * 10_000 + den) // (2 * den)   # round half up, integers only
    tax = gross_paise - taxable
    if dest.zone == "abroad" or dest.country != "IN":
        return Tax(taxable, 0, 0, 0)
    if dest.intra_state:
        cgst = tax // 2
        return Tax(taxable, cgst, tax - cgst, 0)
    return Tax(taxable, 0, 0, tax)


@dataclass(frozen=True)
class LineIn:
    product_id: str
    variant_id: str
    vendor_id: str
    name: dict                # {"en", "hi"}
    unit_price_paise: int     # GST included
    quantity: int
    weight_grams: int         # per unit
    gst_rate_bp: int
    hsn_code: str
    perishable: bool
    shelf_life_days: int | None
    stock: int
    purchasable: bool = True  # False: product not on sale any more
    # The maker's GST status: unregistered and composition makers (and one who has not said)
    # may sell inside Jharkhand only (chalicelib/payouts/taxrules.py).
    seller_gst_status: str | None = "registered"
    # Where the sale is counted (chalicelib/stats): carried onto the order's lines.
    facts: dict = field(default_factory=dict)   # category, block, product and maker names
    # Why it may not go abroad (chalicelib/exports/readiness.py), None when it may.
    export_problem: dict | None = None
    # One unit packed, in cm (length, width, height), when the listing says: abroad, India
    # Post's services have size limits (chalicelib/exports/rules.py).
    packed_cm: tuple[int, int, int] | None = None


def _check_line(line: LineIn) -> None:
    if not _is_int(line.quantity) or not 1 <= line.quantity <= MAX_QUANTITY:
        raise PricingError("invalid_quantity",
                           f"Quantity must be 1 to {MAX_QUANTITY} (got {line.quantity!r} for {line.product_id}).")
    if not _is_int(line.unit_price_paise) or line.unit_price_paise < 0:
        raise PricingError("invalid_price", f"Price must be whole paise, 0 or more (got {line.unit_price_paise!r}).")
    if not _is_int(line.weight_grams) or line.weight_grams <= 0:
        raise PricingError("invalid_weight", f"Weight must be whole grams above 0 (got {line.weight_grams!r}).")
    if not _is_int(line.stock):
        raise PricingError("invalid_stock", f"Stock must be a whole number (got {line.stock!r}).")


def seller_problem(gst_status: str | None, dest: Destination, name: dict) -> dict | None:
    """None when the maker may sell to `dest`, else why not (English and Hindi)."""
    if gst_status == "registered" or (dest.country == "IN" and dest.intra_state):
        return None
    return _problem("seller_sells_in_jharkhand_only",
                    f"The maker of {name['en']} is not registered for GST sales outside "
                    "Jharkhand, so it can be sent to addresses in Jharkhand only.",
                    f"{name['hi']} के कारीगर जीएसटी में झारखंड से बाहर बिक्री के लिए पंजीकृत "
                    "नहीं हैं, इसलिए यह केवल झारखंड के पते पर भेजा जा सकता है।")


def _line_problems(line: LineIn, dest: Destination) -> list[dict]:
    zone = dest.zone
    en, hi = line.name.get("en") or line.product_id, line.name.get("hi") or line.name.get("en") or line.product_id
    if not line.purchasable:
        return [_problem("not_available", f"{en} is no longer on sale.", f"{hi} अब बिक्री के लिए उपलब्ध नहीं है।")]
    problems = []
    if zone == "abroad" and line.export_problem:
        return [line.export_problem]
    if line.stock <= 0:
        problems.append(_problem("out_of_stock", f"{en} is out of stock.", f"{hi} का स्टॉक ख़त्म हो गया है।"))
    elif line.stock < line.quantity:
        problems.append(_problem(
            "insufficient_stock", f"Only {line.stock} of {en} left; you asked for {line.quantity}.",
            f"{hi} के केवल {line.stock} नग बचे हैं; आपने {line.quantity} माँगे हैं।", available=line.stock))
    if zone != "abroad":   # abroad, a cleared perishable's shelf life is weighed against
        perish = perishable_problem(zone, line.perishable, line.shelf_life_days,  # each service
                                    {"en": en, "hi": hi})
        if perish:
            problems.append(perish)
    seller = seller_problem(line.seller_gst_status, dest, {"en": en, "hi": hi})
    if seller:
        problems.append(seller)
    return problems


def quote(lines: list[LineIn], dest: Destination, cod_limit_paise: int,
          cod_vendors: set[str] | None = None, service: str | None = None) -> dict:
    """Price the cart for `dest`. Abroad, `service` is the India Post service asked for
    (the cheapest that fits when None or when it cannot carry the parcels)."""
    seen = set()
    for line in lines:
        key = (line.product_id, line.variant_id)
        if key in seen:
            raise PricingError("duplicate_line", f"{line.product_id}/{line.variant_id} appears twice in the cart.")
        seen.add(key)
        _check_line(line)

    out_lines, parcels = [], {}
    totals = {"items_paise": 0, "shipping_paise": 0, "cgst_paise": 0, "sgst_paise": 0, "igst_paise": 0}
    for i, line in enumerate(lines):
        gross = line.unit_price_paise * line.quantity
        # only a regular registered maker charges GST (a tax invoice); composition and
        # unregistered makers issue a bill of supply: the whole price is the value
        charges_gst = line.seller_gst_status == "registered"
        tax = gst_included(gross, line.gst_rate_bp if charges_gst else 0, dest)
        line_total = tax.taxable_paise if dest.zone == "abroad" else gross
        problems = _line_problems(line, dest)
        out_lines.append({
            "product_id": line.product_id, "variant_id": line.variant_id, "vendor_id": line.vendor_id,
            "name": dict(line.name), "quantity": line.quantity, "unit_price_paise": line.unit_price_paise,
            "line_total_paise": line_total, "taxable_paise": tax.taxable_paise, "cgst_paise": tax.cgst_paise,
            "sgst_paise": tax.sgst_paise, "igst_paise": tax.igst_paise, "gst_rate_bp": line.gst_rate_bp,
            "hsn_code": line.hsn_code, "perishable": bool(line.perishable),
            "weight_grams": line.weight_grams, "problems": problems, **line.facts})
        if problems:
            continue
        totals["items_paise"] += line_total
        totals["cgst_paise"] += tax.cgst_paise
        totals["sgst_paise"] += tax.sgst_paise
        totals["igst_paise"] += tax.igst_paise
        parcel = parcels.setdefault(line.vendor_id, {"vendor_id": line.vendor_id, "weight_grams": 0,
                                                     "shipping_paise": 0, "line_indexes": []})
        parcel["weight_grams"] += line.weight_grams * line.quantity
        parcel["line_indexes"].append(i)
        if line.packed_cm:
            parcel.setdefault("items_cm", []).append(sorted(line.packed_cm, reverse=True))
        if line.perishable and line.shelf_life_days:
            keeps = parcel.get("shelf_life_days")
            parcel["shelf_life_days"] = min(keeps or line.shelf_life_days, line.shelf_life_days)

    order_problems = []
    abroad = None
    if dest.zone == "abroad":
        abroad = _abroad(dest.country, list(parcels.values()), service)
        order_problems += abroad["problems"]
    for n, parcel in enumerate(parcels.values()):
        parcel.pop("shelf_life_days", None)
        parcel.pop("items_cm", None)
        if abroad is not None:
            parcel["service"] = abroad["service"]
            parcel["shipping_paise"] = abroad["shipping"][n]
        else:
            parcel["shipping_paise"] = shipping_paise(dest.zone, parcel["weight_grams"])
        totals["shipping_paise"] += parcel["shipping_paise"]
    totals["total_paise"] = totals["items_paise"] + totals["shipping_paise"]

    if not lines:
        order_problems.append(_problem("empty_order", "Your cart is empty.", "आपके कार्ट में कोई सामान नहीं है।"))
    ok = bool(lines) and not any(l["problems"] for l in out_lines) and not order_problems
    vendors = {line.vendor_id for line in lines}
    cod_available = (ok and dest.country == "IN" and dest.zone != "abroad"
                     and totals["total_paise"] <= cod_limit_paise
                     and (cod_vendors is None or vendors <= set(cod_vendors)))
    return {"destination": dest.as_dict(), "lines": out_lines, "parcels": list(parcels.values()),
            "totals": totals, "ok": ok, "cod_available": cod_available, "problems": order_problems,
            "services": abroad["services"] if abroad else None,
            "service": abroad["service"] if abroad else None}


def _abroad(country: str, parcels: list[dict], service: str | None) -> dict:
    """India Post's offer for the parcels (chalicelib/exports/rules.py), or why none."""
    from chalicelib.exports import rules
    if rules.country(country) is None:
        return {"services": [], "service": None, "shipping": [0] * len(parcels),
                "problems": [rules.not_served_problem(country)]}
    return rules.plan(country, parcels, service)
