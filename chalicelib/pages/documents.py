"""The pages, inside the storefront's shell: the same markup (classes, test ids) the shop's
scripts draw, so the script takes a page over without drawing it again (frontend/js/pages.js),
and a reader without JavaScript, a crawler or a link preview gets all of it.

Every maker-written text goes through `esc` (HTML) or `json_in_script` (JSON-LD, page data).
Input is the public API's shape (`chalicelib/catalog/views.py`).
"""
from __future__ import annotations

import re

from chalicelib.pages import policy
from chalicelib.pages import structured as st
from chalicelib.pages.text import Site, esc, json_in_script, money, short, tx

PDP_SIZES = "(min-width: 900px) 460px, 100vw"
GRID_SIZES = "(min-width: 1000px) 230px, (min-width: 600px) 30vw, 50vw"
TILE_SIZES = "96px"
HOME_CARDS = 12


def _srcset(image: dict) -> str:
    return ", ".join(f"{esc(r['url'])} {int(r['width'])}w" for r in image.get("renditions") or []
                     if r.get("url") and r.get("width"))


def picture(image: dict | None, alt: str, cls: str, sizes: str, eager: bool = False) -> str:
    """alt "": the picture sits in a link that already says what it shows (a card, a tile)."""
    if not image or not image.get("url"):
        label = f'role="img" aria-label="{esc(alt)}"' if alt else 'aria-hidden="true"'
        return f'<span class="noimg {cls}" {label}></span>'
    srcset = _srcset(image)
    extra = f' srcset="{srcset}" sizes="{sizes}"' if srcset else ""
    load = ' loading="eager" fetchpriority="high"' if eager else ' loading="lazy"'
    return (f'<img class="{cls}" alt="{esc(alt)}" width="{int(image.get("width") or 800)}" '
            f'height="{int(image.get("height") or 800)}" decoding="async"{load} '
            f'src="{esc(image["url"])}"{extra}>')


def _badge(site: Site, lang: str, key: str, cls: str, title: str | None = None) -> str:
    tip = f' title="{esc(site.t(lang, title))}"' if title else ""
    return f'<span class="badge {cls}"{tip}>{esc(site.t(lang, key))}</span>'


def _pct(price: int, mrp: int) -> int:
    return round((mrp - price) * 100 / mrp) if mrp > price else 0


def price_line(site: Site, lang: str, price: int, mrp: int, cls: str = "price") -> str:
    off = _pct(price, mrp)
    tail = (f'<s class="mrp"><span class="vh">{esc(site.t(lang, "mrp"))} </span>{money(mrp)}</s>'
            f'<span class="off">{esc(site.t(lang, "off", n=off))}</span>') if off else ""
    return f'<p class="{cls}"><strong>{money(price)}</strong>{tail}</p>'


def stars(site: Site, lang: str, rating: dict | None, cls: str = "") -> str:
    """"★ 4.0 (12)" as DM.stars draws it; nothing for a product or maker nobody has rated yet
    (a missing `rating` too)."""
    if not rating or not rating.get("count"):
        return ""
    avg, n = f'{float(rating["average"]):.1f}', int(rating["count"])
    label = site.t(lang, "rated1" if n == 1 else "rated", avg=avg, n=n)
    return (f'<p class="stars {cls}" data-testid="rating"><span aria-hidden="true">★ {avg} ({n})'
            f'</span><span class="vh">{esc(label)}</span></p>')


def reviews_section(site: Site, lang: str, path: str, rating: dict | None) -> str:
    """The heading, the rating and a button: the reviews themselves are read from the API
    (`path`) only when asked (frontend/js/reviews.js), never with the page's first paint."""
    head = f'<h2 id="rv-h">{esc(site.t(lang, "reviewsTitle"))}</h2>'
    if not rating or not rating.get("count"):
        return (f'<section class="panel reviews" aria-labelledby="rv-h" data-testid="reviews">{head}'
                f'<p class="muted">{esc(site.t(lang, "noReviews"))}</p></section>')
    return (f'<section class="panel reviews" aria-labelledby="rv-h" data-testid="reviews" '
            f'data-reviews="{esc(path)}">{head}{stars(site, lang, rating, "big")}'
            f'<div class="rv-list" aria-live="polite"></div><button type="button" class="btn ghost" '
            f'data-testid="show-reviews">{esc(site.t(lang, "showReviews"))}</button></section>')


