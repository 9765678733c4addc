"""Sales through the sale use case, step by step; `main([DB_URL, N, OUT])` sells to customer
number N in a process of its own, as four counters would on one database."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from app.domain.rates import Method
from tests.factories.applications import example
from tests.factories.cardgen import check_character

SKUS = ("APL-IP17-256-BLK", "APL-IP17-256-BLK", "HW-M70-256-WHT", "HW-M70-256-WHT")


def customer(n: int) -> tuple[dict, dict]:
    """The approve example as customer `n`: their own genuine ID number and phone."""
    doc = example("approve")
    body = f"31010419900520{100 + n:03d}"
    doc["customer"] |= {"id_number": body + check_character(body), "phone": f"1381234{n:04d}"}
    return doc["customer"], doc["finances"]


SCREEN = "tests: no screen"


def as_read(applicant: dict) -> dict:
    """`set_customer`'s card and reading for a card read from its photos, both sides, with
    nothing to correct: what the camera step hands the sale (the reader itself is tested
    on real photos in tests/idcard and the window's tests)."""
    from app.domain.draft import CardFields, CardReading

    card = CardFields(
        name=applicant["name"],
        id_number=applicant["id_number"],
        address=applicant.get("address") or "",
        birth_date=applicant.get("birth_date") or "",
        valid_to=applicant["id_valid_to"],
    )
    return {"card": card, "reading": CardReading(fields=card, checksum_ok=True)}


def acknowledge_all(sale, *, at=None) -> None:
    """The customer confirms every clause, each after reading it for MIN_READING, on the
    screen of the sale as it stands (signed `at`, default now)."""
    from datetime import UTC, datetime

    from app.services.sale import MIN_READING

    at = at or datetime.now(UTC)
    for clause in sale.clauses(now=at):
        sale.acknowledge(
            clause.code, shown_at=at - MIN_READING, screen=SCREEN, digest=clause.digest, at=at
        )


def sell(
    services,
    n: int,
    sku: str | None = None,
    *,
    emergency_contact: bool = False,
    signed=None,
    method: Method = Method.EQUAL_INSTALLMENT,
    term: int = 12,
) -> str:
    """Sell a phone (`sku`, else one of SKUS) to customer `n` (with an emergency contact if
    asked) on `method` over `term` months through the sale use case, step by step, signed now
    or at `signed` (an aware datetime: the schedule starts then); returns the contract
    number."""
    from app.services.sale import Sale
    from printing.signature_image import demo_strokes, signature_png

    sale = Sale.start(services, "sales01")
    sale.choose_phone(sku or SKUS[n % len(SKUS)])
    applicant, finances = customer(n)
    if emergency_contact:
        applicant["emergency_contact"] = {
            "name": "李建国",
            "phone": "13900001111",
            "relation": "父亲",
        }
    sale.set_customer(applicant, finances, **as_read(applicant))
    sale.set_trade_in(None)
    sale.choose_plan(Decimal("1000"), method, term)
    sale.precheck()
    acknowledge_all(sale, at=signed)
    strokes = demo_strokes(sale.customer.applicant.name)
    return sale.sign(signature_png(strokes), [list(s) for s in strokes], channel="cash", now=signed)


def whole_sale(db_url: str, n: int, out: Path) -> str:
    """Sell to customer `n` (`sell`), print the documents from what was stored; returns the
    contract number."""
    from app.config import key_file_path
    from app.services.bootstrap import open_services
    from app.services.signing import stored_sale
    from printing.documents import sale_documents
    from storage.certificates import load_or_create_identity
    from storage.private_files import write_private

    services = open_services(db_url)
    try:
        number = sell(services, n)
        with services.unit_of_work() as uow:
            stored = stored_sale(uow, number)
    finally:
        services.close()
    identity = load_or_create_identity(key_file_path().parent, stored.contract.store_name)
    for name, pdf in sale_documents(stored.contract, stored.receipt, identity).items():
        write_private(out / name, pdf)
    return number


def main(argv: list[str]) -> int:
    """`whole_sale(DB_URL, N, OUT)`, its contract number printed."""
    print(whole_sale(argv[0], int(argv[1]), Path(argv[2])))
    return 0


# A rate table harsher than the demo's, in every term a signed contract keeps.
HARSHER_FEES = {
    "late_fee_daily_rate": "0.0010",
    "late_fee_grace_days": 1,
    "late_fee_cap_rate": "0.20",
    "allocation_order": ["principal", "interest_or_fee", "late_fee"],
}


def new_rate_table(services, **fees) -> None:
    """A new rate table reaches the store (as sync brings one), its `fees` changed; the old
    one is retired."""
    import copy

    from sqlalchemy import select

    from storage.models import RateTableRecord

    with services.unit_of_work() as uow:
        store = uow.catalog.terminal().store_id
        old = uow.session.scalars(
            select(RateTableRecord).where(RateTableRecord.store_id == store, RateTableRecord.active)
        ).one()
        old.active = False
        doc = copy.deepcopy(old.document)
        doc["version"] = "harsher-2027.01"
        doc["fees"] |= fees
        uow.add(RateTableRecord(store_id=store, table_version=doc["version"], document=doc))
