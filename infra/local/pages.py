"""The shop's pages on the local stack: the site settings (the storefront's shell for this
stack, its strings, its address) into the local web bucket, then every page rendered by the
same publisher the cloud runs (chalicelib/pages). The stack does it on start and after
seeding; `make publish` does it again after a template or string change.

    python -m infra.local.pages        (the stack's environment: see `make publish`)
"""
from __future__ import annotations

import json
import os
import sys
import time

from infra.site import SiteConfig, site_settings


def put_site(env=os.environ) -> None:
    import boto3
    from chalicelib.pages.text import SITE_KEY
    body = json.dumps(site_settings(SiteConfig.from_env(env), env["SITE_URL"]), ensure_ascii=False)
    boto3.client("s3").put_object(Bucket=env["WEB_BUCKET"], Key=SITE_KEY, Body=body.encode(),
                                  ContentType="application/json", CacheControl="no-cache")


def publish() -> dict:
    from chalicelib import config
    from chalicelib.pages import publisher
    put_site()
    config.reset()
    return publisher.rebuild()


def main() -> int:
    started = time.monotonic()
    figures = publish()
    print(f"pages published in {time.monotonic() - started:.1f} s: "
          + ", ".join(f"{k} {v}" for k, v in sorted(figures.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
