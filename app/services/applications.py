"""Financing applications at the counter: gather the facts, run the pre-check, store the
decision with everything that produced it, and let a manager override it."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from app.domain.application import read_application
from app.domain.clock import business_day
from app.domain.contract import mask_id, mask_name
from app.domain.enums import ContractStatus, Decision, Role
from app.domain.errors import UserError
from app.domain.money import ZERO
from app.domain.quote import Cart, Quote, check_cart, quote_plan, select_offer
from app.domain.rates import Method
from app.domain.repayment import Component, Due, states_on
from app.domain.risk import (
    Applicant,
    ChainAnswer,
    ChainRecord,
    History,
    RiskResult,
    RiskRules,
    precheck,
    result_to_json,
)
from app.services.quoting import save_quote
from storage.crypto import FieldCipher, verify_password
from storage.models import Application, Customer, QuoteRecord
from storage.repositories.customers import CustomerData
from storage.uow import UnitOfWork
from wire import ApplicationPayload, Plan, payload

NOTHING_ELSEWHERE = ChainAnswer(0)  # a lone terminal: no other terminal to ask


@dataclass(frozen=True)
class ApplicationForm:
    """A filled-in application: who sells, who buys, what they earn, what they buy."""

    staff_username: str
    customer: CustomerData
    applicant: Applicant
    price: Decimal | None
    sku: str | None
    trade_in: Decimal
    down: Decimal
    method: Method
    term: int
    document: dict[str, Any]


def parse_application(doc: Any) -> ApplicationForm:
    """Read an application document (the `fenqi risk` input format, see README), checked at
    the one boundary (`app.domain.application`).

    Raises:
        UserError: a missing or impossible value, named by its path.
    """
    form = read_application(doc)
    customer, finances, purchase = form.customer, form.finances, form.purchase
    valid_to = customer.id_valid_to
    return ApplicationForm(
        staff_username=form.staff,
        customer=CustomerData(
            id_number=customer.id_number,
            name=customer.name,
            phone=customer.phone,
            address=customer.address,
        ),
        applicant=Applicant(
            id_number=customer.id_number,
            monthly_income=finances.monthly_income,
            monthly_debt=finances.monthly_debt,
            employment=finances.employment,
            years_in_job=finances.years_in_job,
            id_valid_to=valid_to if isinstance(valid_to, date) else None,
            typed_birth_date=customer.birth_date,
            edited_fields=tuple(customer.edited_fields),
            card_source=customer.card_source,
        ),
        price=purchase.price,
        sku=purchase.sku,
        trade_in=purchase.trade_in,
        down=purchase.down,
        method=purchase.method,
        term=purchase.term,
        document=doc,
    )


def chain_record(
    uow: UnitOfWork,
    *,
    id_number: str,
    name: str,
    phone: str | None,
    now: datetime,
    rules: RiskRules,
    elsewhere: ChainAnswer | None = NOTHING_ELSEWHERE,
) -> ChainRecord:
    """What this chain's records say about the customer, for the pre-check; `elsewhere` is
    the central server's answer for the chain's other terminals (None: it could not be
    asked)."""
    count = None if elsewhere is None else elsewhere.applications
    elsewhere_monthly = ZERO if elsewhere is None else elsewhere.monthly_instalments
    blacklisted = uow.reference.id_blocked(uow.cipher.lookup_hash(id_number))
    phone_elsewhere = phone is not None and uow.customers.phone_on_other_ids(phone, id_number)
    customer = uow.customers.find(id_number)
    if customer is None:
        return ChainRecord(
            blacklisted=blacklisted,
            phone_on_other_ids=phone_elsewhere,
            elsewhere_in_window=count,
            monthly_instalments=elsewhere_monthly,
        )
    since = now - timedelta(days=rules.repeat_window_days)
    earlier = uow.contracts.applications_since(customer.id, since)
    history, outstanding, monthly = _repayment_record(uow, customer.id, business_day(now))
    return ChainRecord(
        history=history,
        outstanding_principal=outstanding,
        monthly_instalments=monthly + elsewhere_monthly,
        applications_in_window=earlier + 1,
        elsewhere_in_window=count,
        phone_on_other_ids=phone_elsewhere,
        blacklisted=blacklisted,
        name_on_file_differs=uow.customers.name_differs(customer, name),
    )


def _repayment_record(
    uow: UnitOfWork, customer_id: uuid.UUID, today: date
) -> tuple[History, Decimal, Decimal]:
    """The customer's repayment history, the principal still owed on live contracts and
    what those contracts ask of them each month (the next instalment of each): overdue if an
    instalment is unpaid past its grace days now, late if a late fee was ever paid, on time
    once an instalment has fallen due and been paid, else none (a contract signed minutes ago
    is no history). Each contract is read by its own signed terms."""
    contracts = uow.contracts.of_customer(customer_id)
    history, outstanding, monthly = History.NONE, ZERO, ZERO
    for contract in contracts:
        allocations = uow.contracts.allocations(contract.id)
        if any(a.component is Component.LATE_FEE and a.amount > 0 for a in allocations):
            history = max(history, History.LATE, key=_HISTORY_ORDER.index)
        schedule = [_due(row) for row in uow.contracts.schedule(contract.id)]
        states = states_on(schedule, allocations, today, contract.signed_terms)
        if any(s.due_date <= today and s.outstanding == 0 for s in states):
            history = max(history, History.ON_TIME, key=_HISTORY_ORDER.index)
        if contract.status not in (ContractStatus.SIGNED, ContractStatus.ACTIVE):
            continue
        for state in states:
            outstanding += state.owed[Component.PRINCIPAL]
            if state.status == "overdue":
                history = History.OVERDUE
        upcoming = [r for r, s in zip(schedule, states, strict=True) if s.outstanding > 0]
        if upcoming:
            monthly += upcoming[0].principal + upcoming[0].interest_or_fee
    return history, outstanding, monthly


_HISTORY_ORDER = [History.NONE, History.ON_TIME, History.LATE, History.OVERDUE]


def _due(row: Any) -> Due:
    return Due(row.n, row.due_date, row.principal, row.interest_or_fee)


@dataclass(frozen=True)
class SubmittedApplication:
    application: Application
    quote: Quote
    result: RiskResult


def submit_application(
    uow: UnitOfWork,
    form: ApplicationForm,
    *,
    rules: RiskRules | None = None,
    now: datetime | None = None,
    elsewhere: ChainAnswer | None = NOTHING_ELSEWHERE,
) -> SubmittedApplication:
    """Price the chosen plan with the store's rate table, run the pre-check (the chain's
    active rules unless `rules` are given) and store the application.

    The customer, the quote, the application, their audit entries and outbox events are
    added to the unit of work and commit together; on any error nothing is kept.

    Raises:
        UserError: an unknown salesperson or product, a cart or plan that cannot be priced.
    """
    now = now or datetime.now(UTC)
    terminal = uow.catalog.terminal()
    table = uow.reference.rate_table(terminal.store_id)
    rules = rules or uow.reference.risk_rules()
    staff = uow.catalog.active_staff(form.staff_username)
    product = uow.catalog.product(form.sku) if form.sku else None
    cart = Cart(
        price=product.price if product else (form.price or ZERO),
        trade_in_credit=form.trade_in,
        down_payment=form.down,
        start=business_day(now),
        model=product.model if product else None,
    )
    check_cart(cart, table)
    quote = quote_plan(
        cart, select_offer(table, cart=cart, method=form.method, term=form.term, rate=None), table
    )
    record = chain_record(
        uow,
        id_number=form.customer.id_number,
        name=form.customer.name,
        phone=form.customer.phone,
        now=now,
        rules=rules,
        elsewhere=elsewhere,
    )
    result = precheck(
        applicant=form.applicant, quote=quote, record=record, rules=rules, on=business_day(now)
    )
    customer = uow.customers.save(form.customer, terminal_id=terminal.id, staff_id=staff.id)
    quote_row = save_quote(
        uow,
        quote,
        terminal_id=terminal.id,
        staff_id=staff.id,
        product_id=product.id if product else None,
        customer_id=customer.id,
    )
    application = Application(
        id=uuid.uuid4(),
        terminal_id=terminal.id,
        customer_id=customer.id,
        quote_id=quote_row.id,
        staff_id=staff.id,
        rules_version=rules.version,
        decision=result.decision,
        reasons=[
            {"code": r.code, "decision": r.decision.value, "hard": r.hard} for r in result.reasons
        ],
        tier=None if result.tier is None else result.tier.code,
        score=result.score,
        decided_at=now,
    )
    application.inputs_enc = _seal(uow.cipher, application.id, "inputs", form.document)
    application.result_enc = _seal(uow.cipher, application.id, "result", result_to_json(result))
    uow.add(application)
    uow.flush()
    _audit(
        uow,
        application,
        staff.id,
        "application.prechecked",
        {
            "decision": result.decision.value,
            "codes": [r.code for r in result.reasons],
            "tier": application.tier,
            "score": result.score,
        },
    )
    return SubmittedApplication(application, quote, result)


def override_application(
    uow: UnitOfWork,
    *,
    application_id: uuid.UUID,
    manager_username: str,
    password: str,
    decision: Decision,
    reason: str,
    now: datetime | None = None,
) -> Application:
    """A manager's override of a pre-check result, with a written reason.

    Raises:
        UserError: not a manager, a wrong password, no reason, an application already
            overridden, or an approval over a reason that cannot be overridden (under age,
            expired ID, blacklist).
    """
    application = uow.contracts.application(application_id)
    if application is None:
        raise UserError("no application {application_id}", application_id=application_id)
    manager = uow.catalog.staff_member(manager_username)
    if manager is None or not manager.active or manager.role not in (Role.MANAGER, Role.ADMIN):
        raise UserError(
            "'{manager_username}' is not an active store manager", manager_username=manager_username
        )
    if not verify_password(manager.password_hash, password):
        raise UserError("wrong password for {manager_username}", manager_username=manager_username)
    if len(reason.strip()) < 5:
        raise UserError("write the reason for the override (at least 5 characters)")
    if application.override_decision is not None:
        raise UserError(
            "application {application_id} was already overridden", application_id=application_id
        )
    if decision not in (Decision.APPROVE, Decision.DECLINE):
        raise UserError("an override decides: approve or decline")
    if application.decision is Decision.CENTRAL:
        raise UserError(
            "this sale waits for the chain's approval: a store manager cannot decide it"
        )
    hard = [r["code"] for r in application.reasons if r["hard"]]
    if decision == Decision.APPROVE and hard:
        raise UserError(
            "cannot approve over {hard}: the law or the blacklist forbids it", hard=", ".join(hard)
        )
    application.override_by = manager.id
    application.override_decision = decision
    application.override_reason = reason.strip()
    application.overridden_at = now or datetime.now(UTC)
    uow.flush()
    _audit(
        uow,
        application,
        manager.id,
        "application.overridden",
        {
            "from": application.decision.value,
            "to": decision.value,
            "reason": reason.strip(),
        },
    )
    return application


def _seal(cipher: FieldCipher, row_id: uuid.UUID, field: str, doc: dict[str, Any]) -> bytes:
    plain = json.dumps(doc, ensure_ascii=False, sort_keys=True).encode()
    return cipher.encrypt(plain, context=f"applications.{field}:{row_id}")


def open_sealed(cipher: FieldCipher, application: Application, field: str) -> dict[str, Any]:
    """Decrypt an application's stored `inputs` or `result` document."""
    blob = getattr(application, f"{field}_enc")
    plain = cipher.decrypt(blob, context=f"applications.{field}:{application.id}")
    return dict(json.loads(plain))


