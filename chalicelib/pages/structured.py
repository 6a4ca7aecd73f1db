"""What crawlers and link previews read: page addresses, schema.org JSON-LD, Open Graph and
Twitter tags, the sitemap and robots.txt.

Addresses: Hindi pages have no prefix, English ones live under /en/ —
  /                 /en/                 home
  /p/<product id>   /en/p/<product id>   a product (ids carry the English name: p-lac-bangles-…)
  /m/<maker id>     /en/m/<maker id>     a maker
  /c/<category>     /en/c/<category>     a category
An id never changes, so a shared link keeps working when a product is renamed; each page's
object key in the web bucket is its path (the home pages: index.html, en/index.html).
"""
from __future__ import annotations

from chalicelib.pages.text import Site, esc, price_value, short, tx, xml_text

KINDS = {"product": "p", "maker": "m", "category": "c"}
SITEMAP_LIMIT = 50_000       # URLs per sitemap file (sitemaps.org)
LOCALES = {"hi": "hi_IN", "en": "en_IN"}
SCHEMA = "https://schema.org"


def path_of(kind: str, ident: str | None, lang: str) -> str:
    prefix = "/en" if lang == "en" else ""
    if kind == "home":
        return f"{prefix}/"
    return f"{prefix}/{KINDS[kind]}/{ident}"


def key_of(kind: str, ident: str | None, lang: str) -> str:
    """The page's object key in the web bucket."""
    path = path_of(kind, ident, lang).lstrip("/")
    return path + "index.html" if kind == "home" else path


def url_of(site: Site, kind: str, ident: str | None, lang: str) -> str:
    return site.base_url + path_of(kind, ident, lang)


def alternates(site: Site, kind: str, ident: str | None) -> list[tuple[str, str]]:
    """(hreflang, url) for every language and x-default (English: the world's fallback)."""
    return [("hi", url_of(site, kind, ident, "hi")), ("en", url_of(site, kind, ident, "en")),
            ("x-default", url_of(site, kind, ident, "en"))]


# --- JSON-LD ----------------------------------------------------------------------------

def breadcrumbs(site: Site, lang: str, trail: list[tuple[str, str]]) -> dict:
    """trail: [(name, url), ...] from the home page to this page."""
    return {"@context": SCHEMA, "@type": "BreadcrumbList", "itemListElement": [
        {"@type": "ListItem", "position": n, "name": name, "item": url}
        for n, (name, url) in enumerate(trail, start=1)]}


def _maker(site: Site, vendor: dict, lang: str) -> dict:
    return {"@type": "Organization", "name": tx(vendor.get("name"), lang),
            "url": url_of(site, "maker", vendor["id"], lang),
            "address": {"@type": "PostalAddress",
                        "addressLocality": tx(vendor.get("village"), lang),
                        "addressRegion": "Jharkhand", "addressCountry": "IN"}}


def availability(in_stock: bool) -> str:
    return f"{SCHEMA}/{'InStock' if in_stock else 'OutOfStock'}"


def aggregate_rating(rating: dict | None) -> dict | None:
    """schema.org AggregateRating of published reviews; None without one (Google refuses an
    aggregateRating whose reviewCount is 0)."""
    if not rating or not rating.get("count"):
        return None
    return {"@type": "AggregateRating", "ratingValue": round(float(rating["average"]), 1),
            "reviewCount": int(rating["count"]), "bestRating": 5, "worstRating": 1}


def product_ld(site: Site, p: dict, lang: str, category_name: str) -> dict:
    url = url_of(site, "product", p["id"], lang)
    seller = _maker(site, p["vendor"], lang)
    offers = [{"@type": "Offer", "sku": v["sku"], "name": tx(v["label"], lang),
               "price": price_value(v["price_paise"]), "priceCurrency": "INR",
               "availability": availability(v["in_stock"]),
               "itemCondition": f"{SCHEMA}/NewCondition", "url": url, "seller": seller}
              for v in p["variants"]]
    out = {"@context": SCHEMA, "@type": "Product", "@id": url + "#product",
           "name": tx(p["name"], lang), "description": tx(p["description"], lang),
           "image": [i["url"] for i in p.get("images") or []],
           "sku": p["variants"][0]["sku"], "category": category_name,
           "brand": {"@type": "Brand", "name": tx(p["vendor"]["name"], lang)},
           "countryOfOrigin": "IN", "offers": offers}
    rating = aggregate_rating(p.get("rating"))
    if rating:
        out["aggregateRating"] = rating
    if p.get("gi_tag"):
        out["additionalProperty"] = [{"@type": "PropertyValue", "name": "Geographical Indication",
                                      "value": "GI-tagged product of Jharkhand"}]
    return out


def maker_ld(site: Site, v: dict, lang: str) -> dict:
    return {"@context": SCHEMA, **_maker(site, v, lang),
            "description": tx(v.get("story"), lang),
            **({"foundingDate": str(v["since_year"])} if v.get("since_year") else {})}


