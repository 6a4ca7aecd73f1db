"""Publish the storefront after `cdk deploy`: render the pages (frontend/index.html and
portal.html) for the deployed stage (API address, picture host, uploads bucket, Stripe
publishable key, CSP — `infra.site`), upload frontend/ to the stage's web bucket and
invalidate CloudFront's copy.

    python -m infra.cdk.publish --stage dev        (the last step of `make deploy`)

Reads the stack's outputs (ApiUrl, MediaBaseUrl, WebBucketName, WebDistributionId) and the
publishable key from the stage's secret, with the deployer's AWS credentials.
"""
from __future__ import annotations

import argparse
import json
import mimetypes
import sys
import time
from pathlib import Path

from infra.site import FRONTEND, PAGES, SiteConfig, render_page

# The pages and the service worker must be re-read by browsers; the rest may be cached
# by CloudFront and browsers for a day (file names do not carry hashes yet).
NO_CACHE = {*PAGES, "sw.js"}
SKIP = {".DS_Store"}
mimetypes.add_type("application/manifest+json", ".webmanifest")
mimetypes.add_type("image/svg+xml", ".svg")


def site_files(cfg: SiteConfig, frontend: Path = FRONTEND):
    """(key, bytes, content type, cache control) for every file the site serves."""
    for path in sorted(p for p in frontend.rglob("*") if p.is_file() and p.name not in SKIP):
        key = path.relative_to(frontend).as_posix()
        body = render_page(cfg, key, frontend).encode() if key in PAGES else path.read_bytes()
        ctype = mimetypes.guess_type(key)[0] or "application/octet-stream"
        if ctype.startswith("text/") or ctype in ("application/javascript", "application/json"):
            ctype += "; charset=utf-8"
        cache = "no-cache" if key in NO_CACHE else "public, max-age=86400"
        yield key, body, ctype, cache


def stack_outputs(cfn, stack_name: str) -> dict[str, str]:
    stack = cfn.describe_stacks(StackName=stack_name)["Stacks"][0]
    return {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])}


def uploads_url(s3, stage: str) -> str:
    """Where the API's presigned photo uploads point: asked of the same boto3 call the API
    makes (signing is local; no request is sent), so the portal's CSP names that origin."""
    from infra.resources import resources
    bucket = resources(stage).bucket("UploadsBucket").name
    return s3.generate_presigned_post(Bucket=bucket, Key="uploads/x")["url"]


def publish(stage: str, session=None) -> str:
    import boto3

    from infra.cdk.stack import secret_name
    session = session or boto3.session.Session()
    out = stack_outputs(session.client("cloudformation"), f"deogharmart-{stage}")
    secret = json.loads(session.client("secretsmanager").get_secret_value(
        SecretId=secret_name(stage))["SecretString"])
    s3 = session.client("s3")
    cfg = SiteConfig(api_url=out["ApiUrl"].rstrip("/"), media_base_url=out["MediaBaseUrl"],
                     stripe_publishable_key=secret["STRIPE_PUBLISHABLE_KEY"], stage=stage,
                     uploads_url=uploads_url(s3, stage))
    count = 0
    for key, body, ctype, cache in site_files(cfg):
        s3.put_object(Bucket=out["WebBucketName"], Key=key, Body=body, ContentType=ctype,
                      CacheControl=cache)
        count += 1
    session.client("cloudfront").create_invalidation(
        DistributionId=out["WebDistributionId"], InvalidationBatch={
            "Paths": {"Quantity": 1, "Items": ["/*"]}, "CallerReference": str(time.time())})
    print(f"published {count} files to s3://{out['WebBucketName']}; storefront at "
          f"{out.get('WebUrl', '(see the WebUrl output)')}")
    return out.get("WebUrl", "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stage", required=True, choices=["dev", "prod"])
    publish(parser.parse_args(argv).stage)
    return 0


if __name__ == "__main__":
    sys.exit(main())
