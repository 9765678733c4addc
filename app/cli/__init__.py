"""The `fenqi` command. Errors are one line on stderr: exit 2 for bad input, 1 for failure.

Each command lives in its own module, imported only when that command runs, so `fenqi
--help` never loads the database, OpenCV or the PDF stack."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from app.cli import args
from app.domain.errors import EnvironmentProblem, UserError
from app.domain.rates import Method
from app.domain.tradein import Body, Fault, Screen

EXIT_BAD_INPUT = 2
EXIT_FAILURE = 1

# command → "module:function" in this package
COMMANDS = {
    "init-demo": "demo:init_demo",
    "quote": "quote:run",
    "tradein": "tradein:run",
    "risk": "risk:run",
    "ocr": "ocr:run",
    "verify": "verify:run",
    "demo": "demo:demo",
    "reprint": "reprint:run",
    "gui": "gui:run",
    "server": "server:run",
    "enrol": "sync:run_enrol",
    "sync": "sync:run_sync",
    "contract": "repayments:show",
    "pay": "repayments:pay",
    "report": "report:run",
    "payoff": "repayments:payoff",
    "reverse": "repayments:reverse",
    "receipt": "repayments:receipt",
    "collections": "collections:run",
}


class _Parser(argparse.ArgumentParser):
    """argparse that reports bad usage as one `error:` line (exit 2), not a usage dump."""

    def error(self, message: str) -> NoReturn:
        raise UserError(f"{message} (see `{self.prog} --help`)")


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
    quote.add_argument("--term", type=args.parse_term, help="months (default: every offered term)")
    quote.add_argument("--method", choices=[m.value for m in Method], help="repayment method")
    quote.add_argument(
        "--rate", type=args.parse_rate, help="annual rate, or monthly fee rate for flat_fee"
    )
    quote.add_argument(
        "--start", type=args.parse_date, default=None, help="contract date YYYY-MM-DD (today)"
    )
    quote.add_argument("--tier", help="offer only what this risk tier allows (A, B, C)")
    quote.add_argument("--json", action="store_true", help="print JSON")

    tradein = sub.add_parser("tradein", parents=[db], help="appraise a trade-in phone")
    tradein.add_argument(
        "--model", required=True, help='model as in the trade-in table, e.g. "iPhone 13"'
    )
    tradein.add_argument("--storage", type=args.parse_term, required=True, help="storage in GB")
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
    demo.add_argument("--sku", help="the phone to sell (default: the demo's iPhone)")
    demo.add_argument("--front", type=Path, metavar="IMAGE", help="another customer's card")
    demo.add_argument("--back", type=Path, metavar="IMAGE", help="that card's 国徽 side")

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

    reprint = sub.add_parser(
        "reprint", parents=[db], help="print a signed sale's contract and receipt again"
    )
    reprint.add_argument("number", help="contract number, e.g. SH001-T1-20261123-0001")
    reprint.add_argument("--out", required=True, metavar="DIR", help="where the PDFs go")

    gui = sub.add_parser("gui", parents=[db], help="open the counter window")
    gui.add_argument("--smoke", action="store_true", help="show the login window, then quit")

    server = sub.add_parser("server", help="run the chain's central server (or: init, enrol)")
    server.add_argument(
        "--db", metavar="URL", help="server database (default: FENQI_SERVER_DB or a SQLite file)"
    )
    server.add_argument(
        "--key-file",
        type=Path,
        metavar="FILE",
        help="the chain's key file (default: FENQI_SERVER_KEY_FILE or the user config dir);"
        " its passphrase from FENQI_SERVER_PASSPHRASE or asked",
    )
    server.add_argument("--host", default="127.0.0.1", help="address to listen on")
    server.add_argument("--port", type=int, default=8765, help="port (default 8765)")
    server.add_argument("--ssl-keyfile", metavar="FILE", help="TLS private key (HTTPS)")
    server.add_argument("--ssl-certfile", metavar="FILE", help="TLS certificate (HTTPS)")
    server.add_argument(
        "--insecure", action="store_true", help="serve plain HTTP beyond this machine (a lab)"
    )
    server.add_argument(
        "--refusals-allowed",
        type=int,
        default=10,
        metavar="N",
        help="refused credentials from one address in 15 minutes before it gets 429 (10)",
    )
    server.add_argument(
        "--access-log", type=Path, metavar="FILE", help="append the access log here (else stderr)"
    )
    server.add_argument(
        "--header-timeout",
        type=float,
        default=10.0,
        metavar="S",
        help="a request's headers arrive within S seconds, or the connection closes (10)",
    )
    server.add_argument(
        "--body-timeout",
        type=float,
        default=30.0,
        metavar="S",
        help="a request's body arrives within S seconds, or it is answered 408 (30)",
    )
    server.add_argument(
        "--forwarded-allow-ips",
        metavar="ADDRESSES",
        help="the reverse proxies whose X-Forwarded-For names the client (comma-separated; "
        "default: none, the connection's own address counts)",
    )
    actions = server.add_subparsers(dest="action", parser_class=_Parser)
    init = actions.add_parser("init", help="create or upgrade the server's database")
    init.add_argument("--demo", action="store_true", help="load the demo chain's data")
    enrol_code = actions.add_parser("enrol", help="print a one-time code for a terminal")
    enrol_code.add_argument("--store", required=True, help="store code, e.g. SH001")
    enrol_code.add_argument("--terminal", required=True, help="terminal code, e.g. T2")
    reviewer = actions.add_parser("reviewer", help="print a new token for a chain reviewer")
    reviewer.add_argument("--name", required=True, help="the reviewer's name")
    reviewer.add_argument(
        "--days", type=int, default=30, help="how many days the token is valid (default 30)"
    )
    rotate = actions.add_parser("rotate", help="write a new key file with a new lookup key or root")
    rotate.add_argument("--to", type=Path, required=True, metavar="FILE", help="the new key file")
    rotate.add_argument("--lookup", action="store_true", help="a new ID-lookup key")
    rotate.add_argument("--root", action="store_true", help="a new root signing key")
    actions.add_parser("terminals", help="the enrolled terminals: since, until, last seen, revoked")
    actions.add_parser("reviewers", help="the chain's reviewers: since, until, revoked")
    revoke = actions.add_parser("revoke", help="revoke a terminal's or a reviewer's credential")
    revoked = revoke.add_subparsers(dest="revoke_kind", required=True, parser_class=_Parser)
    revoke_terminal = revoked.add_parser("terminal", help="the terminal must enrol again")
    revoke_terminal.add_argument("--store", required=True, help="store code, e.g. SH001")
    revoke_terminal.add_argument("--terminal", required=True, help="terminal code, e.g. T2")
    revoked.add_parser("reviewer", help="the token works no more").add_argument(
        "--name", required=True, help="the reviewer's name"
    )
    admin = actions.add_parser("admin", help="change the chain's reference data (audited)")
    admin_actions = admin.add_subparsers(dest="admin_action", required=True, parser_class=_Parser)
    listed = admin_actions.add_parser("list", help="a table's rows (chain_flags: the flags)")
    listed.add_argument("table", help="stores, terminals, staff, products, device_units, ...")
    listed.add_argument("--store", help="only this store's rows")
    put = admin_actions.add_parser("put", help="add a row, or change a row's columns (--id)")
    put.add_argument("table", help="stores, terminals, staff, products, device_units, ...")
    put.add_argument("values", help='JSON object, e.g. \'{"store": "SH001", ...}\', or @FILE')
    put.add_argument("--id", type=args.parse_uuid, help="the row to change")
    put.add_argument("--by", help="who makes the change (default: this login)")
    removed = admin_actions.add_parser("remove", help="remove a row (terminals drop it)")
    removed.add_argument("table")
    removed.add_argument("id", type=args.parse_uuid, help="the row's id")
    removed.add_argument("--by", help="who makes the change (default: this login)")
    enrol = sub.add_parser("enrol", parents=[db], help="join the chain's server with a code")
    enrol.add_argument("url", help="the server, e.g. https://fenqi.example.com")
    enrol.add_argument("code", help="the one-time code from `fenqi server enrol`")
    enrol.add_argument(
        "--ca", type=Path, metavar="FILE", help="the chain's CA certificate (PEM), if its own"
    )
    sync = sub.add_parser("sync", parents=[db], help="push the queue and pull the chain's data")
    sync.add_argument("--server", metavar="URL", help="another address of the server")
    sync.add_argument("--json", action="store_true", help="print JSON")
    contract = sub.add_parser("contract", parents=[db], help="a contract's schedule as it stands")
    contract.add_argument("number", help="contract number, e.g. SH001-T1-20261123-0001")
    contract.add_argument("--on", type=args.parse_date, help="as on this date (default today)")
    contract.add_argument("--json", action="store_true", help="print JSON")
    pay = sub.add_parser("pay", parents=[db], help="take a repayment on a contract")
    pay.add_argument("number", help="contract number")
    pay.add_argument("--amount", required=True, help="amount in yuan")
    pay.add_argument("--channel", required=True, choices=["cash", "card", "wechat", "alipay"])
    pay.add_argument("--reference", help="the card or wallet transaction's reference")
    pay.add_argument("--staff", required=True, help="who takes it (username)")
    pay.add_argument(
        "--no-prepay",
        action="store_true",
        help="refuse more than is due today (default: the rest prepays the next instalments)",
    )
    pay.add_argument("--json", action="store_true", help="print JSON")
    payoff = sub.add_parser("payoff", parents=[db], help="quote or settle an early payoff")
    payoff.add_argument("number", help="contract number")
    payoff.add_argument("--on", type=args.parse_date, help="quote for this date (default today)")
    payoff.add_argument("--settle", action="store_true", help="take it now and close the contract")
    payoff.add_argument("--channel", choices=["cash", "card", "wechat", "alipay"])
    payoff.add_argument("--reference", help="the card or wallet transaction's reference")
    payoff.add_argument("--staff", help="who takes it (username)")
    payoff.add_argument("--json", action="store_true", help="print JSON")
    reverse = sub.add_parser("reverse", parents=[db], help="a manager reverses a payment")
    reverse.add_argument("payment", type=args.parse_uuid, help="the payment's id (fenqi contract)")
    reverse.add_argument("--manager", required=True, help="the manager (username)")
    reverse.add_argument("--reason", required=True, help="why (at least 5 characters)")
    reverse.add_argument("--json", action="store_true", help="print JSON")
    receipt = sub.add_parser("receipt", parents=[db], help="a payment's signed receipt PDF")
    receipt.add_argument("payment", type=args.parse_uuid, help="the payment's id (fenqi contract)")
    receipt.add_argument("--out", required=True, metavar="DIR", help="where the PDF goes")
    receipt.add_argument("--paper", choices=["80mm", "58mm", "A4"], default="80mm")
    receipt.add_argument("--json", action="store_true", help="print JSON")
    collections = sub.add_parser("collections", help="reminders and collections")
    work = collections.add_subparsers(dest="action", required=True, parser_class=_Parser)
    listed = work.add_parser("list", parents=[db], help="due soon; overdue with the step")
    listed.add_argument("--on", type=args.parse_date, help="as on this date (default today)")
    listed.add_argument("--json", action="store_true", help="print JSON")
    log = work.add_parser("log", parents=[db], help="log a contact attempt, checked by the rules")
    log.add_argument("number", help="contract number")
    log.add_argument("--template", required=True, help="message template (assets/collections)")
    log.add_argument("--audience", required=True, choices=["customer", "contact"])
    log.add_argument("--channel", default="sms", help="sms, call or letter (default sms)")
    log.add_argument("--outcome", required=True, help="what came of it")
    log.add_argument("--staff", required=True, help="who made the contact (username)")
    log.add_argument("--promise", type=args.parse_date, help="the date the customer promised")
    log.add_argument("--json", action="store_true", help="print JSON")
    report = sub.add_parser("report", parents=[db], help="the day's review or the book")
    report.add_argument(
        "kind", choices=["daily", "book", "close"], help="daily (日结), book, or close the day"
    )
    report.add_argument("--other-sales", type=int, help="close: phones the till sold outright")
    report.add_argument("--staff", help="close: the manager closing the day (username)")
    report.add_argument("--date", type=args.parse_date, help="the day (default today)")
    output = report.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print JSON")
    output.add_argument("--csv", type=Path, metavar="FILE", help="write the figures as CSV")
    output.add_argument("--pdf", type=Path, metavar="FILE", help="write the day close as PDF")
    risk = sub.add_parser("risk", parents=[db], help="run the risk pre-check on an application")
    risk.add_argument("file", help="application JSON (format: README)")
    risk.add_argument("--json", action="store_true", help="print JSON")
    return parser


PATH_OPTIONS = {
    "image",
    "front",
    "back",
    "file",
    "out",
    "ca",
    "trust",
    "appraisal",
    "csv",
    "pdf",
}  # any bytes the OS allows


def _check_text(args: argparse.Namespace) -> None:
    """Refuse option values holding bytes that are not UTF-8 text (Python keeps them as lone
    surrogates, which no database or PDF can store); file names may hold any bytes."""
    for name, value in vars(args).items():
        if name in PATH_OPTIONS or not isinstance(value, str):
            continue
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            option = name if name in ("number",) else f"--{name.replace('_', '-')}"
            raise UserError(f"{option}: holds bytes that are not UTF-8 text") from None


def main(argv: Sequence[str] | None = None) -> int:
    """Run `fenqi`; returns the exit code."""
    try:
        args = build_parser().parse_args(argv)
        _check_text(args)
        if args.command is None:
            raise UserError("no command given: try `fenqi quote --help` or `fenqi init-demo`")
        module, function = COMMANDS[args.command].split(":")
        return int(getattr(importlib.import_module(f"app.cli.{module}"), function)(args))
    except UserError as exc:
        print(f"error: {one_line(str(exc))}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except EnvironmentProblem as exc:
        print(f"error: {one_line(str(exc))}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `fenqi ... | head`: the reader has gone, nothing to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except Exception as exc:  # a bug: keep the details, show one line
        from app.services.exports import write_crash_report

        report = write_crash_report(exc)
        print(f"error: internal error ({type(exc).__name__}); details in {report}", file=sys.stderr)
        return EXIT_FAILURE


def one_line(message: str) -> str:
    """The message with control characters (a newline typed into an option) escaped."""
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in message)


if __name__ == "__main__":
    sys.exit(main())
