"""Placeholder product/category photos for DeogharMart seed data.
Pure Pillow: ImageDraw motifs and the bundled scalable font, so no system fonts are needed
and the same input gives identical bytes on every machine."""
import io
import json
import math
import random
import sys
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

SS = 2  # motifs are drawn at 2x and reduced: cheap anti-aliasing
CREAM, INK, WHITE, BLACK = (255, 247, 232), (44, 30, 22), (255, 255, 255), (0, 0, 0)


@lru_cache(maxsize=None)
def _font(px):
    return ImageFont.load_default(size=px)


def _mix(a, b, t):
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b))


# name keyword -> fill colour for sweets and jar contents; first match wins, so order matters
TONES = [(("kesar",), (232, 160, 58)), (("white", "khurchan", "elaichi"), (246, 234, 208)), (("gur",), (122, 72, 36)),
         (("til", "balushahi"), (222, 186, 120)), (("thekua",), (186, 112, 48)), (("honey",), (214, 140, 28)),
         (("haldi",), (232, 178, 24)), (("chilli", "mirch"), (178, 38, 30)), (("pickle", "achar"), (196, 110, 32)),
         (("madua", "ragi"), (122, 74, 52)), (("gondli", "millet", "badi"), (226, 204, 150)),
         (("kurthi", "dal"), (150, 102, 62))]


def _tone(name, default):
    return next((c for words, c in TONES if any(w in name for w in words)), default)


class _Pen:
    """ImageDraw taking coordinates, widths and radii as fractions of the motif box."""

    def __init__(self, draw, side):
        self.d, self.L = draw, side

    def __getattr__(self, op):
        def call(xy, *args, width=0, radius=0, **kw):
            L = self.L
            xy = [(x * L, y * L) for x, y in xy] if isinstance(xy[0], tuple) else tuple(v * L for v in xy)
            kw.update({"width": max(1, int(width * L))} if width else {})
            kw.update({"radius": int(radius * L)} if radius else {})
            return getattr(self.d, op)(xy, *args, **kw)
        return call


# ---- motifs: p is a _Pen over the motif box ---------------------------------------------------

def _peda(p, rng, name, accent):
    base = _tone(name, (160, 98, 50))
    p.ellipse((.04, .56, .96, .94), fill=(226, 224, 216))
    p.ellipse((.08, .57, .92, .90), fill=(250, 249, 244))
    p.ellipse((.20, .63, .80, .85), outline=accent, width=.008)
    r = .095
    for n, y in ((4, .70), (3, .58), (2, .46), (1, .34)):  # bottom row first so upper rows sit on top
        for i in range(n):
            x = .5 + (i - (n - 1) / 2) * 1.9 * r + rng.uniform(-.008, .008)
            c = _mix(base, BLACK, rng.uniform(0, .12))
            p.ellipse((x - r, y - .62 * r, x + r, y + .78 * r), fill=_mix(c, BLACK, .3))
            p.ellipse((x - r, y - .72 * r, x + r, y + .62 * r), fill=c)
            p.ellipse((x - .34 * r, y - .30 * r, x + .34 * r, y + .02 * r), fill=_mix(c, BLACK, .1))  # thumb press
            p.ellipse((x - .30 * r, y - .24 * r, x + .30 * r, y + .06 * r), fill=c)
            p.ellipse((x - .72 * r, y - .52 * r, x - .42 * r, y - .36 * r), fill=_mix(c, WHITE, .3))


def _kadhai(p, rng, name, accent):
    iron, rim, shine = (52, 52, 58), (92, 92, 102), (150, 152, 162)
    if "tawa" in name or "pan" in name:
        p.rounded_rectangle((.70, .50, .98, .58), radius=.03, fill=iron)
        p.ellipse((.06, .32, .80, .80), fill=rim)
        p.ellipse((.09, .34, .77, .76), fill=iron)
        p.arc((.16, .39, .70, .72), 200, 250, fill=shine, width=.03)
        return
    for cx in (.08, .92):
        p.ellipse((cx - .08, .36, cx + .08, .52), outline=iron, width=.03)
    p.pieslice((.10, .14, .90, .90), 0, 180, fill=iron)
    p.ellipse((.10, .42, .90, .62), fill=rim)
    p.ellipse((.13, .44, .87, .60), fill=(30, 30, 34))
    p.arc((.18, .30, .82, .84), 115, 160, fill=shine, width=.03)


