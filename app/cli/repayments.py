"""The desk's money as commands: `fenqi contract NUMBER` (the schedule as it stands, its
payments), `fenqi pay`, `fenqi payoff`, `fenqi reverse PAYMENT` and `fenqi receipt PAYMENT`."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys

from app.cli.text import output_folder
from app.domain.clock import business_day, local
from app.domain.errors import UserError
from app.domain.money import format_yuan, parse_yuan
from app.domain.receipt import receipt_document
from app.domain.repayment import CHANNELS, STATUS_LABELS
from app.services.bootstrap import open_services
from app.services.counter import PaymentLine, open_counter
from app.services.documents import save_payment_receipt
from app.services.repayments import ContractBook


def show(args: argparse.Namespace) -> int:
    """Print the contract's instalments (paid, overdue with days and late fee, upcoming) and
    its payments (their ids are what `fenqi reverse` and `fenqi receipt` take)."""
    counter = open_counter(args.db)
    try:
        book = counter.payments.contract(args.number, args.on or business_day())
        payments = counter.payments.payments_of(book.contract.id)
    finally:
        counter.close()
    if args.json:
        lines = [_payment_json(p) for p in payments]
        print(json.dumps(book.to_json() | {"payments": lines}, ensure_ascii=False, indent=2))
        return 0
    _print(book, as_json=False)
    for p in payments:
        print(f"  payment {p.id}  {local(p.received_at):%Y-%m-%d %H:%M}  {p.kind:<12} "
              f"{format_yuan(p.amount):>10}  {p.channel}")  # fmt: skip
    return 0


def _payment_json(p: PaymentLine) -> dict[str, object]:
    return {
        "id": str(p.id),
        "received_at": p.received_at.isoformat(),
        "kind": p.kind,
        "amount": format_yuan(p.amount),
        "channel": p.channel,
        "reference": p.reference,
    }


def pay(args: argparse.Namespace) -> int:
    """Take a repayment and print how it was allocated and what is left."""
    amount = parse_yuan(args.amount, field="--amount")
    counter = open_counter(args.db)
    try:
        payment_id, parts = counter.payments.take(
            args.number,
            amount,
            channel=args.channel,
            reference=args.reference,
            staff=args.staff,
            prepay=not args.no_prepay,
        )
        book = counter.payments.contract(args.number, business_day())
    finally:
        counter.close()
    if args.json:
        allocations = [
            {"n": p.n, "component": p.component.value, "amount": format_yuan(p.amount)}
            for p in parts
        ]
        document = {"payment_id": str(payment_id), "allocations": allocations}
        print(json.dumps(document | book.to_json(), ensure_ascii=False, indent=2))
        return 0
    print(f"payment {payment_id}: {format_yuan(amount)} by {CHANNELS[args.channel]}")
    for part in parts:
        print(f"  instalment {part.n:>2} {part.component.value:<16} {format_yuan(part.amount):>10}")
    _print(book, as_json=False)
    return 0


def _print(book: ContractBook, *, as_json: bool) -> None:
    if as_json:
        print(json.dumps(book.to_json(), ensure_ascii=False, indent=2))
        return
    print(f"contract {book.contract.number} ({book.contract.status.value}) on {book.on}")
    for s in book.states:
        late = f" {s.days_late} days late" if s.days_late else ""
        owed = format_yuan(s.outstanding)
        print(f"  {s.n:>2}  {s.due_date}  {STATUS_LABELS[s.status]:<4} owed {owed:>10}{late}")
    print(
        f"outstanding {format_yuan(book.outstanding)} (late fees apart: "
        f"{format_yuan(book.late_fees)}), payable {format_yuan(book.payable)}, "
        f"overdue {format_yuan(book.overdue)}"
    )


def payoff(args: argparse.Namespace) -> int:
    """Quote an early payoff (itemised); with --settle, take it and close the contract."""
    counter = open_counter(args.db)
    try:
        if args.settle:
            if not args.channel or not args.staff:
                raise UserError("--settle needs --channel and --staff (and --reference)")
            _, quote = counter.payments.settle(
                args.number, channel=args.channel, reference=args.reference, staff=args.staff
            )
        else:
            quote = counter.payments.payoff_quote(args.number, args.on or business_day())
    finally:
        counter.close()
    lines = {
        "on": quote.on.isoformat(),
        "remaining_principal": format_yuan(quote.remaining_principal),
        "current_interest_or_fee": format_yuan(quote.current_interest_or_fee),
        "early_payoff_fee": format_yuan(quote.fee),
        "fee_rate": str(quote.fee_rate),
        "total": format_yuan(quote.total),
        "remaining_instalments": format_yuan(quote.remaining_instalments),
        "costs_more_than_instalments": quote.costs_more,
        "settled": bool(args.settle),
    }
    if args.json:
        print(json.dumps(lines, ensure_ascii=False, indent=2))
    else:
        for name, value in lines.items():
            print(f"{name:<24} {value}")
    return 0


def reverse(args: argparse.Namespace) -> int:
    """A manager reverses a payment (a new, negative record with its reason); the password
    from FENQI_MANAGER_PASSWORD, else asked."""
    password = os.environ.get("FENQI_MANAGER_PASSWORD")
    if password is None:
        if not sys.stdin.isatty():
            raise UserError("set FENQI_MANAGER_PASSWORD, or run this at a terminal to be asked")
        password = getpass.getpass(f"password for {args.manager}: ")
    counter = open_counter(args.db)
    try:
        returned = counter.payments.reverse(
            args.payment, manager=args.manager, password=password, reason=args.reason
        )
    finally:
        counter.close()
    if args.json:
        print(json.dumps({"reversed": str(args.payment), "amount": format_yuan(returned)}))
    else:
        print(f"reversed payment {args.payment}: {format_yuan(returned)} given back")
    return 0


def receipt(args: argparse.Namespace) -> int:
    """Write a payment's signed receipt PDF (a repayment, payoff or reversal)."""
    out = output_folder(args.out)
    services = open_services(args.db)
    try:
        path, data = save_payment_receipt(services, args.payment, out, paper=args.paper)
    finally:
        services.close()
    if args.json:
        print(json.dumps({"file": str(path)} | receipt_document(data), ensure_ascii=False))
    else:
        print(f"wrote: {path}")
    return 0
