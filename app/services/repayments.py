"""Taking repayments at the counter: a contract's schedule as it stands, a payment allocated
by the rules, and a manager's reversal (a new record, never an edit). Every payment and
reversal is audited and queued for the central server."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from decimal import Decimal

from app.domain.clock import business_day, local
from app.domain.contract import mask_name, mask_phone
from app.domain.enums import ContractStatus, PaymentKind, Role
from app.domain.errors import UserError
from app.domain.money import ZERO, format_yuan
from app.domain.payoff import PayoffQuote
from app.domain.receipt import ReceiptData, ReceiptPart
from app.domain.repayment import (
    CHANNELS,
    NEEDS_REFERENCE,
    ORDER,
    Allocation,
    Component,
    Due,
    InstalmentState,
    allocate,
    check_channel,
    due_by,
    payoff_on,
    states_on,
)
from storage.crypto import verify_password
from storage.models import Contract, ContractBalance, Customer, Payment, PaymentAllocation
from storage.repositories.customers import name_key
from storage.uow import UnitOfWork
from wire import Allocation as WireAllocation
from wire import PaymentPayload, payload


@dataclass(frozen=True)
class ContractBook:
    """A contract's instalments as they stood on a date and what was left to pay."""

    contract: Contract
    on: date
    states: list[InstalmentState]
    status: ContractStatus  # on that date (paid off later reads active)

    @property
    def outstanding(self) -> Decimal:
        """Principal and interest/fee unpaid, late fees apart (as the book counts it)."""
        return sum(
            (s.owed[Component.PRINCIPAL] + s.owed[Component.INTEREST_OR_FEE] for s in self.states),
            ZERO,
        )

    @property
    def late_fees(self) -> Decimal:
        """Late fees accrued and unpaid."""
        return sum((s.owed[Component.LATE_FEE] for s in self.states), ZERO)

    @property
    def payable(self) -> Decimal:
        """What clears every instalment on the date: outstanding + late fees."""
        return self.outstanding + self.late_fees

    @property
    def overdue(self) -> Decimal:
        """What is owed of instalments past their due date, late fees included."""
        return sum((s.outstanding for s in self.states if s.days_late > 0), ZERO)

    def to_json(self) -> dict[str, object]:
        """The schedule as `fenqi contract --json` prints it."""
        return {
            "number": self.contract.number,
            "status": self.status.value,
            "on": self.on.isoformat(),
            "outstanding": format_yuan(self.outstanding),
            "late_fees": format_yuan(self.late_fees),
            "payable": format_yuan(self.payable),
            "overdue": format_yuan(self.overdue),
            "instalments": [
                {
                    "n": s.n,
                    "due_date": s.due_date.isoformat(),
                    "status": s.status,
                    "days_late": s.days_late,
                    "owed": {c.value: format_yuan(s.owed[c]) for c in ORDER},
                    "paid": {c.value: format_yuan(s.paid.get(c, ZERO)) for c in ORDER},
                }
                for s in self.states
            ],
        }


def contract_book(uow: UnitOfWork, number: str, on: date) -> ContractBook:
    """The contract's schedule as it stood at the end of `on`: payments received on or
    before it, late fees accrued to it.

    Raises:
        UserError: no such contract here, or a date before it was signed.
    """
    contract = uow.contracts.by_number(number)
    if contract is None:
        raise UserError("no contract {number} in this database", number=number)
    signed = business_day(contract.signed_at)
    if on < signed:
        raise UserError(
            "contract {number} was signed on {signed}: it has no book on {on}",
            number=number,
            signed=signed,
            on=on,
        )
    schedule = [
        Due(r.n, r.due_date, r.principal, r.interest_or_fee)
        for r in uow.contracts.schedule(contract.id)
    ]
    allocations = uow.contracts.allocations(contract.id)
    states = states_on(schedule, allocations, on, contract.signed_terms)
    status = _status_on(contract, uow.contracts.repayments(contract.id), states, on)
    if status is ContractStatus.PAID_OFF:  # settled: the rest is not owed
        states = [replace(s, owed=dict.fromkeys(ORDER, ZERO), days_late=0) for s in states]
    return ContractBook(contract, on, states, status)


