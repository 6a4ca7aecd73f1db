"""The reports' quality section: by block and by category, what buyers said in the period —
complaints and their rate, items collected back, refunds on complaints, parcels packed late
or cancelled by their makers, and the stars of reviews published (chalicelib/quality)."""
from __future__ import annotations

from dataclasses import dataclass

SECTION = ("गुणवत्ता: खरीदार क्या कहते हैं", "Quality: what buyers say")
HEAD = (("नाम", "Name"), ("ऑर्डर", "Orders"), ("शिकायतें", "Complaints"), ("दर", "Rate"),
        ("वापस लिए", "Collected back"), ("शिकायत पर वापसी", "Refunded on complaints"),
        ("देर से पैक", "Packed late"), ("कारीगर ने रद्द किए", "Cancelled by maker"),
        ("औसत रेटिंग", "Average rating"))


@dataclass(frozen=True)
class QualityRow:
    kind: str                      # block | category
    key: str
    name: dict
    orders: int = 0                # parcels accepted (each maker's part of an order)
    complaints: int = 0
    returns: int = 0
    refunded_paise: int = 0
    packed_late: int = 0
    maker_cancelled: int = 0
    rating_sum: int = 0
    rating_count: int = 0

    @property
    def complaint_rate(self) -> float | None:
        return self.complaints / self.orders if self.orders else None

    @property
    def rating(self) -> float | None:
        return round(self.rating_sum / self.rating_count, 1) if self.rating_count else None


def rows(kind: str, per_key: dict[str, dict], names: dict) -> list[QualityRow]:
    """Rows of a dimension's summed counters (figures.by_key), most complaints first."""
    out = []
    for key, c in per_key.items():
        row = QualityRow(kind, key, names.get(key) or c.get("label") or {"en": key, "hi": key},
                         orders=c.get("orders", 0), complaints=c.get("complaints", 0),
                         returns=c.get("returns", 0),
                         refunded_paise=c.get("complaint_refunded_paise", 0),
                         packed_late=c.get("packed_late", 0),
                         maker_cancelled=c.get("maker_cancelled", 0),
                         rating_sum=c.get("rating_sum", 0), rating_count=c.get("rating_count", 0))
        if row.orders or row.complaints or row.rating_count or row.packed_late:
            out.append(row)
    return sorted(out, key=lambda r: (-r.complaints, -(r.complaint_rate or 0), r.key))


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


def cells(r: QualityRow, rupees) -> list[str]:
    return [str(r.orders), str(r.complaints), _pct(r.complaint_rate), str(r.returns),
            rupees(r.refunded_paise), str(r.packed_late), str(r.maker_cancelled),
            "—" if r.rating is None else f"{r.rating} ({r.rating_count})"]


def csv_values(r: QualityRow, decimal) -> dict:
    return {"orders": r.orders, "value": r.complaints,
            "refunded_rupees": decimal(r.refunded_paise),
            "detail": (f"{r.kind}; complaint rate {_pct(r.complaint_rate)}; collected back "
                       f"{r.returns}; packed late {r.packed_late}; cancelled by maker "
                       f"{r.maker_cancelled}; rating "
                       + ("—" if r.rating is None else f"{r.rating} of {r.rating_count}"))}
