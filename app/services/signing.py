"""Signing a contract: number it, store it with its schedule, take the down payment, mark
the phone sold — one transaction. A signed contract is never edited afterwards."""

from __future__ import annotations

import base64
import json
import uuid
from dataclasses import dataclass
from typing import Any

from app.domain.clock import CLOCK_TOLERANCE_S
from app.domain.collections import load_contact_rules
from app.domain.contract import (
    ContractData,
    contract_from_record,
    contract_hash,
    contract_number,
    contract_record,
)
from app.domain.enums import ContractStatus, Decision, PaymentKind, UnitStatus
from app.domain.errors import EnvironmentProblem, UserError
from app.domain.money import ZERO
from app.domain.rates import parse_rate_table
from app.domain.receipt import ReceiptData
from app.domain.repayment import CHANNELS, ContractTerms, check_channel
from storage.models import (
    Application,
    Contract,
    ContractBalance,
    DeviceUnit,
    InstallmentRow,
    Payment,
    Staff,
    Terminal,
)
from storage.uow import UnitOfWork
from wire import ContractPayload, Instalment, PaymentPayload, Plan, payload


@dataclass(frozen=True)
class SignedSale:
    contract: Contract
    down_payment: Payment | None


def check_clock(offset_s: float | None) -> None:
    """Refuse to sign on a terminal whose clock differs from the chain server's by more than
    five minutes at the last sync (a contract's date and its first due date come from it).

    Raises:
        UserError: the clock is off, by how much and which way.
    """
    if offset_s is None or abs(offset_s) <= CLOCK_TOLERANCE_S:
        return
    minutes = round(abs(offset_s) / 60)
    if offset_s > 0:
        raise UserError(
            "this terminal's clock is {minutes} minutes behind the chain server's: set the "
            "date and time right, sync, then sign",
            minutes=minutes,
        )
    raise UserError(
        "this terminal's clock is {minutes} minutes ahead of the chain server's: set the "
        "date and time right, sync, then sign",
        minutes=minutes,
    )


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
    acknowledgements: dict[str, Any] | None = None,
) -> SignedSale:
    """Store a signed contract (with the signature and its strokes, encrypted), its schedule
    and the down payment; the phone is sold. Everything is audited and queued for sync:
    `acknowledgements` (clause → when shown, when confirmed, on which screen) go into the
    audit entry as they are.

    Raises:
        UserError: the application is not approved, the phone is not in stock, a clause was
            not acknowledged, or there is no signature.
    """
    effective = application.override_decision or application.decision
    if effective is not Decision.APPROVE:
        raise UserError(
            "application {application_id} is not approved ({effective})",
            application_id=application.id,
            effective=effective.value,
        )
    if unit.status is not UnitStatus.IN_STOCK:
        raise UserError(
            "IMEI {unit_imei} is not in stock ({unit_status})",
            unit_imei=unit.imei,
            unit_status=unit.status.value,
        )
    check_channel(channel)
    check_clock(uow.catalog.clock_offset())
    missing = [title for code, title, _ in data.clauses.clauses if code not in data.acknowledged]
    if missing:
        raise UserError("the customer has not confirmed: {missing}", missing="、".join(missing))
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
        terms=ContractTerms.signed_under(data.rates, load_contact_rules()).to_json(),
        signed_at=data.signed_at,
        terminal_id=terminal.id,
    )
    evidence = {"png": base64.b64encode(data.signature_png).decode(), "strokes": strokes}
    contract.signature_enc = uow.cipher.encrypt(
        json.dumps(evidence).encode(), context=f"contracts.signature:{contract.id}"
    )
    contract.document_enc = uow.cipher.encrypt(
        json.dumps(contract_record(data), ensure_ascii=False).encode(),
        context=f"contracts.document:{contract.id}",
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
    uow.add(
        ContractBalance(
            contract_id=contract.id,
            outstanding=sum((row.payment for row in quote.schedule), ZERO),
            principal=quote.financed,
            oldest_unpaid_due=quote.schedule[0].due_date,
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
            "acknowledged": acknowledgements
            or {k: v.isoformat() for k, v in data.acknowledged.items()},
            "consent_screen": data.consent_screen,
        },
        payload=payload(
            ContractPayload(
                number=data.number,
                sha256=contract.content_sha256,
                plan=Plan(method=quote.method, term=quote.term, apr=str(quote.apr)),
                financed=str(quote.financed),
                rate=str(quote.rate),
                rate_table=quote.rate_table_version,
                signed_at=data.signed_at.isoformat(),
                customer_id=application.customer_id,
                application_id=application.id,
                device_imei=unit.imei,
                staff=staff.username,
                schedule=[
                    Instalment(
                        n=row.n,
                        due_date=row.due_date.isoformat(),
                        principal=str(row.principal),
                        interest_or_fee=str(row.interest_or_fee),
                        payment=str(row.payment),
                    )
                    for row in quote.schedule
                ],
            )
        ),
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
            payload=payload(
                PaymentPayload(
                    contract=data.number,
                    kind="down_payment",
                    amount=str(payment.amount),
                    channel=channel,
                    received_at=data.signed_at.isoformat(),
                )
            ),
        )
    return SignedSale(contract, payment)


@dataclass(frozen=True)
class StoredSale:
    """A signed sale as stored: its contract and the down-payment receipt (None without
    one), ready to print again."""

    contract: ContractData
    receipt: ReceiptData | None


def stored_sale(uow: UnitOfWork, number: str) -> StoredSale:
    """The contract `number` rebuilt from what was stored when it was signed; it seals to the
    same content hash as the copies printed then.

    Raises:
        UserError: not a contract number, no such contract, or one signed before contracts
            were kept for reprinting.
        EnvironmentProblem: the stored record no longer seals to the contract's hash.
    """
    number = contract_number(number)
    contract = uow.contracts.by_number(number)
    if contract is None:
        raise UserError("no contract {number} in this database", number=number)
    if contract.document_enc is None or contract.signature_enc is None:
        raise UserError(
            "contract {contract_number} was signed before contracts were kept for "
            "reprinting: print it from the copy saved then, or ask the back office",
            contract_number=contract.number,
        )
    record = json.loads(
        uow.cipher.decrypt(contract.document_enc, context=f"contracts.document:{contract.id}")
    )
    evidence = json.loads(
        uow.cipher.decrypt(contract.signature_enc, context=f"contracts.signature:{contract.id}")
    )
    data = contract_from_record(record, base64.b64decode(evidence["png"]))
    if contract_hash(data) != contract.content_sha256:
        raise EnvironmentProblem(
            "contract {contract_number} cannot be printed again: its stored record does not "
            "seal to the hash it was signed with (report this; do not hand out a copy)",
            contract_number=contract.number,
        )
    payment = uow.contracts.down_payment(contract.id)
    receipt = None
    if payment is not None:
        receipt = ReceiptData(
            number=f"R-{contract.number}",
            store_name=data.store_name,
            contract_number=contract.number,
            customer_name=data.customer_name,
            customer_id_number=data.customer_id_number,
            kind=payment.kind.value,
            installment_n=None,
            amount=payment.amount,
            channel=CHANNELS.get(payment.channel, payment.channel),
            received_by=uow.catalog.staff_by_id(payment.received_by).display_name,
            received_at=payment.received_at,
            remaining=data.quote.financed,
        )
    return StoredSale(data, receipt)


def fill_signed_terms(uow: UnitOfWork) -> int:
    """Give each contract signed before terms were stored with it the terms it was signed
    under: the late fee and allocation order of the rate table in its signed record (the
    store's table now for the oldest, kept before records were), with the contact rules
    shipped. Once, when the program opens the database; returns how many there were."""
    rules = load_contact_rules()
    contracts = uow.contracts.without_terms()
    for contract in contracts:
        if contract.document_enc is None:
            table = uow.reference.rate_table(uow.catalog.terminal().store_id)
        else:
            record = json.loads(
                uow.cipher.decrypt(
                    contract.document_enc, context=f"contracts.document:{contract.id}"
                )
            )
            table = parse_rate_table(record["rates"])
        contract.terms = ContractTerms.signed_under(table, rules).to_json()
    return len(contracts)
