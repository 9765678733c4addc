"""`fenqi report daily` (日结) and `fenqi report book`: the manager's figures."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from app.domain.clock import business_day
from app.domain.errors import UserError
from app.services.bootstrap import open_services
from app.services.reports import book, daily_report, figures_csv
from storage.private_files import write_private


def run(args: argparse.Namespace) -> int:
    """Print the day's review or the book; --csv writes the figures as CSV, --pdf the day
    close as a PDF for the store's file."""
    if args.kind == "close":
        return _close(args)
    if args.pdf and args.kind != "daily":
        raise UserError("--pdf is the day close: use it with `fenqi report daily`")
    day = args.date or business_day()
    services = open_services(args.db)
    try:
        with services.unit_of_work() as uow:
            document = daily_report(uow, day) if args.kind == "daily" else book(uow, day)
            store_name = uow.catalog.store(uow.catalog.terminal().store_id).name
    finally:
        services.close()
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
        write_private(path, data)
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
    from datetime import UTC, datetime

    from app.services.reports import close_day

    if args.other_sales is None or not args.staff:
        raise UserError("report close needs --other-sales N and --staff (the manager)")
    day = args.date or business_day()
    services = open_services(args.db)
    try:
        with services.unit_of_work() as uow:
            close_day(
                uow,
                day,
                other_sales=args.other_sales,
                staff_username=args.staff,
                now=datetime.now(UTC),
            )
        with services.unit_of_work() as uow:
            rate = daily_report(uow, day)["installment_penetration"]
    finally:
        services.close()
    print(f"closed {day}: installment penetration {rate}")
    return 0