def _status_on(
    contract: Contract, payments: list[Payment], states: list[InstalmentState], on: date
) -> ContractStatus:
    """The contract's status at the end of `on`, from the payments received by then (what
    happened later does not change the past): paid off by a settlement not reversed by then
    or with every instalment paid; active once a payment stands; else signed."""
    if contract.status in (ContractStatus.CANCELLED, ContractStatus.WRITTEN_OFF):
        return contract.status
    by_then = [p for p in payments if business_day(p.received_at) <= on]
    undone = {p.reverses_id for p in by_then if p.kind is PaymentKind.REVERSAL}
    standing = [p for p in by_then if p.kind is not PaymentKind.REVERSAL and p.id not in undone]
    if any(p.kind is PaymentKind.EARLY_PAYOFF for p in standing) or all(
        s.outstanding == 0 for s in states
    ):
        return ContractStatus.PAID_OFF
    return ContractStatus.ACTIVE if standing else ContractStatus.SIGNED


def masked_holder(uow: UnitOfWork, contract: Contract) -> tuple[str, str]:
    """The contract's customer as a manager's screen shows them: name and phone masked."""
    row = uow.get(Customer, contract.customer_id)
    if row is None:
        return "—", "—"
    person = uow.customers.read(row)
    return mask_name(person.name), mask_phone(person.phone or "")


def payment_preview(
    uow: UnitOfWork,
    number: str,
    amount: Decimal,
    *,
    channel: str,
    reference: str | None,
    prepay: bool = True,
    now: datetime | None = None,
) -> list[Allocation]:
    """Where a repayment of `amount` would go, today, without taking it (what the clerk
    confirms with the customer before `record_payment`).

    Raises:
        UserError: as `record_payment`.
    """
    checked_reference(uow, channel, reference)
    book = contract_book(uow, number, business_day(now))
    return _allocated(book, amount, prepay=prepay)


def _allocated(book: ContractBook, amount: Decimal, *, prepay: bool) -> list[Allocation]:
    """`amount` allocated on the book by the contract's own order; more than is due today
    goes on to the next instalments, unless the clerk chose to refuse it (`prepay` False)."""
    _check_live(book.contract)
    due = due_by(book.states, book.on)
    if not prepay and amount > due:
        raise UserError(
            "{amount} is more than the {due} due now (what is overdue, else the next "
            "instalment): take {due}, or take the rest as a prepayment of the next instalments",
            amount=format_yuan(amount),
            due=format_yuan(due),
        )
    return allocate(book.states, amount, book.contract.signed_terms.allocation_order)


def record_payment(
    uow: UnitOfWork,
    number: str,
    *,
    amount: Decimal,
    channel: str,
    reference: str | None,
    staff_username: str,
    prepay: bool = True,
    now: datetime | None = None,
) -> tuple[Payment, list[Allocation]]:
    """Take a repayment: allocate it oldest instalment first by the contract's order (more
    than is due today prepays the next instalments, or is refused when `prepay` is False),
    close the contract when nothing is left.

    Raises:
        UserError: an unknown contract, channel or salesperson; a missing reference for a
            card or wallet payment; an amount of nothing or more than is owed (or than is
            due, not prepaying); a contract that is not live.
    """
    now = now or datetime.now(UTC)
    book = contract_book(uow, number, business_day(now))
    allocations = _allocated(book, amount, prepay=prepay)
    closes = amount == book.payable
    taking = Taking(channel, reference, staff_username, now)
    payment = _take(uow, book.contract, amount, allocations, PaymentKind.INSTALMENT, closes, taking)
    return payment, allocations


def payoff_quote(uow: UnitOfWork, number: str, on: date) -> PayoffQuote:
    """What settles the contract on `on` (`payoff_on`): computed from what is owed then,
    after every payment and reversal.

    Raises:
        UserError: an unknown contract; an instalment already overdue (pay it first, with
            its late fee); nothing left to pay.
    """
    book = contract_book(uow, number, on)
    _check_live(book.contract)
    return payoff_on(
        book.states,
        on=on,
        start=local(book.contract.signed_at).date(),
        fee_rate=book.contract.early_payoff_fee_rate,
    )


