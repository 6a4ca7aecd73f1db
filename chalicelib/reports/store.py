"""Reports kept and sent: the rendered files in the private reports bucket, the list the
admin API shows, time-limited links to them, and the e-mail to the district office.

Layout: `reports/<id>/report.csv`, `report.html`, `meta.json`. meta.json is written last, so
a listed report has its files; writing the same id again overwrites all three, so
regenerating a report is safe. The bucket stays private: people get presigned GET links.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache

from chalicelib import config
from chalicelib.errors import InvalidInput
from chalicelib.observability import logger
from chalicelib.reports import render
from chalicelib.reports.data import ReportData

PREFIX = "reports/"
KINDS = ("daily", "weekly", "custom")
# fullmatch, and nothing but letters, digits and dashes: an id never walks out of its folder
REPORT_ID = re.compile(r"(daily|weekly|custom)-\d{4}-\d{2}-\d{2}(-to-\d{4}-\d{2}-\d{2})?")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
FILES = {  # what: (file name, Content-Type, Content-Disposition)
    "html": ("report.html", "text/html; charset=utf-8", "inline"),
    "csv": ("report.csv", "text/csv; charset=utf-8", 'attachment; filename="deogharmart-{id}.csv"'),
}
META = "meta.json"
MAX_LINK_SECONDS = 7 * 24 * 3600   # the longest a SigV4 presigned URL can live
MAX_LIMIT = 200
MAX_PAGES = 10                     # 10,000 reports listed at most: decades of daily reports


@lru_cache(maxsize=1)
def _s3():
    import boto3
    return boto3.client("s3", region_name=config.settings().region)


@lru_cache(maxsize=1)
def _ses():
    import boto3
    return boto3.client("ses", region_name=config.settings().region)


def valid_id(report_id) -> bool:
    return isinstance(report_id, str) and REPORT_ID.fullmatch(report_id) is not None


def _key(report_id: str, name: str) -> str:
    return f"{PREFIX}{report_id}/{name}"


def _put(key: str, body: bytes, content_type: str, disposition: str | None = None) -> None:
    extra = {"ContentDisposition": disposition} if disposition else {}
    _s3().put_object(Bucket=config.settings().reports_bucket, Key=key, Body=body,
                     ContentType=content_type, ServerSideEncryption="AES256",
                     CacheControl="private, no-store", **extra)


def _meta(data: ReportData) -> dict:
    t = data.totals
    return {"id": data.id, "kind": data.kind, "start": data.start.isoformat(),
            "end": data.end.isoformat(), "generated_at": data.generated_at, "stage": data.stage,
            "totals": {"orders": t.orders, "gmv_paise": t.gmv_paise, "net_paise": t.net_paise},
            "empty": data.empty}


def save(data: ReportData) -> dict:
    """Render and store the CSV, the HTML page and meta.json; returns the meta."""
    if not valid_id(data.id):
        raise InvalidInput("not a report id", code="invalid_report_id")
    bodies = {"html": render.to_html(data, render.charts(data)), "csv": render.to_csv(data)}
    for what, body in bodies.items():
        name, content_type, disposition = FILES[what]
        _put(_key(data.id, name), body, content_type, disposition.format(id=data.id))
    meta = _meta(data)
    _put(_key(data.id, META), json.dumps(meta, ensure_ascii=False).encode("utf-8"),
         "application/json; charset=utf-8")
    logger.info("report saved", extra={"report_id": data.id, "empty": data.empty})
    return meta


def _read_meta(report_id: str) -> dict | None:
    s3 = _s3()
    try:
        body = s3.get_object(Bucket=config.settings().reports_bucket,
                             Key=_key(report_id, META))["Body"].read()
    except s3.exceptions.NoSuchKey:
        return None
    try:
        return json.loads(body)
    except ValueError:
        logger.warning("unreadable report meta", extra={"report_id": report_id})
        return None


def _ids(kind: str | None) -> list[str]:
    """Report ids, one per folder, without reading anything (bounded by MAX_PAGES)."""
    pages = _s3().get_paginator("list_objects_v2").paginate(
        Bucket=config.settings().reports_bucket, Prefix=PREFIX + (f"{kind}-" if kind else ""),
        Delimiter="/")
    ids = []
    for number, page in enumerate(pages):
        if number == MAX_PAGES:
            logger.warning("report listing truncated", extra={"pages": MAX_PAGES})
            break
        ids += [p["Prefix"][len(PREFIX):].rstrip("/") for p in page.get("CommonPrefixes", [])]
    return [i for i in ids if valid_id(i)]


def _period_key(report_id: str) -> tuple[str, str]:
    dates = _DATE.findall(report_id)
    return dates[-1], dates[0]


def list_reports(limit: int = 50, kind: str | None = None) -> list[dict]:
    """The metas of the newest reports (by period, then generation time), newest first.
    Only the `limit` newest by the dates in their ids are read."""
    if kind is not None and kind not in KINDS:
        raise InvalidInput(f"kind must be one of {', '.join(KINDS)}", code="invalid_report_kind")
    limit = max(1, min(int(limit), MAX_LIMIT))
    newest = sorted(_ids(kind), key=_period_key, reverse=True)[:limit]
    metas = [m for m in map(_read_meta, newest) if m is not None]
    return sorted(metas, key=lambda m: (m.get("end", ""), m.get("start", ""), m.get("generated_at", "")),
                  reverse=True)


def _link_seconds() -> int:
    return max(60, min(config.settings().report_link_seconds, MAX_LINK_SECONDS))


def links(report_id: str, seconds: int | None = None) -> dict[str, str]:
    """Presigned GET links to the report's HTML page and CSV."""
    bucket, seconds = config.settings().reports_bucket, seconds or _link_seconds()
    return {what: _s3().generate_presigned_url(
        "get_object", Params={"Bucket": bucket, "Key": _key(report_id, name)}, ExpiresIn=seconds)
        for what, (name, _, _) in FILES.items()}


