"""`fenqi demo`: one whole sale on the demo store, headless — the newcomer's first look.

Card photos (assets/demo, generated: no real card) → OCR → customer → quote → risk
pre-check → clause acknowledgements → a synthetic signature → signed contract PDFs (store
and customer copies) and the down-payment receipt → outbox rows.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from importlib import resources
from pathlib import Path

from app.domain import draft
from app.domain.enums import Decision
from app.domain.errors import UserError
from app.domain.rates import Method
from app.idcard.finder import load_image
from app.services.bootstrap import Services
from app.services.documents import print_sale
from app.services.exports import private_folder
from app.services.sale import Sale
from printing.signature_image import demo_strokes, signature_png

SKU = "APL-IP17-256-BLK"


@dataclass(frozen=True)
class DemoSale:
    contract_number: str
    decision: str
    files: list[Path]
    outbox_events: int
    needs_review: list[str]


def demo_phone(id_number: str) -> str:
    """A made-up mobile number for the demo's customer, one per card: a phone on two ID
    numbers would send the sale to review."""
    return "139" + str(int(hashlib.sha256(id_number.encode()).hexdigest(), 16) % 10**8).zfill(8)


DEMO_SCREEN = "fenqi demo（无屏幕，脚本演示）"


def run_demo_sale(
    services: Services, out: Path, *, sku: str = SKU, card: tuple[Path, Path] | None = None
) -> DemoSale:
    """Sell phone `sku` to the holder of the card in the photos `card` (front, back; the demo
    card by default) through the sale use case, as the window does; write the PDFs into
    `out`. Another phone and another card let the demo run again on one database.

    Raises:
        UserError: a step refused (the message says which and why).
    """
    private_folder(out)
    if card is None:
        with resources.as_file(resources.files("assets").joinpath("demo")) as folder:
            reading = services.card_reader().read(
                load_image(folder / "id-front.jpg"), load_image(folder / "id-back.jpg")
            )
    else:
        reading = services.card_reader().read(load_image(card[0]), load_image(card[1]))
    fields = reading.fields
    if not reading.checksum_ok or fields["name"] is None or fields["valid_to"] is None:
        raise UserError(
            "the card could not be read (number, name and validity are needed): check the "
            "photos, or the OCR installation with `fenqi ocr`"
        )
    read = draft.CardReading.from_ocr(reading.to_json())  # as read, nothing corrected
    sale = Sale.start(services, "sales01")
    sale.choose_phone(sku)
    sale.set_customer(
        {
            "id_number": fields["id_number"],
            "name": fields["name"],
            "phone": demo_phone(fields["id_number"]),
            "address": fields["address"],
            "birth_date": str(fields["birth_date"]),
            "id_valid_to": str(fields["valid_to"]),
            "id_valid_from": None if fields["valid_from"] is None else str(fields["valid_from"]),
        },
        {
            "monthly_income": "12000",
            "monthly_debt": "800",
            "employment": "salaried",
            "years_in_job": 5,
        },
        card=read.fields,
        reading=read,
    )
    sale.set_trade_in(None)
    sale.choose_plan(Decimal("1000"), Method.EQUAL_INSTALLMENT, 12)
    result, _ = sale.precheck()
    if result.decision is not Decision.APPROVE:
        why = "；".join(reason.message for reason in result.reasons)
        sale.abandon()
        raise UserError(
            f"the demo application went to {result.decision.value}: {why} "
            "(the customer has been used up: give another card with --front/--back, or run "
            "the demo on a new --db)"
        )
    now = datetime.now(UTC)
    clauses = sale.clauses(now=now)
    for i, clause in enumerate(clauses):  # read to the customer, 30 s a clause
        at = now - timedelta(seconds=30 * (len(clauses) - i))
        sale.acknowledge(
            clause.code,
            shown_at=at - timedelta(seconds=30),
            screen=DEMO_SCREEN,
            digest=clause.digest,
            at=at,
        )
    strokes = demo_strokes(fields["name"])
    number = sale.sign(
        signature_png(strokes), [list(s) for s in strokes], channel="wechat", now=now
    )
    # the sale is committed: only now are its documents rebuilt from what was stored (as
    # `fenqi reprint` does), signed and written, so a failure here leaves a stored contract
    # to print again, never a signed PDF without one
    documents = print_sale(services, number, folder=out)
    with services.unit_of_work() as uow:
        waiting = uow.outbox.counts()[0]
    files = [documents.folder / name for name in documents.files]
    return DemoSale(number, "approve", files, waiting, reading.needs_review)
