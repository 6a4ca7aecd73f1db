"""The storefront's index.html as a deployment renders it (infra/site.py)."""
from __future__ import annotations

import base64
import hashlib
import html
import json
import re

import pytest

from infra.site import SiteConfig, i18n_strings, render_index, render_page, site_settings

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
                        "stage": "prod", "trial": False, "paymentProviders": ["stripe"],
                        "razorpayCheckoutUrl": ""}
    assert 'data-testid="trial-banner"' not in page and "dm-trial" not in page
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


# --- Razorpay Checkout, only on a stage that offers it (PAYMENT_PROVIDERS) ---------------

LOCAL = {"API_URL": "http://127.0.0.1:8000", "MEDIA_BASE_URL": "http://127.0.0.1:5500/dm-local-media",
         "STRIPE_API_BASE": "http://127.0.0.1:8420", "STRIPE_PUBLISHABLE_KEY": "pk_test_x"}
RAZORPAY_ORIGINS = ("razorpay.com", "127.0.0.1:8440")


@pytest.mark.parametrize("providers", [None, "stripe", " Stripe ", ""])
def test_without_razorpay_the_page_and_its_policy_name_none_of_it(providers):
    env = {**LOCAL, "RAZORPAY_API_BASE": "http://127.0.0.1:8440"}
    if providers is not None:
        env["PAYMENT_PROVIDERS"] = providers
    cfg = SiteConfig.from_env(env)
    before = SiteConfig.from_env(LOCAL)      # a stage as it was before issue 18
    for name in ("index.html", "portal.html"):
        page = render_page(cfg, name)
        assert page == render_page(before, name)
        assert not any(o in page for o in RAZORPAY_ORIGINS), name
    csp, settings, _ = parts(render_index(cfg))
    assert settings["paymentProviders"] == ["stripe"] and settings["razorpayCheckoutUrl"] == ""
    assert csp["script-src"].endswith(" http://127.0.0.1:8420")
    assert csp["connect-src"] == "'self' http://127.0.0.1:8000 http://127.0.0.1:8420"
    assert csp["frame-src"] == "http://127.0.0.1:8420 https://hooks.stripe.com"


def test_the_local_stand_in_serves_checkout_and_is_named_in_the_policy():
    env = {**LOCAL, "PAYMENT_PROVIDERS": "razorpay,stripe", "RAZORPAY_API_BASE": "http://127.0.0.1:8440/"}
    for name in ("index.html", "portal.html"):
        csp, settings, _ = parts(render_page(SiteConfig.from_env(env), name))
        assert settings["paymentProviders"] == ["razorpay", "stripe"]
        assert settings["razorpayCheckoutUrl"] == "http://127.0.0.1:8440/v1/checkout.js"
        assert csp["script-src"].endswith(" http://127.0.0.1:8420 http://127.0.0.1:8440")
        assert csp["connect-src"] == "'self' http://127.0.0.1:8000 http://127.0.0.1:8420 http://127.0.0.1:8440"
        assert csp["frame-src"] == "http://127.0.0.1:8420 https://hooks.stripe.com http://127.0.0.1:8440"
        assert "lumberjack" not in " ".join(csp.values())


def test_the_cloud_names_razorpays_own_hosts():
    cfg = SiteConfig(**{**CFG.__dict__, "payment_providers": ("razorpay", "stripe")})
    page = render_index(cfg)
    csp, settings, scripts = parts(page)
    assert settings["razorpayCheckoutUrl"] == "https://checkout.razorpay.com/v1/checkout.js"
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
    assert csp["script-src"] == f"'self' 'sha256-{digest}' https://js.stripe.com https://checkout.razorpay.com"
    assert csp["connect-src"] == ("'self' https://api.deogharmart.in https://api.stripe.com "
                                  "https://api.razorpay.com https://lumberjack.razorpay.com")
    assert csp["frame-src"] == "https://js.stripe.com https://hooks.stripe.com https://api.razorpay.com"
    # the rest of the policy is the page's as before
    off = parts(render_index(CFG))[0]
    assert {k: v for k, v in csp.items() if k not in ("script-src", "connect-src", "frame-src")} == \
        {k: v for k, v in off.items() if k not in ("script-src", "connect-src", "frame-src")}
    # a stage with Razorpay alone
    alone = parts(render_index(SiteConfig(**{**CFG.__dict__, "payment_providers": ("razorpay",)})))[1]
    assert alone["paymentProviders"] == ["razorpay"] and alone["razorpayCheckoutUrl"].startswith("https://checkout.")


