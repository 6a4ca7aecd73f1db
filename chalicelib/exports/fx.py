"""Currency rates for showing a buyer abroad an approximate price (the card is charged in INR).

A schedule (`fx_rates` in app.py) refreshes the rates: from `FX_SOURCE_URL` in the cloud (an
API answering `{"rates": {"USD": 0.0118, ...}}` for base INR, like open.er-api.com's
`/v6/latest/INR`), or from `chalicelib/data/fx_fixture.json` when the stage has no source (the
local stack and tests). Rates are kept as decimal strings and converted with Decimal, rounded
half up to the currency's minor unit — never floats. XDR (the IMF's SDR) rides along for the
CN22/CN23 limit.
"""
from __future__ import annotations

import json
import urllib.request
from datetime import datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation
from pathlib import Path

from chalicelib import config
from chalicelib.db import export_models
from chalicelib.db.export_models import FxItem
from chalicelib.db.times import stamp
from chalicelib.exports import rules
from chalicelib.observability import logger
from chalicelib.stats.counters import day_of

FIXTURE = Path(__file__).resolve().parent.parent / "data" / "fx_fixture.json"
KEY = ("FX#INR", "LATEST")
STALE_DAYS = 7      # older rates are not shown: an "approximate" price must still be close


class FxError(RuntimeError):
    pass


def _wanted() -> set[str]:
    return set(rules.table()["currencies"]) | {"XDR"}


def _fetch(url: str) -> dict:
    if not url.startswith("https://"):
        raise FxError("FX_SOURCE_URL must be an https:// address")
    with urllib.request.urlopen(url, timeout=10) as resp:   # noqa: S310 (https only, above)
        body = json.loads(resp.read(), parse_float=Decimal)
    rates = body.get("rates") or {}
    stamp_unix = body.get("time_last_update_unix")
    as_of = (datetime.fromtimestamp(int(stamp_unix), timezone.utc).date().isoformat()
             if stamp_unix else str(body.get("date") or "")[:10])
    return {"per_inr": rates, "as_of": as_of, "source": url.split("?")[0]}


def _load_fixture() -> dict:
    body = json.loads(FIXTURE.read_text(encoding="utf-8"), parse_float=Decimal)
    return {"per_inr": body["per_inr"], "as_of": body["as_of"], "source": body["source"]}


def _clean(per_inr: dict) -> dict[str, str]:
    out = {}
    for code in _wanted():
        try:
            value = Decimal(str(per_inr[code]))
        except (KeyError, InvalidOperation):
            continue
        if value > 0:
            out[code] = format(value.normalize(), "f")
    return out


def refresh() -> dict:
    """Fetch today's rates and keep them (LATEST and the day's copy). Returns a summary."""
    export_models.bind()
    url = config.settings().fx_source_url
    got = _fetch(url) if url else _load_fixture()
    rates = _clean(got["per_inr"])
    missing = sorted(_wanted() - set(rates))
    if len(rates) < len(_wanted()) // 2:
        raise FxError(f"the rates source gave too few of our currencies (missing {missing})")
    now = stamp()
    as_of = got["as_of"] or day_of(now)
    for sk in ("LATEST", f"DAY#{day_of(now)}"):
        FxItem("FX#INR", sk, as_of=as_of, source=got["source"], per_inr=rates,
               fetched_at=now).save()
    logger.info("fx rates refreshed", extra={"currencies": len(rates), "missing": missing})
    return {"currencies": len(rates), "as_of": as_of, "missing": missing}


def latest() -> dict | None:
    """{as_of, source, per_inr, fetched_at} or None when there are none (or too old)."""
    export_models.bind()
    try:
        item = FxItem.get(*KEY)
    except FxItem.DoesNotExist:
        return None
    fetched = datetime.fromisoformat(item.fetched_at.replace("Z", "+00:00"))
    if datetime.now(timezone.utc) - fetched > timedelta(days=STALE_DAYS):
        return None
    return {"as_of": item.as_of, "source": item.source, "fetched_at": item.fetched_at,
            "per_inr": dict(item.per_inr.as_dict() if hasattr(item.per_inr, "as_dict")
                            else item.per_inr)}


def public(rates: dict | None) -> dict | None:
    """The rates a shop shows approximations with (GET /abroad)."""
    if rates is None:
        return None
    currencies = {}
    for code, (exponent, symbol) in rules.table()["currencies"].items():
        if code in rates["per_inr"]:
            currencies[code] = {"per_inr": rates["per_inr"][code], "exponent": exponent,
                                "symbol": symbol}
    return {"as_of": rates["as_of"], "source": rates["source"], "base": "INR",
            "currencies": currencies}


def approx(country: str, amounts: dict[str, int], rates: dict | None) -> dict | None:
    """The amounts (paise) in the country's currency, marked with the rate and its date."""
    if rates is None:
        return None
    cur = rules.currency_of(country)
    per_inr = rates["per_inr"].get(cur["currency"])
    if per_inr is None:
        return None
    return {**cur, "per_inr": per_inr, "as_of": rates["as_of"],
            "sdr_per_inr": rates["per_inr"].get("XDR"),   # the CN22 / CN23 limit, later
            **{k: rules.to_minor(v, per_inr, cur["exponent"]) for k, v in amounts.items()}}
