"""What in selling abroad needs the office's eye, for the daily report's "needs attention":
export profiles waiting for a check, LUTs about to end (every LUT ends on 31 March: without
the new year's, a maker's goods stop being offered abroad on 1 April), and payments from
abroad not yet realised as the time the rules allow runs out (FEMA: an export's value is
realised within nine months; we warn from the seventh)."""
from __future__ import annotations

from datetime import date, timedelta

from chalicelib.exports.readiness import plain

LUT_WARNING_DAYS = 30
REALISATION_WARNING_DAYS = 210


def items(today: date, limit: int) -> list[dict]:
    """[{kind, ref, name, since, detail}], at most `limit` of each kind."""
    from chalicelib.db import export_models
    from chalicelib.db.export_models import ExportItem
    from chalicelib.exports import profile, register
    out: list[dict] = []
    pending, ending = [], []
    for v, e in profile.exporters():
        name = {"en": v.name.en, "hi": v.name.hi}
        if e.get("status") == "pending":
            pending.append({"kind": "export_profile", "ref": v.id, "name": name,
                            "since": e.get("submitted_at") or "", "detail": v.block})
        valid_to = (e.get("lut") or {}).get("valid_to")
        if e.get("status") == "approved" and valid_to and \
                valid_to <= (today + timedelta(days=LUT_WARNING_DAYS)).isoformat():
            ending.append({"kind": "lut_ending", "ref": v.id, "name": name,
                           "since": e.get("decided_at") or "",
                           "detail": f"LUT {e['lut'].get('arn')} ends {valid_to}"})
    export_models.bind()
    due = _start_of(today - timedelta(days=REALISATION_WARNING_DAYS))
    late = [{"kind": "realisation_due", "ref": i.parcel_id, "name": _unrealised(i),
             "since": i.paid_at, "detail": f"{i.country} ₹{int(i.value_paise) / 100:.2f}"}
            for i in ExportItem.by_day.query(register.AWAITING, ExportItem.day_sk < due,
                                             limit=limit)]
    for group in (pending, ending):
        out += sorted(group, key=lambda x: x["since"])[:limit]
    return out + late


def _start_of(day: date) -> str:
    return f"{day.isoformat()}T00:00:00.000000Z"


def _unrealised(item) -> dict:
    maker = plain(item.maker) or {}
    return {"en": f"Payment from abroad not realised — {maker.get('en', item.vendor_id)}",
            "hi": f"विदेश से भुगतान बैंक में नहीं पहुँचा — {maker.get('hi', item.vendor_id)}"}
