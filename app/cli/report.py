"""`fenqi report daily` (日结) and `fenqi report book`: the manager's figures."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from app.domain.clock import business_day
from app.domain.errors import UserError
from app.services.counter import open_counter
from app.services.exports import save_file
from app.services.reports import figures_csv


def run(args: argparse.Namespace) -> int:
    """Print the day's review or the book; --csv writes the figures as CSV, --pdf the day
    close as a PDF for the store's file."""
    if args.kind == "close":
        return _close(args)
    if args.pdf and args.kind != "daily":
        raise UserError("--pdf is the day close: use it with `fenqi report daily`")
    day = args.date or business_day()
    counter = open_counter(args.db)
    try:
        reports = counter.reports
        document = reports.daily(day) if args.kind == "daily" else reports.book(day)
        store_name = reports.store_name()
    finally:
        counter.close()
    if args.pdf:
        from printing.report_pdf import render_day_close

        _write(args.pdf, render_day_close(document, store_name), "--pdf")
    elif args.csv:  # with a BOM, so that Excel reads the Chinese
        _write(args.csv, figures_csv(document).encode("utf-8-sig"), "--csv")
    elif args.json:
        print(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        _print(document)
    return 0


def _write(path: Path, data: bytes, option: str) -> None:
    try:
        save_file(path, data)
    except OSError as exc:
        raise UserError(
            "{option} {path}: cannot write it ({problem})",
            option=option,
            path=path,
            problem=exc.strerror,
        ) from None
    print(f"wrote: {path}")


def _print(document: dict[str, Any]) -> None:
    if "figures" in document:
        print(f"daily review {document['day']}  (day / previous day / same weekday last week)")
        for name, v in document["figures"].items():
            print(f"  {name:<24} {v['day']!s:>12} {v['previous_day']!s:>12} "
                  f"{v['same_weekday_last_week']!s:>12}")  # fmt: skip
        for name, row in document["by_staff"].items():
            print(f"  staff {name:<18} {row['contracts']:>3} contracts  {row['revenue']:>12}")
        for o in document["overrides"]:
            print(f"  override: {o['decision']} by {o['by']} ({o['staff']}'s sale): {o['why']}")
        return
    print(f"installment book on {document['on']}")
    for name, value in document.items():
        if name == "overdue":
            for bucket, b in value.items():
                print(
                    f"  overdue {bucket:>5} days: {b['contracts']:>5} contracts {b['amount']:>14}"
                )
        elif name != "on":
            print(f"  {name:<32} {value}")


def _close(args: argparse.Namespace) -> int:
    if args.other_sales is None or not args.staff:
        raise UserError("report close needs --other-sales N and --staff (the manager)")
    day = args.date or business_day()
    counter = open_counter(args.db)
    try:
        counter.reports.close_day(day, other_sales=args.other_sales, manager=args.staff)
        rate = counter.reports.daily(day)["installment_penetration"]
    finally:
        counter.close()
    print(f"closed {day}: installment penetration {rate}")
    return 0
