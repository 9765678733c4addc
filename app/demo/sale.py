"""`fenqi demo`: one whole sale on the demo store, headless — the newcomer's first look.

Card photos (assets/demo, generated: no real card) → OCR → customer → quote → risk
pre-check → clause acknowledgements → a synthetic signature → signed contract PDFs (store
and customer copies) and the down-payment receipt → outbox rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from importlib import resources
from pathlib import Path

from sqlalchemy import func, select

from app.config import key_file_path
from app.domain.contract import ContractData, load_clauses
from app.domain.errors import UserError
from app.domain.rates import Method
from app.domain.risk import Applicant, Employment
from app.idcard.finder import load_image
from app.idcard.reader import CardReader
from app.services.applications import ApplicationForm, submit_application
from app.services.bootstrap import Services
from app.services.signing import sign_contract, stored_sale
from printing.documents import sale_documents
from printing.signature import demo_strokes, signature_png
from storage.files import private_folder, write_private
from storage.keys import load_or_create_identity
from storage.models import OutboxEvent
from storage.repositories.customers import CustomerData

SKU = "APL-IP17-256-BLK"


@dataclass(frozen=True)
class DemoSale:
    contract_number: str
    decision: str
    files: list[Path]
    outbox_events: int
    needs_review: list[str]


def run_demo_sale(services: Services, out: Path) -> DemoSale:
    """Sell the demo phone to the demo card's holder; write the PDFs into `out`.

    Raises:
        UserError: a step refused (the message says which and why).
    """
    private_folder(out)
    demo = resources.files("assets").joinpath("demo")
    with resources.as_file(demo) as folder:
        reading = CardReader().read(
            load_image(folder / "id-front.jpg"), load_image(folder / "id-back.jpg")
        )
    card = reading.fields
    if not reading.checksum_ok or card["name"] is None:
        raise UserError("the demo card could not be read: check the OCR installation (fenqi ocr)")
    now = datetime.now(UTC)
    customer = CustomerData(
        id_number=card["id_number"],
        name=card["name"],
        phone="13800138000",
        address=card["address"] or "",
    )
    form = ApplicationForm(
        staff_username="sales01",
        customer=customer,
        applicant=Applicant(
            id_number=card["id_number"],
            monthly_income=Decimal("12000"),
            monthly_debt=Decimal("800"),
            employment=Employment.SALARIED,
            years_in_job=5,
            id_valid_to=None if card["valid_to"] in (None, "长期") else card["valid_to"],
            typed_birth_date=card["birth_date"],
            edited_fields=(),
        ),
        price=None,
        sku=SKU,
        trade_in=Decimal("0"),
        down=Decimal("1000"),
        method=Method.EQUAL_INSTALLMENT,
        term=12,
        document={"source": "fenqi demo", "card": "demo"},
    )
    clauses = load_clauses()
    with services.unit_of_work() as uow:
        terminal = uow.catalog.terminal()
        store = uow.catalog.store(terminal.store_id)
        submitted = submit_application(uow, form, now=now)
        if submitted.application.decision.value != "approve":
            why = "；".join(reason.message for reason in submitted.result.reasons)
            raise UserError(
                f"the demo application went to {submitted.application.decision.value}: {why} "
                "(the demo customer has been used up: run the demo on a new --db)"
            )
        product = uow.catalog.product(SKU)
        unit = uow.catalog.unit_in_stock(product.id)
        if unit is None:
            raise UserError(f"no {SKU} left in stock: run `fenqi init-demo` on a new database")
        staff = uow.catalog.active_staff("sales01")
        strokes = demo_strokes(customer.name)
        data = ContractData(
            number=uow.contracts.next_number(store, terminal, now),
            store_name=store.name,
            store_address=store.address,
            signed_at=now,
            customer_name=customer.name,
            customer_id_number=customer.id_number,
            customer_phone=customer.phone or "",
            customer_address=customer.address or "",
            salesperson=staff.display_name,
            device=f"{product.brand} {product.model} {product.storage_gb}GB {product.colour}",
            imei=unit.imei,
            quote=submitted.quote,
            rates=uow.reference.rate_table(store.id),
            clauses=clauses,
            acknowledged={
                code: now - timedelta(seconds=30 * (len(clauses.clauses) - i))
                for i, (code, _, _) in enumerate(clauses.clauses)
            },
            signature_png=signature_png(strokes),
        )
        sale = sign_contract(
            uow,
            data,
            application=submitted.application,
            unit=unit,
            staff=staff,
            terminal=terminal,
            strokes=[list(s) for s in strokes],
            channel="微信支付",
        )
        uow.flush()
        events = uow.session.scalar(select(func.count()).select_from(OutboxEvent)) or 0
        assert sale.contract.number == data.number
    # the sale is committed: only now are its documents rebuilt from what was stored (as
    # `fenqi reprint` does), signed and written, so a failure here leaves a stored contract
    # to print again, never a signed PDF without one
    with services.unit_of_work() as uow:
        stored = stored_sale(uow, data.number)
    identity = load_or_create_identity(key_file_path().parent, store.name)
    documents = sale_documents(stored.contract, stored.receipt, identity)
    files = [write_private(out / name, pdf) for name, pdf in documents.items()]
    return DemoSale(data.number, "approve", files, events, reading.needs_review)
