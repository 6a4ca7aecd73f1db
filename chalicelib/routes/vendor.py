"""The upload API: a vendor (or a facilitator acting for one) manages its profile,
products, photos and bulk listings. Every id is checked against the caller."""
from __future__ import annotations

from typing import Optional

from chalice import Blueprint

from chalicelib.apimodel import ApiModel

from chalicelib.catalog import editing_schemas as es
from chalicelib.catalog.schemas import NoQuery
from chalicelib.auth import schemas as auth_schemas
from chalicelib.routes.auth import for_facilitators, for_makers
from chalicelib.vendors import schemas as vs

bp = Blueprint(__name__)
PRODUCT = {"product_id": "One of the acting vendor's product ids"}


def _vendor(principal, query):
    from chalicelib.vendors import access
    return access.acting_vendor(principal, query.vendor_id)


class VersionQuery(vs.ActingQuery):
    version: Optional[int] = None


@for_makers(bp, "/vendor/profile", summary="The acting vendor's own profile", tags=["vendor"],
            query=vs.ActingQuery, response=vs.VendorProfileOut, errors=(400, 404))
def get_profile(query, principal):
    from chalicelib.vendors import profiles
    return profiles.get_profile(principal, query.vendor_id)


@for_makers(bp, "/vendor/profile", methods=["PUT"], tags=["vendor"],
            summary="Create (first time, status pending) or update the vendor profile",
            query=VersionQuery, body=vs.VendorProfileIn, response=vs.VendorProfileOut,
            errors=(400, 404, 409))
def put_profile(query, body, principal):
    from chalicelib.vendors import profiles
    return profiles.put_profile(principal, query.vendor_id, body, query.version)


@for_makers(bp, "/vendor/products", summary="The acting vendor's products, every status",
            tags=["vendor"], query=es.OwnerProductQuery, response=es.OwnerProductList,
            errors=(400, 404))
def list_products(query, principal):
    from chalicelib.catalog import editing
    return editing.list_own(_vendor(principal, query), query.status, query.limit, query.cursor)


@for_makers(bp, "/vendor/products", methods=["POST"], summary="Create a product (a draft)",
            tags=["vendor"], query=vs.ActingQuery, body=es.ProductIn, response=es.OwnerProduct,
            errors=(400, 404))
def create_product(query, body, principal):
    from chalicelib.catalog import editing
    return editing.create(_vendor(principal, query), body)


@for_makers(bp, "/vendor/products/{product_id}", summary="One of the vendor's products",
            tags=["vendor"], query=vs.ActingQuery, response=es.OwnerProduct, errors=(400, 404),
            path_params=PRODUCT)
def get_product(product_id, query, principal):
    from chalicelib.catalog import editing
    return editing.owner_view(editing.get_own(_vendor(principal, query), product_id))


@for_makers(bp, "/vendor/products/{product_id}", methods=["PATCH"], tags=["vendor"],
            summary="Change a product: price and stock at once, content through review",
            query=vs.ActingQuery, body=es.ProductPatch, response=es.OwnerProduct,
            errors=(400, 404, 409), path_params=PRODUCT)
def patch_product(product_id, query, body, principal):
    from chalicelib.catalog import editing
    return editing.patch(_vendor(principal, query), product_id, body)


@for_makers(bp, "/vendor/products/{product_id}", methods=["DELETE"], tags=["vendor"],
            summary="Archive a product (it leaves the shop; its history stays)",
            query=VersionQuery, response=es.OwnerProduct, errors=(400, 404, 409),
            path_params=PRODUCT)
def archive_product(product_id, query, principal):
    from chalicelib.catalog import editing
    return editing.archive(_vendor(principal, query), product_id, query.version)


@for_makers(bp, "/vendor/products/{product_id}/submit", methods=["POST"], tags=["vendor"],
            summary="Send a draft or rejected product (or a rejected change) for review",
            query=VersionQuery, response=es.OwnerProduct, errors=(400, 404, 409),
            path_params=PRODUCT)
def submit_product(product_id, query, principal):
    from chalicelib.catalog import editing
    return editing.submit(_vendor(principal, query), product_id, query.version)


@for_makers(bp, "/vendor/products/{product_id}/images", methods=["POST"], tags=["vendor"],
            summary="A presigned S3 POST for one photo (jpeg/png/webp, at most 5 MB)",
            query=vs.ActingQuery, body=es.UploadIn, response=es.UploadOut,
            errors=(400, 404, 409), path_params=PRODUCT)
def image_upload(product_id, query, body, principal):
    from chalicelib.media import uploads
    return uploads.presign(_vendor(principal, query), product_id, body.content_type)


class ImportQuery(vs.ActingQuery):
    row_offset: int = 0


class ImportReport(ApiModel):
    created: list[str]
    unchanged: list[str]
    errors: list[dict]
    rows: int


@for_makers(bp, "/vendor/imports", methods=["POST"], tags=["vendor"],
            summary="Bulk listing: a UTF-8 CSV, one row per variant; a per-row report back",
            query=ImportQuery, response=ImportReport, raw_body="text/csv",
            errors=(400, 404),
            content_types=["text/csv", "text/plain", "application/octet-stream"])
def import_products(query, raw, principal):
    from chalicelib.catalog import importing
    return importing.import_csv(_vendor(principal, query), raw, query.row_offset)


@for_facilitators(bp, "/facilitator/vendors", methods=["POST"], tags=["facilitator"],
                  summary="Onboard a maker (status pending) with the maker's consent recorded",
                  query=NoQuery, body=vs.OnboardIn, response=vs.VendorProfileOut,
                  errors=(400,))
def onboard(query, body, principal):
    from chalicelib.vendors import profiles
    return profiles.onboard(principal, body.profile, body.consent)


@for_facilitators(bp, "/facilitator/vendors", summary="The makers this facilitator acts for",
                  tags=["facilitator"], query=NoQuery, response=vs.VendorProfileList)
def managed(query, principal):
    from chalicelib.vendors import profiles
    return profiles.managed(principal)


@for_facilitators(bp, "/facilitator/vendors/{vendor_id}/password-reset", methods=["POST"],
                  tags=["facilitator"], summary="Start 'forgot password' for a maker you look "
                  "after: Cognito e-mails the code to the maker", query=NoQuery,
                  response=auth_schemas.CodeSent, errors=(404, 409, 429),
                  path_params={"vendor_id": "Vendor id"})
def maker_password_reset(vendor_id, query, principal):
    from chalicelib.auth import recovery
    return recovery.reset_for_maker(principal, vendor_id)
