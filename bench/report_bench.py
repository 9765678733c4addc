"""How fast the manager's figures come on a big book; print JSON.

    python -m bench.report_bench [--contracts 200000] [--db sqlite|postgres]

A demo store's database filled as a year of sales by 50 salespeople would fill it: contracts
signed on every day of the year at every hour of opening, each with its customer, quote,
application, phone and 12-instalment schedule priced by the real rate table (≈ 2.4 million
schedule rows), repaid as customers repay (most on time, about 8% stopping after a few months,
so every overdue bucket is populated), one payment per contract allocated by the real rules.
Then, p50 of 5 runs each: the day's review of a busy day, the book, and a contract search by
number, IMEI and phone. Target: each ≤ 1 s on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, insert, make_url, select, text

TARGET_S = 1.0
STAFF = 50
CHUNK = 5000


def _fill(services: Any, contracts: int, today: date, rng: random.Random) -> None:
    from app.demo.assets import demo_rate_table
    from app.domain.enums import ContractStatus, Decision, PaymentKind, Role, UnitStatus
    from app.domain.quote import Cart, quote_plan, select_offer
    from app.domain.rates import Method
    from app.domain.repayment import Component, Due, allocate, states_on
    from storage.models import (
        Application,
        Contract,
        ContractBalance,
        Customer,
        DeviceUnit,
        InstallmentRow,
        Payment,
        PaymentAllocation,
        Product,
        QuoteRecord,
        Staff,
        Terminal,
    )

    table = demo_rate_table()
    with services.sessions.begin() as session:
        terminal = session.scalars(select(Terminal)).first()
        products = list(session.scalars(select(Product)))
        staff_ids = [uuid.uuid4() for _ in range(STAFF)]
        session.execute(
            insert(Staff),
            [
                {
                    "id": i,
                    "version": 1,
                    "store_id": terminal.store_id,
                    "username": f"bench{n:02d}",
                    "display_name": f"销售{n:02d}",
                    "role": Role.SALES,
                    "password_hash": "x",
                }
                for n, i in enumerate(staff_ids)
            ],
        )
    schedules: dict[tuple[Decimal, str], Any] = {}
    start_day = today - timedelta(days=365)
    for first in range(0, contracts, CHUNK):
        rows: dict[str, list[dict[str, Any]]] = {
            k: []
            for k in (
                "customers",
                "units",
                "quotes",
                "applications",
                "contracts",
                "installments",
                "payments",
                "allocations",
                "balances",
            )
        }
        for k in range(first, min(first + CHUNK, contracts)):
            product = products[k % len(products)]
            down = Decimal(rng.choice((0, 500, 1000, 1500)))
            signed = datetime.combine(
                start_day + timedelta(days=k * 365 // contracts), datetime.min.time(), UTC
            ) + timedelta(hours=2 + rng.randrange(11), minutes=rng.randrange(60))
            key = (product.price - down, signed.date().isoformat())
            if key not in schedules:
                cart = Cart(
                    price=product.price,
                    trade_in_credit=Decimal(0),
                    down_payment=down,
                    start=signed.date(),
                )
                offer = select_offer(
                    table, cart=cart, method=Method.EQUAL_INSTALLMENT, term=12, rate=None
                )
                schedules[key] = quote_plan(cart, offer, table)
            quote = schedules[key]
            ids = {
                n: uuid.uuid4()
                for n in ("customer", "unit", "quote", "application", "contract", "payment")
            }
            common = {"version": 1, "terminal_id": terminal.id}
            phone = f"139{k:08d}"
            rows["customers"].append(
                {
                    "id": ids["customer"],
                    **common,
                    "id_number_hmac": f"{k:064x}",
                    "phone_hmac": services.cipher.lookup_hash(phone),
                    "id_number_enc": b"-",
                    "name_enc": b"-",
                }
            )
            rows["units"].append(
                {
                    "id": ids["unit"],
                    "version": 1,
                    "product_id": product.id,
                    "store_id": terminal.store_id,
                    "imei": f"86{k:013d}",
                    "status": UnitStatus.SOLD,
                }
            )
            staff = staff_ids[k % STAFF]
            rows["quotes"].append(
                {
                    "id": ids["quote"],
                    **common,
                    "customer_id": ids["customer"],
                    "staff_id": staff,
                    "product_id": product.id,
                    "price": product.price,
                    "trade_in_credit": Decimal(0),
                    "down_payment": down,
                    "financed": quote.financed,
                    "method": "equal_installment",
                    "term": 12,
                    "rate": quote.rate,
                    "apr": quote.apr,
                    "total_payable": quote.total_payable,
                    "merchant_subsidy": quote.merchant_subsidy,
                    "start_date": signed.date(),
                    "rate_table_version": table.version,
                    "document": {},
                }
            )
            rows["applications"].append(
                {
                    "id": ids["application"],
                    **common,
                    "customer_id": ids["customer"],
                    "quote_id": ids["quote"],
                    "staff_id": staff,
                    "inputs_enc": b"-",
                    "result_enc": b"-",
                    "rules_version": "bench",
                    "decision": Decision.APPROVE,
                    "reasons": [],
                    "tier": "A",
                    "score": 80,
                    "decided_at": signed,
                }
            )
            stops = rng.random() < 0.08  # stops paying after a few months
            rows["contracts"].append(
                {
                    "id": ids["contract"],
                    **common,
                    "number": f"SH001-T1-{signed:%Y%m%d}-{k:06d}",
                    "application_id": ids["application"],
                    "customer_id": ids["customer"],
                    "device_unit_id": ids["unit"],
                    "staff_id": staff,
                    "status": ContractStatus.ACTIVE,
                    "financed": quote.financed,
                    "method": "equal_installment",
                    "term": 12,
                    "rate": quote.rate,
                    "apr": quote.apr,
                    "early_payoff_fee_rate": Decimal("0.03"),
                    "template_version": "bench",
                    "content_sha256": "0" * 64,
                    "signed_at": signed,
                }
            )
            due = [Due(r.n, r.due_date, r.principal, r.interest_or_fee) for r in quote.schedule]
            for r in quote.schedule:
                rows["installments"].append(
                    {
                        "id": uuid.uuid4(),
                        **common,
                        "contract_id": ids["contract"],
                        "n": r.n,
                        "due_date": r.due_date,
                        "principal": r.principal,
                        "interest_or_fee": r.interest_or_fee,
                        "payment": r.payment,
                    }
                )
            elapsed = sum(1 for r in quote.schedule if r.due_date < today)
            paid_months = max(0, elapsed - rng.randint(1, 5)) if stops else elapsed
            amount = sum((r.payment for r in quote.schedule[:paid_months]), Decimal(0))
            if amount > 0:
                states = states_on(due, [], quote.schedule[paid_months - 1].due_date, table)
                parts = allocate(states, amount)
                rows["payments"].append(
                    {
                        "id": ids["payment"],
                        **common,
                        "contract_id": ids["contract"],
                        "kind": PaymentKind.INSTALMENT,
                        "amount": amount,
                        "channel": "wechat",
                        "reference": f"42{k:018d}",
                        "received_by": staff,
                        "received_at": datetime.combine(
                            quote.schedule[paid_months - 1].due_date, datetime.min.time(), UTC
                        ),
                    }
                )
                rows["allocations"] += [
                    {
                        "payment_id": ids["payment"],
                        "n": p.n,
                        "component": p.component.value,
                        "amount": p.amount,
                    }
                    for p in parts
                    if p.component is not Component.LATE_FEE
                ]
            unpaid = quote.schedule[paid_months:]
            rows["balances"].append(
                {
                    "contract_id": ids["contract"],
                    "outstanding": sum((r.payment for r in unpaid), Decimal(0)),
                    "principal": sum((r.principal for r in unpaid), Decimal(0)),
                    "oldest_unpaid_due": unpaid[0].due_date if unpaid else None,
                }
            )
        with services.sessions.begin() as session:
            for name, model in (
                ("customers", Customer),
                ("units", DeviceUnit),
                ("quotes", QuoteRecord),
                ("applications", Application),
                ("contracts", Contract),
                ("installments", InstallmentRow),
                ("payments", Payment),
                ("allocations", PaymentAllocation),
                ("balances", ContractBalance),
            ):
                if rows[name]:  # (an empty list would insert one row of defaults)
                    session.execute(insert(model), rows[name])


def _p50(work: Any, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return round(statistics.median(times), 3)


def _measure(services: Any, today: date) -> dict[str, float]:
    from app.services.repayments import find_contracts
    from app.services.reports import book, daily_report

    busy = today - timedelta(days=30)

    def report() -> None:
        with services.unit_of_work() as uow:
            daily_report(uow, busy)

    def the_book() -> None:
        with services.unit_of_work() as uow:
            book(uow, today)

    def the_book_a_month_ago() -> None:  # counted from the payments received by then
        with services.unit_of_work() as uow:
            book(uow, busy)

    def search() -> None:
        with services.unit_of_work() as uow:
            for text_ in ("SH001-T1-20260101-000123", f"86{123456:013d}", f"139{123456:08d}"):
                find_contracts(uow, text_)

    return {
        "daily_report_s": _p50(report),
        "book_s": _p50(the_book),
        "book_a_month_ago_s": _p50(the_book_a_month_ago),
        "search_3_ways_s": _p50(search),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contracts", type=int, default=200_000)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from app.demo.seed import load_demo
    from app.services.bootstrap import open_services
    from tests.pg import LOCAL_URL

    rng = random.Random(2026)
    from app.domain.clock import business_day

    today = business_day()  # today's book reads the running balances
    with tempfile.TemporaryDirectory() as folder:
        os.environ["FENQI_KEY_FILE"] = f"{folder}/keys/fenqi.key"
        admin = os.environ.get("FENQI_TEST_PG_URL", LOCAL_URL)
        name = f"fenqi_report_bench_{uuid.uuid4().hex[:8]}"
        if args.db == "sqlite":
            url = f"sqlite:///{folder}/book.sqlite3"
        else:
            engine = create_engine(admin, isolation_level="AUTOCOMMIT")
            with engine.connect() as connection:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
            engine.dispose()
            url = make_url(admin).set(database=name).render_as_string(False)
        services = open_services(url, create=True)
        try:
            load_demo(services)
            started = time.perf_counter()
            _fill(services, args.contracts, today, rng)
            filled = round(time.perf_counter() - started, 1)
            if args.db == "postgres":
                with services.engine.connect() as connection:
                    connection.execute(text("ANALYZE"))
                    connection.commit()
            results = _measure(services, today)
        finally:
            services.close()
            if args.db == "postgres":
                engine = create_engine(admin, isolation_level="AUTOCOMMIT")
                with engine.connect() as connection:
                    connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
                engine.dispose()
    print(
        json.dumps(
            {
                "bench": "report",
                "db": args.db,
                "contracts": args.contracts,
                "schedule_rows": args.contracts * 12,
                "fill_s": filled,
                "cpus": os.cpu_count(),
                "results": results,
                "target_s": TARGET_S,
                "met": {k: v <= TARGET_S for k, v in results.items()},
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