def _href(kind: str, ident: str | None, lang: str) -> str:
    return esc(st.path_of(kind, ident, lang))


def card(site: Site, lang: str, c: dict, eager: bool = False, own_page: bool = False) -> str:
    v, name = c.get("vendor") or {}, tx(c["name"], lang)
    ribbon = "" if c.get("in_stock", True) else \
        f'<span class="ribbon">{esc(site.t(lang, "soldOut"))}</span>'
    by = "" if own_page or not v.get("id") else '<p class="by">' + esc(site.t(lang, "by")).replace(
        "{name}", f'<a href="{_href("maker", v["id"], lang)}">{esc(tx(v.get("name"), lang))}</a>'
    ) + "</p>"
    badges = "".join(b for b in (
        _badge(site, lang, "gi", "b-gi", "giNote") if c.get("gi_tag") else "",
        _badge(site, lang, "shg", "b-shg") if v.get("is_shg") else "",
        _badge(site, lang, "fresh", "b-fresh") if c.get("perishable") else ""))
    return (f'<li class="card" data-testid="product-card"><a class="card-link" '
            f'href="{_href("product", c["id"], lang)}"><span class="card-ph">'
            f'{picture(c.get("image"), "", "card-img", GRID_SIZES, eager)}{ribbon}</span>'
            f'<span class="card-name">{esc(name)}</span></a>'
            f'{price_line(site, lang, c["price_from_paise"], c["mrp_paise"])}'
            f'{stars(site, lang, c.get("rating"))}{by}'
            + (f'<p class="badges">{badges}</p>' if badges else "") + "</li>")


def crumbs(site: Site, lang: str, trail: list[tuple[str, str | None]]) -> str:
    items = "".join(f'<li><a href="{esc(href)}">{esc(label)}</a></li>' if href else
                    f'<li><span aria-current="page">{esc(label)}</span></li>'
                    for label, href in trail)
    return f'<nav class="crumbs" aria-label="{esc(site.t(lang, "crumbs"))}"><ol>{items}</ol></nav>'


def share_row(site: Site, lang: str, url: str, title: str) -> str:
    """WhatsApp and "copy link" work without JavaScript; the script adds the phone's own share
    sheet (Web Share API) where there is one."""
    from urllib.parse import quote
    wa = "https://wa.me/?text=" + quote(f"{title} {url}", safe="")
    return (f'<div class="share" data-url="{esc(url)}" data-title="{esc(title)}">'
            f'<a class="btn ghost share-wa" data-testid="share-whatsapp" rel="noopener" '
            f'target="_blank" href="{esc(wa)}">{esc(site.t(lang, "shareWhatsApp"))}</a>'
            f'<button type="button" class="btn ghost share-copy" data-testid="share-copy">'
            f'{esc(site.t(lang, "copyLink"))}</button>'
            f'<span class="share-msg" aria-live="polite"></span></div>')


def _place(site: Site, lang: str, v: dict) -> str:
    return site.t(lang, "place", village=tx(v.get("village"), lang),
                  block=site.block(lang, v.get("block") or ""))


def _variant(site: Site, lang: str, x: dict, checked: bool) -> str:
    state = ("soldOut", "out") if not x["in_stock"] else ("inStock", "ok")
    mrp = (f'<s class="mrp"><span class="vh">{esc(site.t(lang, "mrp"))} </span>'
           f'{money(x["mrp_paise"])}</s>') if x["mrp_paise"] > x["price_paise"] else ""
    return (f'<label class="opt"><input type="radio" name="variant" value="{esc(x["id"])}" '
            f'data-testid="variant-option"{" checked" if checked else ""}>'
            f'<span class="opt-label">{esc(tx(x["label"], lang))}</span>'
            f'<span class="opt-price">{money(x["price_paise"])}{mrp}</span>'
            f'<span class="opt-stock {state[1]}">{esc(site.t(lang, state[0]))}</span></label>')


