"""The way money leaves: a bank's bulk-payment file today, a payouts API later.

`Bank` is what a payout run needs from a bank: the instruction for a set of lines, and the
bank's answer read back as one result per line. `BulkFileBank` is the NEFT bulk upload any
Indian bank's corporate net banking accepts; a RazorpayX or Cashfree adapter would implement
the same two calls against their API (with the line's reference as the idempotency key).

Bank file (UTF-8 CSV, one row per maker, amounts in rupees with two decimals):
  reference         <run id>/<maker id>: how the bank's response names the line
  beneficiary_name  the account holder's name as the maker gave it
  account_number    in full (the only place it is: the file is private, its link expires)
  ifsc              the branch's IFSC
  amount            rupees, e.g. 985.00
  narration         "DeogharMart <run id> <maker id>", cut to 60 characters

Bank response (CSV with a header; extra columns are ignored):
  reference, status (paid | failed), utr (paid: the bank's UTR), amount (rupees),
  reason (failed: the bank's words)
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from chalicelib.errors import InvalidInput

FILE_COLUMNS = ("reference", "beneficiary_name", "account_number", "ifsc", "amount", "narration")
RESPONSE_COLUMNS = ("reference", "status", "utr", "amount", "reason")
MAX_ROWS = 20_000
_UTR = re.compile(r"^[A-Z0-9]{10,22}$")


@dataclass(frozen=True)
class Instruction:
    reference: str
    holder_name: str
    account_number: str
    ifsc: str
    amount_paise: int
    narration: str


@dataclass(frozen=True)
class Result:
    row: int
    reference: str
    status: str               # paid | failed | or what the bank wrote (refused later)
    utr: str | None
    amount_paise: int | None  # None: missing or not a number
    reason: str | None


def rupees(paise: int) -> str:
    """Paise as plain rupees with two decimals, as files carry them: -1234 -> "-12.34"."""
    return f"{'-' if paise < 0 else ''}{abs(paise) // 100}.{abs(paise) % 100:02d}"


def paise_of(text: str) -> int | None:
    try:
        value = Decimal((text or "").replace(",", "").strip())
    except InvalidOperation:
        return None
    if value != value.quantize(Decimal("0.01")) or value < 0:
        return None
    return int(value * 100)


class BulkFileBank:
    """NEFT bulk-payment file out, the bank's status file back."""
    content_type = "text/csv; charset=utf-8"

    def instructions(self, lines: list[Instruction]) -> bytes:
        out = io.StringIO()
        w = csv.writer(out, lineterminator="\r\n")
        w.writerow(FILE_COLUMNS)
        for line in lines:
            w.writerow([line.reference, line.holder_name, line.account_number, line.ifsc,
                        rupees(line.amount_paise), line.narration[:60]])
        return out.getvalue().encode("utf-8")

    def results(self, data: bytes) -> list[Result]:
        from chalicelib.catalog.csv_import import decode_upload
        try:
            text = decode_upload(data)
        except ValueError as exc:
            raise InvalidInput(str(exc), code="invalid_csv") from None
        reader = csv.DictReader(io.StringIO(text))
        header = [h.strip().lower() for h in (reader.fieldnames or [])]
        missing = [c for c in ("reference", "status") if c not in header]
        if missing:
            raise InvalidInput("the bank response needs the columns " + ", ".join(
                RESPONSE_COLUMNS) + "; missing: " + ", ".join(missing), code="invalid_csv")
        reader.fieldnames = header
        out = []
        for n, row in enumerate(reader, start=2):
            if n - 1 > MAX_ROWS:
                raise InvalidInput(f"at most {MAX_ROWS} rows in one file", code="too_many_rows")
            cell = lambda c: (row.get(c) or "").strip()  # noqa: E731
            if not any(cell(c) for c in header):
                continue
            utr = cell("utr").upper() or None
            out.append(Result(n, cell("reference"), cell("status").lower(), utr,
                              paise_of(cell("amount")) if cell("amount") else None,
                              cell("reason") or None))
        return out


def valid_utr(utr: str | None) -> bool:
    return bool(utr) and _UTR.match(utr) is not None


def bank() -> BulkFileBank:
    return BulkFileBank()
