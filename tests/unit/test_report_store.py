"""Stored reports in moto's S3 and the report e-mail through moto's SES: save, list, get
with presigned links, id checks, and one mail to the district office."""
from __future__ import annotations

import json
from datetime import date, timedelta
from urllib.parse import parse_qs, urlparse

import pytest

from chalicelib import config
from chalicelib.errors import InvalidInput
from chalicelib.reports import store
from chalicelib.reports.data import Delivery, Payments, ReportData, Row, Sales

XSS = "<script>alert(1)</script>"


def _report(report_id="daily-2026-11-26", start=date(2026, 11, 26), end=None, orders=3,
            generated_at="2026-11-27T00:30:00+00:00") -> ReportData:
    end = end or start
    sales = Sales(orders=orders, gmv_paise=12_345_678 * orders, units=orders, cancelled_paise=100)
    days = [(start + timedelta(i), sales) for i in range((end - start).days + 1)]
    rows = [Row("peda", {"en": XSS, "hi": "पेड़ा"}, sales)] if orders else []
    return ReportData(id=report_id, kind=report_id.split("-")[0], start=start, end=end,
                      generated_at=generated_at, stage="local", totals=sales, by_day=days,
                      by_category=rows, by_block=rows, by_maker=rows, top_products=rows,
                      delivery=Delivery(delivered=orders), payments=Payments(succeeded=orders),
                      new_vendors=0, new_listings=0)


@pytest.fixture
def reports(aws):
    """An empty reports bucket and clients made inside moto, for each test."""
    import boto3
    s3 = boto3.client("s3", region_name=config.settings().region)
    bucket = config.settings().reports_bucket

    def clear():
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
            for obj in page.get("Contents", []):
                s3.delete_object(Bucket=bucket, Key=obj["Key"])
    store._s3.cache_clear()
    store._ses.cache_clear()
    clear()
    yield s3, bucket
    clear()
    store._s3.cache_clear()
    store._ses.cache_clear()


def _sent():
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.ses.models import ses_backends
    return ses_backends[DEFAULT_ACCOUNT_ID][config.settings().region].sent_messages


def test_save_writes_three_private_files_and_returns_the_meta(reports):
    s3, bucket = reports
    meta = store.save(_report())
    assert meta == {"id": "daily-2026-11-26", "kind": "daily", "start": "2026-11-26", "end": "2026-11-26",
                    "generated_at": "2026-11-27T00:30:00+00:00", "stage": "local",
                    "totals": {"orders": 3, "gmv_paise": 37_037_034, "net_paise": 37_036_934}, "empty": False}
    prefix = "reports/daily-2026-11-26/"
    types = {"report.csv": "text/csv; charset=utf-8", "report.html": "text/html; charset=utf-8",
             "meta.json": "application/json; charset=utf-8"}
    for name, content_type in types.items():
        head = s3.head_object(Bucket=bucket, Key=prefix + name)
        assert head["ContentType"] == content_type and head["ServerSideEncryption"] == "AES256"
    assert json.loads(s3.get_object(Bucket=bucket, Key=prefix + "meta.json")["Body"].read()) == meta
    csv = s3.get_object(Bucket=bucket, Key=prefix + "report.csv")["Body"].read()
    html = s3.get_object(Bucket=bucket, Key=prefix + "report.html")["Body"].read().decode("utf-8")
    assert csv.startswith(b"\xef\xbb\xbf") and "₹3,70,370.34" in html
    assert XSS not in html and "data:image/png;base64," in html


def test_saving_the_same_report_again_overwrites_it(reports):
    s3, bucket = reports
    store.save(_report(orders=3))
    meta = store.save(_report(orders=0, generated_at="2026-11-27T06:00:00+00:00"))
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]]
    assert sorted(keys) == ["reports/daily-2026-11-26/meta.json", "reports/daily-2026-11-26/report.csv",
                            "reports/daily-2026-11-26/report.html"]
    assert meta["empty"] and meta["totals"]["orders"] == 0
    assert store.get_report("daily-2026-11-26")["generated_at"] == "2026-11-27T06:00:00+00:00"
    html = s3.get_object(Bucket=bucket, Key="reports/daily-2026-11-26/report.html")["Body"].read()
    assert "There were no orders in this period." in html.decode("utf-8")