def _audit(
    uow: UnitOfWork,
    application: Application,
    staff_id: uuid.UUID | None,
    action: str,
    details: dict[str, Any],
) -> None:
    override = application.override_decision
    customer = uow.get(Customer, application.customer_id)
    quote = uow.get(QuoteRecord, application.quote_id)
    assert customer is not None and quote is not None
    person = uow.customers.read(customer)
    uow.record_change(
        application,
        terminal_id=application.terminal_id,
        staff_id=staff_id,
        action=action,
        rule_version=application.rules_version,
        details=details,
        payload=payload(
            ApplicationPayload(
                id=application.id,
                customer_id=application.customer_id,
                id_number_hmac=customer.id_number_hmac,
                decision=application.decision.value,
                override_decision=None if override is None else override.value,
                reasons=application.reasons,
                tier=application.tier,
                score=application.score,
                rules_version=application.rules_version,
                # what a chain reviewer decides on, the customer masked
                customer=f"{mask_name(person.name)} {mask_id(person.id_number)}",
                price=str(quote.price),
                down_payment=str(quote.down_payment),
                financed=str(quote.financed),
                plan=Plan(method=Method(quote.method), term=quote.term, apr=str(quote.apr)),
            )
        ),
    )


def apply_central_decision(
    uow: UnitOfWork,
    application_id: uuid.UUID,
    *,
    decision: Decision,
    reason: str,
    reviewer: str,
    decided_at: datetime,
) -> bool:
    """The chain's reviewers' decision on an application beyond the store's limits, as the
    terminal pulls it; False when this terminal does not hold that application."""
    application = uow.contracts.application(application_id)
    if application is None or application.override_decision is not None:
        return False
    application.override_decision = decision
    application.override_reason = f"总部审批（{reviewer}）：{reason}"
    application.overridden_at = decided_at
    uow.flush()
    _audit(uow, application, None, "application.decided_centrally", {"reviewer": reviewer})
    return True
