"""The figures a store manager reviews: the day's sales, decisions, trade-ins and
collections, and the installment book (outstanding and overdue), each as one query."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, case, func, select, type_coerce
from sqlalchemy.orm import Session, aliased

from app.domain.enums import ContractStatus, PaymentKind
from app.domain.repayment import Component
from storage.models import (
    Application,
    Contract,
    ContractBalance,
    DayClose,
    InstallmentRow,
    Payment,
    PaymentAllocation,
    QuoteRecord,
    Staff,
    TradeIn,
)

LIVE = (ContractStatus.SIGNED, ContractStatus.ACTIVE)


@dataclass(frozen=True)
class SoldContract:
    """One contract signed in the period, with what the report needs of it."""

    staff: str
    signed_at: datetime
    price: Decimal
    financed: Decimal
    subsidy: Decimal
    method: str
    term: int


@dataclass(frozen=True)
class Decided:
    """One application decided in the period."""

    staff: str
    decision: str
    override: str | None
    override_by: str | None
    override_reason: str | None


class Reports:
    def __init__(self, session: Session) -> None:
        self.session = session

    def contracts(self, start: datetime, end: datetime) -> list[SoldContract]:
        """Contracts signed in [start, end)."""
        query = (
            select(
                Staff.username,
                Contract.signed_at,
                QuoteRecord.price,
                Contract.financed,
                QuoteRecord.merchant_subsidy,
                Contract.method,
                Contract.term,
            )
            .join(Application, Application.id == Contract.application_id)
            .join(QuoteRecord, QuoteRecord.id == Application.quote_id)
            .join(Staff, Staff.id == Contract.staff_id)
            .where(Contract.signed_at >= start, Contract.signed_at < end)
            .where(Contract.status != ContractStatus.CANCELLED)
        )
        return [SoldContract(*row) for row in self.session.execute(query)]

    def decisions(self, start: datetime, end: datetime) -> list[Decided]:
        """Applications decided in [start, end), with any override and who made it."""
        manager = aliased(Staff)
        query = (
            select(
                Staff.username,
                Application.decision,
                Application.override_decision,
                manager.username,
                Application.override_reason,
            )
            .join(Staff, Staff.id == Application.staff_id)
            .outerjoin(manager, manager.id == Application.override_by)
            .where(Application.decided_at >= start, Application.decided_at < end)
        )
        return [
            Decided(s, d.value, None if o is None else o.value, by, why)
            for s, d, o, by, why in self.session.execute(query)
        ]

    def trade_ins(self, start: datetime, end: datetime) -> tuple[int, Decimal]:
        """How many phones were taken in and the credit given."""
        query = select(func.count(), _fen(func.sum(TradeIn.credit))).where(
            TradeIn.created_at >= start, TradeIn.created_at < end
        )
        count, credit = self.session.execute(query).one()
        return count, _yuan(credit)

    def collected(self, start: datetime, end: datetime) -> Decimal:
        """Repayments taken in [start, end), reversals subtracted (down payments apart)."""
        query = select(_fen(func.sum(Payment.amount))).where(
            Payment.received_at >= start,
            Payment.received_at < end,
            Payment.kind != PaymentKind.DOWN_PAYMENT,
        )
        return _yuan(self.session.scalar(query))

    def taken_by_channel(
        self, start: datetime, end: datetime
    ) -> list[tuple[PaymentKind, str, Decimal]]:
        """The money taken in [start, end) by kind and channel, reversals subtracted from
        the kind they undo (what the till and each payment channel must show)."""
        original = aliased(Payment)
        kind = func.coalesce(original.kind, Payment.kind)
        query = (
            select(kind, Payment.channel, _fen(func.sum(Payment.amount)))
            .outerjoin(original, original.id == Payment.reverses_id)
            .where(Payment.received_at >= start, Payment.received_at < end)
            .group_by(kind, Payment.channel)
        )
        return [
            (PaymentKind(k), channel, _yuan(fen)) for k, channel, fen in self.session.execute(query)
        ]

    def _unpaid(self, contracts: Any, *, received_before: datetime | None = None) -> Any:
        """Each unpaid instalment of the `contracts` (a select of contract ids): contract,
        due date, what is unpaid of it (principal + interest/fee) and of its principal, in
        fen; counting only payments received before `received_before` when given."""
        due_parts = (Component.INTEREST_OR_FEE.value, Component.PRINCIPAL.value)
        amount = PaymentAllocation.amount
        paid_query = (
            select(
                Payment.contract_id,
                PaymentAllocation.n,
                func.sum(case((PaymentAllocation.component.in_(due_parts), amount), else_=0)).label(
                    "paid"
                ),
                func.sum(case((PaymentAllocation.component == "principal", amount), else_=0)).label(
                    "paid_principal"
                ),
            )
            .join(Payment, Payment.id == PaymentAllocation.payment_id)
            .where(Payment.contract_id.in_(contracts))
        )
        if received_before is not None:
            paid_query = paid_query.where(Payment.received_at < received_before)
        paid = paid_query.group_by(Payment.contract_id, PaymentAllocation.n).subquery()
        unpaid = type_coerce(InstallmentRow.payment, BigInteger) - func.coalesce(paid.c.paid, 0)
        principal = type_coerce(InstallmentRow.principal, BigInteger) - func.coalesce(
            paid.c.paid_principal, 0
        )
        return (
            select(
                InstallmentRow.contract_id.label("contract_id"),
                InstallmentRow.due_date.label("due_date"),
                unpaid.label("unpaid"),
                principal.label("principal"),
            )
            .join(Contract, Contract.id == InstallmentRow.contract_id)
            .outerjoin(
                paid,
                (paid.c.contract_id == InstallmentRow.contract_id) & (paid.c.n == InstallmentRow.n),
            )
            .where(InstallmentRow.contract_id.in_(contracts), unpaid > 0)
            .subquery()
        )

    def owed(self) -> tuple[Decimal, Decimal]:
        """What live contracts still owe: instalments (principal + interest/fee), principal
        (from their running balances)."""
        query = select(
            _fen(func.sum(ContractBalance.outstanding)), _fen(func.sum(ContractBalance.principal))
        )
        total, principal = self.session.execute(query).one()
        return _yuan(total), _yuan(principal)

    def overdue_contracts(self, on: date) -> list[tuple[str, date, Decimal]]:
        """Each live contract with an instalment unpaid past its due date on `on`: its
        number, its oldest unpaid due date and how much is overdue. Only the late contracts'
        instalments are read (their balances say which)."""
        late = select(ContractBalance.contract_id).where(ContractBalance.oldest_unpaid_due < on)
        unpaid = self._unpaid(late)
        query = (
            select(Contract.number, func.min(unpaid.c.due_date), _fen(func.sum(unpaid.c.unpaid)))
            .join(Contract, Contract.id == unpaid.c.contract_id)
            .where(unpaid.c.due_date < on)
            .group_by(Contract.number)
        )
        return [(n, oldest, _yuan(amount)) for n, oldest, amount in self.session.execute(query)]

    def book_as_of(self, on: date, end: datetime) -> tuple[int, Decimal, Decimal, list[Any]]:
        """The book as it stood at `end` (the end of the store-local day `on`), from the
        payments themselves: contracts signed by then and not yet settled, what they owed
        (instalments; principal), and each one's oldest unpaid due date before `on` and
        overdue amount, as (number, oldest, amount)."""
        reversed_by_then = select(Payment.reverses_id).where(
            Payment.kind == PaymentKind.REVERSAL,
            Payment.received_at < end,
            Payment.reverses_id.is_not(None),
        )
        settled = select(Payment.contract_id).where(
            Payment.kind == PaymentKind.EARLY_PAYOFF,
            Payment.received_at < end,
            Payment.id.not_in(reversed_by_then),
        )
        signed = select(Contract.id).where(
            Contract.signed_at < end,
            Contract.status.in_((*LIVE, ContractStatus.PAID_OFF)),
            Contract.id.not_in(settled),
        )
        unpaid = self._unpaid(signed, received_before=end)
        count, total, principal = self.session.execute(
            select(
                func.count(func.distinct(unpaid.c.contract_id)),
                _fen(func.sum(unpaid.c.unpaid)),
                _fen(func.sum(unpaid.c.principal)),
            )
        ).one()
        late = (
            select(Contract.number, func.min(unpaid.c.due_date), _fen(func.sum(unpaid.c.unpaid)))
            .join(Contract, Contract.id == unpaid.c.contract_id)
            .where(unpaid.c.due_date < on)
            .group_by(Contract.number)
        )
        overdue = [(n, oldest, _yuan(fen)) for n, oldest, fen in self.session.execute(late)]
        return count, _yuan(total), _yuan(principal), overdue

    def due_between(self, first: date, last: date) -> list[tuple[str, date, Decimal]]:
        """Instalments of live contracts falling due from `first` to `last`, unpaid: the
        contract's number, the due date and what is unpaid of it."""
        due = select(InstallmentRow.contract_id).where(
            InstallmentRow.due_date >= first, InstallmentRow.due_date <= last
        )
        live = select(ContractBalance.contract_id).where(ContractBalance.contract_id.in_(due))
        unpaid = self._unpaid(live)
        query = (
            select(Contract.number, unpaid.c.due_date, unpaid.c.unpaid)
            .join(Contract, Contract.id == unpaid.c.contract_id)
            .where(unpaid.c.due_date >= first, unpaid.c.due_date <= last)
            .order_by(unpaid.c.due_date, Contract.number)
        )
        return [(n, due, _yuan(fen)) for n, due, fen in self.session.execute(query)]

    def other_sales(self, first: date, last: date) -> dict[date, int]:
        """The till's sales without installments, per closed day from `first` to `last`."""
        query = select(DayClose.day, DayClose.other_sales).where(
            DayClose.day >= first, DayClose.day <= last
        )
        return {day: count for day, count in self.session.execute(query)}

    def live_contracts(self) -> int:
        """Contracts still being repaid (those with a running balance)."""
        query = select(func.count()).select_from(ContractBalance)
        return self.session.scalar(query) or 0


def _fen(total: Any) -> Any:
    """A sum read as the integer fen the database holds (not through the column's type)."""
    return type_coerce(func.coalesce(total, 0), BigInteger)


def _yuan(fen: int | None) -> Decimal:
    return (Decimal(fen or 0) / 100).quantize(Decimal("0.01"))
