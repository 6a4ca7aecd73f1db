"""Selling abroad: what a shop needs for a buyer abroad, a maker's export profile and papers,
the office's review of export profiles and its export register (chalicelib/exports)."""
from __future__ import annotations

from chalice import Blueprint

from chalicelib.catalog.schemas import NoQuery
from chalicelib.exports import schemas as xs
from chalicelib.routes.auth import for_admins, for_makers
from chalicelib.vendors import schemas as vs
from chalicelib.web import csv_download, endpoint, html_document

bp = Blueprint(__name__)
VENDOR = {"vendor_id": "The maker's id"}
PARCEL = {"parcel_id": "Parcel id"}


@endpoint(bp, "/abroad", summary="The countries served abroad, their address rules and "
          "currencies, India Post's services, and the day's currency rates", tags=["checkout"],
          query=NoQuery, response=xs.AbroadOut, cache_seconds=300)
def abroad(query):
    from chalicelib.exports import fx, rules
    return {**rules.public(), "fx": fx.public(fx.latest())}


@for_makers(bp, "/vendor/export", summary="The acting maker's export profile (IEC, AD code, "
            "LUT) and whether their goods may be offered abroad", tags=["vendor"],
            query=vs.ActingQuery, response=xs.ExportProfileOut, errors=(400, 404))
def get_export_profile(query, principal):
    from chalicelib.exports import profile
    from chalicelib.vendors import access
    return profile.view(access.acting_vendor(principal, query.vendor_id))


@for_makers(bp, "/vendor/export", methods=["PUT"], tags=["vendor"],
            summary="Give or change the export profile; the office checks it again",
            query=vs.ActingQuery, body=xs.ExportProfileIn, response=xs.ExportProfileOut,
            errors=(400, 404, 409))
def put_export_profile(query, body, principal):
    from chalicelib.exports import profile
    from chalicelib.vendors import access
    return profile.save(principal, access.acting_vendor(principal, query.vendor_id), body)


@for_makers(bp, "/vendor/parcels/{parcel_id}/export-papers", tags=["vendor"],
            summary="An export parcel's papers: export invoice, CN22/CN23 data, postal bill "
            "of export fields (html, csv or json)", query=xs.PapersQuery,
            errors=(400, 404, 409), path_params=PARCEL)
def vendor_export_papers(parcel_id, query, principal):
    from chalicelib.orders import delivery
    from chalicelib.vendors import access
    vendor_id = access.acting_vendor_id(principal, query.vendor_id)
    return _papers(delivery.own_parcel(vendor_id, parcel_id), query.format)


@for_admins(bp, "/admin/parcels/{parcel_id}/export-papers", tags=["admin"],
            summary="An export parcel's papers, for the office", query=xs.PapersQuery,
            errors=(400, 404, 409), path_params=PARCEL)
def admin_export_papers(parcel_id, query, principal):
    from chalicelib.errors import NotFound
    from chalicelib.orders import repository as repo
    parcel = repo.get_parcel(parcel_id) if len(parcel_id) < 60 else None
    if parcel is None:
        raise NotFound("no such parcel", code="parcel_not_found")
    return _papers(parcel, query.format)


def _papers(parcel, fmt: str):
    """The papers as the caller asked: html (printable), csv (with a byte-order mark, so
    Excel reads the Hindi as UTF-8) or json."""
    from chalicelib.exports import paperwork, papers
    data = papers.papers(parcel)
    if fmt == "json":
        return data
    if fmt == "csv":
        return csv_download(paperwork.to_csv(data).encode("utf-8-sig"), f"export-{parcel.id}.csv")
    return html_document(paperwork.render_html(data))


@for_admins(bp, "/admin/export-profiles", summary="Makers' export profiles by review state "
            "(default: pending)", tags=["admin"], query=xs.ExportProfileQuery,
            response=xs.ExportProfileList, errors=(400,))
def export_profiles(query, principal):
    from chalicelib.exports import profile
    return profile.listing(query.status)


@for_admins(bp, "/admin/vendors/{vendor_id}/export/approve", methods=["POST"], tags=["admin"],
            summary="Approve a maker's export profile: their goods may be offered abroad",
            query=NoQuery, body=vs.OptionalReasonIn, response=xs.ExportProfileOut,
            errors=(400, 404, 409), path_params=VENDOR)
def approve_export_profile(vendor_id, query, body, principal):
    from chalicelib.exports import profile
    return profile.decide(principal, vendor_id, True, body.reason)


@for_admins(bp, "/admin/vendors/{vendor_id}/export/reject", methods=["POST"], tags=["admin"],
            summary="Refuse a maker's export profile, with the reason they will read",
            query=NoQuery, body=vs.ReasonIn, response=xs.ExportProfileOut,
            errors=(400, 404, 409), path_params=VENDOR)
def reject_export_profile(vendor_id, query, body, principal):
    from chalicelib.exports import profile
    return profile.decide(principal, vendor_id, False, body.reason)


@for_admins(bp, "/admin/exports", summary="The export register of a month: by country, "
            "category, block and maker, and what waits for the bank's realisation",
            tags=["admin"], query=xs.RegisterQuery, response=xs.Register, errors=(400,))
def export_register(query, principal):
    from chalicelib.exports import register
    return register.month_register(query.month)


@for_admins(bp, "/admin/exports/{parcel_id}/realisation", methods=["POST"], tags=["admin"],
            summary="Record the bank's realisation of an export parcel's payment",
            query=NoQuery, body=xs.RealisationIn, response=xs.RegisterRow,
            errors=(400, 404, 409), path_params=PARCEL)
def record_realisation(parcel_id, query, body, principal):
    from chalicelib.exports import register
    return register.realise(parcel_id, body.reference, body.realised_on.isoformat(),
                            principal.sub)