def pin_form(site: Site, lang: str) -> str:
    """The delivery check as DM.pinBox draws it (the script replaces it with a live one of
    the same size)."""
    return (f'<div class="pin-wrap"><form class="pinbox" novalidate><div class="row">'
            f'<div class="field"><label for="pdp-pin">{esc(site.t(lang, "pinLabel"))}</label>'
            f'<span class="hint" id="pdp-pin-hint">{esc(site.t(lang, "pinHint"))}</span>'
            f'<input type="text" inputmode="numeric" autocomplete="postal-code" maxlength="6" '
            f'pattern="[0-9]{{6}}" class="pin" data-testid="quote-pincode" id="pdp-pin" '
            f'aria-describedby="pdp-pin-hint"><span class="field-err" id="pdp-pin-err" hidden>'
            f'</span></div><button type="submit" class="btn ghost">{esc(site.t(lang, "check"))}'
            f'</button></div></form><div class="q-out" aria-live="polite"></div></div>')


def _gallery(site: Site, lang: str, p: dict, name: str) -> str:
    imgs = p.get("images") or []
    if not imgs:
        return f'<div class="gallery"><span class="noimg big" role="img" aria-label="{esc(name)}"></span></div>'
    many = len(imgs) > 1
    slides = "".join(
        '<li class="slide">' + picture(im, name + (" — " + site.t(lang, "photoN", n=i + 1, m=len(imgs))
                                                   if many else ""), "slide-img", PDP_SIZES, i == 0)
        + "</li>" for i, im in enumerate(imgs))
    region = f' role="region" aria-label="{esc(site.t(lang, "photos"))}" tabindex="0"' if many else ""
    swipe = f'<p class="muted small">{esc(site.t(lang, "swipe", n=len(imgs)))}</p>' if many else ""
    return f'<div class="gal-wrap"><div class="gallery"{region}><ul class="slides">{slides}</ul></div>{swipe}</div>'


def product_main(site: Site, lang: str, p: dict, category_name: str) -> str:
    name, v = tx(p["name"], lang), p["vendor"]
    variants = p["variants"]
    chosen = next((x for x in variants if x["in_stock"]), variants[0])
    maker_href = _href("maker", v["id"], lang)
    maker_link = f'<a href="{maker_href}">{esc(tx(v["name"], lang))}</a>'
    place = esc(_place(site, lang, v))
    badges = "".join(b for b in (
        _badge(site, lang, "gi", "b-gi", "giNote") if p.get("gi_tag") else "",
        _badge(site, lang, "shg", "b-shg") if v.get("is_shg") else "",
        _badge(site, lang, "fresh", "b-fresh") if p.get("perishable") else ""))
    facts = [(site.t(lang, "weight"), site.t(lang, "grams", n=chosen["weight_grams"]), "weight")]
    if p.get("perishable") and p.get("shelf_life_days"):
        facts.insert(0, (site.t(lang, "shelfLife"), site.t(lang, "days", n=p["shelf_life_days"]), ""))
    facts.append((site.t(lang, "gst"), site.t(lang, "gstVal", n=_rate(p["gst_rate_bp"])), ""))
    facts.append((site.t(lang, "category"), category_name, ""))
    sold_out = not chosen["in_stock"]
    button = esc(site.t(lang, "soldOut" if sold_out else "addToCart"))
    url = st.url_of(site, "product", p["id"], lang)
    return "".join([
        f'<div class="view view-product" data-page="product" data-id="{esc(p["id"])}">',
        '<div class="pdp">',
        crumbs(site, lang, [(site.t(lang, "home"), st.path_of("home", None, lang)),
                            (category_name, st.path_of("category", p["category"], lang)),
                            (name, None)]),
        '<div class="pdp-top">', _gallery(site, lang, p, name), '<div class="pdp-info">',
        f'<h1 tabindex="-1">{esc(name)}</h1>',
        f'<p class="badges">{badges}</p>',
        '<p class="by">' + esc(site.t(lang, "by")).replace("{name}", maker_link) + "</p>",
        f'<p class="muted small">{place}</p>',
        '<div class="pdp-price">',
        price_line(site, lang, chosen["price_paise"], chosen["mrp_paise"], "price big"),
        f'<p class="muted small">{esc(site.t(lang, "inclTax"))}</p></div>',
        stars(site, lang, p.get("rating")),
        f'<fieldset class="variants"><legend>{esc(site.t(lang, "chooseVariant"))}</legend>',
        "".join(_variant(site, lang, x, x is chosen) for x in variants), "</fieldset>",
        f'<button type="button" class="btn big" data-testid="add-to-cart"'
        f'{" disabled" if sold_out else ""}>{button}</button>',
        '<div class="add-msg" aria-live="polite"></div>',
        f'<section class="panel" aria-labelledby="dl-h"><h2 id="dl-h">{esc(site.t(lang, "delivery"))}</h2>',
        pin_form(site, lang), "</section>",
        share_row(site, lang, url, name), "</div></div>",
        f'<section class="pdp-about" aria-labelledby="ab-h"><h2 id="ab-h">{esc(site.t(lang, "about"))}</h2>',
        f'<p class="story">{esc(tx(p["description"], lang))}</p>',
        (f'<p class="gi-note">{_badge(site, lang, "gi", "b-gi")} {esc(site.t(lang, "giNote"))}</p>'
         if p.get("gi_tag") else ""),
        f'<h3>{esc(site.t(lang, "details"))}</h3><dl class="facts">',
        "".join(f'<div><dt>{esc(k)}</dt><dd{" data-fact=" + chr(34) + f + chr(34) if f else ""}>'
                f'{esc(val)}</dd></div>' for k, val, f in facts), "</dl></section>",
        reviews_section(site, lang, f'/products/{p["id"]}/reviews', p.get("rating")),
        policy.section(lang, p.get("category"), bool(p.get("perishable"))),
        f'<section class="panel maker-box" aria-labelledby="mk-h"><h2 id="mk-h">{esc(site.t(lang, "maker"))}</h2>',
        f'<p class="maker-name">{maker_link}'
        + (" " + _badge(site, lang, "shgBadge", "b-shg") if v.get("is_shg") else "") + "</p>",
        f'<p class="maker-craft">{esc(tx(v.get("craft"), lang))}</p>' if tx(v.get("craft"), lang) else "",
        f'<p class="place">{place}</p>',
        f'<p class="story">{esc(tx(v.get("story"), lang))}</p>' if tx(v.get("story"), lang) else "",
        f'<a class="btn ghost" href="{maker_href}">{esc(site.t(lang, "moreFromMaker"))}</a></section>',
        "</div>", _other_language(site, lang, "product", p["id"]), "</div>"])


