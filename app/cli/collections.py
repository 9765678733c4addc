"""`fenqi collections list` (who is due soon, who is late and at which step) and `fenqi
collections log NUMBER` (a contact attempt, checked by the rules before it is logged)."""

from __future__ import annotations

import argparse
import json

from app.domain.clock import business_day
from app.domain.collections import CUSTOMER, EMERGENCY_CONTACT
from app.domain.money import format_yuan
from app.services.counter import open_counter

AUDIENCES = {"customer": CUSTOMER, "contact": EMERGENCY_CONTACT}


def run(args: argparse.Namespace) -> int:
    """The work lists, or one contact logged."""
    counter = open_counter(args.db)
    try:
        if args.action == "list":
            on = args.on or business_day()
            lists = counter.collections.work_lists(on)
        else:
            message = counter.collections.log_contact(
                args.number, channel=args.channel, audience=AUDIENCES[args.audience],
                template=args.template, outcome=args.outcome, staff=args.staff,
                promise_date=args.promise,
            )  # fmt: skip
    finally:
        counter.close()
    if args.action == "log":
        if args.json:
            print(json.dumps({"contract": args.number, "message": message}, ensure_ascii=False))
        else:
            print(f"logged: {message}")
        return 0
    if args.json:
        document = {name: [item.to_json() for item in items] for name, items in lists.items()}
        print(json.dumps({"on": on.isoformat()} | document, ensure_ascii=False, indent=2))
        return 0
    for name, items in lists.items():
        print(f"{name} ({len(items)})")
        for i in items:
            late = f"{i.days_late:>4} days late  {i.bucket:<5}" if i.days_late else " " * 21
            print(f"  {i.number}  {i.due_date}  {format_yuan(i.amount):>10}  {late}  {i.step}")
    return 0
