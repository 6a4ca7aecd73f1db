"""Make a report: gather its figures, render CSV/HTML/charts, store it, e-mail the office.

Used by the daily and weekly schedules (app.py), `POST /admin/reports` and the CLI
(`python -m tools.report`). Making the same report again overwrites it (same id).
"""
from __future__ import annotations

from datetime import date

from chalicelib.observability import logger


def make(kind: str, day: date | None = None, email: bool = True) -> dict:
    from chalicelib.reports import gather, store
    start, end = gather.period(kind, day)
    data = gather.gather(kind, start, end)
    meta = store.save(data)    # renders the CSV, the HTML and its charts
    message_id = store.email(data, meta) if email else None
    logger.info("report made", extra={"report_id": data.id, "orders": data.totals.orders,
                                      "emailed": bool(message_id)})
    return {**meta, "email_message_id": message_id}
