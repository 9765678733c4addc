"""`fenqi quote`: the plans for a cart, side by side."""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from typing import Any

from app.cli.text import pad, read_json, width
from app.domain.clock import business_day
from app.domain.money import format_yuan, parse_yuan
from app.domain.plan_row import HEADERS, plan_row
from app.domain.quote import Quote, quote_to_json
from app.domain.rates import Method
from app.services.counter import open_counter
from app.services.quoting import PlanRequest


def run(args: argparse.Namespace) -> int:
    """Price the plans and print them (a table, or JSON)."""
    request = PlanRequest(
        start=args.start or business_day(),
        sku=args.sku,
        price=None if args.sku else parse_yuan(args.price, field="--price"),
        trade_in=parse_yuan(args.trade_in, field="--trade-in"),
        appraisal=read_json(args.appraisal) if args.appraisal else None,
        down=parse_yuan(args.down, field="--down"),
        method=Method(args.method) if args.method else None,
        term=args.term,
        rate=args.rate,
        tier=args.tier,
    )
    counter = open_counter(args.db)
    try:
        priced, title = counter.price_plans(request)
    finally:
        counter.close()
    if args.json:
        if request.method is not None and request.term is not None:
            document: Any = quote_to_json(priced.quotes[0])
        else:
            document = {
                "rate_table_version": priced.table.version,
                "tier": args.tier and args.tier.upper(),
                "plans": [quote_to_json(q) for q in priced.quotes],
            }
        print(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        print(render_plan_table(priced.quotes, title=title))
    return 0


def render_plan_table(quotes: Sequence[Quote], *, title: str | None = None) -> str:
    """The side-by-side plan comparison a salesperson reads to the customer."""
    cart = quotes[0].cart
    lines = []
    if title:
        lines.append(title)
    lines.append(
        f"售价 {format_yuan(cart.price)}  以旧换新抵扣 {format_yuan(cart.trade_in_credit)}  "
        f"首付 {format_yuan(cart.down_payment)}  分期金额 {format_yuan(cart.financed)}"
    )
    rows = [list(HEADERS), *(plan_row(q).cells() for q in quotes)]
    widths = [max(width(r[i]) for r in rows) for i in range(len(HEADERS))]
    for r in rows:
        lines.append(
            "  ".join(
                pad(c, w, right=i > 0) for i, (c, w) in enumerate(zip(r, widths, strict=True))
            )
        )
    lines.append(f"费率表版本 {quotes[0].rate_table_version}；提前结清、逾期费用见合同条款。")
    return "\n".join(lines)
