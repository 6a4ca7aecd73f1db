"""PynamoDB models of selling abroad, in the orders table (chalicelib/exports).

Item layout (pk / sk):
  FX#INR        / LATEST             the latest currency rates (per rupee), as of a date
  FX#INR        / DAY#<date>         each day's rates as fetched, kept for the records
  EXPORT#<parcel id> / EXPORT        a parcel sent abroad: one row of the export register,
                                     written when its order is paid; the bank's realisation
                                     is recorded on it by the office

Indexes (the table's own, no new one): by_status: EXPORTS#<YYYY-MM of payment, India time>,
by time — the month's register; by_day: EXPORTS#AWAITING, by time — every row still waiting
for the bank's realisation, whatever its month (the key is removed when it is recorded).
"""
from __future__ import annotations

from functools import lru_cache

from pynamodb.attributes import ListAttribute, MapAttribute, NumberAttribute, UnicodeAttribute

from chalicelib.db import order_models
from chalicelib.db.order_models import OrdersModel


class FxItem(OrdersModel):
    as_of = UnicodeAttribute()           # the date the source gives its rates for
    source = UnicodeAttribute()
    per_inr = MapAttribute()             # {"USD": "0.01183", ...}: decimal strings, never floats
    fetched_at = UnicodeAttribute()


class ExportItem(OrdersModel):
    parcel_id = UnicodeAttribute()
    order_id = UnicodeAttribute()
    vendor_id = UnicodeAttribute()
    maker = MapAttribute()               # {en, hi}
    block = UnicodeAttribute(null=True)
    categories = ListAttribute(of=UnicodeAttribute, default=list)
    country = UnicodeAttribute()
    service = UnicodeAttribute(null=True)
    value_paise = NumberAttribute()      # the goods (FOB), without postage
    shipping_paise = NumberAttribute()
    currency = UnicodeAttribute(null=True)
    value_minor = NumberAttribute(null=True)   # the goods in the buyer's currency (approximate)
    month = UnicodeAttribute()           # YYYY-MM of payment, India time
    paid_at = UnicodeAttribute()
    realisation = MapAttribute(null=True)      # {reference, realised_on, recorded_at, by}


MODELS = (FxItem, ExportItem)


@lru_cache(maxsize=1)
def bind() -> None:
    order_models.bind()
    order_models.point(MODELS)