def settle(
    uow: UnitOfWork,
    number: str,
    *,
    channel: str,
    reference: str | None,
    staff_username: str,
    now: datetime | None = None,
) -> tuple[Payment, PayoffQuote]:
    """Take the early payoff as quoted for today and close the contract (提前结清); the
    interest of the periods not yet begun is not charged.

    Raises:
        UserError: see `payoff_quote` and `record_payment`.
    """
    now = now or datetime.now(UTC)
    quote = payoff_quote(uow, number, business_day(now))
    book = contract_book(uow, number, business_day(now))
    parts = [Allocation(quote.current_n, Component.INTEREST_OR_FEE, quote.current_interest_or_fee)]
    parts += [
        Allocation(s.n, Component.PRINCIPAL, s.owed[Component.PRINCIPAL])
        for s in book.states
        if s.owed[Component.PRINCIPAL] > 0
    ]
    parts.append(Allocation(quote.current_n, Component.PAYOFF_FEE, quote.fee))
    parts = [p for p in parts if p.amount > 0]
    assert sum((p.amount for p in parts), ZERO) == quote.total  # every fen taken is placed
    taking = Taking(channel, reference, staff_username, now)
    payment = _take(uow, book.contract, quote.total, parts, PaymentKind.EARLY_PAYOFF, True, taking)
    return payment, quote


def _check_live(contract: Contract) -> None:
    if contract.status not in (ContractStatus.SIGNED, ContractStatus.ACTIVE):
        raise UserError(
            "contract {number} is {status}: it takes no payments",
            number=contract.number,
            status=contract.status.value,
        )


@dataclass(frozen=True)
class Taking:
    """How a payment is received: channel, its reference, by whom, when."""

    channel: str
    reference: str | None
    staff_username: str
    now: datetime


def checked_reference(uow: UnitOfWork, channel: str, reference: str | None) -> str | None:
    """The payment's transaction reference, checked: a known channel, a reference where the
    channel has one, and one not already taken (a reference is one payment).

    Raises:
        UserError: an unknown channel, a missing or an already used reference.
    """
    check_channel(channel)
    reference = (reference or "").strip() or None
    if channel in NEEDS_REFERENCE and reference is None:
        raise UserError(
            "payments by {channel} need their transaction reference (--reference)",
            channel=channel,
        )
    earlier = reference and uow.contracts.payment_by_reference(channel, reference)
    if earlier:
        taken = uow.get(Contract, earlier.contract_id)
        raise UserError(
            "reference {reference} was already taken on {when}: {amount} yuan for contract "
            "{number} (the same reference is the same payment)",
            reference=reference,
            when=f"{local(earlier.received_at):%Y-%m-%d %H:%M}",
            amount=format_yuan(earlier.amount),
            number=taken.number if taken else "?",
        )
    return reference


def _take(
    uow: UnitOfWork,
    contract: Contract,
    amount: Decimal,
    allocations: list[Allocation],
    kind: PaymentKind,
    closes: bool,
    taking: Taking,
) -> Payment:
    channel, now = taking.channel, taking.now
    reference = checked_reference(uow, channel, taking.reference)
    staff = uow.catalog.active_staff(taking.staff_username)
    payment = Payment(
        id=uuid.uuid4(),
        contract_id=contract.id,
        kind=kind,
        amount=amount,
        channel=channel,
        reference=reference,
        received_by=staff.id,
        received_at=now,
        terminal_id=uow.catalog.terminal().id,
    )
    _store(uow, payment, allocations)
    if reference is not None and not uow.contracts.hold_reference(payment):
        checked_reference(uow, channel, reference)  # taken meanwhile: names the payment
        raise UserError(
            "reference {reference} was just taken at another counter", reference=reference
        )
    if closes:
        contract.status = ContractStatus.PAID_OFF
    elif contract.status is ContractStatus.SIGNED:
        contract.status = ContractStatus.ACTIVE
    _refresh_balance(uow, contract)
    _record(uow, payment, contract, allocations, staff.id, "payment.received")
    return payment


