"""What shoppers can see: categories, product lists and search, product and maker pages.

Only approved products of approved vendors are public. Each list page is one
Query on a sparse index (see repository.py); search reads one posting
partition. Nothing here scans a table.
"""
from __future__ import annotations

from chalicelib import config, pagination
from chalicelib.catalog import indexing, search, views
from chalicelib.catalog import repository as repo
from chalicelib.catalog.schemas import ProductQuery, Sort, VendorQuery
from chalicelib.errors import InvalidInput, NotFound

SEARCH_CAP = 1000  # postings read for one query word; far above any real result set


def list_categories() -> dict:
    return {"items": [views.category(c) for c in repo.list_categories()], "next_cursor": None}


def _secret() -> str:
    return config.settings().cursor_secret


def _cursor(cursor: str | None, scope: str, field: str, kind: type):
    return pagination.position(cursor, scope, _secret(), field, kind)


def _check_prices(query: ProductQuery) -> None:
    if (query.min_price is not None and query.max_price is not None
            and query.min_price > query.max_price):
        raise InvalidInput("min_price must not be greater than max_price", code="invalid_price_range")


def _price_condition(attr, query: ProductQuery):
    lo, hi = query.min_price, query.max_price
    if lo is not None and hi is not None:
        return attr.between(lo, hi)
    if lo is not None:
        return attr >= lo
    if hi is not None:
        return attr <= hi
    return None


def _ensure_exists(query: ProductQuery) -> None:
    """Called only when a page came back empty: was the filter itself wrong?"""
    if query.category and repo.get_category(query.category) is None:
        raise InvalidInput(f"unknown category '{query.category}'", code="unknown_category")
    if query.vendor:
        vendor = repo.get_vendor(query.vendor)
        if vendor is None or vendor.status != "approved":
            raise InvalidInput(f"unknown vendor '{query.vendor}'", code="unknown_vendor")


def list_products(query: ProductQuery) -> dict:
    _check_prices(query)
    if query.q:
        return _search(query)
    sort = query.sort or Sort.newest
    if sort == Sort.relevance:
        raise InvalidInput("sort=relevance needs a search query q", code="invalid_sort")
    scope = pagination.scope_of(kind="list", category=query.category, vendor=query.vendor,
                                min=query.min_price, max=query.max_price, sort=sort.value,
                                limit=query.limit)
    P = repo.ProductItem
    by_price = sort in (Sort.price_asc, Sort.price_desc)
    filters = []
    range_cond = None
    if query.vendor:
        index, hash_value = "vendor_newest", f"VENDOR#{query.vendor}"
        if query.category:
            filters.append(P.category == query.category)
        price = _price_condition(P.price_sk, query)
        if price is not None:
            filters.append(price)
        if by_price:  # a maker's shelf is short: sort it whole, page by offset
            return _sorted_vendor_page(query, hash_value, filters, scope)
    else:
        prefix = "category" if query.category else "public"
        index = f"{prefix}_price" if by_price else f"{prefix}_newest"
        hash_value = f"CAT#{query.category}" if query.category else repo.PUBLIC_ALL
        if by_price:
            range_cond = _price_condition(P.price_sk, query)
        else:
            price = _price_condition(P.price_sk, query)
            if price is not None:
                filters.append(price)
    filter_cond = None
    for f in filters:
        filter_cond = f if filter_cond is None else filter_cond & f
    start = _cursor(query.cursor, scope, "k", dict)
    items, last_key = repo.query_index(index, hash_value, range_condition=range_cond,
                                       filter_condition=filter_cond,
                                       forward=(sort == Sort.price_asc), limit=query.limit,
                                       start_key=start)
    if not items and not start:
        _ensure_exists(query)
    next_cursor = pagination.encode({"k": last_key}, scope, _secret()) if last_key else None
    return {"items": [views.public_card(views.card(p)) for p in items], "next_cursor": next_cursor}


