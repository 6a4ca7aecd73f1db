"""The site's pages as a deployment serves them: the storefront (index.html) and the portal
for makers, officials and the district office (portal.html).

Each page in `PAGES` is a template. Rendering it for a deployment (the local static server
does it on start; the cloud deploy does it before uploading to S3):
  - puts the site's settings (API address, picture host, Stripe key and Stripe.js address,
    the payment providers and, where Razorpay is on, its Checkout script's address)
    into `<meta name="dm-config">`, so no address is hard-coded and no extra request is made;
  - inlines the page's first script (the storefront's `js/boot.js` starts the page's API
    requests one round trip sooner than a separate script could, which on a 400 ms link is
    what keeps LCP under 2.5 s; the portal's `portal/boot.js` only reads the settings);
  - writes a Content Security Policy naming exactly those origins (and the uploads bucket,
    which the portal posts photos to), with the inline script allowed by its SHA-256 hash
    (never 'unsafe-inline' for scripts);
  - in trial mode (the district's trial run before the launch), puts the bilingual trial banner
    at the top of the page (its text from the page's strings; the browser switches language).

`SECURITY_HEADERS` are the headers CloudFront adds to every answer (infra/cdk/web.py); the local
static server sends the same ones, and a test holds the two to each other.
"""
from __future__ import annotations

import base64
import hashlib
import html
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from chalicelib.config import parse_providers

FRONTEND = Path(__file__).resolve().parents[1] / "frontend"
PAGES = {"index.html": "js/boot.js", "portal.html": "portal/boot.js"}  # page -> script inlined
CONFIG_TAG = '<meta name="dm-config" content="{}">'
CSP_PREFIX = '<meta http-equiv="Content-Security-Policy" content="'
STRIPE_JS = "https://js.stripe.com/v3/"
STRIPE_API = "https://api.stripe.com"
RAZORPAY_CHECKOUT = "https://checkout.razorpay.com/v1/checkout.js"
RAZORPAY_API = "https://api.razorpay.com"
RAZORPAY_LOGS = "https://lumberjack.razorpay.com"   # Checkout's own reporting (Razorpay's CSP docs)
TRIAL_TAG = "<!--dm-trial-->"
# page -> (strings file, key) of its trial banner's text
TRIAL_TEXT = {"index.html": ("js/i18n.js", "trial"), "portal.html": ("portal/strings.js", "portalTrial")}
SECURITY_HEADERS = {
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    # the pages' own policy is a meta tag, which cannot say frame-ancestors
    "Content-Security-Policy": "frame-ancestors 'none'",
}


