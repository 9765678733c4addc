"""`fenqi tradein`: appraise a trade-in phone, itemised; optionally take it into stock."""

from __future__ import annotations

import argparse
import json
from decimal import Decimal
from typing import Any

from app.cli.text import pad, width
from app.domain.errors import UserError
from app.domain.money import parse_yuan
from app.domain.tradein import Body, Condition, Fault, Screen, appraisal_to_json
from app.services.counter import open_counter


def run(args: argparse.Namespace) -> int:
    """Appraise the phone (and take it into stock with --accept); print the itemised result."""
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
    new_price = parse_yuan(args.price, field="--price") if args.price and not args.sku else None
    counter = open_counter(args.db)
    try:
        appraisal = counter.appraise(
            model=args.model,
            storage_gb=args.storage,
            imei=args.imei,
            condition=condition,
            sku=args.sku,
            new_phone_price=new_price,
        )
        document = (
            counter.accept_trade_in(appraisal, staff=args.staff)
            if args.accept
            else appraisal_to_json(appraisal)
        )
    finally:
        counter.close()
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
    columns = max(width(label) for label, _ in rows)
    lines = [f"{doc['model']} {doc['storage_gb']}GB  IMEI {doc['imei']}"]
    lines += [pad(label, columns, right=False) + f"  {amount:>9}" for label, amount in rows]
    if not doc["accepted"]:
        lines.append(f"不予回收：{doc['reason']}")
    if "device_unit_id" in doc:
        lines.append(f"已入库（二手）：{doc['device_unit_id']}")
    lines.append(f"估价表版本 {doc['table_version']}")
    return "\n".join(lines)