def test_the_cloud_deploy_passes_the_stages_payment_providers(monkeypatch):
    from infra.cdk import app, publish
    settings = {"payment_providers": ["razorpay", "stripe"]}
    monkeypatch.setattr(app, "stage_settings", lambda stage, extra=None: settings)
    assert publish.payment_providers("dev") == ("razorpay", "stripe")
    settings["payment_providers"] = ["paypal"]
    with pytest.raises(ValueError, match="payment_providers"):
        publish.payment_providers("dev")
    settings.clear()
    assert publish.payment_providers("prod") == ("stripe",)


# --- the portal page (portal.html) and the uploads bucket --------------------------------

UPLOADS = "https://deogharmart-prod-uploads.s3.amazonaws.com/"


def test_the_portal_is_rendered_like_the_storefront_with_its_own_boot_script():
    from infra.site import render_page
    page = render_page(SiteConfig(**{**CFG.__dict__, "uploads_url": UPLOADS}), "portal.html")
    csp, settings, scripts = parts(page)
    assert settings["apiUrl"] == "https://api.deogharmart.in/v1"
    assert len(scripts) == 1 and 'src="portal/boot.js"' not in page
    assert "DM.config = CFG" in scripts[0] and "fetch(" not in scripts[0]   # asks the API nothing
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
    assert f"'sha256-{digest}'" in csp["script-src"] and "unsafe-inline" not in csp["script-src"]
    # photos are posted straight to the uploads bucket
    assert csp["connect-src"] == ("'self' https://api.deogharmart.in https://api.stripe.com "
                                  "https://deogharmart-prod-uploads.s3.amazonaws.com")
    assert '<html lang="hi">' in page


def test_uploads_origin_comes_from_the_environment():
    from infra.site import render_page
    env = {"API_URL": "http://127.0.0.1:8000", "MEDIA_BASE_URL": "http://127.0.0.1:5500/dm-local-media",
           "UPLOADS_URL": "http://127.0.0.1:5500"}
    csp, _, _ = parts(render_page(SiteConfig.from_env(env), "portal.html"))
    assert csp["connect-src"] == "'self' http://127.0.0.1:8000 https://api.stripe.com http://127.0.0.1:5500"
    with pytest.raises(ValueError, match="uploads_url"):
        render_page(SiteConfig.from_env({**env, "UPLOADS_URL": "javascript:x"}), "portal.html")


def test_the_local_stack_and_the_cloud_deploy_name_the_uploads_origin():
    import boto3

    from infra.cdk.publish import photos_url, site_files, uploads_url
    from infra.local.env import Ports, stack_env
    assert stack_env(Ports(aws=5599))["UPLOADS_URL"] == "http://127.0.0.1:5599"
    s3 = boto3.client("s3", region_name="ap-south-1", aws_access_key_id="x", aws_secret_access_key="y")
    url = uploads_url(s3, "prod")       # signed locally, as the API signs its presigned POSTs
    assert url.startswith("https://deogharmart-prod-uploads.s3.")
    cfg = SiteConfig(**{**CFG.__dict__, "uploads_url": url})
    files = {key: (body, cache) for key, body, _, cache in site_files(cfg)}
    body, cache = files["portal.html"]
    assert b'content="{}"' not in body and cache == "no-cache"
    assert url.rstrip("/").encode() in files["portal.html"][0]
    shell = site_settings(cfg, "https://shop.test.in")["shell"]   # the shop's pages' shell
    assert 'content="{}"' not in shell and "index.html" not in files
    # complaints' photos: expiring links to the private bucket, which the pages may show
    assert stack_env(Ports(aws=5599))["PHOTOS_URL"] == "http://127.0.0.1:5599"
    photos = photos_url(s3, "prod")
    assert photos.startswith("https://deogharmart-prod-reports.s3.")
    cfg = SiteConfig(**{**CFG.__dict__, "photos_url": photos})
    origin_ = photos.split("/complaints/")[0]
    for name in ("portal.html",):
        page = dict((k, b) for k, b, _, _ in site_files(cfg))[name].decode()
        img_src = page.split("img-src", 1)[1].split(";", 1)[0]
        assert origin_ in img_src, img_src
    assert origin_ in site_settings(cfg, "https://shop.test.in")["shell"].split("img-src", 1)[1]