def _rate(bp: int) -> str:
    return f"{bp / 100:g}"


def _other_language(site: Site, lang: str, kind: str, ident: str | None) -> str:
    other = "en" if lang == "hi" else "hi"
    return (f'<p class="alt-lang"><a href="{_href(kind, ident, other)}" hreflang="{other}" '
            f'lang="{other}" data-testid="other-language">{esc(site.t(other, "readInThisLanguage"))}'
            f'</a></p>')


def maker_main(site: Site, lang: str, v: dict, products: list[dict]) -> str:
    name = tx(v["name"], lang)
    badges = (_badge(site, lang, "shgBadge", "b-shg") if v.get("is_shg") else "") + (
        f'<span class="badge b-plain">{esc(site.t(lang, "since", y=v["since_year"]))}</span>'
        if v.get("since_year") else "")
    cards = "".join(card(site, lang, c, i < 2, own_page=True) for i, c in enumerate(products))
    return "".join([
        f'<div class="view view-maker" data-page="maker" data-id="{esc(v["id"])}">',
        crumbs(site, lang, [(site.t(lang, "home"), st.path_of("home", None, lang)), (name, None)]),
        f'<h1 tabindex="-1">{esc(name)}</h1><div>',
        f'<p class="maker-craft">{esc(tx(v.get("craft"), lang))}</p>',
        f'<p class="badges">{badges}</p>',
        stars(site, lang, v.get("rating")),
        f'<p class="place">{esc(_place(site, lang, v))}</p>',
        f'<p class="story">{esc(tx(v.get("story"), lang))}</p>',
        share_row(site, lang, st.url_of(site, "maker", v["id"], lang), name),
        f'<h2>{esc(site.t(lang, "makerProducts", name=name))}</h2>',
        f'<ul class="grid">{cards}</ul>',
        reviews_section(site, lang, f'/vendors/{v["id"]}/reviews', v.get("rating")), "</div>",
        _other_language(site, lang, "maker", v["id"]), "</div>"])


