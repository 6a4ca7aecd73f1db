"""Upload a bulk-listing CSV through the API, in chunks of whole products, with a progress bar.

    python -m tools.import_products FILE.csv --api http://127.0.0.1:8000 --email E --password P \\
        [--vendor-id V] [--chunk-products 50]
    python -m tools.import_products --template > products.csv

For facilitators (block officials) and vendors: no database access needed, only an account.
Exit code: 0 all rows imported (an ignored unknown column is only reported), 2 some rows have errors
(listed), 1 the upload could not be done (bad file, login refused, 4xx/5xx, API unreachable).
"""
from __future__ import annotations

import argparse
import csv
import getpass
import io
import sys
from pathlib import Path

import requests
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from chalicelib.catalog.csv_import import column_key, decode_upload, template_csv


def _blank(rec: list[str]) -> bool:
    return not any(c.strip() for c in rec)


def chunks(text: str, chunk_products: int = 50) -> list[tuple[int, str]]:
    """Split a CSV into (row_offset, header + rows) pieces of about `chunk_products` products each.

    A piece is a contiguous run of the original rows and is only cut where no product_ref has rows
    on both sides, so a product is never split. row_offset = data rows (blank ones included) before
    the piece, so the server's row numbers (1 + row_offset + row in piece) are the original file's.
    """
    text = text.removeprefix("\ufeff")
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error:  # a broken quote: send it whole, the server says where
        return [(0, text)]
    if len(records) < 2:
        return []
    header, data = records[0], records[1:]
    keys = [column_key(h) for h in header]
    if "product_ref" not in keys:  # let the server explain what is wrong with the header
        return [(0, text)]
    col = keys.index("product_ref")

    def ref(rec: list[str]) -> str:
        return rec[col].strip() if col < len(rec) else ""

    last = {ref(rec): n for n, rec in enumerate(data) if ref(rec)}
    spans, start, refs, reach = [], 0, set(), -1
    for n, rec in enumerate(data):
        if ref(rec):
            refs.add(ref(rec))
            reach = max(reach, last[ref(rec)])
        if len(refs) >= max(1, chunk_products) and reach <= n:
            spans.append((start, n + 1))
            start, refs, reach = n + 1, set(), -1
    spans.append((start, len(data)))
    out = []
    for lo, hi in spans:
        while lo < hi and _blank(data[lo]):
            lo += 1
        while hi > lo and _blank(data[hi - 1]):
            hi -= 1
        if lo < hi:
            buf = io.StringIO()
            csv.writer(buf, lineterminator="\r\n").writerows([header, *data[lo:hi]])
            out.append((lo, buf.getvalue()))
    return out


def row_count(chunk: str) -> int:
    """Non-blank data rows of a chunk (what the progress bar counts)."""
    return sum(not _blank(rec) for rec in list(csv.reader(io.StringIO(chunk, newline="")))[1:])


def _fail(console: Console, response: requests.Response) -> int:
    try:
        message = response.json()["error"]["message"]
    except (ValueError, KeyError, TypeError):
        message = response.text[:300] or response.reason
    console.print(f"[red]Error {response.status_code}:[/] {message}")
    return 1


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tools.import_products", description=__doc__.splitlines()[0])
    p.add_argument("file", nargs="?", help="the CSV file (UTF-8)")
    p.add_argument("--api", default="http://127.0.0.1:8000", help="API base address")
    p.add_argument("--email")
    p.add_argument("--password", help="asked for if not given")
    p.add_argument("--vendor-id", help="the vendor to list for (facilitators and admins)")
    p.add_argument("--chunk-products", type=int, default=50, help="products per request (default 50)")
    p.add_argument("--template", action="store_true", help="write an example CSV to stdout and exit")
    args = p.parse_args(argv)
    if args.template:
        sys.stdout.buffer.write(template_csv().encode("utf-8"))
        return 0
    if not args.file or not args.email:
        p.error("FILE and --email are required (or use --template)")
    console, api = Console(), args.api.rstrip("/")
    try:
        text = decode_upload(Path(args.file).read_bytes())
    except (OSError, ValueError) as e:
        console.print(f"[red]Cannot use {args.file}:[/] {e}")
        return 1
    parts = chunks(text, args.chunk_products)
    if not parts:
        console.print("[red]The file has no product rows.[/]")
        return 1
    session = requests.Session()
    created, unchanged, errors = [], [], {}
    try:
        r = session.post(f"{api}/auth/login", timeout=30,
                         json={"email": args.email, "password": args.password or getpass.getpass("Password: ")})
        if not r.ok:
            return _fail(console, r)
        session.headers["Authorization"] = f"Bearer {r.json()['id_token']}"
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TextColumn("rows"),
                   TimeRemainingColumn())
        with Progress(*columns, console=console) as progress:
            task = progress.add_task("Uploading", total=sum(row_count(c) for _, c in parts))
            for offset, chunk in parts:
                params = {"row_offset": offset} | ({"vendor_id": args.vendor_id} if args.vendor_id else {})
                r = session.post(f"{api}/vendor/imports", params=params, data=chunk.encode("utf-8"), timeout=300,
                                 headers={"Content-Type": "text/csv; charset=utf-8"})
                if not r.ok:
                    progress.stop()
                    return _fail(console, r)
                body = r.json()
                created += body.get("created", [])
                unchanged += body.get("unchanged", [])
                for e in body.get("errors", []):  # header problems come back once per chunk: keep one
                    errors.setdefault((e.get("row", 0), e.get("field", ""), e.get("reason", "")), e)
                progress.advance(task, row_count(chunk))
    except requests.RequestException as e:
        console.print(f"[red]Cannot reach the API at {api}:[/] {e}")
        return 1
    console.print(f"Created [green]{len(created)}[/], unchanged {len(unchanged)}, "
                  f"row errors [{'red' if errors else 'green'}]{len(errors)}[/]")
    if errors:
        table = Table("row", "field", "reason", title="Rows not imported (fix them and upload the file again)")
        for row, field, reason in sorted(errors):
            table.add_row(str(row), field, reason)
        console.print(table)
    return 2 if any(not (row == 1 and field) for row, field, _ in errors) else 0  # an ignored column is no failure


if __name__ == "__main__":
    sys.exit(main())