@dataclass(frozen=True)
class SiteConfig:
    api_url: str
    media_base_url: str
    stripe_publishable_key: str
    stripe_js_url: str = STRIPE_JS
    stripe_api_base: str = STRIPE_API
    stage: str = "local"
    uploads_url: str = ""     # where presigned photo uploads go (the portal posts there)
    photos_url: str = ""      # where complaints' photos are shown from (presigned GETs of the
                              # private bucket: the order page, the portal and the desk)
    trial: bool = False       # the trial run: a banner on every page (TRIAL_MODE)
    payment_providers: tuple[str, ...] = ("stripe",)   # PAYMENT_PROVIDERS, in display order
    razorpay_api_base: str = ""   # a stand-in's address (RAZORPAY_API_BASE); "" is Razorpay's own

    @property
    def razorpay(self) -> bool:
        return "razorpay" in self.payment_providers

    @property
    def razorpay_checkout_url(self) -> str:
        """Where the storefront loads Razorpay Checkout from; "" where Razorpay is off."""
        if not self.razorpay:
            return ""
        return f"{self.razorpay_api_base}/v1/checkout.js" if self.razorpay_api_base else RAZORPAY_CHECKOUT

    @classmethod
    def from_env(cls, env=os.environ) -> "SiteConfig":
        """API_URL, MEDIA_BASE_URL, STRIPE_PUBLISHABLE_KEY, STAGE, UPLOADS_URL, TRIAL_MODE,
        PAYMENT_PROVIDERS; STRIPE_API_BASE and RAZORPAY_API_BASE only when Stripe or Razorpay
        is a stand-in (each serves its own browser script)."""
        stripe_base = env.get("STRIPE_API_BASE", "").rstrip("/")
        return cls(api_url=env.get("API_URL", ""), media_base_url=env.get("MEDIA_BASE_URL", ""),
                   stripe_publishable_key=env.get("STRIPE_PUBLISHABLE_KEY", ""),
                   stripe_js_url=f"{stripe_base}/js.stripe.com/v3/" if stripe_base else STRIPE_JS,
                   stripe_api_base=stripe_base or STRIPE_API, stage=env.get("STAGE", "local"),
                   uploads_url=env.get("UPLOADS_URL", ""),
                   photos_url=env.get("PHOTOS_URL", ""),
                   trial=env.get("TRIAL_MODE", "").strip().lower() in ("1", "true", "yes"),
                   payment_providers=parse_providers(env.get("PAYMENT_PROVIDERS")),
                   razorpay_api_base=env.get("RAZORPAY_API_BASE", "").rstrip("/"))

    def browser_settings(self) -> dict:
        """What the page's scripts read (DM.config)."""
        return {"apiUrl": self.api_url, "mediaBaseUrl": self.media_base_url,
                "stripePublishableKey": self.stripe_publishable_key,
                "stripeJsUrl": self.stripe_js_url, "stage": self.stage, "trial": self.trial,
                "paymentProviders": list(self.payment_providers),
                "razorpayCheckoutUrl": self.razorpay_checkout_url}


def origin(url: str, name: str = "address") -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"{name} must be an http(s) address, got {url!r}")
    return f"{parts.scheme}://{parts.netloc}"


def script_hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode() + "'"


def policy(cfg: SiteConfig, inline_scripts: list[str]) -> str:
    """Only this site, its API, its picture host, its uploads bucket, its private photos'
    bucket (complaints' photos, by expiring links), Stripe and (where the stage offers it)
    Razorpay; nothing inline but the scripts given (by hash). frame-ancestors
    cannot be set from a meta tag: the CDN sets it."""
    api, media, stripe_js, stripe_api = (origin(getattr(cfg, f), f) for f in (
        "api_url", "media_base_url", "stripe_js_url", "stripe_api_base"))
    uploads = origin(cfg.uploads_url, "uploads_url") if cfg.uploads_url else ""
    photos = origin(cfg.photos_url, "photos_url") if cfg.photos_url else ""
    hashes = " ".join(script_hash(s) for s in inline_scripts)
    # Razorpay Checkout: its script, the payment window (a frame of its API's origin) and the
    # calls it makes; a stand-in serves all three from its own origin
    rzp_js = rzp_api = rzp_logs = ""
    if cfg.razorpay:
        rzp_js = origin(cfg.razorpay_checkout_url, "razorpay_checkout_url")
        rzp_api = origin(cfg.razorpay_api_base or RAZORPAY_API, "razorpay_api_base")
        rzp_logs = "" if cfg.razorpay_api_base else RAZORPAY_LOGS
    directives = {
        "default-src": "'self'",
        "script-src": f"'self' {hashes} {stripe_js} {rzp_js}",
        "connect-src": f"'self' {api} {stripe_api} {uploads} {rzp_api} {rzp_logs}",
        "img-src": f"'self' data: {media} {photos}",
        # Stripe.js puts the card field in its own frames (hooks.stripe.com: 3-D Secure)
        "frame-src": f"{stripe_js} https://hooks.stripe.com {rzp_api}",
        "style-src": "'self' 'unsafe-inline'",    # Stripe.js and element style attributes
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
    }
    return "; ".join(f"{k} {' '.join(dict.fromkeys(v.split()))}" for k, v in directives.items())


