"""Makers' payouts on the office's side: payout runs, approved by a second official."""
from __future__ import annotations

from chalice import Blueprint

from chalicelib.catalog.schemas import NoQuery
from chalicelib.payouts import schemas as ps
from chalicelib.routes.auth import for_admins

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
