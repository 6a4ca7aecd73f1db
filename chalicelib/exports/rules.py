"""Where the marketplace sends parcels abroad, by which India Post service, at what price.

The figures live in `chalicelib/data/abroad.json` with their source and the date they took
effect (docs/configuration.md, "Selling abroad"): the countries served, their address rules
(postal code pattern, whether a state is asked), their currency and calling code, and the
EMS / International Tracked Packet rates by weight slab with delivery days. Pure: no AWS.
Money is integer paise.
"""
from __future__ import annotations

import json
import re
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "abroad.json"
SERVICES = ("ems", "itps")


@lru_cache(maxsize=1)
def table() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


@lru_cache(maxsize=64)
def _pattern(text: str) -> re.Pattern:
    return re.compile(text, re.ASCII)


def country(code: str | None) -> dict | None:
    """The served country's rules, or None for a country the marketplace does not ship to."""
    return table()["countries"].get((code or "").upper())


def served() -> list[str]:
    return sorted(table()["countries"])


def currency_of(code: str) -> dict:
    """{code, exponent, symbol} of a served country's currency."""
    cur = country(code)["currency"]
    exponent, symbol = table()["currencies"][cur]
    return {"currency": cur, "exponent": exponent, "symbol": symbol}


def to_minor(paise: int, per_inr: str, exponent: int) -> int:
    """Paise in a currency's minor units at a rate per rupee (a decimal string), rounded half
    up — the one rounding rule of every approximate price and of the export papers."""
    value = Decimal(paise) / 100 * Decimal(per_inr) * (Decimal(10) ** exponent)
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def normal_postal_code(code: str, value: str | None) -> str | None:
    """The postal code as the post writes it (upper case, single spaces), or raise ValueError
    naming what the country expects. None when the country has none and none was given."""
    rules = country(code)["postal_code"]
    value = re.sub(r"\s+", " ", (value or "").strip().upper())
    if not value:
        if rules["required"]:
            raise ValueError(f"{rules['label']['en']} is required for an address in "
                             f"{country(code)['name']['en']}, like {rules['example']}")
        return None
    if rules["pattern"] and not _pattern(rules["pattern"]).fullmatch(value):
        example = f" like {rules['example']}" if rules["example"] else ""
        raise ValueError(f"'{value}' is not a {rules['label']['en']} of "
                         f"{country(code)['name']['en']}: write it{example}")
    if len(value) > 12:
        raise ValueError("a postal code has at most 12 characters")
    return value


def check_phone(code: str, phone: str) -> None:
    """A phone for an address abroad carries the country's calling code (+1 ..., +971 ...)."""
    calling = country(code)["calling_code"]
    if not phone.startswith("+" + calling):
        raise ValueError(f"write the phone number with the country code of "
                         f"{country(code)['name']['en']}: +{calling} then the number")
    if phone.startswith("+91"):
        raise ValueError("an address abroad needs the buyer's phone abroad, not an Indian one")


def state_required(code: str) -> bool:
    return bool(country(code)["state"]["required"])


# --- shipping -----------------------------------------------------------------------------

def _problem(code: str, en: str, hi: str) -> dict:
    return {"code": code, "en": en, "hi": hi}


def _kg(grams: int) -> str:
    return f"{grams / 1000:.1f}".rstrip("0").rstrip(".")


