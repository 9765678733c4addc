"""Reminders and collections: the lists a store works (due in the next days; overdue by
bucket with the next step) and every contact attempt, checked against the rules before it
is logged, with the message the template gives filled in from the contract's facts."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from app.domain.clock import business_day, day_bounds, local
from app.domain.collections import (
    CUSTOMER,
    EMERGENCY_CONTACT,
    Standing,
    Steps,
    check_attempt,
    load_contact_rules,
    next_step,
)
from app.domain.enums import ContractStatus
from app.domain.errors import UserError
from app.domain.money import ZERO, format_yuan
from app.domain.repayment import bucket
from app.services.applications import open_sealed
from app.services.repayments import ContractBook, contract_book
from storage.models import Application, ContactLog, Customer
from storage.uow import UnitOfWork
from wire import ContactLogPayload, payload

DUE_SOON_DAYS = 3


@dataclass(frozen=True)
class WorkItem:
    """A contract on a collection list."""

    number: str
    due_date: date
    amount: Decimal
    days_late: int
    bucket: str | None
    step: str

    def to_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "due_date": self.due_date.isoformat(),
            "amount": format_yuan(self.amount),
            "days_late": self.days_late,
            "bucket": self.bucket,
            "next_step": self.step,
        }


def work_lists(uow: UnitOfWork, on: date) -> dict[str, list[WorkItem]]:
    """ "due_soon": instalments due in the next three days (a reminder); "overdue": each late
    contract, oldest first, with its bucket and the step its own step table puts it at."""
    reports = uow.reports
    soon = [
        WorkItem(number, due, amount, 0, None, "reminder")
        for number, due, amount in reports.due_between(on, on + timedelta(days=DUE_SOON_DAYS))
    ]
    late = [
        WorkItem(
            number,
            oldest,
            amount,
            (on - oldest).days,
            bucket((on - oldest).days),
            next_step(_signed_steps(uow, number), (on - oldest).days),
        )
        for number, oldest, amount in reports.overdue_contracts(on)
    ]
    late.sort(key=lambda item: item.due_date)
    return {"due_soon": soon, "overdue": late}


def log_contact(
    uow: UnitOfWork,
    number: str,
    *,
    channel: str,
    audience: str,
    template: str,
    outcome: str,
    staff_username: str,
    promise_date: date | None = None,
    now: datetime | None = None,
) -> ContactLog:
    """Check the attempt against the rules, then log it with the message it sends.

    Raises:
        UserError: a rule broken (its name first: QUIET_HOURS, DAILY_LIMIT, CUSTOMER_ONLY,
            UNKNOWN_TEMPLATE, UNKNOWN_CHANNEL, CONTRACT_CLOSED, NO_EMERGENCY_CONTACT,
            STAGE), an unknown contract or salesperson, no
            outcome, or a promise to pay in the past.
    """
    now = now or datetime.now(UTC)
    rules = load_contact_rules()
    staff = uow.catalog.active_staff(staff_username)
    book = contract_book(uow, number, business_day(now))
    contract = book.contract
    start, end = day_bounds(business_day(now))
    chosen = check_attempt(
        rules,
        channel=channel,
        audience=audience,
        template=template,
        at=local(now),
        attempts_today=uow.contracts.contacts_between(contract.id, start, end),
        standing=_standing(uow, book),
    )
    if not outcome.strip():
        raise UserError("write the outcome of the contact (e.g. 已接通，客户承诺周五还款)")
    if promise_date is not None and promise_date < business_day(now):
        raise UserError("the promise to pay is dated in the past: {day}", day=promise_date)
    terminal = uow.catalog.terminal()
    store = uow.catalog.store(terminal.store_id)
    late = [s for s in book.states if s.days_late > 0]
    upcoming = next((s for s in book.states if s.outstanding > 0), None)
    first = late[0] if late else upcoming
    row = uow.get(Customer, contract.customer_id)
    assert row is not None
    customer = uow.customers.read(row)
    amount = (
        sum((s.outstanding for s in late), ZERO)
        if late
        else (upcoming.outstanding if upcoming else ZERO)
    )
    message = chosen.text.format(
        store=store.name,
        phone=store.phone,
        number=contract.number,
        n=first.n if first else "",
        amount=format_yuan(amount),
        due_date=first.due_date.isoformat() if first else "",
        today=business_day(now).isoformat(),
        customer_surname=customer.name[:1],
    )
    log = ContactLog(
        id=uuid.uuid4(),
        contract_id=contract.id,
        staff_id=staff.id,
        channel=channel,
        template_code=chosen.code,
        to_emergency_contact=audience == EMERGENCY_CONTACT,
        outcome=outcome.strip(),
        contacted_at=now,
        message=message,
        promise_date=promise_date,
        terminal_id=terminal.id,
    )
    uow.add(log)
    uow.record_change(
        log,
        terminal_id=terminal.id,
        staff_id=staff.id,
        action="contact.logged",
        rule_version=rules.version,
        details={"contract": contract.number, "template": chosen.code, "channel": channel},
        payload=payload(
            ContactLogPayload(
                contract=contract.number,
                channel=channel,
                audience=audience if audience == EMERGENCY_CONTACT else CUSTOMER,
                template=chosen.code,
                outcome=log.outcome,
                promise_date=None if promise_date is None else promise_date.isoformat(),
                contacted_at=now.isoformat(),
            )
        ),
    )
    return log


def _signed_steps(uow: UnitOfWork, number: str) -> Steps:
    contract = uow.contracts.by_number(number)
    assert contract is not None
    return contract.signed_terms.collection_steps


def _standing(uow: UnitOfWork, book: ContractBook) -> Standing:
    """The contract's stage as the contact rules need it: live or closed, how late its oldest
    unpaid instalment is, its grace days and collection steps (as signed), whether the
    customer gave an emergency contact."""
    contract = book.contract
    terms = contract.signed_terms
    application = uow.get(Application, contract.application_id)
    assert application is not None
    applicant = open_sealed(uow.cipher, application, "inputs").get("customer", {})
    return Standing(
        number=contract.number,
        status=contract.status.value,
        live=contract.status in (ContractStatus.SIGNED, ContractStatus.ACTIVE),
        days_late=max((s.days_late for s in book.states), default=0),
        grace_days=terms.late_fee_grace_days,
        has_emergency_contact=bool((applicant.get("emergency_contact") or {}).get("phone")),
        steps=terms.collection_steps,
    )
