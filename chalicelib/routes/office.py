"""The district office's figures: stats, the order list, and reports (admins only)."""
from __future__ import annotations

from chalice import Blueprint

from chalicelib.catalog.schemas import NoQuery
from chalicelib.orders import schemas as os_
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


PARCEL = {"parcel_id": "Parcel id (<order id>-p<n>)"}


@for_admins(bp, "/admin/parcels/overdue", tags=["admin"],
            summary="Parcels still waiting for pickup past PICKUP_DEADLINE_HOURS (by default "
                    "only those without a tracking number), oldest first",
            query=os_.OverdueQuery, response=os_.ParcelRecords, errors=(400,))
def overdue_parcels(query, principal):
    from datetime import datetime, timedelta, timezone

    from chalicelib import config, pagination
    from chalicelib.db.times import stamp
    from chalicelib.orders import manual
    s = config.settings()
    deadline = stamp(datetime.now(timezone.utc) - timedelta(hours=s.pickup_deadline_hours))
    scope = pagination.scope_of(kind="overdue-parcels", tracking=query.tracking, limit=query.limit)
    start = pagination.position(query.cursor, scope, s.cursor_secret)
    items, last = manual.overdue(deadline, query.limit, start, query.tracking == "missing")
    return {"items": items, "deadline_hours": s.pickup_deadline_hours,
            "next_cursor": pagination.encode({"k": last}, scope, s.cursor_secret) if last else None}


@for_admins(bp, "/admin/parcels/{parcel_id}", summary="One parcel: status, courier, timeline",
            tags=["admin"], query=NoQuery, response=os_.ParcelRecord, errors=(404,),
            path_params=PARCEL)
def parcel(parcel_id, query, principal):
    from chalicelib.orders import delivery, manual
    return delivery.vendor_parcel_view(manual.parcel_for_office(parcel_id), None)


@for_admins(bp, "/admin/parcels/{parcel_id}/handover", methods=["POST"], tags=["admin"],
            summary="Delivery by hand, recorded by the office: courier and tracking number",
            query=NoQuery, body=os_.HandoverIn, response=os_.ParcelRecord,
            errors=(400, 404, 409), path_params=PARCEL)
def office_handover(parcel_id, query, body, principal):
    from chalicelib.orders import manual
    return manual.hand_over(manual.parcel_for_office(parcel_id), body.courier == "india_post",
                            body.courier_name, body.tracking_number, "office")


@for_admins(bp, "/admin/parcels/{parcel_id}/outcome", methods=["POST"], tags=["admin"],
            summary="Delivery by hand, recorded by the office: delivered, or came back",
            query=NoQuery, body=os_.OutcomeIn, response=os_.ParcelRecord,
            errors=(400, 404, 409), path_params=PARCEL)
def office_outcome(parcel_id, query, body, principal):
    from chalicelib.orders import manual
    return manual.record_outcome(manual.parcel_for_office(parcel_id), body.status, "office")