def item_list(site: Site, cards: list[dict], lang: str) -> dict:
    return {"@context": SCHEMA, "@type": "ItemList", "itemListElement": [
        {"@type": "ListItem", "position": n, "url": url_of(site, "product", c["id"], lang),
         "name": tx(c["name"], lang)} for n, c in enumerate(cards, start=1)]}


def home_ld(site: Site, lang: str) -> list[dict]:
    home = url_of(site, "home", None, lang)
    name = site.t(lang, "brand")
    return [{"@context": SCHEMA, "@type": "Organization", "@id": site.base_url + "/#org",
             "name": name, "alternateName": site.t("hi" if lang == "en" else "en", "brand"),
             "url": home, "logo": site.base_url + "/icon-512.png",
             "areaServed": "IN", "description": site.t(lang, "footAbout")},
            {"@context": SCHEMA, "@type": "WebSite", "name": name, "url": home,
             "inLanguage": lang, "publisher": {"@id": site.base_url + "/#org"},
             "potentialAction": {"@type": "SearchAction",
                                 "target": {"@type": "EntryPoint", "urlTemplate":
                                            site.base_url + "/app?q={search_term_string}"},
                                 "query-input": "required name=search_term_string"}}]


# --- Open Graph and Twitter -----------------------------------------------------------------

def share_image(image: dict | None) -> dict | None:
    """The 1200x630 rendition the photo pipeline makes for previews; photos stored before it
    existed offer their largest rendition instead."""
    if not image:
        return None
    if image.get("share"):
        return image["share"]
    sizes = [r for r in image.get("renditions") or [] if r.get("url")] or [image]
    return max(sizes, key=lambda r: r.get("width") or 0)


def meta_tags(site: Site, *, kind: str, ident: str | None, lang: str, title: str,
              description: str, image: dict | None, image_alt: str = "",
              price_paise: int | None = None, in_stock: bool | None = None) -> str:
    url = url_of(site, kind, ident, lang)
    tags = [f'<link rel="canonical" href="{esc(url)}">']
    tags += [f'<link rel="alternate" hreflang="{h}" href="{esc(u)}">'
             for h, u in alternates(site, kind, ident)]
    og = {"og:site_name": site.t(lang, "brand"), "og:title": title,
          "og:description": short(description, 200), "og:url": url,
          "og:type": "product" if kind == "product" else "website",
          "og:locale": LOCALES[lang], "og:locale:alternate": LOCALES["en" if lang == "hi" else "hi"],
          "twitter:card": "summary_large_image" if image else "summary",
          "twitter:title": title, "twitter:description": short(description, 200)}
    picture = share_image(image)
    if picture:
        og.update({"og:image": picture["url"], "og:image:width": picture.get("width"),
                   "og:image:height": picture.get("height"), "og:image:alt": image_alt or title,
                   "twitter:image": picture["url"], "twitter:image:alt": image_alt or title})
    if price_paise is not None:
        og.update({"product:price:amount": price_value(price_paise),
                   "product:price:currency": "INR",
                   "product:availability": "instock" if in_stock else "oos"})
    for name, value in og.items():
        if value is None:
            continue
        attr = "name" if name.startswith("twitter:") else "property"
        tags.append(f'<meta {attr}="{name}" content="{esc(value)}">')
    return "\n".join(tags)


# --- sitemap and robots ---------------------------------------------------------------------

def sitemap_files(site: Site, pages: list[tuple[str, str | None, str | None]],
                  limit: int | None = None) -> dict[str, str]:
    """pages: (kind, ident, lastmod ISO date or None). One `sitemap.xml`, or past `limit` URLs
    a sitemap index there pointing at `sitemaps/<n>.xml`. Each page is listed in both
    languages, each entry naming its alternates."""
    limit = limit or SITEMAP_LIMIT
    entries = []
    for kind, ident, lastmod in pages:
        links = "".join(f'<xhtml:link rel="alternate" hreflang="{h}" href="{xml_text(u)}"/>'
                        for h, u in alternates(site, kind, ident))
        mod = f"<lastmod>{lastmod}</lastmod>" if lastmod else ""
        for lang in ("hi", "en"):
            entries.append(f"<url><loc>{xml_text(url_of(site, kind, ident, lang))}</loc>"
                           f"{mod}{links}</url>")
    head = ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/'
            'schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n')
    chunks = [entries[i:i + limit] for i in range(0, len(entries), limit)] or [[]]
    if len(chunks) == 1:
        return {"sitemap.xml": head + "\n".join(chunks[0]) + "\n</urlset>\n"}
    files = {f"sitemaps/{n}.xml": head + "\n".join(chunk) + "\n</urlset>\n"
             for n, chunk in enumerate(chunks, start=1)}
    index = "".join(f"<sitemap><loc>{xml_text(site.base_url)}/{key}</loc></sitemap>\n"
                    for key in files)
    files["sitemap.xml"] = ('<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns='
                            '"http://www.sitemaps.org/schemas/sitemap/0.9">\n' + index +
                            "</sitemapindex>\n")
    return files


def robots(site: Site) -> str:
    return ("User-agent: *\nAllow: /\nDisallow: /portal.html\nDisallow: /_site/\nDisallow: /app\n\n"
            f"Sitemap: {site.base_url}/sitemap.xml\n")