def _pot(p, rng, name, accent):
    clay = _mix((184, 88, 50), (120, 52, 30), rng.uniform(0, .35))
    p.rectangle((.36, .16, .64, .34), fill=_mix(clay, BLACK, .3))
    p.ellipse((.14, .26, .86, .92), fill=clay)
    p.ellipse((.29, .11, .71, .22), fill=_mix(clay, WHITE, .15))
    p.ellipse((.34, .13, .66, .20), fill=(70, 32, 20))
    for y, amp in ((.48, .030), (.60, .022)):  # Sohrai-style painted zigzag bands
        p.line([(.20 + k * .05, y + (amp if k % 2 else -amp)) for k in range(13)], fill=(250, 236, 214), width=.012)
    p.arc((.20, .32, .80, .88), 150, 200, fill=_mix(clay, WHITE, .35), width=.03)
    p.polygon([(.68, .66), (.96, .66), (.91, .94), (.73, .94)], fill=_mix(clay, WHITE, .1))  # kulhad beside it
    p.ellipse((.68, .625, .96, .695), fill=(90, 40, 24))


def _fabric(p, rng, name, accent):
    cloth = rng.choice([(236, 222, 196), (203, 60, 96), (44, 74, 130), (232, 174, 60)])
    thread, s = (accent if sum(cloth) > 600 else (255, 236, 180)), rng.uniform(-.12, .12)

    def quad(h):  # square of half-side h, slightly turned (small-angle shear, no trig needed)
        return [(.5 + x * h - y * h * s, .5 + y * h + x * h * s) for x, y in ((-1, -1), (1, -1), (1, 1), (-1, 1))]
    p.polygon(quad(.40), fill=cloth)
    pts = quad(.34)
    for (x0, y0), (x1, y1) in zip(pts, pts[1:] + pts[:1]):  # dashed running stitch
        for a in (k / 20 for k in range(0, 20, 2)):
            b = a + .05
            p.line([(x0 + (x1 - x0) * a, y0 + (y1 - y0) * a), (x0 + (x1 - x0) * b, y0 + (y1 - y0) * b)],
                   fill=thread, width=.012)
    for (cx, cy), rr in [((.5, .5), .11)] + [(q, .04) for q in quad(.24)]:
        for i in range(8):  # flower petals as dots, like chain stitch
            px, py, pr = cx + rr * math.cos(i * math.pi / 4), cy + rr * math.sin(i * math.pi / 4), rr * .45
            p.ellipse((px - pr, py - pr, px + pr, py + pr), fill=thread if i % 2 else _mix(thread, cloth, .35))
        p.ellipse((cx - rr * .4, cy - rr * .4, cx + rr * .4, cy + rr * .4), fill=(240, 190, 40))


def _basket(p, rng, name, accent):
    light = _mix((222, 186, 118), (196, 150, 84), rng.uniform(0, 1))
    dark = _mix(light, (110, 72, 30), rng.uniform(.3, .5))
    p.arc((.22, .04, .78, .70), 180, 360, fill=dark, width=.035)
    top, bot, rows, cols = .36, .90, rng.choice((8, 9, 11)), rng.choice((10, 12, 14))
    for i in range(rows):  # trapezoid rows of alternating strips read as a twill weave
        y0, y1 = top + (bot - top) * i / rows, top + (bot - top) * (i + 1) / rows
        h0, h1 = .40 - .12 * i / rows, .40 - .12 * (i + 1) / rows
        for j in range(cols):
            u0, u1 = -1 + 2 * j / cols, -1 + 2 * (j + 1) / cols
            p.polygon([(.5 + u0 * h0, y0), (.5 + u1 * h0, y0), (.5 + u1 * h1, y1), (.5 + u0 * h1, y1)],
                      fill=light if (i + j) % 2 else dark, outline=_mix(dark, BLACK, .25))
    p.rounded_rectangle((.08, top - .04, .92, top + .03), radius=.03, fill=dark)
    p.rounded_rectangle((.20, bot - .01, .80, bot + .04), radius=.02, fill=dark)


