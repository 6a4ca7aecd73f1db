"""The reports' export section: the month's export register so far (chalicelib/exports/
register.py) — parcels sent abroad and their value by country, category, block and maker, and
how many still wait for the bank's realisation of the payment."""
from __future__ import annotations

SECTION = ("निर्यात रजिस्टर (इस महीने)", "Export register (month to date)")
HEAD = (("पार्सल", "Parcels"), ("मूल्य", "Value"))
GROUPS = (("by_country", ("देश", "Country")), ("by_category", ("श्रेणी", "Category")),
          ("by_block", ("प्रखंड", "Block")), ("by_maker", ("कारीगर", "Maker")))


def lines(register: dict, rupees) -> list[tuple[str, str, str]]:
    """(Hindi, English, value) lines of the month's totals."""
    t = register["totals"]
    return [("महीना", "Month", register["month"]),
            ("विदेश भेजे पार्सल", "Parcels sent abroad", str(t["parcels"])),
            ("निर्यात मूल्य (FOB)", "Export value (FOB)", rupees(t["value_paise"])),
            ("बैंक से प्राप्ति बाकी", "Waiting for the bank's realisation",
             f"{t['awaiting_realisation']} · {rupees(t['awaiting_paise'])}"),
            ("पिछले महीनों के बाकी", "Earlier months still waiting",
             str(len(register.get("awaiting_other_months") or [])))]


def groups(register: dict):
    """(section key, (Hindi, English) heading, rows) of each breakdown."""
    for key, head in GROUPS:
        yield key, head, register.get(key) or []


def label(key: str, row: dict) -> dict:
    return row.get("name") or {"en": row["key"], "hi": row["key"]} if key == "by_maker" \
        else {"en": row["key"], "hi": row["key"]}
