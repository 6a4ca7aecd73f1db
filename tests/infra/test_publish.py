"""What the last step of `make deploy` uploads: every file of frontend/ but index.html (the
shop's pages, the home page included, are rendered by the page publisher from the site
settings written next to them), the portal rendered for the deployed stage (the AWS calls
themselves need an account)."""
from __future__ import annotations

import json

from infra.cdk.publish import site_files
from infra.site import FRONTEND, SiteConfig, site_settings

CFG = SiteConfig(api_url="https://abc123.execute-api.ap-south-1.amazonaws.com/api",
                 media_base_url="https://d111.cloudfront.net",
                 stripe_publishable_key="pk_test_123", stage="dev")


def test_every_frontend_file_is_published_with_the_portal_rendered():
    files = {key: (body, ctype, cache) for key, body, ctype, cache in site_files(CFG)}
    expected = {p.relative_to(FRONTEND).as_posix() for p in FRONTEND.rglob("*") if p.is_file()}
    assert set(files) == expected - {"index.html"}
    portal, ctype, cache = files["portal.html"]
    assert ctype == "text/html; charset=utf-8" and cache == "no-cache"
    assert "abc123.execute-api.ap-south-1.amazonaws.com" in portal.decode()
    assert files["js/boot.js"][1].startswith(("application/javascript", "text/javascript"))
    assert files["manifest.webmanifest"][1] == "application/manifest+json"
    assert files["sw.js"][2] == "no-cache"


def test_site_settings_carry_the_stage_shell_and_the_shops_strings():
    site = json.loads(json.dumps(site_settings(CFG, "https://deogharmart.in/")))
    assert site["base_url"] == "https://deogharmart.in"
    shell = site["shell"]
    assert "abc123.execute-api.ap-south-1.amazonaws.com" in shell   # settings and CSP
    assert "pk_test_123" in shell and '<script src="/js/boot.js">' not in shell   # inlined
    assert shell.count('<main id="main">') == 1
    assert site["strings"]["addToCart"] == ["Add to cart", "कार्ट में डालें"]
    assert site["blocks"]["Mohanpur"] == "मोहनपुर"