def _bangles(p, rng, name, accent):
    palette = [(200, 30, 48), (32, 140, 72), (226, 168, 40), (120, 22, 44), (226, 96, 36), (40, 90, 170)]
    rng.shuffle(palette)
    w = .055
    for k, col in enumerate(palette[:5]):
        r = .45 - k * .075
        p.ellipse((.5 - r, .5 - r, .5 + r, .5 + r), outline=col, width=w)
        q = r - w * .3
        p.arc((.5 - q, .5 - q, .5 + q, .5 + q), 200, 260, fill=_mix(col, WHITE, .5), width=w * .25)
        n = (24, 0, 16, 0, 0)[k]  # stone-set rows
        for a in range(n):
            x, y = .5 + (r - w / 2) * math.cos(a * 2 * math.pi / n), .5 + (r - w / 2) * math.sin(a * 2 * math.pi / n)
            p.ellipse((x - .012, y - .012, x + .012, y + .012), fill=(255, 232, 150) if a % 2 else WHITE)


def _jar(p, rng, name, accent):
    fill, lid = _tone(name, (176, 112, 56)), rng.choice([(196, 40, 40), (40, 120, 80), (210, 120, 30)])
    p.rounded_rectangle((.22, .24, .78, .92), radius=.10, fill=(236, 240, 238))
    p.rounded_rectangle((.25, .30, .75, .89), radius=.08, fill=fill)
    p.rounded_rectangle((.29, .34, .34, .82), radius=.02, fill=_mix(fill, WHITE, .45))
    p.rounded_rectangle((.24, .12, .76, .25), radius=.03, fill=lid)
    for k in range(6):  # gingham cloth cover
        p.rectangle((.26 + k * .085, .12, .30 + k * .085, .25), fill=_mix(lid, WHITE, .3))
    p.line([(.23, .22), (.77, .22)], fill=(250, 230, 190), width=.014)
    p.rounded_rectangle((.33, .48, .72, .74), radius=.02, fill=CREAM, outline=accent, width=.01)
    p.text((.525, .57), "DIDI", fill=accent, font=_font(int(p.L * .075)), anchor="mm")
    p.rectangle((.39, .65, .66, .67), fill=_mix(accent, CREAM, .4))


def _gift(p, rng, name, accent):
    box = rng.choice([_mix(accent, WHITE, .15), (176, 48, 64), (46, 120, 112), (226, 140, 40)])
    ribbon = (236, 186, 60) if box[0] < 200 else (176, 40, 50)
    p.rectangle((.16, .44, .84, .92), fill=box)
    p.rectangle((.12, .32, .88, .46), fill=_mix(box, BLACK, .18))
    p.rectangle((.45, .32, .55, .92), fill=ribbon)
    p.rectangle((.16, .62, .84, .69), fill=ribbon)
    p.ellipse((.31, .18, .48, .33), outline=ribbon, width=.035)  # bow loops and knot
    p.ellipse((.52, .18, .69, .33), outline=ribbon, width=.035)
    p.ellipse((.45, .26, .55, .35), fill=_mix(ribbon, BLACK, .15))


MOTIFS = {"peda-sweets": _peda, "lohargiri-ironware": _kadhai, "terracotta-clay": _pot, "silai-kadhai": _fabric,
          "bamboo-craft": _basket, "lac-bangles": _bangles, "jslps-didi-products": _jar, "other-local": _gift}


# ---- composition ------------------------------------------------------------------------------

def _background(color, size):
    top, bottom = _mix(color, CREAM, .82), _mix(color, CREAM, .45)
    grad = Image.linear_gradient("L").resize((size, size))
    bg = Image.composite(Image.new("RGB", (size, size), bottom), Image.new("RGB", (size, size), top), grad)
    glow = Image.radial_gradient("L").resize((size, size)).point(lambda v: min(255, 110 + v))
    return Image.composite(bg, Image.new("RGB", (size, size), _mix(top, WHITE, .5)), glow)