def reverse_payment(
    uow: UnitOfWork,
    payment_id: uuid.UUID,
    *,
    manager_username: str,
    password: str,
    reason: str,
    now: datetime | None = None,
) -> Payment:
    """A manager undoes a payment (taken by mistake, bounced): a new, negative record with
    its reason; the original stays as it was.

    Raises:
        UserError: not a manager or a wrong password, no reason, no such payment, a down
            payment, a reversal, or a payment already reversed.
    """
    manager = uow.catalog.staff_member(manager_username)
    if manager is None or not manager.active or manager.role not in (Role.MANAGER, Role.ADMIN):
        raise UserError(
            "only a store manager can reverse a payment ('{username}' is not one)",
            username=manager_username,
        )
    if not verify_password(manager.password_hash, password):
        raise UserError("wrong password for {username}", username=manager_username)
    if len(reason.strip()) < 5:
        raise UserError("write why the payment is reversed (at least 5 characters)")
    original = uow.contracts.payment(payment_id)
    if original is None or original.kind in (PaymentKind.DOWN_PAYMENT, PaymentKind.REVERSAL):
        raise UserError("no repayment {payment_id} to reverse", payment_id=payment_id)
    if uow.contracts.reversal_of(payment_id) is not None:
        raise UserError(
            "the payment of {amount} yuan taken {when} was already reversed",
            amount=format_yuan(original.amount),
            when=f"{local(original.received_at):%Y-%m-%d %H:%M}",
        )
    contract = uow.get(Contract, original.contract_id)
    assert contract is not None
    undone = [
        Allocation(a.n, a.component, -a.amount)
        for a in uow.contracts.allocations(contract.id, payment_id=original.id)
    ]
    reversal = Payment(
        id=uuid.uuid4(),
        contract_id=contract.id,
        kind=PaymentKind.REVERSAL,
        amount=-original.amount,
        channel=original.channel,
        reference=original.reference,
        received_by=manager.id,
        received_at=now or datetime.now(UTC),
        reverses_id=original.id,
        reason=reason.strip(),
        terminal_id=uow.catalog.terminal().id,
    )
    _store(uow, reversal, undone)
    uow.contracts.release_reference(original.id)
    uow.flush()
    on = business_day(reversal.received_at)
    contract.status = contract_book(uow, contract.number, on).status
    _refresh_balance(uow, contract)
    _record(uow, reversal, contract, undone, manager.id, "payment.reversed")
    return reversal


def _refresh_balance(uow: UnitOfWork, contract: Contract) -> None:
    """Bring the contract's running balance (what the book reads) up to its payments; a
    contract no longer live has none."""
    uow.flush()
    balance = uow.get(ContractBalance, contract.id)
    if contract.status not in (ContractStatus.SIGNED, ContractStatus.ACTIVE):
        if balance is not None:
            uow.delete(balance)
        return
    paid: dict[tuple[int, Component], Decimal] = {}
    for a in uow.contracts.allocations(contract.id):
        paid[a.n, a.component] = paid.get((a.n, a.component), ZERO) + a.amount
    outstanding = principal = ZERO
    oldest = None
    for row in uow.contracts.schedule(contract.id):
        left = row.principal - paid.get((row.n, Component.PRINCIPAL), ZERO)
        unpaid = left + row.interest_or_fee - paid.get((row.n, Component.INTEREST_OR_FEE), ZERO)
        outstanding += unpaid
        principal += left
        if unpaid > 0 and oldest is None:
            oldest = row.due_date
    if balance is None:
        balance = ContractBalance(contract_id=contract.id)
        uow.add(balance)
    balance.outstanding, balance.principal, balance.oldest_unpaid_due = (
        outstanding,
        principal,
        oldest,
    )


def _store(uow: UnitOfWork, payment: Payment, allocations: list[Allocation]) -> None:
    uow.add(payment)
    uow.flush()
    for a in allocations:
        uow.add(
            PaymentAllocation(
                payment_id=payment.id, n=a.n, component=a.component.value, amount=a.amount
            )
        )


