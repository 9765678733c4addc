"""The `fenqi` command. Errors are one line on stderr: exit 2 for bad input, 1 for failure."""

from __future__ import annotations

import argparse
import json
import sys
import traceback
import unicodedata
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, NoReturn

from platformdirs import user_log_dir

from app.errors import EnvironmentProblem, UserError
from app.money import format_yuan, parse_yuan, round_fen
from app.quote import (
    Cart,
    Quote,
    check_cart,
    quote_plan,
    quote_plans,
    quote_to_json,
    select_offer,
)
from app.rates import Method

EXIT_BAD_INPUT = 2
EXIT_FAILURE = 1


class _Parser(argparse.ArgumentParser):
    """argparse that reports bad usage as one `error:` line (exit 2), not a usage dump."""

    def error(self, message: str) -> NoReturn:
        raise UserError(f"{message} (see `{self.prog} --help`)")


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date: use YYYY-MM-DD") from None


def _rate(text: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise argparse.ArgumentTypeError(f"'{text}' is not a rate such as 0.12") from None
    if not value.is_finite() or value < 0:
        raise argparse.ArgumentTypeError(f"'{text}' is not a rate such as 0.12")
    return value


def _term(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of months")
    return int(text)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every subcommand."""
    db = _Parser(add_help=False)
    db.add_argument(
        "--db", metavar="URL", help="database URL (default: FENQI_DB_URL or the user data file)"
    )
    parser = _Parser(
        prog="fenqi", description="Fenqi Counter: installment sales at the phone counter"
    )
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    sub.add_parser(
        "init-demo", parents=[db], help="create/upgrade the database and load the demo store"
    )

    quote = sub.add_parser("quote", parents=[db], help="price installment plans for a cart")
    what = quote.add_mutually_exclusive_group(required=True)
    what.add_argument("--price", help="price in yuan")
    what.add_argument("--sku", help="a catalog product (its price and promotions apply)")
    quote.add_argument("--trade-in", default="0", help="trade-in credit in yuan")
    quote.add_argument("--down", default="0", help="down payment in yuan")
    quote.add_argument("--term", type=_term, help="months (default: every offered term)")
    quote.add_argument("--method", choices=[m.value for m in Method], help="repayment method")
    quote.add_argument("--rate", type=_rate, help="annual rate, or monthly fee rate for flat_fee")
    quote.add_argument("--start", type=_date, default=None, help="contract date YYYY-MM-DD (today)")
    quote.add_argument("--json", action="store_true", help="print JSON")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run `fenqi`; returns the exit code."""
    try:
        args = build_parser().parse_args(argv)
        if args.command is None:
            raise UserError("no command given: try `fenqi quote --help` or `fenqi init-demo`")
        return _COMMANDS[args.command](args)
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except EnvironmentProblem as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug: keep the details, show one line
        report = write_crash_report(exc)
        print(f"error: internal error ({type(exc).__name__}); details in {report}", file=sys.stderr)
        return EXIT_FAILURE


def write_crash_report(exc: BaseException) -> Path:
    """Save a bug's traceback in the user log dir and return the file."""
    folder = Path(user_log_dir("fenqi", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    report = folder / f"crash-{datetime.now():%Y%m%d-%H%M%S}.txt"
    report.write_text("".join(traceback.format_exception(exc)), encoding="utf-8")
    return report


def _init_demo(args: argparse.Namespace) -> int:
    from app.bootstrap import open_services
    from app.demo import load_demo

    services = open_services(args.db, create=True)
    try:
        summary = load_demo(services)
    finally:
        services.close()
    print(f"database: {services.db_url}")
    if services.backup:
        print(f"backup before upgrade: {services.backup}")
    print(f"store: {summary.store} ({summary.terminals} terminals)")
    print(f"catalog: {summary.products} products, {summary.units} units in stock")
    print(f"rate table: {summary.rate_table_version}")
    for username, name, role in summary.staff:
        print(f"staff: {username} {name} ({role}), demo password demo1234")
    print("changed rows: " + (str(summary.changed) if summary.changed else "none (already loaded)"))
    return 0


def _quote(args: argparse.Namespace) -> int:
    from app.bootstrap import open_services
    from app.sales import find_product, store_rate_table, this_terminal

    services = open_services(args.db)
    try:
        with services.sessions() as session:
            table = store_rate_table(session, this_terminal(session).store_id)
            product = find_product(session, args.sku) if args.sku else None
    finally:
        services.close()
    cart = Cart(
        price=product.price if product else parse_yuan(args.price, field="--price"),
        trade_in_credit=parse_yuan(args.trade_in, field="--trade-in"),
        down_payment=parse_yuan(args.down, field="--down"),
        start=args.start or date.today(),
        model=product.model if product else None,
    )
    method = Method(args.method) if args.method else None
    if args.rate is not None and (method is None or args.term is None):
        raise UserError("--rate needs --method and --term (one plan at a given rate)")
    single = method is not None and args.term is not None
    if method is not None and args.term is not None:
        check_cart(cart, table)
        offer = select_offer(table, cart=cart, method=method, term=args.term, rate=args.rate)
        quotes = [quote_plan(cart, offer, table)]
    else:
        quotes = quote_plans(cart, table, method=method, term=args.term)
    if args.json:
        if single:
            document: Any = quote_to_json(quotes[0])
        else:
            document = {
                "rate_table_version": table.version,
                "plans": [quote_to_json(q) for q in quotes],
            }
        print(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        title = None
        if product is not None:
            title = f"{product.brand} {product.model} {product.storage_gb}GB {product.colour}"
        print(render_plan_table(quotes, title=title))
    return 0


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool) -> str:
    fill = " " * (width - _width(text))
    return fill + text if right else text + fill


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
    header = [
        "方案",
        "期数",
        "首月月供",
        "名义利率",
        "年化利率(IRR)",
        "利息/手续费",
        "总还款",
        "约每天",
    ]
    rows = [header]
    for q in quotes:
        if q.method is Method.FLAT_FEE:
            nominal = f"月费率 {q.rate * 100:.2f}%"
        elif q.method is Method.INTEREST_FREE:
            nominal = "0"
        else:
            nominal = f"年利率 {q.rate * 100:.2f}%"
        per_day = round_fen(q.total_payable / (q.schedule[-1].due_date - cart.start).days)
        rows.append(
            [
                q.method.label,
                str(q.term),
                format_yuan(q.first_payment),
                nominal,
                f"{q.apr * 100:.2f}%",
                format_yuan(q.total_interest_or_fees),
                format_yuan(q.total_payable),
                f"{per_day} 元",
            ]
        )
    widths = [max(_width(r[i]) for r in rows) for i in range(len(header))]
    for r in rows:
        lines.append(
            "  ".join(
                _pad(c, w, right=i > 0) for i, (c, w) in enumerate(zip(r, widths, strict=True))
            )
        )
    lines.append(f"费率表版本 {quotes[0].rate_table_version}；提前结清、逾期费用见合同条款。")
    return "\n".join(lines)


_COMMANDS = {"init-demo": _init_demo, "quote": _quote}


if __name__ == "__main__":
    sys.exit(main())
