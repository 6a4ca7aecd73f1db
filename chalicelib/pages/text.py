"""The site's settings and strings, money as the shop shows it, and escaping for each context.

The deploy step (`infra/cdk/publish.py`, locally `infra/local/stack.py`) writes
`_site/site.json` to the web bucket: the storefront's shell (frontend/index.html rendered for
the stage: its settings, CSP and inline boot script), the shop's strings taken from
frontend/js/i18n.js (one source for the browser and these pages) and the site's address. The
event handler reads it here, so a template change needs no new Lambda code: `make publish`
uploads the new shell and rebuilds every page.
"""
from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field

from chalicelib.orders.invoice import indian_grouping

SITE_KEY = "_site/site.json"
LANGS = ("hi", "en")       # Hindi, the shop's first language, has no path prefix


class SiteNotPublished(RuntimeError):
    """The web bucket has no site settings yet: `make publish` (or the local stack) writes them."""


@dataclass(frozen=True)
class Site:
    base_url: str                           # "https://deogharmart.in", no trailing slash
    shell: str                              # the storefront's index.html for this stage
    strings: dict[str, list[str]]           # key -> [English, Hindi]
    blocks: dict[str, str] = field(default_factory=dict)   # block -> its Hindi name
    etag: str = ""

    @classmethod
    def from_json(cls, data: dict, etag: str = "") -> "Site":
        return cls(base_url=data["base_url"].rstrip("/"), shell=data["shell"],
                   strings=data["strings"], blocks=data.get("blocks", {}), etag=etag)

    def t(self, lang: str, key: str, **values) -> str:
        """A string in `lang` with {placeholders} filled, as DM.t does in the browser."""
        pair = self.strings.get(key)
        text = pair[0 if lang == "en" else 1] if pair else key
        return re.sub(r"\{(\w+)\}", lambda m: str(values.get(m.group(1), m.group(0))), text)

    def block(self, lang: str, name: str) -> str:
        return self.blocks.get(name, name) if lang == "hi" else name


def tx(value: dict | None, lang: str) -> str:
    """A catalog text {en, hi} in `lang` (the other language when it is empty)."""
    if not value:
        return ""
    return value.get(lang) or value.get("en") or value.get("hi") or ""


def money(paise: int) -> str:
    """As the storefront shows prices (DM.money): ₹1,23,456 or ₹129.5."""
    rupees, rest = divmod(int(paise), 100)
    decimals = f"{rest:02d}".rstrip("0")
    return f"₹{indian_grouping(rupees)}" + (f".{decimals}" if decimals else "")


def price_value(paise: int) -> str:
    """A price for machines (JSON-LD, Open Graph): "129.00"."""
    return f"{int(paise) // 100}.{int(paise) % 100:02d}"


def esc(value) -> str:
    """Text or a double-quoted attribute value in HTML."""
    return html.escape(str(value), quote=True)


def json_in_script(value) -> str:
    """JSON for a <script type="application/ld+json"> (or application/json) element: no `<`,
    `>` or `&` survives literally, so a maker's "</script>" or "<!--" cannot end or change the
    element, and the JSON still parses to the same text."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return text


def xml_text(value) -> str:
    return html.escape(str(value), quote=True)


def short(text: str, limit: int = 160) -> str:
    """A meta description: one line, cut at a word before `limit` characters."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:—-") + "…"
