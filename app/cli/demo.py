"""`fenqi init-demo` and `fenqi demo`: the demo store, and one whole sale on it."""

from __future__ import annotations

import argparse

from app.cli.text import output_folder
from app.demo.scripted_sale import SKU, run_demo_sale
from app.demo.seed import load_demo
from app.domain.errors import UserError
from app.services.bootstrap import open_services


def init_demo(args: argparse.Namespace) -> int:

    services = open_services(args.db, create=True)
    try:
        summary = load_demo(services)
    finally:
        services.close()
    print(f"database: {services.settings.db_url}")
    if services.backup:
        print(f"backup before upgrade: {services.backup}")
    print(f"store: {summary.store} ({summary.terminals} terminals)")
    print(f"catalog: {summary.products} products, {summary.units} units in stock")
    print(f"rate table: {summary.rate_table_version}")
    for username, name, role in summary.staff:
        print(f"staff: {username} {name} ({role}), demo password demo1234")
    print("changed rows: " + (str(summary.changed) if summary.changed else "none (already loaded)"))
    return 0


def demo(args: argparse.Namespace) -> int:
    """One whole sale on the demo store, headless; the PDFs go to --out."""
    if bool(args.front) != bool(args.back):
        raise UserError("--front and --back go together: both sides of one card")
    card = (args.front, args.back) if args.front else None
    out = output_folder(args.out)
    services = open_services(args.db)
    try:
        sale = run_demo_sale(services, out, sku=args.sku or SKU, card=card)
    finally:
        services.close()
    print(f"contract: {sale.contract_number} (risk pre-check: {sale.decision})")
    for path in sale.files:
        print(f"wrote: {path}")
    print(f"outbox: {sale.outbox_events} events waiting for the central server")
    if sale.needs_review:
        print(f"OCR fields the salesperson would check: {', '.join(sale.needs_review)}")
    return 0
