"""The district office's figures: stats, the order list, and reports (admins only)."""
from __future__ import annotations

from chalice import Blueprint

from chalicelib.catalog.schemas import NoQuery
from chalicelib.errors import InvalidInput, NotFound
from chalicelib.routes.auth import for_admins
from chalicelib.stats import schemas as ss

bp = Blueprint(__name__)


@for_admins(bp, "/admin/stats", summary="Today, 7 and 30 days: orders, GMV, top categories",
            tags=["admin"], query=NoQuery, response=ss.StatsOut)
def stats(query, principal):
    from chalicelib.stats import figures
    return figures.admin_stats()


@for_admins(bp, "/admin/orders", summary="Orders by date (India time), status and maker",
            tags=["admin"], query=ss.AdminOrdersQuery, response=ss.AdminOrderList,
            errors=(400,))
def orders(query, principal):
    from chalicelib.orders import browse
    return browse.admin_orders(query.status, query.vendor_id, query.date_from, query.date_to,
                               query.limit, query.cursor)


@for_admins(bp, "/admin/reports", summary="Reports made so far, newest first", tags=["admin"],
            query=ss.ReportsQuery, response=ss.ReportList, errors=(400,))
def reports(query, principal):
    from chalicelib.reports import store
    return {"items": store.list_reports(limit=query.limit, kind=query.kind)}


@for_admins(bp, "/admin/reports", methods=["POST"], summary="Make a daily or weekly report now",
            tags=["admin"], query=NoQuery, body=ss.ReportIn, response=ss.ReportOut,
            errors=(400,), status=201)
def make_report(query, body, principal):
    from chalicelib.reports import run, store
    from chalicelib.stats.counters import day_of
    if body.date and body.date.isoformat() > day_of():
        raise InvalidInput("that day has not come yet (India time): a report needs a past "
                           "day or today", code="future_date")
    meta = run.make(body.kind, body.date, email=body.email)
    return store.get_report(meta["id"])


@for_admins(bp, "/admin/reports/{report_id}", summary="A report with time-limited links",
            tags=["admin"], query=NoQuery, response=ss.ReportOut, errors=(404,),
            path_params={"report_id": "e.g. daily-2026-11-26"})
def report(report_id, query, principal):
    from chalicelib.reports import store
    found = store.get_report(report_id)
    if found is None:
        raise NotFound("no such report", code="report_not_found")
    return found