def _place_motif(canvas, slug, color, rng, name, side, xy):
    layer = Image.new("RGBA", (side * SS, side * SS), (0, 0, 0, 0))
    MOTIFS.get(slug, _gift)(_Pen(ImageDraw.Draw(layer), side * SS), rng, name.lower(), _mix(color, BLACK, .15))
    layer = layer.convert("RGBa").reduce(SS).convert("RGBA")  # premultiplied, so edges don't go dark
    # shadow is blurred at quarter size (same look, a fraction of the cost), padded so the blur isn't clipped
    pad, off = side // 8, side // 28
    alpha = Image.new("L", (side + 2 * pad,) * 2)
    alpha.paste(layer.getchannel("A"), (pad, pad))
    shadow = alpha.resize((alpha.width // 4,) * 2, Image.BILINEAR).filter(ImageFilter.GaussianBlur(side / 90))
    shadow = shadow.resize(alpha.size, Image.BILINEAR).point(lambda v: v * 45 // 100)
    x, y = xy[0] - pad + off, xy[1] - pad + 2 * off
    canvas.paste(_mix(color, (40, 20, 10), .75), (x, y, x + alpha.width, y + alpha.height), shadow)
    canvas.paste(layer, xy, layer)


def _wrap(text, font, width):
    lines, cur = [], ""
    for word in text.split():
        if not cur or font.getlength(f"{cur} {word}") <= width:
            cur = f"{cur} {word}".strip()
        else:
            lines, cur = lines + [cur], word
    return lines + [cur] if cur else lines


def _fit(text, width, height, px, max_lines=2):
    while px > 14:  # shrink until the title (plus the subtitle line) fits the band
        font = _font(px)
        lines = _wrap(text, font, width)
        if (len(lines) <= max_lines and all(font.getlength(line) <= width for line in lines)
                and len(lines) * px * 1.18 + px * .85 <= height):
            return font, lines
        px -= 2
    lines = _wrap(text, _font(px), width)[:max_lines]
    return _font(px), lines[:-1] + [lines[-1][:max(1, len(lines[-1]) - 3)] + "..."]


def _band(img, title, subtitle, color, title_px):
    size = img.width
    top = size - int(size * .24)
    region = img.crop((0, top, size, size))
    img.paste(Image.blend(region, Image.new("RGB", region.size, (40, 26, 18)), .8), (0, top))
    d = ImageDraw.Draw(img)
    d.rectangle((0, top, size, top + max(3, size // 130)), fill=color)
    font, lines = _fit(title, size * .88, (size - top) * .86, title_px)
    sub_font = _font(max(12, min(title_px * 11 // 20, font.size * 3 // 4)))
    line_h = int(font.size * 1.18)
    y = top + (size - top - line_h * len(lines) - sub_font.size * 1.5) / 2
    for line in lines:
        d.text((size * .06, y), line, font=font, fill=(255, 248, 236))
        y += line_h
    d.text((size * .06, y + sub_font.size * .35), subtitle, font=sub_font, fill=_mix(color, WHITE, .55))
    # "DeogharMart" pill in the top-left corner
    font, pad, m = _font(max(12, size // 30)), size // 70, size // 26
    h = font.size + pad * 2
    d.rounded_rectangle((m, m, m + font.getlength("DeogharMart") + font.size * .5 + pad * 4, m + h),
                        radius=h // 2, fill=(255, 251, 244))
    r, cy = font.size * .25, m + h / 2
    d.ellipse((m + pad * 2 - r, cy - r, m + pad * 2 + r, cy + r), fill=color)
    d.text((m + pad * 2 + font.size * .5, cy), "DeogharMart", font=font, fill=INK, anchor="lm")


def _card(category, seed, title, subtitle, size, motif_frac, motif_top, title_px):
    color = tuple(int(category["color"][i:i + 2], 16) for i in (1, 3, 5))
    img = _background(color, size)
    side = int(size * motif_frac)
    _place_motif(img, category["slug"], color, random.Random(seed), title, side,
                 ((size - side) // 2, int(size * motif_top)))
    _band(img, title, subtitle, color, title_px)
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=82, progressive=True, optimize=True)
    return buf.getvalue()


def render_product_image(product: dict, category: dict, size: int = 800) -> bytes:
    return _card(category, product["id"], product["name"]["en"],
                 f"{category['name']['en']}  ·  Made in Deoghar", size, .60, .11, size // 17)


def render_category_image(category: dict, size: int = 480) -> bytes:
    return _card(category, category["slug"], category["name"]["en"],
                 "Shop local crafts of Deoghar", size, .62, .11, size // 13)


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "seed-images")
    out.mkdir(parents=True, exist_ok=True)
    catalog = json.loads(Path(__file__).with_name("catalog.json").read_text(encoding="utf-8"))
    cats = {c["slug"]: c for c in catalog["categories"]}
    for c in catalog["categories"]:
        (out / f"category-{c['slug']}.jpg").write_bytes(render_category_image(c))
    for p in catalog["products"]:
        (out / f"{p['id']}.jpg").write_bytes(render_product_image(p, cats[p["category"]]))
    print(f"wrote {len(cats) + len(catalog['products'])} images to {out}")