def _sorted_vendor_page(query: ProductQuery, hash_value: str, filters: list, scope: str) -> dict:
    offset = _cursor(query.cursor, scope, "o", int) or 0
    filter_cond = None
    for f in filters:
        filter_cond = f if filter_cond is None else filter_cond & f
    items, _ = repo.query_index("vendor_newest", hash_value, filter_condition=filter_cond,
                                limit=SEARCH_CAP, max_pages=10)
    if not items and not offset:
        _ensure_exists(query)
    cards = [views.card(p) for p in items]
    return _offset_page(cards, query, scope, offset)


def _offset_page(cards: list[dict], query: ProductQuery, scope: str, offset: int) -> dict:
    sort = query.sort or (Sort.relevance if query.q else Sort.newest)
    if sort == Sort.price_asc:
        cards.sort(key=lambda c: (c["price_from_paise"], c["id"]))
    elif sort == Sort.price_desc:
        cards.sort(key=lambda c: (-c["price_from_paise"], c["id"]))
    elif sort == Sort.newest:
        cards.sort(key=lambda c: (c["created_at"], c["id"]), reverse=True)
    page = cards[offset:offset + query.limit]
    more = offset + query.limit < len(cards)
    next_cursor = (pagination.encode({"o": offset + query.limit}, scope, _secret())
                   if more else None)
    return {"items": [views.public_card(c) for c in page], "next_cursor": next_cursor}


def _search(query: ProductQuery) -> dict:
    keys = search.keys_of(query.q)
    if not keys:
        raise InvalidInput("search text needs at least one letter or digit "
                           f"(and at least {search.MIN_PREFIX} characters)",
                           code="query_too_short")
    sort = query.sort or Sort.relevance
    scope = pagination.scope_of(kind="search", keys=keys, category=query.category,
                                vendor=query.vendor, min=query.min_price, max=query.max_price,
                                sort=sort.value, limit=query.limit)
    offset = _cursor(query.cursor, scope, "o", int) or 0
    # The longest word is the most selective: read its postings, check the rest in memory.
    lead = max(keys, key=len)
    others = [k for k in keys if k != lead]
    scored: list[tuple[int, dict]] = []
    for posting in repo.search_postings(lead, SEARCH_CAP):
        if query.category and posting.category != query.category:
            continue
        if query.vendor and posting.vendor_id != query.vendor:
            continue
        if query.min_price is not None and posting.price < query.min_price:
            continue
        if query.max_price is not None and posting.price > query.max_price:
            continue
        if not all(any(k.startswith(o) for k in posting.keys) for o in others):
            continue
        scored.append((int(posting.score), repo.card_of(posting)))
    if not scored and not offset:
        _ensure_exists(query)
    scored.sort(key=lambda sc: sc[1]["created_at"], reverse=True)
    scored.sort(key=lambda sc: sc[0], reverse=True)  # stable: newest first among equals
    cards = [c for _, c in scored]
    return _offset_page(cards, query, scope, offset)


def get_product(product_id: str) -> dict:
    item = repo.get_product(product_id) if _plausible_id(product_id) else None
    if item is None or not indexing.is_public(item):
        raise NotFound("no such product", code="product_not_found")
    return views.product(item)


def get_vendor(vendor_id: str, query: VendorQuery) -> dict:
    item = repo.get_vendor(vendor_id) if _plausible_id(vendor_id) else None
    if item is None or item.status != "approved":
        raise NotFound("no such maker", code="vendor_not_found")
    scope = pagination.scope_of(kind="vendor", vendor=vendor_id, limit=query.limit)
    start = _cursor(query.cursor, scope, "k", dict)
    items, last_key = repo.query_index("vendor_newest", f"VENDOR#{vendor_id}", forward=False,
                                       limit=query.limit, start_key=start)
    out = views.vendor(item)
    out["products"] = [views.public_card(views.card(p)) for p in items]
    out["next_cursor"] = pagination.encode({"k": last_key}, scope, _secret()) if last_key else None
    return out


def _plausible_id(value: str) -> bool:
    return 0 < len(value) <= 64 and value.replace("-", "").isalnum() and value.isascii()