def test_the_portal_csv_template_is_the_importers_own():
    from chalicelib.catalog.csv_import import template_csv
    from infra.site import FRONTEND
    assert (FRONTEND / "portal" / "products-template.csv").read_bytes() == template_csv().encode("utf-8")


# Codes only shoppers, webhooks and the office's figures/reports meet; and one that never
# leaves the authorizer (API Gateway answers "unauthorized" instead).
NOT_THE_PORTALS = {"invalid_price_range", "query_too_short", "invalid_sort", "invalid_cursor",
                   "unknown_vendor", "unknown_product", "unknown_variant", "not_payable",
                   "order_not_found", "order_not_possible", "order_changed", "not_cancellable",
                   "cod_not_available", "invalid_payment_method", "release_failed",
                   "out_of_stock", "card_declined", "payment_unavailable",
                   "unprocessable", "bad_signature", "unknown_status", "in_progress",
                   "invalid_date_range", "invalid_report_kind", "invalid_report_id",
                   "report_not_found", "invalid_token", "service_not_possible"}
GATEWAY = {"unauthorized", "forbidden", "not_found", "throttled", "bad_request", "internal_error"}


def test_every_error_the_portal_can_meet_is_a_sentence_in_both_languages():
    from infra.site import FRONTEND
    root = FRONTEND.parent / "chalicelib"
    source = "\n".join(f.read_text(encoding="utf-8") for f in root.rglob("*.py"))
    codes = set(re.findall(r'\bcode\s*=\s*"([a-z_]+)"', source)) | GATEWAY
    assert {"version_conflict", "image_required", "weak_password", "not_packable"} <= codes
    # the shop's on-demand modules carry their own sentences (js/feedback.js: the buyer's)
    files = [*sorted((FRONTEND / "js").glob("*.js")), *sorted((FRONTEND / "portal").glob("*.js"))]
    strings = "\n".join(f.read_text(encoding="utf-8") for f in files)
    sentences = {code: (en, hi) for code, en, hi in
                 re.findall(r'\be_([a-z0-9_]+): \["([^"]+)", "([^"]+)"\]', strings)}
    missing = sorted(codes - NOT_THE_PORTALS - set(sentences))
    assert not missing, f"add e_<code> strings for {missing} (frontend/portal/strings.js)"
    assert all(re.search("[\u0900-\u097f]", hi) for _, hi in sentences.values())


def test_trial_mode_puts_the_banner_at_the_top_of_the_shop_and_the_portal():
    cfg = SiteConfig(**{**CFG.__dict__, "stripe_publishable_key": "pk_test_x", "trial": True})
    strings = i18n_strings()[0]
    for name, key in (("index.html", "trial"), ("portal.html", "portalTrial")):
        page = render_page(cfg, name)
        assert parts(page)[1]["trial"] is True
        banner = re.search(r'<div class="trial" id="trial" role="status" data-testid="trial-banner">'
                           rf'<span data-i18n="{key}">([^<]+)</span></div>', page)
        assert banner, name
        # right after the skip link, before the header: the first thing read and seen
        assert page.index('id="skip"') < banner.start() < page.index('<header class="top">')
        assert "ट्रायल" in banner[1]
    assert strings["trial"][0].startswith("Trial run") and "ट्रायल" in strings["trial"][1]
    shell = site_settings(cfg, "https://deogharmart.in")["shell"]    # the pre-rendered pages' shell
    assert shell.count('data-testid="trial-banner"') == 1


def test_trial_mode_comes_from_the_environment():
    assert SiteConfig.from_env({"TRIAL_MODE": "true"}).trial is True
    assert SiteConfig.from_env({"TRIAL_MODE": "false"}).trial is False
    assert SiteConfig.from_env({}).trial is False