def _field(site: Site, lang: str, ident: str, label: str, control: str) -> str:
    """DM.field's markup."""
    return (f'<div class="field"><label for="{ident}">{esc(site.t(lang, label))}</label>{control}'
            f'<span class="field-err" id="{ident}-err" hidden></span></div>')


def filter_form(site: Site, lang: str, slug: str, categories: list[dict]) -> str:
    """DM.filterForm's markup for a category with no filter yet (the script puts the live
    form in its place)."""
    sorts = "".join(f'<option value="{k}"{" selected" if k == "newest" else ""}>'
                    f'{esc(site.t(lang, "sort_" + k))}</option>'
                    for k in ("newest", "price_asc", "price_desc"))
    cats = f'<option value="">{esc(site.t(lang, "allCategories"))}</option>' + "".join(
        f'<option value="{esc(c["slug"])}"{" selected" if c["slug"] == slug else ""}>'
        f'{esc(tx(c["name"], lang))}</option>' for c in categories)
    price = '<input type="number" name="{0}" inputmode="numeric" min="0" step="1" id="f-{0}">'
    return (f'<form class="filters" novalidate>'
            + _field(site, lang, "f-sort", "sort", f'<select name="sort" id="f-sort">{sorts}</select>')
            + f'<details><summary>{esc(site.t(lang, "filters"))}</summary><div class="filter-body">'
            + _field(site, lang, "f-cat", "category", f'<select name="category" id="f-cat">{cats}</select>')
            + '<div class="row2">' + _field(site, lang, "f-min", "minPrice", price.format("min"))
            + _field(site, lang, "f-max", "maxPrice", price.format("max")) + "</div>"
            + '<p class="field-err" role="alert" hidden></p><div class="row">'
            + f'<button type="submit" class="btn">{esc(site.t(lang, "apply"))}</button>'
            + f'<a class="btn ghost" href="#/c/{esc(slug)}">{esc(site.t(lang, "clear"))}</a>'
            + "</div></div></details></form>")


def category_main(site: Site, lang: str, c: dict, listing: dict, categories: list[dict]) -> str:
    """As the listing view draws a category (js/views.js): crumbs, title, lead, filters,
    the count, the first cards and "show more"."""
    name = tx(c["name"], lang)
    items = listing["items"]
    cards = "".join(card(site, lang, x, i < 4) for i, x in enumerate(items))
    more = (f'<a class="btn ghost wide" data-cursor="{esc(listing["next_cursor"])}" '
            f'href="#/c/{esc(c["slug"])}?sort=price_asc">{esc(site.t(lang, "more"))}</a>'
            if listing.get("next_cursor") else "")
    return "".join([
        f'<div class="view view-category" data-page="category" data-id="{esc(c["slug"])}"><div>',
        crumbs(site, lang, [(site.t(lang, "home"), st.path_of("home", None, lang)), (name, None)]),
        f'<h1 tabindex="-1">{esc(name)}</h1>',
        f'<p class="lead">{esc(tx(c.get("description"), lang))}</p>',
        filter_form(site, lang, c["slug"], categories),
        f'<p class="muted shown" aria-live="polite">{esc(site.t(lang, "shown", n=len(items)))}</p>',
        f'<ul class="grid">{cards}</ul><div class="more">{more}</div></div>',
        _other_language(site, lang, "category", c["slug"]), "</div>"])


def home_main(site: Site, lang: str, categories: list[dict], newest: list[dict]) -> str:
    tiles = "".join(
        f'<li><a class="cat" href="{_href("category", c["slug"], lang)}"><span class="cat-ph">'
        f'{picture(c.get("image"), "", "cat-img", TILE_SIZES, i < 4)}</span>'
        f'<span class="cat-name">{esc(tx(c["name"], lang))}</span></a></li>'
        for i, c in enumerate(categories))
    trust = "".join(f"<li>{esc(site.t(lang, k))}</li>" for k in ("trust1", "trust2", "trust3"))
    cards = "".join(card(site, lang, c, i < 2) for i, c in enumerate(newest))
    return "".join([
        '<div class="view view-home" data-page="home" data-id="">',
        f'<div class="hero"><h1 tabindex="-1">{esc(site.t(lang, "homeTitle"))}</h1>',
        f'<p>{esc(site.t(lang, "homeLead"))}</p><ul class="trust">{trust}</ul></div><div>',
        f'<section class="block" aria-labelledby="h-cats"><h2 id="h-cats">{esc(site.t(lang, "shopByCraft"))}</h2>',
        f'<ul class="cats">{tiles}</ul></section>',
        f'<section class="block" aria-labelledby="h-new"><div class="block-head"><h2 id="h-new">'
        f'{esc(site.t(lang, "newArrivals"))}</h2><a href="#/search?sort=newest">{esc(site.t(lang, "seeAll"))}'
        f'</a></div><ul class="grid">{cards}</ul></section></div>',
        _other_language(site, lang, "home", None), "</div>"])


