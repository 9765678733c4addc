"""Signing a contract: number it, store it with its schedule, take the down payment, mark
the phone sold — one transaction. A signed contract is never edited afterwards."""

from __future__ import annotations

import base64
import json
import uuid
from dataclasses import dataclass

from app.domain.contract import ContractData, contract_hash
from app.domain.enums import ContractStatus, Decision, PaymentKind, UnitStatus
from app.domain.errors import UserError
from storage.models import (
    Application,
    Contract,
    DeviceUnit,
    InstallmentRow,
    Payment,
    Staff,
    Terminal,
)
from storage.uow import UnitOfWork


@dataclass(frozen=True)
class SignedSale:
    contract: Contract
    down_payment: Payment | None


def sign_contract(
    uow: UnitOfWork,
    data: ContractData,
    *,
    application: Application,
    unit: DeviceUnit,
    staff: Staff,
    terminal: Terminal,
    strokes: list,
    channel: str,
) -> SignedSale:
    """Store a signed contract (with the signature and its strokes, encrypted), its schedule
    and the down payment; the phone is sold. Everything is audited and queued for sync.

    Raises:
        UserError: the application is not approved, the phone is not in stock, a clause was
            not acknowledged, or there is no signature.
    """
    effective = application.override_decision or application.decision
    if effective is not Decision.APPROVE:
        raise UserError(f"application {application.id} is not approved ({effective.value})")
    if unit.status is not UnitStatus.IN_STOCK:
        raise UserError(f"IMEI {unit.imei} is not in stock ({unit.status.value})")
    missing = [title for code, title, _ in data.clauses.clauses if code not in data.acknowledged]
    if missing:
        raise UserError(f"the customer has not confirmed: {'、'.join(missing)}")
    if not data.signature_png:
        raise UserError("the contract is not signed")
    quote = data.quote
    contract = Contract(
        id=uuid.uuid4(),
        number=data.number,
        application_id=application.id,
        customer_id=application.customer_id,
        device_unit_id=unit.id,
        staff_id=staff.id,
        status=ContractStatus.ACTIVE,
        financed=quote.financed,
        method=quote.method.value,
        term=quote.term,
        rate=quote.rate,
        apr=quote.apr,
        early_payoff_fee_rate=quote.early_payoff_fee_rate,
        template_version=data.clauses.version,
        content_sha256=contract_hash(data),
        signed_at=data.signed_at,
        terminal_id=terminal.id,
    )
    evidence = {"png": base64.b64encode(data.signature_png).decode(), "strokes": strokes}
    contract.signature_enc = uow.cipher.encrypt(
        json.dumps(evidence).encode(), context=f"contracts.signature:{contract.id}"
    )
    uow.add(contract)
    uow.flush()
    for row in quote.schedule:
        uow.add(
            InstallmentRow(
                contract_id=contract.id,
                n=row.n,
                due_date=row.due_date,
                principal=row.principal,
                interest_or_fee=row.interest_or_fee,
                payment=row.payment,
                terminal_id=terminal.id,
            )
        )
    unit.status = UnitStatus.SOLD
    uow.record_change(
        contract,
        terminal_id=terminal.id,
        staff_id=staff.id,
        action="contract.signed",
        rule_version=data.clauses.version,
        details={
            "number": data.number,
            "sha256": contract.content_sha256,
            "acknowledged": {k: v.isoformat() for k, v in data.acknowledged.items()},
        },
        payload={
            "number": data.number,
            "sha256": contract.content_sha256,
            "plan": {"method": quote.method.value, "term": quote.term, "apr": str(quote.apr)},
        },
    )
    payment = None
    if quote.cart.down_payment > 0:
        payment = Payment(
            contract_id=contract.id,
            kind=PaymentKind.DOWN_PAYMENT,
            amount=quote.cart.down_payment,
            channel=channel,
            received_by=staff.id,
            received_at=data.signed_at,
            terminal_id=terminal.id,
        )
        uow.add(payment)
        uow.record_change(
            payment,
            terminal_id=terminal.id,
            staff_id=staff.id,
            action="payment.received",
            rule_version=None,
            details={"kind": "down_payment", "amount": str(payment.amount)},
            payload={
                "contract": data.number,
                "kind": "down_payment",
                "amount": str(payment.amount),
            },
        )
    return SignedSale(contract, payment)
