"""PNG charts for a report, drawn with Pillow: daily GMV, GMV by category, orders by block.

Why Pillow and not matplotlib: matplotlib with numpy and fonttools added ~112 MB to a Lambda
package whose unzipped limit is 250 MB; Pillow is already a dependency (image uploads), and
three bar charts need nothing more than rectangles and text.

Labels are in English only: the Lambda image has no Devanagari font, and Pillow's built-in
font (Aileron, FreeType) has no "₹" glyph either, so money axes read "GMV (Rs)" with plain
Indian-grouped digits. The HTML around the charts carries both languages.
A chart with nothing to show is not drawn at all.
"""
from __future__ import annotations

import functools
import io
import unicodedata

from PIL import Image, ImageDraw, ImageFont

from chalicelib.orders.invoice import rupees
from chalicelib.reports.data import ReportData, Row

MAX_BARS = 12
LABEL_CHARS = 28
WIDTH, DAILY_HEIGHT = 900, 420
COLOR = "#b5522b"    # terracotta, as on the storefront
INK, MUTED, GRID = "#222222", "#666666", "#e3e3e3"


def charts(data: ReportData) -> dict[str, bytes]:
    """{"daily_gmv" | "category_gmv" | "block_orders": PNG bytes}, only those with data."""
    drawn = {}
    days = [(d, s.gmv_paise) for d, s in data.by_day]
    if len(days) > 1 and any(v for _, v in days):  # one bar for a one-day report says nothing
        drawn["daily_gmv"] = _png(_daily(days))
    categories = [r for r in data.by_category if r.sales.gmv_paise][:MAX_BARS]
    if categories:
        drawn["category_gmv"] = _png(_horizontal(
            categories, [r.sales.gmv_paise / 100 for r in categories], "GMV by category", "GMV (Rs)"))
    blocks = [r for r in data.by_block if r.sales.orders][:MAX_BARS]
    if blocks:
        drawn["block_orders"] = _png(_horizontal(
            blocks, [r.sales.orders for r in blocks], "Orders by block", "Orders"))
    return drawn


@functools.cache
def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.load_default(size=size)  # FreeType (Pillow >= 10.1): no font file to ship


def _ticks(top: float) -> list[int]:
    """Whole-number ticks 0, step, ... covering `top`: at most 6 steps of 1, 2 or 5 x 10^k."""
    magnitude = 1
    while True:
        for step in (magnitude, 2 * magnitude, 5 * magnitude):
            if top <= 6 * step:
                return list(range(0, (int(-(-top // step)) or 1) * step + 1, step))
        magnitude *= 10


def _number(value: int) -> str:
    """12,34,567: Indian grouping, without the ₹ sign the font cannot draw."""
    return rupees(value * 100).removesuffix(".00").replace("₹", "")


def _canvas(height: int, title: str):
    img = Image.new("RGB", (WIDTH, height), "white")
    draw = ImageDraw.Draw(img)
    draw.text((WIDTH // 2, 14), title, fill=INK, font=_font(18), anchor="mt")
    return img, draw


def _daily(days):
    img, draw = _canvas(DAILY_HEIGHT, "GMV by day")
    small = _font(12)
    values = [max(v, 0) / 100 for _, v in days]
    ticks = _ticks(max(values))
    left = 24 + max(draw.textlength(_number(t), font=small) for t in ticks)
    x0, x1, y0, y1 = left, WIDTH - 26, 64, DAILY_HEIGHT - 40
    draw.text((x0, y0 - 10), "GMV (Rs)", fill=MUTED, font=small, anchor="rb")
    for t in ticks:  # value gridlines
        y = y1 - (y1 - y0) * t / ticks[-1]
        draw.line([(x0, y), (x1, y)], fill=GRID)
        draw.text((x0 - 6, y), _number(t), fill=MUTED, font=small, anchor="rm")
    slot = (x1 - x0) / len(days)
    label_w = draw.textlength("30 Sep", font=small) + 16
    step = int(-(-len(days) * label_w // (x1 - x0)))  # a long custom period: label every few days
    for i, ((day, _), v) in enumerate(zip(days, values)):
        left_edge = x0 + i * slot + slot * 0.15
        if v:
            draw.rectangle([left_edge, y1 - (y1 - y0) * v / ticks[-1], left_edge + slot * 0.7, y1], fill=COLOR)
        if i % step == 0:
            draw.text((x0 + (i + 0.5) * slot, y1 + 8), day.strftime("%d %b"), fill=INK, font=small, anchor="mt")
    draw.line([(x0, y1), (x1, y1)], fill=MUTED)
    return img


def _horizontal(rows: list[Row], values: list[float], title: str, xlabel: str):
    bar_h, top = 34, 56
    height = top + bar_h * len(rows) + 60
    img, draw = _canvas(height, title)
    small, label_font = _font(12), _font(13)
    labels = [_fit(_label(r), label_font, draw, 280) for r in rows]
    x0 = 20 + max(draw.textlength(s, font=label_font) for s in labels)
    x1, y1 = WIDTH - 48, top + bar_h * len(rows)
    values = [max(v, 0) for v in values]
    ticks = _ticks(max(values))
    for t in ticks:  # value gridlines
        x = x0 + (x1 - x0) * t / ticks[-1]
        draw.line([(x, top), (x, y1)], fill=GRID)
        draw.text((x, y1 + 6), _number(t), fill=MUTED, font=small, anchor="mt")
    # by position, largest on top: two makers may share a name, each keeps its own bar
    for i, (text, v) in enumerate(zip(labels, values)):
        y = top + i * bar_h
        draw.rectangle([x0, y + 6, x0 + (x1 - x0) * v / ticks[-1], y + bar_h - 6], fill=COLOR)
        draw.text((x0 - 8, y + bar_h / 2), text, fill=INK, font=label_font, anchor="rm")
    draw.line([(x0, top), (x0, y1)], fill=MUTED)
    draw.text(((x0 + x1) / 2, height - 14), xlabel, fill=MUTED, font=small, anchor="mb")
    return img


def _label(row: Row) -> str:
    name = row.name if isinstance(row.name, dict) else {}
    text = str(name.get("en") or row.key)
    # no newlines, tabs or other control/format characters: one plain line of text
    text = " ".join("".join(c if unicodedata.category(c)[0] != "C" else " " for c in text).split())
    return text if len(text) <= LABEL_CHARS else text[:LABEL_CHARS - 1] + "…"


def _fit(text: str, font, draw, width: int) -> str:
    """Shorten `text` with "…" until it is at most `width` pixels wide (wide glyphs)."""
    while len(text) > 1 and draw.textlength(text, font=font) > width:
        text = text.rstrip("…")[:-1].rstrip() + "…"
    return text


def _png(img: Image.Image) -> bytes:
    out = io.BytesIO()
    img.save(out, format="PNG", optimize=True)
    return out.getvalue()