def not_found_main(site: Site) -> str:
    """Both languages on one page: nobody knows which one the visitor reads."""
    parts = [f'<h1 tabindex="-1">{esc(site.t("hi", "notFound"))}</h1>',
             f'<p>{esc(site.t("hi", "notFoundText"))}</p>',
             f'<p><a class="btn" href="/">{esc(site.t("hi", "home"))}</a></p>',
             f'<h2 lang="en">{esc(site.t("en", "notFound"))}</h2>',
             f'<p lang="en">{esc(site.t("en", "notFoundText"))}</p>',
             f'<p lang="en"><a class="btn ghost" href="/en/">{esc(site.t("en", "home"))}</a></p>']
    return '<div class="view view-notfound" data-page="notfound" data-id="">' + "".join(parts) + "</div>"


# --- the document ---------------------------------------------------------------------------

_I18N_TEXT = re.compile(r'(<(\w+)\b[^>]*\sdata-i18n="(\w+)"[^>]*>)[^<]*(</\2>)')
_I18N_ATTR = re.compile(r'<[^>]*\sdata-i18n-(ph|label)="(\w+)"[^>]*>')
_LANG_BUTTON = re.compile(r'(<button class="lang"[^>]*>).*?(</button>)', re.S)


def _localize(site: Site, lang: str, body: str) -> str:
    """The shell's own texts (header, footer) in `lang`, as DM.localize does in the browser."""
    body = _I18N_TEXT.sub(lambda m: m.group(1) + esc(site.t(lang, m.group(3))) + m.group(4), body)

    def attr(m: re.Match) -> str:
        name = "placeholder" if m.group(1) == "ph" else "aria-label"
        value = esc(site.t(lang, m.group(2)))
        return re.sub(rf'\s{name}="[^"]*"', f' {name}="{value}"', m.group(0))
    body = _I18N_ATTR.sub(attr, body)
    other = "en" if lang == "hi" else "hi"
    button = (f'<span class="vh">{esc(site.t(lang, "changeLang"))} </span>'
              f'<span lang="{other}">{esc(site.t(lang, "otherLang"))}</span>')
    body = _LANG_BUTTON.sub(lambda m: m.group(1) + button + m.group(2), body, count=1)
    return body.replace('href="/"', f'href="{st.path_of("home", None, lang)}"')


def document(site: Site, lang: str, *, title: str, description: str, head: str, main: str,
             data: dict | None = None, ld: list[dict] = ()) -> str:
    """A whole page: the shell with this page's language, title, description, head tags,
    JSON-LD, page data (for the script that takes the page over) and content."""
    shell = site.shell
    start, end = shell.index('<main id="main">'), shell.index("</main>")
    head_end = shell.index("</head>")
    top, body_top, bottom = shell[:head_end], shell[head_end:start], shell[end:]
    top = re.sub(r'<html lang="[^"]*"', f'<html lang="{lang}"', top, count=1)
    top = re.sub(r"<title>.*?</title>", lambda _: f"<title>{esc(title)}</title>", top, count=1, flags=re.S)
    top = re.sub(r'<meta name="description" content="[^"]*">',
                 lambda _: f'<meta name="description" content="{esc(short(description))}">', top, count=1)
    scripts = "".join(f'\n<script type="application/ld+json">{json_in_script(x)}</script>' for x in ld)
    if data is not None:
        scripts += f'\n<script type="application/json" id="dm-page">{json_in_script(data)}</script>'
    return (top + head + scripts + "\n" + _localize(site, lang, body_top) + '<main id="main">'
            + main + _localize(site, lang, bottom))
