"""The use cases the window's desk and the CLI call, each owning its unit of work: a front
end never opens a transaction nor reaches a repository. `Counter` bundles them over one
opened installation (`open_counter`)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from app.domain.errors import UserError
from app.domain.payoff import PayoffQuote
from app.domain.repayment import Allocation
from app.domain.tradein import Appraisal, Condition, appraisal_to_json
from app.services import collections, repayments, reports, tradeins
from app.services.applications import ApplicationForm, SubmittedApplication, submit_application
from app.services.bootstrap import Services, open_services
from app.services.quoting import PlanRequest, PricedPlans, price_plans
from app.services.repayments import ContractBook
from app.services.status import TerminalStatus, terminal_status
from app.services.sync import applications_elsewhere


@dataclass(frozen=True)
class Found:
    """A contract looked up by number, IMEI, phone or ID number, as it stands on a day."""

    book: ContractBook
    others: list[str]  # the same customer's other contracts
    holder_name: str  # masked
    holder_phone: str  # masked


@dataclass(frozen=True)
class PaymentLine:
    """One payment of a contract, as the desk lists it."""

    id: uuid.UUID
    received_at: datetime
    kind: str
    amount: Decimal
    channel: str
    reference: str | None


class Reports:
    """The day's review and close, the book, the store's name on its reports."""

    def __init__(self, services: Services) -> None:
        self._services = services

    def daily(self, day: date) -> dict[str, Any]:
        """The day's review (see reports.daily_report)."""
        with self._services.unit_of_work() as uow:
            return reports.daily_report(uow, day)

    def book(self, on: date) -> dict[str, Any]:
        """The book as it stood at the end of `on` (see reports.book)."""
        with self._services.unit_of_work() as uow:
            return reports.book(uow, on)

    def close_day(self, day: date, *, other_sales: int, manager: str) -> None:
        """Close the day with the till's count of phones sold without installments."""
        with self._services.unit_of_work() as uow:
            reports.close_day(
                uow, day, other_sales=other_sales, staff_username=manager, now=datetime.now(UTC)
            )

    def store_name(self) -> str:
        """This terminal's store, as its reports are headed."""
        with self._services.unit_of_work() as uow:
            return uow.catalog.store(uow.catalog.terminal().store_id).name

    def terminal_status(self) -> TerminalStatus:
        """What the home screen's status line shows."""
        with self._services.unit_of_work() as uow:
            return terminal_status(uow)

    def chain_flags(self) -> list[Any]:
        """What the chain flagged to this store, newest first."""
        with self._services.unit_of_work() as uow:
            return list(uow.reference.chain_flags())


class Payments:
    """Repayments, reversals and early payoffs at the desk and `fenqi pay/payoff`."""

    def __init__(self, services: Services) -> None:
        self._services = services

    def contract(self, number: str, on: date) -> ContractBook:
        """The contract's instalments as they stand on `on`."""
        with self._services.unit_of_work() as uow:
            return repayments.contract_book(uow, number, on)

    def look_up(self, text: str, on: date) -> Found:
        """The newest contract matching `text`, with the customer's others.

        Raises:
            UserError: nothing matches.
        """
        with self._services.unit_of_work() as uow:
            found = repayments.find_contracts(uow, text)
            if not found:
                raise UserError("no contract found for {text}", text=text)
            book = repayments.contract_book(uow, found[-1].number, on)
            name, phone = repayments.masked_holder(uow, book.contract)
        return Found(book, [c.number for c in found[:-1]], name, phone)

    def payments_of(self, contract_id: uuid.UUID) -> list[PaymentLine]:
        """The contract's payments, oldest first."""
        with self._services.unit_of_work() as uow:
            return [
                PaymentLine(p.id, p.received_at, p.kind.value, p.amount, p.channel, p.reference)
                for p in uow.contracts.repayments(contract_id)
            ]

    def preview(
        self,
        number: str,
        amount: Decimal,
        *,
        channel: str,
        reference: str | None,
        prepay: bool = True,
    ) -> list[Allocation]:
        """Where a payment would go, for the customer to agree before it is taken."""
        with self._services.unit_of_work() as uow:
            return repayments.payment_preview(
                uow, number, amount, channel=channel, reference=reference, prepay=prepay
            )

    def take(
        self,
        number: str,
        amount: Decimal,
        *,
        channel: str,
        reference: str | None,
        staff: str,
        prepay: bool = True,
    ) -> tuple[uuid.UUID, list[Allocation]]:
        """Take a repayment: its id and how it was allocated (more than is due prepays the
        next instalments, or is refused when `prepay` is False)."""
        with self._services.unit_of_work() as uow:
            payment, parts = repayments.record_payment(
                uow, number, amount=amount, channel=channel, reference=reference,
                staff_username=staff, prepay=prepay,
            )  # fmt: skip
            return payment.id, parts

    def reverse(
        self, payment_id: uuid.UUID, *, manager: str, password: str, reason: str
    ) -> Decimal:
        """Reverse a payment (a manager's password and reason); the amount given back."""
        with self._services.unit_of_work() as uow:
            reversal = repayments.reverse_payment(
                uow, payment_id, manager_username=manager, password=password, reason=reason
            )
            return -reversal.amount

    def payoff_quote(self, number: str, on: date) -> PayoffQuote:
        """What settling the contract on `on` costs, itemised."""
        with self._services.unit_of_work() as uow:
            return repayments.payoff_quote(uow, number, on)

    def settle(
        self, number: str, *, channel: str, reference: str | None, staff: str
    ) -> tuple[uuid.UUID, PayoffQuote]:
        """Take the early payoff today and close the contract: the payment's id, the quote."""
        with self._services.unit_of_work() as uow:
            payment, quote = repayments.settle(
                uow, number, channel=channel, reference=reference, staff_username=staff
            )
            return payment.id, quote


