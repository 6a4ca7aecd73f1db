"""The district office's review desk: approve or reject makers and listings, read the audit."""
from __future__ import annotations

from chalice import Blueprint

from chalicelib.catalog import editing_schemas as es
from chalicelib.routes.auth import for_admins
from chalicelib.vendors import schemas as vs
from chalicelib.catalog.schemas import NoQuery

bp = Blueprint(__name__)
VENDOR = {"vendor_id": "Vendor id"}
PRODUCT = {"product_id": "Product id"}


@for_admins(bp, "/admin/vendors", summary="Vendors by status (default: pending), oldest first",
            tags=["admin"], query=vs.AdminVendorQuery, response=vs.VendorProfileList,
            errors=(400,))
def vendors(query, principal):
    from chalicelib.vendors import profiles
    return profiles.admin_list(query.status, query.limit, query.cursor)


@for_admins(bp, "/admin/vendors/{vendor_id}/approve", methods=["POST"], tags=["admin"],
            summary="Approve a vendor: its approved products go on sale", query=NoQuery,
            body=vs.OptionalReasonIn, response=vs.VendorProfileOut, errors=(400, 404, 409),
            path_params=VENDOR)
def approve_vendor(vendor_id, query, body, principal):
    from chalicelib.vendors import profiles
    return profiles.decide(principal, vendor_id, True, body.reason)


@for_admins(bp, "/admin/vendors/{vendor_id}/reject", methods=["POST"], tags=["admin"],
            summary="Reject a vendor, with the reason the maker will read", query=NoQuery,
            body=vs.ReasonIn, response=vs.VendorProfileOut, errors=(400, 404, 409),
            path_params=VENDOR)
def reject_vendor(vendor_id, query, body, principal):
    from chalicelib.vendors import profiles
    return profiles.decide(principal, vendor_id, False, body.reason)


@for_admins(bp, "/admin/vendors/{vendor_id}/bank-change/approve", methods=["POST"],
            tags=["admin"], summary="Approve a maker's new bank account: held payouts go to it",
            query=NoQuery, body=vs.OptionalReasonIn, response=vs.VendorProfileOut,
            errors=(400, 404, 409), path_params=VENDOR)
def approve_bank_change(vendor_id, query, body, principal):
    from chalicelib.vendors import banking, profiles
    return profiles.view(banking.decide(principal, vendor_id, True, body.reason))


@for_admins(bp, "/admin/vendors/{vendor_id}/bank-change/reject", methods=["POST"],
            tags=["admin"], summary="Reject a maker's new bank account, with the reason they will read",
            query=NoQuery, body=vs.ReasonIn, response=vs.VendorProfileOut,
            errors=(400, 404, 409), path_params=VENDOR)
def reject_bank_change(vendor_id, query, body, principal):
    from chalicelib.vendors import banking, profiles
    return profiles.view(banking.decide(principal, vendor_id, False, body.reason))


@for_admins(bp, "/admin/products", summary="Products by review state (default: pending_review)",
            tags=["admin"], query=es.AdminProductQuery, response=es.OwnerProductList,
            errors=(400,))
def products(query, principal):
    from chalicelib.catalog import editing
    return editing.admin_list(query.status, query.limit, query.cursor)


@for_admins(bp, "/admin/products/{product_id}/approve", methods=["POST"], tags=["admin"],
            summary="Approve a listing or a change to one", query=NoQuery,
            body=vs.OptionalReasonIn, response=es.OwnerProduct, errors=(400, 404, 409),
            path_params=PRODUCT)
def approve_product(product_id, query, body, principal):
    from chalicelib.catalog import editing
    return editing.admin_decide(principal, product_id, True, body.reason)


@for_admins(bp, "/admin/products/{product_id}/reject", methods=["POST"], tags=["admin"],
            summary="Reject a listing or a change to one, with the reason", query=NoQuery,
            body=vs.ReasonIn, response=es.OwnerProduct, errors=(400, 404, 409),
            path_params=PRODUCT)
def reject_product(product_id, query, body, principal):
    from chalicelib.catalog import editing
    return editing.admin_decide(principal, product_id, False, body.reason)


@for_admins(bp, "/admin/audit", summary="The audit trail of review decisions, newest first",
            tags=["admin"], query=vs.AuditQuery, response=vs.AuditList, errors=(400,))
def audit(query, principal):
    from chalicelib.vendors import profiles
    return profiles.audit_list(query.kind, query.entity_id, query.limit, query.cursor)
