"""Cells of the CSV files people open in a spreadsheet (reports, export papers)."""
from __future__ import annotations

# what Excel, LibreOffice and Google Sheets treat as the start of a formula (tab and CR too:
# some of them strip those first and then read the "=")
FORMULA = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Text a spreadsheet would run as a formula (a maker may call itself "=HYPERLINK(...)")
    gets a leading apostrophe, which Excel shows as plain text. Numbers are left alone."""
    return f"'{value}" if isinstance(value, str) and value.startswith(FORMULA) else value