class Collections:
    """Reminders and collection contacts, by the rules."""

    def __init__(self, services: Services) -> None:
        self._services = services

    def work_lists(self, on: date) -> dict[str, list[collections.WorkItem]]:
        """Instalments due soon and contracts overdue, with the next step."""
        with self._services.unit_of_work() as uow:
            return collections.work_lists(uow, on)

    def log_contact(
        self,
        number: str,
        *,
        channel: str,
        audience: str,
        template: str,
        outcome: str,
        staff: str,
        promise_date: date | None = None,
    ) -> str:
        """Log a contact attempt the rules allow; the message it sends.

        Raises:
            UserError: the attempt breaks a rule (named in the message).
        """
        with self._services.unit_of_work() as uow:
            log = collections.log_contact(
                uow, number, channel=channel, audience=audience, template=template,
                outcome=outcome, staff_username=staff, promise_date=promise_date,
            )  # fmt: skip
            return log.message or ""


class Counter:
    """One opened installation and its use cases."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.reports = Reports(services)
        self.payments = Payments(services)
        self.collections = Collections(services)

    def price_plans(self, request: PlanRequest) -> tuple[PricedPlans, str | None]:
        """The plans for a cart, and the product's title when a catalog phone was priced."""
        with self.services.unit_of_work() as uow:
            priced = price_plans(uow, request)
        product = priced.product
        if product is None:
            return priced, None
        return priced, product.title

    def appraise(
        self,
        *,
        model: str,
        storage_gb: int,
        imei: str,
        condition: Condition,
        sku: str | None = None,
        new_phone_price: Decimal | None = None,
    ) -> Appraisal:
        """Appraise a trade-in (see tradeins.appraise_trade_in), capped at the new phone's
        price: the catalog's when `sku` is given."""
        with self.services.unit_of_work() as uow:
            if sku:
                new_phone_price = uow.catalog.product(sku).price
            return tradeins.appraise_trade_in(
                uow, model=model, storage_gb=storage_gb, imei=imei, condition=condition,
                new_phone_price=new_phone_price,
            )  # fmt: skip

    def accept_trade_in(self, appraisal: Appraisal, *, staff: str) -> dict[str, Any]:
        """Take the phone into this store's stock; the appraisal with the record's ids."""
        with self.services.unit_of_work() as uow:
            terminal = uow.catalog.terminal()
            record = tradeins.accept_trade_in(
                uow,
                appraisal,
                store_id=terminal.store_id,
                terminal_id=terminal.id,
                staff_id=uow.catalog.active_staff(staff).id,
            )
            return {
                **appraisal_to_json(appraisal),
                "trade_in_id": str(record.id),
                "device_unit_id": str(record.device_unit_id),
            }

    def pre_check(self, form: ApplicationForm) -> SubmittedApplication:
        """Run the risk pre-check on an application (asking the chain about repeat
        applications, as the window does) and store it."""
        elsewhere = applications_elsewhere(self.services, form.applicant.id_number)
        with self.services.unit_of_work() as uow:
            return submit_application(uow, form, elsewhere=elsewhere)

    def close(self) -> None:
        """Release the database."""
        self.services.close()


def open_counter(db_url: str | None = None, *, create: bool = False) -> Counter:
    """Open the installation (see bootstrap.open_services) with its use cases."""
    return Counter(open_services(db_url, create=create))
