"""What the last step of `make deploy` uploads: every file of frontend/, with index.html
rendered for the deployed stage (the AWS calls themselves need an account)."""
from __future__ import annotations

from infra.cdk.publish import site_files
from infra.site import FRONTEND, SiteConfig

CFG = SiteConfig(api_url="https://abc123.execute-api.ap-south-1.amazonaws.com/api",
                 media_base_url="https://d111.cloudfront.net",
                 stripe_publishable_key="pk_test_123", stage="dev")


def test_every_frontend_file_is_published_with_index_rendered():
    files = {key: (body, ctype, cache) for key, body, ctype, cache in site_files(CFG)}
    expected = {p.relative_to(FRONTEND).as_posix() for p in FRONTEND.rglob("*") if p.is_file()}
    assert set(files) == expected
    index, ctype, cache = files["index.html"]
    assert ctype == "text/html; charset=utf-8" and cache == "no-cache"
    text = index.decode()
    assert "abc123.execute-api.ap-south-1.amazonaws.com" in text   # settings and CSP
    assert "pk_test_123" in text and '<script src="js/boot.js">' not in text
    assert files["js/boot.js"][1].startswith(("application/javascript", "text/javascript"))
    assert files["manifest.webmanifest"][1] == "application/manifest+json"
    assert files["sw.js"][2] == "no-cache"