def _record(
    uow: UnitOfWork,
    payment: Payment,
    contract: Contract,
    allocations: list[Allocation],
    staff_id: uuid.UUID,
    action: str,
) -> None:
    parts = [
        WireAllocation(n=a.n, component=a.component.value, amount=str(a.amount))
        for a in allocations
    ]
    uow.record_change(
        payment,
        terminal_id=payment.terminal_id,
        staff_id=staff_id,
        action=action,
        rule_version=None,
        details={
            "contract": contract.number,
            "amount": str(payment.amount),
            "reason": payment.reason,
        },
        payload=payload(
            PaymentPayload(
                contract=contract.number,
                kind=payment.kind.value,
                amount=str(payment.amount),
                channel=payment.channel,
                reference=payment.reference,
                received_at=payment.received_at.isoformat(),
                reverses=payment.reverses_id,
                reason=payment.reason,
                allocations=parts,
                contract_status=contract.status.value,
            )
        ),
    )


def payment_receipt(uow: UnitOfWork, payment_id: uuid.UUID) -> ReceiptData:
    """The receipt of a repayment, payoff or reversal, for the thermal printer.

    Raises:
        UserError: no such payment.
    """
    payment = uow.contracts.payment(payment_id)
    if payment is None:
        raise UserError("no payment {payment_id}", payment_id=payment_id)
    contract = uow.get(Contract, payment.contract_id)
    assert contract is not None
    customer_row = uow.get(Customer, contract.customer_id)
    assert customer_row is not None
    customer = uow.customers.read(customer_row)
    book = contract_book(uow, contract.number, business_day(payment.received_at))
    store = uow.catalog.store(uow.catalog.terminal().store_id)
    allocations = uow.contracts.allocations(contract.id, payment_id=payment.id)
    due = {row.n: row.due_date for row in uow.contracts.schedule(contract.id)}
    first, day = min((a.n for a in allocations), default=0), business_day(payment.received_at)
    parts = tuple(
        ReceiptPart(
            a.n,
            a.component,
            a.amount,
            ahead=payment.kind is PaymentKind.INSTALMENT and a.n > first and due[a.n] > day,
        )
        for a in allocations
    )
    numbers = {a.n for a in allocations}
    return ReceiptData(
        number=f"R-{contract.number}-{str(payment.id)[:8].upper()}",
        store_name=store.name,
        contract_number=contract.number,
        customer_name=customer.name,
        customer_id_number=customer.id_number,
        kind=payment.kind.value,
        installment_n=first if len(numbers) == 1 else None,
        amount=payment.amount,
        channel=CHANNELS.get(payment.channel, payment.channel),
        received_by=uow.catalog.staff_by_id(payment.received_by).display_name,
        received_at=payment.received_at,
        remaining=sum((s.owed[Component.PRINCIPAL] for s in book.states), ZERO),
        parts=parts,
    )


def find_contracts(uow: UnitOfWork, text: str) -> list[Contract]:
    """Contracts by what the customer brings: the contract number, the phone's IMEI (15
    digits), the customer's mobile number (11 digits) or ID number (18 characters). The
    customer is found by the keyed hash of the number, never by decrypting the table.

    Raises:
        UserError: none of these.
    """
    text = "".join(text.split()).upper()
    if "-" in text:
        found = uow.contracts.by_number(text)
        return [] if found is None else [found]
    if text.isdigit() and len(text) == 15:
        return uow.contracts.of_unit_imei(text)
    if text.isdigit() and len(text) == 11:
        return uow.contracts.of_customer_hashes(phone_hmac=uow.cipher.lookup_hash(text))
    if len(text) == 18 and text[:17].isdigit():
        return uow.contracts.of_customer_hashes(id_hmac=uow.cipher.lookup_hash(text))
    if text and all(ch.isalpha() or ch in "·•." for ch in text):  # a name, in full
        digest = uow.cipher.lookup_hash(name_key(text))
        return uow.contracts.of_customer_hashes(name_hmac=digest)
    raise UserError(
        "search by contract number, IMEI (15 digits), mobile number (11 digits), ID number "
        "(18 characters) or the customer's full name"
    )