def test_a_malformed_id_is_never_written(reports):
    with pytest.raises(InvalidInput):
        store.save(_report(report_id="daily-2026-11-26/../../media"))


def test_list_is_newest_first_filtered_and_bounded(reports):
    for rid, start, end in [("daily-2026-11-24", date(2026, 11, 24), None),
                            ("daily-2026-11-26", date(2026, 11, 26), None),
                            ("weekly-2026-11-16", date(2026, 11, 16), date(2026, 11, 22)),
                            ("custom-2026-11-01-to-2026-11-30", date(2026, 11, 1), date(2026, 11, 30))]:
        store.save(_report(rid, start, end))
    ids = [m["id"] for m in store.list_reports()]
    assert ids == ["custom-2026-11-01-to-2026-11-30", "daily-2026-11-26", "daily-2026-11-24",
                   "weekly-2026-11-16"]
    assert [m["id"] for m in store.list_reports(kind="daily")] == ["daily-2026-11-26", "daily-2026-11-24"]
    assert [m["id"] for m in store.list_reports(limit=2)] == ids[:2]
    assert store.list_reports(kind="weekly")[0]["totals"]["orders"] == 3
    with pytest.raises(InvalidInput):
        store.list_reports(kind="../")


def test_get_returns_the_meta_with_expiring_links(reports):
    meta = store.save(_report())
    got = store.get_report("daily-2026-11-26")
    seconds = config.settings().report_link_seconds
    assert {k: got[k] for k in meta} == meta and got["expires_in"] == seconds
    for field, name in (("html_url", "report.html"), ("csv_url", "report.csv")):
        url = urlparse(got[field])
        assert url.path.endswith(f"/reports/daily-2026-11-26/{name}")
        query = parse_qs(url.query)
        assert query["X-Amz-Expires"] == [str(seconds)] and "X-Amz-Signature" in query


@pytest.mark.parametrize("report_id", [
    "daily-2001-01-01", "../reports/daily-2026-11-26", "daily-2026-11-26/../weekly-2026-11-16",
    "daily-2026-11-26\n", "monthly-2026-11-01", "daily-26-11-2026", "", None, 42,
    "custom-2026-11-01-to-", "weekly-2026-11-16-to-2026-11-22/meta.json"])
def test_unknown_or_malformed_ids_get_nothing(reports, report_id):
    store.save(_report())
    assert store.get_report(report_id) is None


def test_email_sends_one_bilingual_mail_with_links(reports):
    data = _report()
    meta = store.save(data)
    before = len(_sent())
    message_id = store.email(data, meta)
    assert len(_sent()) == before + 1
    mail = _sent()[-1]
    assert mail.id == message_id and mail.source == config.settings().sender_email
    assert mail.destinations["ToAddresses"] == list(config.settings().admin_emails)
    assert mail.subject == "DeogharMart daily report 26 Nov 2026 / दैनिक रिपोर्ट"
    assert "reports/daily-2026-11-26/report.html" in mail.body and "report.csv" in mail.body
    assert "₹3,70,370.34" in mail.body and "data:image/png" not in mail.body and XSS not in mail.body


@pytest.fixture
def no_admins(aws, monkeypatch):
    monkeypatch.setenv("ADMIN_EMAILS", "")
    config.reset()
    yield
    monkeypatch.undo()
    config.reset()


def test_no_admin_address_means_no_mail(reports, no_admins):
    data = _report()
    before = len(_sent())
    assert store.email(data, store.save(data)) is None
    assert len(_sent()) == before