def put_private(key: str, body: bytes, content_type: str, filename: str) -> None:
    """Another private file in the reports bucket (a payout run's bank file, tax workings),
    downloaded under `filename`."""
    _put(key, body, content_type, f'attachment; filename="{filename}"')


def link_to(key: str) -> str:
    """A presigned GET link to a private file, for `report_link_seconds`."""
    return _s3().generate_presigned_url(
        "get_object", Params={"Bucket": config.settings().reports_bucket, "Key": key},
        ExpiresIn=_link_seconds())


def get_report(report_id: str) -> dict | None:
    """The meta plus `html_url` and `csv_url`, links that expire after `expires_in` seconds
    (`report_link_seconds`); None for an unknown or malformed id."""
    if not valid_id(report_id):
        return None
    meta = _read_meta(report_id)
    if meta is None:
        return None
    seconds = _link_seconds()
    urls = links(report_id, seconds)
    return {**meta, "html_url": urls["html"], "csv_url": urls["csv"], "expires_in": seconds}


def email(data: ReportData, meta: dict) -> str | None:
    """Mail the summary and the links to the district office; the SES MessageId, or None
    when no admin address is configured. A failed send raises: the caller decides."""
    settings = config.settings()
    if not settings.admin_emails:
        logger.info("no admin e-mail configured; report not mailed", extra={"report_id": meta["id"]})
        return None
    seconds = _link_seconds()
    mail = render.mail(data, links(meta["id"], seconds), seconds)
    sent = _ses().send_email(
        Source=settings.sender_email, Destination={"ToAddresses": list(settings.admin_emails)},
        Message={"Subject": {"Data": mail["subject"], "Charset": "UTF-8"},
                 "Body": {"Text": {"Data": mail["text"], "Charset": "UTF-8"},
                          "Html": {"Data": mail["html"], "Charset": "UTF-8"}}})
    logger.info("report mailed", extra={"report_id": meta["id"], "recipients": len(settings.admin_emails)})
    return sent["MessageId"]
