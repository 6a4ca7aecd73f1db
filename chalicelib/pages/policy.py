"""The returns policy as the product pages show it: the shop's whole policy (its words are
chalicelib/quality/rules.py's, which the checkout shows from the quote's `returns_policy`)
and the line for this product's own window — 48 hours and damage only for perishables
(peda), its category's days otherwise (7).

Its strings live here, not in frontend/js/i18n.js: only the pre-rendered pages show them, so
no page's script carries them.
"""
from __future__ import annotations

from chalicelib.pages.text import esc
from chalicelib.payouts.taxrules import return_window_hours
from chalicelib.quality import rules

TEXT = {   # key -> (English, Hindi)
    "title": ("Returns and refunds", "वापसी और रिफ़ंड"),
    "policy": ("The shop's returns policy", "दुकान की वापसी नीति"),
    "days": ("If it arrives damaged, is not as described, or is wrong or missing: tell us within "
             "{n} days of delivery, from your order page, with photos.",
             "टूटा-फूटा पहुँचे, विवरण जैसा न हो, या गलत या कम हो: डिलीवरी के {n} दिन के भीतर अपने "
             "ऑर्डर पेज से फ़ोटो के साथ बताएँ।"),
    "hours": ("A sweet: damage only — tell us within {n} hours of delivery, from your order page, "
              "with a photo.",
              "मिठाई: केवल टूट-फूट — डिलीवरी के {n} घंटे के भीतर अपने ऑर्डर पेज से फ़ोटो के साथ बताएँ।"),
}


def text(lang: str, key: str, n: int = 0) -> str:
    return TEXT[key][0 if lang == "en" else 1].replace("{n}", str(n))


def window_hours(category: str | None, perishable: bool) -> int:
    """The product's return window: its category's (the makers' payout waits for it),
    at most 48 hours for a perishable."""
    hours = return_window_hours(category)
    return min(hours, rules.PERISHABLE_WINDOW_HOURS) if perishable else hours


def window_line(lang: str, category: str | None, perishable: bool) -> str:
    """This product's own window, in a sentence."""
    hours = window_hours(category, perishable)
    return text(lang, "hours", hours) if perishable else text(lang, "days", max(1, hours // 24))


def whole(lang: str, category: str | None, perishable: bool) -> str:
    """The shop's policy, its days those of this product's category (a perishable's page
    states the usual days, and its own 48 hours)."""
    days = return_window_hours(None if perishable else category) // 24
    return rules.POLICY[lang].format(days=days)


def section(lang: str, category: str | None, perishable: bool) -> str:
    """The product page's returns section: its window first, the whole policy one tap away."""
    return (f'<section class="pdp-returns" aria-labelledby="rt-h" data-testid="returns">'
            f'<h2 id="rt-h">{esc(text(lang, "title"))}</h2>'
            f'<p data-testid="returns-window">{esc(window_line(lang, category, perishable))}</p>'
            f'<details><summary>{esc(text(lang, "policy"))}</summary>'
            f'<p class="small" data-testid="returns-policy">{esc(whole(lang, category, perishable))}</p></details></section>')
