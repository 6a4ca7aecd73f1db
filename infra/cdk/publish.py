"""Publish the storefront after `cdk deploy`: upload frontend/ (scripts, styles, the portal
rendered for the stage: API address, picture host, uploads bucket, Stripe publishable key,
payment providers and Razorpay Checkout's address where the stage offers it, CSP —
`infra.site`) to the stage's web bucket; write the site settings the page publisher reads
(`_site/site.json`: the storefront's shell for this stage, its strings, its address); have
the stage's `publish_site` function render every shop page (chalicelib/pages); and
invalidate CloudFront's copy.

    python -m infra.cdk.publish --stage dev        (the last step of `make deploy`)

Reads the stack's outputs (ApiUrl, MediaBaseUrl, WebBucketName, WebDistributionId) and the
publishable key from the stage's secret, with the deployer's AWS credentials. With the stage's
own domain the outputs are its hosts, so the pages' settings, CSP and site.json follow
(docs/domain-and-waf.md).

In a trial stage (cdk.json `trial_mode`) a live Stripe key in the stage's secret stops it:

    python -m infra.cdk.publish --stage dev --check-keys    (`make deploy` runs it first)
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
# the shop's pages (home included) are rendered by the page publisher, not uploaded from here
SHELL_ONLY = {"index.html"}
mimetypes.add_type("application/manifest+json", ".webmanifest")
mimetypes.add_type("image/svg+xml", ".svg")


def site_files(cfg: SiteConfig, frontend: Path = FRONTEND):
    """(key, bytes, content type, cache control) for every file the site serves."""
    for path in sorted(p for p in frontend.rglob("*") if p.is_file() and p.name not in SKIP):
        key = path.relative_to(frontend).as_posix()
        if key in SHELL_ONLY:
            continue
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


def photos_url(s3, stage: str) -> str:
    """Where the API's links to complaints' photos point (a presigned GET of the private
    bucket, signed locally as the API signs them), so the pages' CSP names that origin."""
    from infra.resources import resources
    bucket = resources(stage).bucket("ReportsBucket").name
    return s3.generate_presigned_url("get_object", Params={"Bucket": bucket,
                                                           "Key": "complaints/x"})


def payment_providers(stage: str) -> tuple[str, ...]:
    """cdk.json's `payment_providers` of the stage, as its functions get them
    (PAYMENT_PROVIDERS, infra/cdk/stack.py); Stripe alone when unset."""
    from infra.cdk.app import stage_settings
    from infra.cdk.stack import payment_providers as of_stage
    return of_stage(stage_settings(stage))


def trial_mode(stage: str) -> bool:
    from infra.cdk.app import stage_settings
    return bool(stage_settings(stage).get("trial_mode"))


def stage_secret(session, stage: str) -> dict:
    """The stage's secret; in a trial stage, refused if it holds a live Stripe key."""
    from chalicelib.config import PAYMENT_KEYS, refuse_live_keys
    from infra.cdk.stack import secret_name
    secret = json.loads(session.client("secretsmanager").get_secret_value(
        SecretId=secret_name(stage))["SecretString"])
    refuse_live_keys(trial_mode(stage), {k: secret.get(k) for k in PAYMENT_KEYS})
    return secret


def publish(stage: str, session=None) -> str:
    import boto3

    session = session or boto3.session.Session()
    out = stack_outputs(session.client("cloudformation"), f"deogharmart-{stage}")
    secret = stage_secret(session, stage)
    s3 = session.client("s3")
    cfg = SiteConfig(api_url=out["ApiUrl"].rstrip("/"), media_base_url=out["MediaBaseUrl"],
                     stripe_publishable_key=secret.get("STRIPE_PUBLISHABLE_KEY", ""), stage=stage,
                     uploads_url=uploads_url(s3, stage), photos_url=photos_url(s3, stage),
                     trial=trial_mode(stage),
                     payment_providers=payment_providers(stage))
    count = 0
    for key, body, ctype, cache in site_files(cfg):
        s3.put_object(Bucket=out["WebBucketName"], Key=key, Body=body, ContentType=ctype,
                      CacheControl=cache)
        count += 1
    pages = publish_pages(session, stage, out, cfg)
    print(f"shop pages: {pages}")
    session.client("cloudfront").create_invalidation(
        DistributionId=out["WebDistributionId"], InvalidationBatch={
            "Paths": {"Quantity": 1, "Items": ["/*"]}, "CallerReference": str(time.time())})
    print(f"published {count} files to s3://{out['WebBucketName']}; storefront at "
          f"{out.get('WebUrl', '(see the WebUrl output)')}")
    return out.get("WebUrl", "")


def publish_pages(session, stage: str, out: dict, cfg: SiteConfig) -> dict:
    """Site settings into the bucket, then every page rendered by the stage's own function
    (its role may write the bucket; the deployer's machine needs no catalog access)."""
    from chalicelib.pages.text import SITE_KEY
    from infra.site import site_settings
    body = json.dumps(site_settings(cfg, out["WebUrl"]), ensure_ascii=False).encode()
    session.client("s3").put_object(Bucket=out["WebBucketName"], Key=SITE_KEY, Body=body,
                                    ContentType="application/json", CacheControl="no-cache")
    # a schedule's function: invoked with the event its schedule sends (tools/run_job.py)
    from tools.run_job import invoke
    return invoke(session, stage, "publish_site")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stage", required=True, choices=["dev", "prod"])
    parser.add_argument("--check-keys", action="store_true",
                        help="only check the stage's secret against its trial mode")
    args = parser.parse_args(argv)
    import boto3

    from chalicelib.config import ConfigError
    try:
        if args.check_keys:
            stage_secret(boto3.session.Session(), args.stage)
            print(f"stage {args.stage}: trial mode {'on' if trial_mode(args.stage) else 'off'}; "
                  "Stripe keys accepted")
        else:
            publish(args.stage)
    except ConfigError as e:
        print(f"refused: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