def price_paise(code: str, service: str, weight_grams: int) -> int:
    """One parcel's postage: the first slab, then each further slab or part of one."""
    svc = table()["services"][service]
    rate = country(code)["rates"][service]
    extra = max(0, weight_grams - svc["first_grams"])
    return rate["first_paise"] + -(-extra // svc["step_grams"]) * rate["step_paise"]


def _parcel_problem(code: str, service: str, parcel: dict) -> dict | None:
    svc = table()["services"][service]
    name = svc["name"]
    grams = parcel["weight_grams"]
    if grams > svc["max_grams"]:
        return _problem("too_heavy_for_service",
                        f"A parcel weighs {_kg(grams)} kg; {name['en']} carries up to "
                        f"{_kg(svc['max_grams'])} kg.",
                        f"एक पार्सल का वज़न {_kg(grams)} किलो है; {name['hi']} में "
                        f"{_kg(svc['max_grams'])} किलो तक ही भेजा जा सकता है।")
    big = _size_problem(service, parcel.get("items_cm") or [])
    if big:
        return big
    keeps = parcel.get("shelf_life_days")
    slowest = country(code)["rates"][service]["days"][1]
    if keeps is not None and slowest + 1 > keeps:
        return _problem("too_slow_for_perishable",
                        f"{name['en']} can take up to {slowest} days; a perishable item in the "
                        f"parcel keeps {keeps} days.",
                        f"{name['hi']} में {slowest} दिन तक लग सकते हैं; पार्सल की एक जल्दी "
                        f"ख़राब होने वाली चीज़ {keeps} दिन ही ठीक रहती है।")
    return None


def _size_problem(service: str, items_cm: list[list[int]]) -> dict | None:
    """The parcel holds at least each of its items as packed (longest side first): an item
    that alone is over the service's limits cannot go by it. (A parcel of several items may be
    bigger still: the maker packs it, and the post office measures.)"""
    svc = table()["services"][service]
    name = svc["name"]
    for length, width, height in items_cm:
        too_long = length > svc["max_longest_cm"]
        if "max_sum_cm" in svc:
            over, measure = length + width + height > svc["max_sum_cm"], "length + width + height"
            limit = svc["max_sum_cm"]
        else:
            over, measure = length + 2 * (width + height) > svc["max_length_girth_cm"], \
                "length + girth"
            limit = svc["max_length_girth_cm"]
        if too_long or over:
            size = f"{length} × {width} × {height} cm"
            return _problem("too_big_for_service",
                            f"An item measures {size} packed; {name['en']} takes a longest "
                            f"side up to {svc['max_longest_cm']} cm and {measure} up to "
                            f"{limit} cm.",
                            f"एक सामान पैक होकर {size} का है; {name['hi']} में सबसे लंबी भुजा "
                            f"{svc['max_longest_cm']} सेमी और कुल माप {limit} सेमी तक ही चलता है।")
    return None


def plan(code: str, parcels: list[dict], wanted: str | None) -> dict:
    """The services offered for these parcels (each {weight_grams, shelf_life_days|None,
    items_cm: [[l, w, h], ...] of the items whose packed size is known}):
    which fit all of them and what they cost, the one used for the totals (the one asked
    for when it fits, else the cheapest that does) and each parcel's postage under it."""
    offers = []
    for service in SERVICES:
        svc = table()["services"][service]
        problems = [p for p in (_parcel_problem(code, service, parcel) for parcel in parcels) if p]
        prices = [price_paise(code, service, p["weight_grams"]) for p in parcels]
        offers.append({"id": service, "name": dict(svc["name"]), "limits": dict(svc["limits"]),
                       "max_grams": svc["max_grams"], "available": not problems,
                       "shipping_paise": None if problems else sum(prices),
                       "per_parcel": None if problems else prices,
                       "days": list(country(code)["rates"][service]["days"]),
                       "problems": _unique(problems)})
    fits = [o for o in offers if o["available"]]
    chosen = next((o for o in fits if o["id"] == wanted), None) or \
        min(fits, key=lambda o: o["shipping_paise"], default=None)
    problems = []
    if parcels and chosen is None:
        problems.append(_problem("no_service_fits",
                                 "No India Post service can carry these parcels as they are; "
                                 "see each service's reason.",
                                 "इंडिया पोस्ट की कोई सेवा ये पार्सल इस रूप में नहीं ले जा सकती; "
                                 "हर सेवा के आगे कारण देखें।"))
    return {"services": [{k: v for k, v in o.items() if k != "per_parcel"} for o in offers],
            "service": chosen["id"] if chosen else None,
            "shipping": chosen["per_parcel"] if chosen else [0] * len(parcels),
            "problems": problems}


def _unique(problems: list[dict]) -> list[dict]:
    seen, out = set(), []
    for p in problems:
        if (p["code"], p["en"]) not in seen:
            seen.add((p["code"], p["en"]))
            out.append(p)
    return out


def not_served_problem(code: str) -> dict:
    return _problem("country_not_served",
                    f"DeogharMart does not ship to {code} yet; the countries served are "
                    f"{', '.join(served())}.",
                    f"DeogharMart अभी {code} में सामान नहीं भेजता; जिन देशों में भेजा जाता है: "
                    f"{', '.join(served())}।")


def public() -> dict:
    """What a shop needs to serve a buyer abroad (GET /abroad, without the rates)."""
    t = table()
    countries = [{"code": code, "name": c["name"], "currency": c["currency"],
                  "calling_code": c["calling_code"], "postal_code": c["postal_code"],
                  "state": c["state"], "services": list(SERVICES)}
                 for code, c in t["countries"].items()]
    countries.sort(key=lambda c: c["name"]["en"])
    return {"countries": countries,
            "services": {k: {"name": v["name"], "max_grams": v["max_grams"], "limits": v["limits"]}
                         for k, v in t["services"].items()},
            "effective_from": t["effective_from"], "source": t["source"]}
