"""Applications, contracts, their schedules and payments; contract numbers."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.domain.clock import business_day, local
from app.domain.enums import ContractStatus, PaymentKind
from app.domain.repayment import Allocation, Component
from storage.models import (
    Application,
    ContactLog,
    Contract,
    ContractCounter,
    Customer,
    DeviceUnit,
    InstallmentRow,
    Payment,
    PaymentAllocation,
    PaymentReference,
    Product,
    Store,
    Terminal,
)


class Contracts:
    """Queries and the numbering of the sale's records, in one session."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def without_terms(self) -> list[Contract]:
        """The contracts signed before their terms were stored with them."""
        return list(self.session.scalars(select(Contract).where(Contract.terms.is_(None))))

    def application(self, application_id: uuid.UUID) -> Application | None:
        """An application by id."""
        return self.session.get(Application, application_id)

    def applications_since(self, customer_id: uuid.UUID, since: datetime) -> int:
        """How many applications the customer made after `since`."""
        query = (
            select(func.count())
            .select_from(Application)
            .where(Application.customer_id == customer_id, Application.decided_at > since)
        )
        return self.session.scalar(query) or 0

    def by_number(self, number: str) -> Contract | None:
        """A contract by its number."""
        query = select(Contract).where(Contract.number == number)
        return self.session.scalars(query).one_or_none()

    def down_payment(self, contract_id: uuid.UUID) -> Payment | None:
        """The down payment taken when the contract was signed, if any."""
        query = select(Payment).where(
            Payment.contract_id == contract_id, Payment.kind == PaymentKind.DOWN_PAYMENT
        )
        return self.session.scalars(query).one_or_none()

    def of_customer(self, customer_id: uuid.UUID) -> list[Contract]:
        """The customer's contracts, cancelled ones left out."""
        query = select(Contract).where(
            Contract.customer_id == customer_id, Contract.status != ContractStatus.CANCELLED
        )
        return list(self.session.scalars(query))

    def schedule(self, contract_id: uuid.UUID) -> list[InstallmentRow]:
        """A contract's installment rows, in order."""
        query = select(InstallmentRow).where(InstallmentRow.contract_id == contract_id)
        return list(self.session.scalars(query.order_by(InstallmentRow.n)))

    def repayments(self, contract_id: uuid.UUID) -> list[Payment]:
        """The payments after signing (instalments, payoffs and their reversals), oldest first."""
        query = select(Payment).where(
            Payment.contract_id == contract_id, Payment.kind != PaymentKind.DOWN_PAYMENT
        )
        return list(self.session.scalars(query.order_by(Payment.received_at)))

    def allocations(
        self, contract_id: uuid.UUID, *, payment_id: uuid.UUID | None = None
    ) -> list[Allocation]:
        """Every part of every payment on the contract (or of one payment), by instalment
        and component, with the business day its payment was received."""
        query = (
            select(PaymentAllocation, Payment.received_at, Payment.reverses_id)
            .join(Payment, Payment.id == PaymentAllocation.payment_id)
            .where(Payment.contract_id == contract_id)
        )
        if payment_id is not None:
            query = query.where(PaymentAllocation.payment_id == payment_id)
        return [
            Allocation(
                a.n,
                Component(a.component),
                a.amount,
                business_day(received),
                payment=a.payment_id,
                reverses=reverses,
            )
            for a, received, reverses in self.session.execute(query)
        ]

    def contacts_between(self, contract_id: uuid.UUID, start: datetime, end: datetime) -> int:
        """How many contact attempts were logged on the contract in [start, end)."""
        query = select(func.count()).where(
            ContactLog.contract_id == contract_id,
            ContactLog.contacted_at >= start,
            ContactLog.contacted_at < end,
        )
        return self.session.scalar(query) or 0

    def payment(self, payment_id: uuid.UUID) -> Payment | None:
        """A payment by its id."""
        return self.session.get(Payment, payment_id)

    def payment_by_reference(self, channel: str, reference: str) -> Payment | None:
        """The live payment (not reversed) that holds this transaction reference on
        `channel`, if any: a reference is one payment."""
        query = (
            select(Payment)
            .join(PaymentReference, PaymentReference.payment_id == Payment.id)
            .where(PaymentReference.channel == channel, PaymentReference.reference == reference)
        )
        return self.session.scalars(query).first()

    def hold_reference(self, payment: Payment) -> bool:
        """Give the payment its transaction reference; False if another payment holds it
        (the database's key decides, also between two counters at once)."""
        assert payment.reference is not None
        try:
            with self.session.begin_nested():
                self.session.add(
                    PaymentReference(
                        channel=payment.channel, reference=payment.reference, payment_id=payment.id
                    )
                )
        except IntegrityError:
            return False
        return True

    def release_reference(self, payment_id: uuid.UUID) -> None:
        """A reversed payment gives its reference back."""
        self.session.execute(
            delete(PaymentReference).where(PaymentReference.payment_id == payment_id)
        )

    def reversal_of(self, payment_id: uuid.UUID) -> Payment | None:
        """The reversal of a payment, if one was made."""
        query = select(Payment).where(Payment.reverses_id == payment_id)
        return self.session.scalars(query).one_or_none()

    def next_number(self, store: Store, terminal: Terminal, when: datetime) -> str:
        """store-terminal-date-sequence, e.g. SH001-T1-20261123-0001 (the store's local date).

        The sequence comes from the terminal's counter row for that day, raised in this
        transaction (the UPDATE takes the row's write lock), never from counting contracts: two
        sales at once, or a sale that failed after taking a number, never share one.
        """
        day = local(when).date()
        raise_counter = (
            update(ContractCounter)
            .where(ContractCounter.terminal_id == terminal.id, ContractCounter.day == day)
            .values(last=ContractCounter.last + 1)
            .returning(ContractCounter.last)
        )
        raised = self.session.execute(raise_counter).scalar_one_or_none()
        if raised is None:  # the day's first sale; another sale may be starting the day too
            try:
                with self.session.begin_nested():
                    self.session.add(ContractCounter(terminal_id=terminal.id, day=day, last=1))
                raised = 1
            except IntegrityError:
                raised = self.session.execute(raise_counter).scalar_one()
        return f"{store.code}-{terminal.code}-{day:%Y%m%d}-{raised:04d}"

    def signed_between(
        self, start: datetime, end: datetime, *, terminal_id: uuid.UUID
    ) -> list[tuple[Contract, Customer, str]]:
        """Contracts `terminal_id` signed in [start, end), newest first, with their
        customer and the phone sold ("brand model storageGB colour")."""
        query = (
            select(Contract, Customer, Product)
            .join(Customer, Customer.id == Contract.customer_id)
            .join(DeviceUnit, DeviceUnit.id == Contract.device_unit_id)
            .join(Product, Product.id == DeviceUnit.product_id)
            .where(Contract.terminal_id == terminal_id)
            .where(Contract.signed_at >= start, Contract.signed_at < end)
            .order_by(Contract.signed_at.desc())
        )
        return [(c, customer, p.title) for c, customer, p in self.session.execute(query)]

    def of_unit_imei(self, imei: str) -> list[Contract]:
        """Contracts for the phone with this IMEI."""
        query = (
            select(Contract)
            .join(DeviceUnit, DeviceUnit.id == Contract.device_unit_id)
            .where(DeviceUnit.imei == imei)
        )
        return list(self.session.scalars(query))

    def of_customer_hashes(
        self,
        *,
        id_hmac: str | None = None,
        phone_hmac: str | None = None,
        name_hmac: str | None = None,
    ) -> list[Contract]:
        """Contracts of the customer found by the keyed hash of their ID number or phone."""
        query = select(Contract).join(Customer, Customer.id == Contract.customer_id)
        if id_hmac is not None:
            query = query.where(Customer.id_number_hmac == id_hmac)
        if phone_hmac is not None:
            query = query.where(Customer.phone_hmac == phone_hmac)
        if name_hmac is not None:
            query = query.where(Customer.name_hmac == name_hmac)
        return list(self.session.scalars(query.order_by(Contract.signed_at)))
