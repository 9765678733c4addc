"""The `fenqi` command. Errors are one line on stderr: exit 2 for bad input, 1 for failure."""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
import unicodedata
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, NoReturn

from platformdirs import user_log_dir

from app.clock import business_day
from app.errors import EnvironmentProblem, UserError
from app.files import create_private, private_folder
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
from app.tradein import Body, Fault, Screen

EXIT_BAD_INPUT = 2
EXIT_FAILURE = 1


class _Parser(argparse.ArgumentParser):
    """argparse that reports bad usage as one `error:` line (exit 2), not a usage dump."""

    def error(self, message: str) -> NoReturn:
        raise UserError(f"{message} (see `{self.prog} --help`)")


FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2099, 12, 31)  # contracts this program can date


def _date(text: str) -> date:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date: use YYYY-MM-DD") from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise argparse.ArgumentTypeError(f"'{text}' is outside {FIRST_DAY} to {LAST_DAY}")
    return day


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
    credit = quote.add_mutually_exclusive_group()
    credit.add_argument("--trade-in", default="0", help="trade-in credit in yuan")
    credit.add_argument(
        "--appraisal", metavar="FILE", help="a `fenqi tradein --json` file: re-appraised, credited"
    )
    quote.add_argument("--down", default="0", help="down payment in yuan")
    quote.add_argument("--term", type=_term, help="months (default: every offered term)")
    quote.add_argument("--method", choices=[m.value for m in Method], help="repayment method")
    quote.add_argument("--rate", type=_rate, help="annual rate, or monthly fee rate for flat_fee")
    quote.add_argument("--start", type=_date, default=None, help="contract date YYYY-MM-DD (today)")
    quote.add_argument("--tier", help="offer only what this risk tier allows (A, B, C)")
    quote.add_argument("--json", action="store_true", help="print JSON")

    tradein = sub.add_parser("tradein", parents=[db], help="appraise a trade-in phone")
    tradein.add_argument(
        "--model", required=True, help='model as in the trade-in table, e.g. "iPhone 13"'
    )
    tradein.add_argument("--storage", type=_term, required=True, help="storage in GB")
    tradein.add_argument("--imei", required=True, help="15-digit IMEI (*#06#)")
    tradein.add_argument("--screen", choices=[s.value for s in Screen], required=True)
    tradein.add_argument("--body", choices=[b.value for b in Body], required=True, type=str.upper)
    tradein.add_argument("--battery", type=int, required=True, help="battery health %%")
    tradein.add_argument("--fault", action="append", default=[], choices=[f.value for f in Fault])
    tradein.add_argument("--water-damage", action="store_true")
    tradein.add_argument("--locked", action="store_true", help="activation lock still on")
    new_phone = tradein.add_mutually_exclusive_group()
    new_phone.add_argument("--price", help="the new phone's price (credit is capped at it)")
    new_phone.add_argument("--sku", help="the new phone, from the catalog")
    tradein.add_argument("--accept", action="store_true", help="take the phone into stock")
    tradein.add_argument("--staff", help="with --accept: who takes it in (username)")
    tradein.add_argument("--json", action="store_true", help="print JSON")

    ocr = sub.add_parser("ocr", help="read a resident ID card from a photo")
    ocr.add_argument("image", help="photo of the portrait side (JPEG, PNG or BMP)")
    ocr.add_argument("--back", metavar="IMAGE", help="photo of the national-emblem side")
    ocr.add_argument(
        "--engines",
        metavar="LIST",
        help="e.g. tesseract,rapidocr (default: FENQI_OCR_ENGINES, else every installed one)",
    )
    ocr.add_argument("--json", action="store_true", help="print JSON")

    demo = sub.add_parser("demo", parents=[db], help="a whole sale, headless, on the demo store")
    demo.add_argument("--out", required=True, metavar="DIR", help="where the PDFs go")

    verify = sub.add_parser("verify", help="check a printed contract PDF has not been altered")
    verify.add_argument("file", help="contract PDF")
    verify.add_argument(
        "--trust",
        action="append",
        type=Path,
        default=[],
        metavar="FILE",
        help="a chain root certificate (PEM) to trust besides the shipped and installed ones",
    )

    risk = sub.add_parser("risk", parents=[db], help="run the risk pre-check on an application")
    risk.add_argument("file", help="application JSON (format: README)")
    risk.add_argument("--json", action="store_true", help="print JSON")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run `fenqi`; returns the exit code."""
    try:
        args = build_parser().parse_args(argv)
        if args.command is None:
            raise UserError("no command given: try `fenqi quote --help` or `fenqi init-demo`")
        return _COMMANDS[args.command](args)
    except UserError as exc:
        print(f"error: {one_line(str(exc))}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except EnvironmentProblem as exc:
        print(f"error: {one_line(str(exc))}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug: keep the details, show one line
        report = write_crash_report(exc)
        print(f"error: internal error ({type(exc).__name__}); details in {report}", file=sys.stderr)
        return EXIT_FAILURE


def one_line(message: str) -> str:
    """The message with control characters (a newline typed into an option) escaped."""
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in message)


def write_crash_report(exc: BaseException) -> Path:
    """Save a bug's traceback in the user log dir and return the file."""
    folder = private_folder(Path(user_log_dir("fenqi", appauthor=False)))
    name = f"crash-{datetime.now():%Y%m%d-%H%M%S-%f}-{os.getpid()}.txt"  # one per crash
    text = "".join(traceback.format_exception(exc))
    return create_private(folder / name, text.encode("utf-8"))


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
    from app.risk import load_demo_risk_rules, plans_for_tier
    from app.sales import find_product, store_rate_table, this_terminal
    from app.tradein import load_demo_valuation_table, reappraise

    tier = load_demo_risk_rules().tier(args.tier) if args.tier else None
    services = open_services(args.db)
    try:
        with services.sessions() as session:
            table = store_rate_table(session, this_terminal(session).store_id)
            product = find_product(session, args.sku) if args.sku else None
            price = product.price if product else parse_yuan(args.price, field="--price")
            if args.appraisal:
                appraisal = reappraise(
                    session,
                    _read_json(args.appraisal),
                    table=load_demo_valuation_table(),
                    new_phone_price=price,
                )
                credit = appraisal.credit
            else:
                credit = parse_yuan(args.trade_in, field="--trade-in")
    finally:
        services.close()
    cart = Cart(
        price=price,
        trade_in_credit=credit,
        down_payment=parse_yuan(args.down, field="--down"),
        start=args.start or business_day(),
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
    if tier is not None:
        quotes = plans_for_tier(quotes, tier)
    if args.json:
        if single:
            document: Any = quote_to_json(quotes[0])
        else:
            document = {
                "rate_table_version": table.version,
                "tier": args.tier and args.tier.upper(),
                "plans": [quote_to_json(q) for q in quotes],
            }
        print(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        title = None
        if product is not None:
            title = f"{product.brand} {product.model} {product.storage_gb}GB {product.colour}"
        print(render_plan_table(quotes, title=title))
    return 0


def _read_json(path: str) -> Any:
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except FileNotFoundError:
        raise UserError(f"no file {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"cannot read {path}: {exc}") from None
    except json.JSONDecodeError as exc:
        raise UserError(f"{path} is not valid JSON (line {exc.lineno}: {exc.msg})") from None
    except RecursionError:
        raise UserError(f"{path} is nested too deeply to be an application") from None


def _tradein(args: argparse.Namespace) -> int:
    from app.bootstrap import open_services
    from app.sales import find_product, find_staff, this_terminal
    from app.tradein import (
        Condition,
        accept_trade_in,
        appraisal_to_json,
        appraise,
        check_imei_acceptable,
        load_demo_valuation_table,
    )

    if args.accept and not args.staff:
        raise UserError("--accept needs --staff (who takes the phone in)")
    condition = Condition(
        screen=Screen(args.screen),
        body=Body(args.body),
        battery_health=args.battery,
        faults=frozenset(Fault(f) for f in args.fault),
        water_damage=args.water_damage,
        activation_lock_removed=not args.locked,
    )
    services = open_services(args.db)
    try:
        with services.sessions.begin() as session:
            new_price = None
            if args.sku:
                new_price = find_product(session, args.sku).price
            elif args.price:
                new_price = parse_yuan(args.price, field="--price")
            appraisal = appraise(
                model=args.model,
                storage_gb=args.storage,
                imei=args.imei,
                condition=condition,
                table=load_demo_valuation_table(),
                new_phone_price=new_price,
            )
            check_imei_acceptable(session, appraisal.imei)
            document = appraisal_to_json(appraisal)
            if args.accept:
                terminal = this_terminal(session)
                record = accept_trade_in(
                    session,
                    appraisal,
                    store_id=terminal.store_id,
                    terminal_id=terminal.id,
                    staff_id=find_staff(session, args.staff).id,
                )
                document["trade_in_id"] = str(record.id)
                document["device_unit_id"] = str(record.device_unit_id)
    finally:
        services.close()
    if args.json:
        print(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        print(render_appraisal(document))
    return 0


def render_appraisal(doc: dict[str, Any]) -> str:
    """The itemised appraisal as read to the customer."""
    rows = [("基础回收价", doc["base_price"])]
    for d in doc["deductions"]:
        percent = f"{(Decimal(d['rate']) * 100).normalize():f}"
        rows.append((f"  − {d['label']}（{percent}%）", "-" + d["amount"]))
    rows.append(("估价", doc["value"]))
    if doc["accepted"]:
        capped = "（以新机售价为上限）" if doc["capped_at_price"] else ""
        rows.append((f"抵扣金额{capped}", doc["credit"]))
    width = max(_width(label) for label, _ in rows)
    lines = [f"{doc['model']} {doc['storage_gb']}GB  IMEI {doc['imei']}"]
    lines += [_pad(label, width, right=False) + f"  {amount:>9}" for label, amount in rows]
    if not doc["accepted"]:
        lines.append(f"不予回收：{doc['reason']}")
    if "device_unit_id" in doc:
        lines.append(f"已入库（二手）：{doc['device_unit_id']}")
    lines.append(f"估价表版本 {doc['table_version']}")
    return "\n".join(lines)


def _risk(args: argparse.Namespace) -> int:
    from app.applications import parse_application, submit_application
    from app.bootstrap import open_services
    from app.risk import load_demo_risk_rules, result_to_json
    from app.sales import store_rate_table, this_terminal

    form = parse_application(_read_json(args.file))
    rules = load_demo_risk_rules()
    services = open_services(args.db)
    try:
        with services.sessions.begin() as session:
            terminal = this_terminal(session)
            submitted = submit_application(
                session,
                services.cipher,
                form,
                terminal=terminal,
                table=store_rate_table(session, terminal.store_id),
                rules=rules,
            )
            application_id = str(submitted.application.id)
    finally:
        services.close()
    document = {
        "application_id": application_id,
        **result_to_json(submitted.result),
        "quote": quote_to_json(submitted.quote),
    }
    if args.json:
        print(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        print(render_decision(document))
    return 0


def _ocr(args: argparse.Namespace) -> int:
    from app.idcard.engines import load_engines
    from app.idcard.finder import load_image
    from app.idcard.reader import CardReader

    engines = load_engines(tuple(args.engines.split(",")) if args.engines else None)
    front = load_image(args.image)
    back = load_image(args.back) if args.back else None
    document = CardReader(engines).read(front, back).to_json()
    if args.json:
        print(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        print(render_card(document))
    return 0


def render_card(doc: dict[str, Any]) -> str:
    """The reading as the salesperson checks it: doubtful fields marked with ⚠."""
    from app.idcard.reader import FIELD_LABELS

    width = max(_width(label) for label in FIELD_LABELS.values())
    lines = []
    for field, label in FIELD_LABELS.items():
        value = doc[field] if doc[field] is not None else "（未识别）"
        mark = "  ⚠ 请核对" if field in doc["needs_review"] else ""
        others = doc["alternatives"].get(field)
        if others:
            mark += f"（另读作：{'、'.join(str(o) for o in others)}）"
        lines.append(f"{_pad(label, width, right=False)}  {value}{mark}")
    check = "通过" if doc["checksum_ok"] else "未通过"
    engines = "+".join(doc["engines"])
    lines.append(f"身份证号校验：{check}   识别引擎 {engines}   用时 {doc['ms']} ms")
    if doc["back_problem"]:
        lines.append(f"背面：{doc['back_problem']}")
    return "\n".join(lines)


def _demo(args: argparse.Namespace) -> int:
    from app.bootstrap import open_services
    from app.demo_sale import run_demo_sale

    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise UserError(f"--out {out} is a file: give a folder for the contract and receipt")
    try:
        private_folder(out)
    except OSError as exc:
        raise UserError(f"--out {out}: cannot create that folder ({exc.strerror})") from None
    if not os.access(out, os.W_OK):
        raise UserError(f"--out {out}: this user cannot write there")
    services = open_services(args.db)
    try:
        sale = run_demo_sale(services, out)
    finally:
        services.close()
    print(f"contract: {sale.contract_number} (risk pre-check: {sale.decision})")
    for path in sale.files:
        print(f"wrote: {path}")
    print(f"outbox: {sale.outbox_events} events waiting for the central server")
    if sale.needs_review:
        print(f"OCR fields the salesperson would check: {', '.join(sale.needs_review)}")
    return 0


def _verify(args: argparse.Namespace) -> int:
    from app.bootstrap import trusted_roots
    from printing.integrity import verify_pdf

    try:
        pdf = Path(args.file).read_bytes()
    except OSError as exc:
        raise UserError(f"cannot read {args.file}: {exc.strerror}") from None
    try:
        result = verify_pdf(pdf, trusted_roots=trusted_roots(args.trust))
    except ValueError as exc:
        raise UserError(f"{args.file}: {exc}") from None
    print(f"{result.status} {result.number or '-'} sha256={result.sha256 or '-'} ({result.detail})")
    return 0 if result.status == "valid" else EXIT_FAILURE


DECISION_LABELS = {"approve": "通过", "review": "转店长复核", "decline": "拒绝"}
FACTOR_LABELS = {
    "employment": "职业",
    "years_in_job": "工龄",
    "monthly_income": "月收入",
    "dti": "负债收入比",
    "age": "年龄",
    "history": "本连锁记录",
}


def render_decision(doc: dict[str, Any]) -> str:
    """The pre-check result as the salesperson reads it."""
    tier = doc["tier"] or "—"
    lines = [
        f"预审结果：{DECISION_LABELS[doc['decision']]}   风险等级：{tier}   评分：{doc['score']}",
        f"申请编号 {doc['application_id']}   规则版本 {doc['rules_version']}",
    ]
    lines += [f"  [{r['code']}] {r['message']}" for r in doc["reasons"]]
    items = "，".join(
        f"{FACTOR_LABELS[i['factor']]} {i['value']} {i['points']:+d}" for i in doc["score_items"]
    )
    lines.append(f"评分明细：{items}")
    return "\n".join(lines)


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


_COMMANDS = {
    "init-demo": _init_demo,
    "quote": _quote,
    "tradein": _tradein,
    "risk": _risk,
    "ocr": _ocr,
    "verify": _verify,
    "demo": _demo,
}


if __name__ == "__main__":
    sys.exit(main())