def render_index(cfg: SiteConfig, frontend: Path = FRONTEND) -> str:
    return render_page(cfg, "index.html", frontend)


def render_page(cfg: SiteConfig, name: str, frontend: Path = FRONTEND) -> str:
    """One of `PAGES` rendered for the deployment `cfg`."""
    boot_src = PAGES[name]
    page = (frontend / name).read_text(encoding="utf-8")
    # the storefront names its files from the site's root (its pages live at /p/…, /en/…)
    boot_tag = next((tag for tag in (f'<script src="/{boot_src}"></script>',
                                     f'<script src="{boot_src}"></script>') if tag in page), "")
    boot = (frontend / boot_src).read_text(encoding="utf-8")
    for tag in (boot_tag, CONFIG_TAG, CSP_PREFIX, TRIAL_TAG):
        if page.count(tag) != 1:
            raise ValueError(f"frontend/{name} must contain {tag!r} exactly once")
    page = page.replace(TRIAL_TAG, trial_banner(name, frontend) if cfg.trial else "")
    settings = _attr(json.dumps(cfg.browser_settings(), separators=(",", ":")))
    page = page.replace(CONFIG_TAG, f'<meta name="dm-config" content="{settings}">')
    if "</script" in boot.lower():
        raise ValueError(f"{boot_src} cannot be inlined: it contains </script")
    page = page.replace(boot_tag, f"<script>{boot}</script>")
    start = page.index(CSP_PREFIX) + len(CSP_PREFIX)
    end = page.index('"', start)
    return page[:start] + _attr(policy(cfg, [boot])) + page[end:]


def _attr(value: str) -> str:
    """Text for a double-quoted attribute (a policy's single quotes stay readable)."""
    return html.escape(value, quote=False).replace('"', "&quot;")


def trial_banner(name: str, frontend: Path = FRONTEND) -> str:
    """The trial run's banner (Hindi first, like the page; the scripts switch its language)."""
    path, key = TRIAL_TEXT[name]
    hindi = _strings((frontend / path).read_text(encoding="utf-8"))[key][1]
    return (f'<div class="trial" id="trial" role="status" data-testid="trial-banner">'
            f'<span data-i18n="{key}">{html.escape(hindi)}</span></div>')


def _strings(source: str) -> dict[str, list[str]]:
    """`key: ["English", "Hindi"],` lines of a strings file."""
    return {m.group(1): json.loads(m.group(2)) for m in
            re.finditer(r'^\s*(\w+): (\["(?:[^"\\]|\\.)*", "(?:[^"\\]|\\.)*"\]),?$', source, re.M)}


def i18n_strings(frontend: Path = FRONTEND) -> tuple[dict[str, list[str]], dict[str, str]]:
    """The shop's strings ({key: [English, Hindi]}) and block names (English -> Hindi) as
    frontend/js/i18n.js holds them: the pre-rendered pages use the browser's own texts."""
    source = (frontend / "js" / "i18n.js").read_text(encoding="utf-8")
    strings = _strings(source)
    table = re.search(r"var BLOCKS = \{(.*?)\};", source, re.S)
    blocks = dict(re.findall(r'(\w+): "([^"]+)"', table.group(1))) if table else {}
    if len(strings) < 100 or not blocks:
        raise ValueError("frontend/js/i18n.js: strings not found where infra/site.py expects them")
    return strings, blocks


def site_settings(cfg: SiteConfig, base_url: str, frontend: Path = FRONTEND) -> dict:
    """What the page publisher (chalicelib/pages) reads from `_site/site.json` in the web
    bucket: the storefront's shell for this deployment, its strings, the site's address."""
    strings, blocks = i18n_strings(frontend)
    return {"base_url": base_url.rstrip("/"), "shell": render_page(cfg, "index.html", frontend),
            "strings": strings, "blocks": blocks}
