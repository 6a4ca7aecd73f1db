"""The storefront's index.html as a deployment renders it (infra/site.py)."""
from __future__ import annotations

import base64
import hashlib
import html
import json
import re

import pytest

from infra.site import SiteConfig, render_index

CFG = SiteConfig(api_url="https://api.deogharmart.in/v1", media_base_url="https://media.deogharmart.in",
                 stripe_publishable_key="pk_live_x", stage="prod")


def parts(page: str):
    csp = html.unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page)[1])
    settings = json.loads(html.unescape(re.search(r'<meta name="dm-config" content="([^"]*)"', page)[1]))
    scripts = re.findall(r"<script>(.*?)</script>", page, re.S)
    return dict(d.split(" ", 1) for d in csp.split("; ")), settings, scripts


def test_settings_policy_and_inline_boot_script():
    page = render_index(CFG)
    csp, settings, scripts = parts(page)
    assert settings == {"apiUrl": "https://api.deogharmart.in/v1", "mediaBaseUrl": "https://media.deogharmart.in",
                        "stripePublishableKey": "pk_live_x", "stripeJsUrl": "https://js.stripe.com/v3/",
                        "stage": "prod"}
    assert len(scripts) == 1 and "DM.early" in scripts[0] and 'src="js/boot.js"' not in page
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
    assert csp["script-src"] == f"'self' 'sha256-{digest}' https://js.stripe.com"
    assert csp["connect-src"] == "'self' https://api.deogharmart.in https://api.stripe.com"
    assert csp["img-src"] == "'self' data: https://media.deogharmart.in"
    assert csp["object-src"] == "'none'" and "unsafe-inline" not in csp["script-src"]


def test_local_stand_ins():
    env = {"API_URL": "http://127.0.0.1:8000", "MEDIA_BASE_URL": "http://127.0.0.1:5500/dm-local-media",
           "STRIPE_API_BASE": "http://127.0.0.1:8420/", "STRIPE_PUBLISHABLE_KEY": "pk_test_x"}
    csp, settings, _ = parts(render_index(SiteConfig.from_env(env)))
    assert settings["stripeJsUrl"] == "http://127.0.0.1:8420/js.stripe.com/v3/"
    assert csp["frame-src"].startswith("http://127.0.0.1:8420 ")
    assert csp["connect-src"] == "'self' http://127.0.0.1:8000 http://127.0.0.1:8420"


@pytest.mark.parametrize("field, value", [("api_url", ""), ("media_base_url", "javascript:alert(1)"),
                                          ("api_url", "api.deogharmart.in")])
def test_a_missing_or_bad_address_is_refused(field, value):
    with pytest.raises(ValueError, match=field):
        render_index(SiteConfig(**{**CFG.__dict__, field: value}))


def test_settings_cannot_break_out_of_the_attribute():
    page = render_index(SiteConfig(**{**CFG.__dict__, "stripe_publishable_key": 'pk"><script>x()</script>'}))
    _, settings, scripts = parts(page)
    assert settings["stripePublishableKey"] == 'pk"><script>x()</script>' and len(scripts) == 1
