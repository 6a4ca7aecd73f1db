"""One function per kind of page: its title, description, Open Graph tags, JSON-LD and content,
as a whole HTML document (`documents.document`). Pure: data in, text out."""
from __future__ import annotations

from chalicelib.pages import documents as doc
from chalicelib.pages import structured as st
from chalicelib.pages.text import Site, money, tx


def _title(site: Site, lang: str, *parts: str) -> str:
    return " — ".join([*(p for p in parts if p), site.t(lang, "brand")])


def _preload(image: dict | None, sizes: str) -> str:
    """The first photo is the page's largest paint: ask for it with the page itself."""
    if not image or not image.get("url"):
        return ""
    srcset = doc._srcset(image)
    extra = f' imagesrcset="{srcset}" imagesizes="{sizes}"' if srcset else ""
    return f'\n<link rel="preload" as="image" href="{doc.esc(image["url"])}"{extra} fetchpriority="high">'


def product_page(site: Site, lang: str, p: dict, category_name: str) -> str:
    name = tx(p["name"], lang)
    url = st.url_of(site, "product", p["id"], lang)
    price = min(v["price_paise"] for v in p["variants"])
    maker = tx(p["vendor"]["name"], lang)
    description = (f'{money(price)} · {maker}, {site.block(lang, p["vendor"].get("block") or "")} · '
                   f'{tx(p["description"], lang)}')
    first = (p.get("images") or [None])[0]
    head = st.meta_tags(site, kind="product", ident=p["id"], lang=lang, title=name,
                        description=tx(p["description"], lang), image=first, image_alt=name,
                        price_paise=price, in_stock=p["in_stock"]) + _preload(first, doc.PDP_SIZES)
    home = site.t(lang, "home"), st.url_of(site, "home", None, lang)
    trail = [home, (category_name, st.url_of(site, "category", p["category"], lang)), (name, url)]
    data = {"kind": "product", "id": p["id"], "lang": lang, "product": {
        "id": p["id"], "name": p["name"], "category": p["category"],
        "vendor": {"id": p["vendor"]["id"]}, "images": (p.get("images") or [])[:1],
        "variants": [{k: v[k] for k in ("id", "label", "price_paise", "mrp_paise", "stock",
                                        "in_stock", "weight_grams")} for v in p["variants"]]}}
    return doc.document(site, lang, title=_title(site, lang, name, category_name),
                        description=description, head=head,
                        main=doc.product_main(site, lang, p, category_name), data=data,
                        ld=[st.product_ld(site, p, lang, category_name),
                            st.breadcrumbs(site, lang, trail)])


def maker_page(site: Site, lang: str, v: dict, products: list[dict]) -> str:
    name = tx(v["name"], lang)
    url = st.url_of(site, "maker", v["id"], lang)
    place = site.t(lang, "place", village=tx(v.get("village"), lang),
                   block=site.block(lang, v.get("block") or ""))
    description = f'{tx(v.get("craft"), lang)} · {place} · {tx(v.get("story"), lang)}'
    first = next((c.get("image") for c in products if c.get("image")), None)
    head = st.meta_tags(site, kind="maker", ident=v["id"], lang=lang, title=name,
                        description=description, image=first, image_alt=name)
    home = site.t(lang, "home"), st.url_of(site, "home", None, lang)
    return doc.document(site, lang, title=_title(site, lang, name, tx(v.get("craft"), lang)),
                        description=description, head=head,
                        main=doc.maker_main(site, lang, v, products),
                        data={"kind": "maker", "id": v["id"], "lang": lang},
                        ld=[st.maker_ld(site, v, lang), st.item_list(site, products, lang),
                            st.breadcrumbs(site, lang, [home, (name, url)])])


def category_page(site: Site, lang: str, c: dict, listing: dict, categories: list[dict]) -> str:
    name = tx(c["name"], lang)
    url = st.url_of(site, "category", c["slug"], lang)
    description = tx(c.get("description"), lang)
    first = next((x.get("image") for x in listing["items"] if x.get("image")), c.get("image"))
    head = st.meta_tags(site, kind="category", ident=c["slug"], lang=lang, title=name,
                        description=description, image=first, image_alt=name)
    first_card = listing["items"][0].get("image") if listing["items"] else None
    home = site.t(lang, "home"), st.url_of(site, "home", None, lang)
    return doc.document(site, lang, title=_title(site, lang, name), description=description,
                        head=head + _preload(first_card, doc.GRID_SIZES),
                        main=doc.category_main(site, lang, c, listing, categories),
                        data={"kind": "category", "id": c["slug"], "lang": lang,
                              "categories": [{"slug": x["slug"], "name": x["name"]}
                                             for x in categories]},
                        ld=[st.item_list(site, listing["items"], lang),
                            st.breadcrumbs(site, lang, [home, (name, url)])])


def home_page(site: Site, lang: str, categories: list[dict], newest: list[dict]) -> str:
    title = site.t(lang, "homeTitle")
    description = site.t(lang, "homeLead")
    first = next((c.get("image") for c in newest if c.get("image")), None)
    head = st.meta_tags(site, kind="home", ident=None, lang=lang, title=title,
                        description=description, image=first, image_alt=title)
    return doc.document(site, lang, title=_title(site, lang, title), description=description,
                        head=head, main=doc.home_main(site, lang, categories, newest),
                        data={"kind": "home", "id": "", "lang": lang}, ld=st.home_ld(site, lang))


def app_page(site: Site) -> str:
    """/app: where a #/ view (search, cart, checkout, an order) opened cold is drawn — the
    shell with nothing of its own, so nothing loads before the view; not for search engines."""
    return doc.document(site, "hi", title=_title(site, "hi", site.t("hi", "homeTitle")),
                        description=site.t("en", "homeLead"),
                        head=f'<meta name="robots" content="noindex">\n<link rel="canonical" '
                             f'href="{doc.esc(st.url_of(site, "home", None, "hi"))}">',
                        main=f'<p class="boot">{doc.esc(site.t("hi", "loading"))} '
                             f'{doc.esc(site.t("en", "loading"))}</p>')


def not_found_page(site: Site) -> str:
    title = f'{site.t("hi", "notFound")} · {site.t("en", "notFound")}'
    return doc.document(site, "hi", title=_title(site, "hi", title),
                        description=site.t("en", "notFoundText"),
                        head='<meta name="robots" content="noindex">',
                        main=doc.not_found_main(site), data={"kind": "notfound", "id": "",
                                                             "lang": "hi"})
