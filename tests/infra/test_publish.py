"""What the last step of `make deploy` uploads: every file of frontend/ but index.html (the
shop's pages, the home page included, are rendered by the page publisher from the site
settings written next to them), the portal rendered for the deployed stage (the AWS calls
themselves need an account)."""
from __future__ import annotations

import json

import boto3
import pytest
from moto import mock_aws

from chalicelib.config import ConfigError
from infra.cdk.publish import site_files, stage_secret, trial_mode
from infra.cdk.stack import secret_name
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


@pytest.mark.parametrize("stage, refused", [("dev", True), ("prod", False)])
def test_a_trial_stage_refuses_a_live_key_in_its_secret(monkeypatch, stage, refused):
    """`make deploy` checks the stage's secret before anything is built (--check-keys), and
    the publish step reads it the same way; dev is the trial stage (cdk.json)."""
    assert trial_mode(stage) is refused
    for name, value in (("AWS_ACCESS_KEY_ID", "testing"), ("AWS_SECRET_ACCESS_KEY", "testing"),
                        ("AWS_DEFAULT_REGION", "ap-south-1")):
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    with mock_aws():
        session = boto3.session.Session(region_name="ap-south-1")
        session.client("secretsmanager").create_secret(Name=secret_name(stage), SecretString=json.dumps(
            {"STRIPE_SECRET_KEY": "sk_test_1", "STRIPE_PUBLISHABLE_KEY": "pk_live_1"}))
        if refused:
            with pytest.raises(ConfigError, match="STRIPE_PUBLISHABLE_KEY is a live key"):
                stage_secret(session, stage)
        else:
            assert stage_secret(session, stage)["STRIPE_PUBLISHABLE_KEY"] == "pk_live_1"
