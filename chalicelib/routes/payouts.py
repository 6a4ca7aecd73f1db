"""Makers' payouts on the office's side: payout runs, approved by a second official."""
from __future__ import annotations

from chalice import Blueprint

from chalicelib.catalog.schemas import NoQuery
from chalicelib.payouts import schemas as ps
from chalicelib.routes.auth import for_admins, for_makers
from chalicelib.vendors.schemas import ActingQuery
from chalicelib.web import csv_download, html_document

bp = Blueprint(__name__)


@for_admins(bp, "/admin/payout-runs", summary="Payout runs, newest first", tags=["payouts"],
            query=NoQuery, response=ps.PayoutRunList)
def runs(query, principal):
    from chalicelib.payouts import runs
    return runs.list_runs()


@for_admins(bp, "/admin/payout-runs", methods=["POST"], tags=["payouts"],
            summary="Prepare a run of everything payable now: one line per maker",
            query=NoQuery, body=ps.PrepareIn, response=ps.PayoutRunOut, errors=(400, 409),
            status=201)
def prepare(query, body, principal):
    from chalicelib.payouts import runs
    return runs.prepare(principal, body.cutoff)


@for_admins(bp, "/admin/payout-runs/{run_id}", tags=["payouts"],
            summary="A run with its lines and, once approved, a time-limited bank file link",
            query=NoQuery, response=ps.PayoutRunOut, errors=(404,), path_params=ps.RUN_ID)
def run(run_id, query, principal):
    from chalicelib.payouts import runs
    return runs.view(runs.get_run(run_id))


@for_admins(bp, "/admin/payout-runs/{run_id}/approve", methods=["POST"], tags=["payouts"],
            summary="Approve a run (not its preparer: 403 same_official); makes the bank file",
            query=NoQuery, response=ps.PayoutRunOut,
            errors=(400, 403, 404, 409), path_params=ps.RUN_ID)
def approve(run_id, query, principal):
    from chalicelib.payouts import runs
    return runs.approve(principal, run_id)


@for_admins(bp, "/admin/payout-runs/{run_id}/bank-response", methods=["POST"],
            tags=["payouts"], summary="The bank's response file: UTRs for paid lines, reasons "
                                      "for failed ones; a report line by line",
            query=NoQuery, raw_body="text/csv", response=ps.BankResponseReport,
            errors=(400, 404, 409), path_params=ps.RUN_ID,
            content_types=["text/csv", "text/plain", "application/octet-stream"])
def bank_response(run_id, query, raw, principal):
    from chalicelib.payouts import settle
    return settle.apply_response(principal, run_id, raw)


@for_makers(bp, "/vendor/statements", tags=["payouts"], query=ps.StatementQuery,
            summary="The maker's statement for a month: sales, returns, deductions, payouts",
            response=ps.StatementOut, errors=(400, 404))
def statement(query, principal):
    from chalicelib.payouts import statements
    from chalicelib.vendors import access
    return statements.monthly(access.acting_vendor(principal, query.vendor_id), query.month)


@for_makers(bp, "/vendor/statements/{month}", tags=["payouts"], query=ps.DocumentQuery,
            summary="The month's statement as a printable page (Hindi and English) or CSV",
            errors=(400, 404), path_params={"month": "YYYY-MM"})
def statement_document(month, query, principal):
    from chalicelib.payouts import statements
    from chalicelib.vendors import access
    data = statements.monthly(access.acting_vendor(principal, query.vendor_id), month)
    if query.format == "csv":
        return csv_download(statements.as_csv(data), f"statement-{data['vendor_id']}-{month}.csv")
    return html_document(statements.as_html(data))


@for_makers(bp, "/vendor/statements/payouts/{run_id}", tags=["payouts"],
            query=ActingQuery, response=ps.PayoutStatementOut, errors=(400, 404),
            summary="One payout's statement: each parcel it paid, its deductions, the UTR",
            path_params=ps.RUN_ID)
def payout_statement(run_id, query, principal):
    from chalicelib.payouts import statements
    from chalicelib.vendors import access
    return statements.payout(access.acting_vendor(principal, query.vendor_id), run_id)


@for_admins(bp, "/admin/tax/gstr8", tags=["payouts"], query=ps.MonthQuery,
            summary="GST TCS for a month in GSTR-8's shape, per supplier; CSV link",
            response=ps.Gstr8Out, errors=(400,))
def gstr8(query, principal):
    from chalicelib.payouts import taxworkings
    return taxworkings.stored("gstr8", query.month)


@for_admins(bp, "/admin/tax/tds", tags=["payouts"], query=ps.QuarterQuery,
            summary="TDS (s.194-O) for a quarter in Form 26Q's shape, per PAN; CSV link",
            response=ps.TdsOut, errors=(400,))
def tds(query, principal):
    from chalicelib.payouts import taxworkings
    return taxworkings.stored("tds", query.quarter)
