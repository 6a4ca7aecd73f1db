"""Selling abroad in the daily report's "needs attention" (moto in-process, the seeded makers):
export papers waiting, LUTs about to end, payments from abroad not realised for seven months."""
from __future__ import annotations

from datetime import date, timedelta

from chalicelib.db import export_models
from chalicelib.db.export_models import ExportItem
from chalicelib.exports import register, watch
from chalicelib.reports import render
from chalicelib.reports.data import Attention
from chalicelib.vendors import repository as vendor_repo

TODAY = date(2027, 3, 10)


def _export(vendor_id: str, **changes) -> None:
    v = vendor_repo.get(vendor_id)
    v.export = {**(v.export.as_dict() if hasattr(v.export, "as_dict") else dict(v.export or {})),
                **changes}
    vendor_repo.save(v)


def _row(parcel_id: str, paid_at: str) -> None:
    export_models.bind()
    ExportItem(f"EXPORT#{parcel_id}", "EXPORT", parcel_id=parcel_id, order_id=parcel_id[:-3],
               vendor_id="v-vishwakarma-lohar-karkhana", maker={"en": "Vishwakarma", "hi": "विश्वकर्मा"},
               country="US", value_paise=34_700, shipping_paise=191_500, month=paid_at[:7],
               paid_at=paid_at, status_pk=f"EXPORTS#{paid_at[:7]}", status_sk=f"{paid_at}#{parcel_id}",
               day_pk=register.AWAITING, day_sk=f"{paid_at}#{parcel_id}").save()


def test_the_office_is_told_what_in_selling_abroad_waits_for_it(seeded):
    makers = ("v-rahmat-silai-ghar", "v-baba-lahthi-ghar", "v-prajapati-mitti-kala-kendra")
    kept = {m: vendor_repo.get(m).export for m in makers}   # other tests share the database
    try:
        _told()
    finally:
        for m, export in kept.items():
            v = vendor_repo.get(m)
            v.export = export
            vendor_repo.save(v)


def _told():
    lut = {"arn": "AD200426012345X", "financial_year": "2026-27", "valid_from": "2026-04-01",
           "valid_to": "2027-03-31"}
    _export("v-rahmat-silai-ghar", status="approved", lut=lut)           # ends in 21 days
    _export("v-baba-lahthi-ghar", status="approved",
            lut={**lut, "valid_to": "2027-04-30", "financial_year": "2027-28",
                 "valid_from": "2027-04-01"})                             # not yet a worry
    _export("v-prajapati-mitti-kala-kendra", status="pending", submitted_at="2027-03-09T05:00:00Z")
    _row("o-watch1-p1", (TODAY - timedelta(days=watch.REALISATION_WARNING_DAYS + 1)).isoformat()
         + "T06:00:00.000000Z")
    _row("o-watch2-p1", (TODAY - timedelta(days=30)).isoformat() + "T06:00:00.000000Z")

    found = {(i["kind"], i["ref"]) for i in watch.items(TODAY, 50)}
    assert ("lut_ending", "v-rahmat-silai-ghar") in found
    assert ("lut_ending", "v-baba-lahthi-ghar") not in found
    assert ("export_profile", "v-prajapati-mitti-kala-kendra") in found
    assert ("realisation_due", "o-watch1-p1") in found
    assert ("realisation_due", "o-watch2-p1") not in found            # only a month old

    items = [Attention(**i) for i in watch.items(TODAY, 50)]
    ending = next(a for a in items if a.kind == "lut_ending")
    assert "2027-03-31" in ending.detail and ending.name["hi"]
    late = next(a for a in items if a.kind == "realisation_due")
    assert "US" in late.detail and "₹347.00" in late.detail
    for a in items:   # every kind has its words in the report
        assert a.kind in render.ATTENTION
    register.realise("o-watch1-p1", "EBRC/1", "2027-03-10", "tester")
    assert ("realisation_due", "o-watch1-p1") not in {(i["kind"], i["ref"])
                                                      for i in watch.items(TODAY, 50)}
