"""The sync format between a store's terminals and the chain's central server, in one place:
the outbox event and one payload model per entity (what a terminal pushes), the server's
answers and the reference rows it hands out. Terminals build their payloads with these
models and the server validates what arrives with the same ones; the server's OpenAPI
schema is generated from them."""

from __future__ import annotations

import math
import uuid
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field, field_validator
from pydantic.dataclasses import dataclass

from app.domain.rates import Method
from app.domain.repayment import CHANNELS
from app.domain.tradein import Body, Fault, Screen

MAX_DEPTH = 8  # a terminal's deepest record (a contract's schedule rows) is 3 levels down
MAX_TEXT = 20_000  # characters in one value (a sealed document is far less)
MAX_YUAN, CENT = Decimal(10_000_000), Decimal("0.01")
MAX_TERM = 60


class Entity(StrEnum):
    """The kinds of record a terminal sends the chain."""

    CUSTOMERS = "customers"
    QUOTES = "quotes"
    TRADE_INS = "trade_ins"
    APPLICATIONS = "applications"
    CONTRACTS = "contracts"
    PAYMENTS = "payments"
    CONTACT_LOGS = "contact_logs"


def _decimal(text: str) -> Decimal:
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError("not a decimal number") from None
    if not number.is_finite():
        raise ValueError("not a finite number")
    return number


def _yuan(text: str) -> str:
    amount = _decimal(text.removeprefix("-"))
    if not (0 <= amount <= MAX_YUAN and amount == amount.quantize(CENT)):
        raise ValueError("not yuan (0 to 10,000,000, at most 2 decimals)")
    return text


def _unsigned(text: str) -> str:
    if text.startswith("-"):
        raise ValueError("a negative amount")
    return _yuan(text)


def is_yuan(value: Any) -> bool:
    """Whether `value` is an amount in yuan as terminals write it: a string of at most two
    decimals, from 0 to 10,000,000 (no phone is financed for more)."""
    try:
        return isinstance(value, str) and bool(_unsigned(value))
    except ValueError:
        return False


def _rate(text: str) -> str:
    if not 0 <= _decimal(text) <= 10:
        raise ValueError("not a rate (0 to 10)")
    return text


def _stamp(text: str) -> str:
    datetime.fromisoformat(text)
    return text


def _day(text: str) -> str:
    date.fromisoformat(text)
    return text


Yuan = Annotated[str, Field(max_length=20), AfterValidator(_unsigned)]
SignedYuan = Annotated[str, Field(max_length=21), AfterValidator(_yuan)]  # a reversal's is < 0
Rate = Annotated[str, Field(max_length=20), AfterValidator(_rate)]
Stamp = Annotated[str, Field(max_length=40), AfterValidator(_stamp)]  # ISO 8601, with offset
Day = Annotated[str, Field(max_length=10), AfterValidator(_day)]  # YYYY-MM-DD
Hex64 = Annotated[str, Field(pattern="^[0-9a-f]{64}$")]
Imei = Annotated[str, Field(pattern="^[0-9]{15}$")]
Code = Annotated[str, Field(max_length=40)]  # numbers, usernames, versions, enum values
Words = Annotated[str, Field(max_length=2000)]  # what a person wrote or reads


class _Payload(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Plan(_Payload):
    method: Method
    term: int = Field(ge=1, le=MAX_TERM)
    apr: Rate


class Instalment(_Payload):
    n: int = Field(ge=1, le=MAX_TERM)
    due_date: Day
    principal: Yuan
    interest_or_fee: Yuan
    payment: Yuan


class QuotedInstalment(Instalment):
    remaining: Yuan


class CustomerPayload(_Payload):
    """A customer created or changed: only the chain's hash of the ID number and which
    fields changed (the person's data stays sealed at the store)."""

    id_number_hmac: Hex64
    changed: list[Code] = Field(max_length=20)


class QuotePayload(_Payload):
    """A plan as disclosed to the customer (`fenqi quote --json`)."""

    price: Yuan
    trade_in_credit: Yuan
    down_payment: Yuan
    financed: Yuan
    method: Code
    term: int = Field(ge=1, le=MAX_TERM)
    rate: Rate
    apr: Rate
    effective_annual_rate: Rate
    total_interest_or_fees: Yuan
    total_payable: Yuan
    merchant_subsidy: Yuan
    early_payoff_fee_rate: Rate
    rate_table_version: Code
    schedule: list[QuotedInstalment] = Field(min_length=1, max_length=MAX_TERM)


class Deduction(_Payload):
    code: Code
    label: Words
    rate: Rate
    amount: Yuan


class ConditionAnswers(_Payload):
    """The trade-in questionnaire as answered (app.domain.tradein.condition_to_json)."""

    screen: Screen
    body: Body
    battery_health: int = Field(ge=0, le=100)
    faults: list[Fault] = Field(max_length=20)
    water_damage: bool
    activation_lock_removed: bool


class TradeInPayload(_Payload):
    """A phone taken in trade (`fenqi tradein --json`), and the stock row it became."""

    model: Words
    storage_gb: int = Field(ge=0, le=100_000)
    imei: Imei
    accepted: bool
    reason: Words | None
    base_price: Yuan
    deductions: list[Deduction] = Field(max_length=100)
    value: Yuan
    credit: Yuan
    capped_at_price: bool
    table_version: Code
    answers: ConditionAnswers | None
    device_unit_id: uuid.UUID | None = None  # None: queued before stock travelled
    description: Words | None = None


Decision = Literal["approve", "review", "central", "decline"]


def _channel(value: str) -> str:
    if value not in CHANNELS:
        raise ValueError(f"a payment channel is one of {', '.join(CHANNELS)}")
    return value


Channel = Annotated[str, AfterValidator(_channel)]


class Reason(_Payload):
    """One reason of a pre-check's outcome: its code, the decision it asks for, and whether
    no manager may override it."""

    code: Code
    decision: Decision
    hard: bool


class ApplicationPayload(_Payload):
    """A risk pre-check's outcome, with what a chain reviewer decides on (customer masked)."""

    id: uuid.UUID
    customer_id: uuid.UUID
    id_number_hmac: Hex64
    decision: Decision
    override_decision: Decision | None
    reasons: list[Reason] = Field(max_length=100)
    tier: Code | None
    score: int = Field(ge=-100_000, le=100_000)
    rules_version: Code
    customer: Words | None = None  # None: queued before reviewers saw the case
    price: Yuan | None = None
    down_payment: Yuan | None = None
    financed: Yuan | None = None
    plan: Plan | None = None


class ContractPayload(_Payload):
    """A signed contract: its terms (SIGNED) fixed, a later version may change its status."""

    number: Code
    sha256: Hex64
    plan: Plan
    financed: Yuan
    rate: Rate
    signed_at: Stamp
    customer_id: uuid.UUID
    application_id: uuid.UUID
    device_imei: Imei
    staff: Code
    schedule: list[Instalment] = Field(min_length=1, max_length=MAX_TERM)
    rate_table: Code | None = None  # the version of the rate table it was priced under
    status: Code | None = None


SIGNED = tuple(f for f in ContractPayload.model_fields if f != "status")


class Allocation(_Payload):
    n: int = Field(ge=0, le=MAX_TERM)
    component: Code
    amount: SignedYuan


class PaymentPayload(_Payload):
    """Money received on a contract (a reversal: the original's amount negated)."""

    contract: Code
    kind: Literal["down_payment", "instalment", "late_fee", "early_payoff", "reversal"]
    amount: SignedYuan
    channel: Channel
    received_at: Stamp
    reference: Code | None = None
    reverses: uuid.UUID | None = None
    reason: Words | None = None
    allocations: list[Allocation] = Field(default_factory=list, max_length=500)
    contract_status: Code | None = None


class ContactLogPayload(_Payload):
    """One collection contact attempt, as the rules allowed it."""

    contract: Code
    channel: Code
    audience: Code
    template: Code
    outcome: Words
    promise_date: Day | None
    contacted_at: Stamp


PAYLOADS: dict[Entity, type[_Payload]] = {
    Entity.CUSTOMERS: CustomerPayload,
    Entity.QUOTES: QuotePayload,
    Entity.TRADE_INS: TradeInPayload,
    Entity.APPLICATIONS: ApplicationPayload,
    Entity.CONTRACTS: ContractPayload,
    Entity.PAYMENTS: PaymentPayload,
    Entity.CONTACT_LOGS: ContactLogPayload,
}


def payload(model: _Payload) -> dict[str, Any]:
    """A payload as it is queued and sent: JSON values, fields left at None kept."""
    return model.model_dump(mode="json")


class Event(BaseModel):
    """One outbox event as a terminal sends it: an upsert of one version of one record."""

    model_config = ConfigDict(extra="forbid")
    event_id: uuid.UUID
    seq: int = Field(ge=1, le=2**63 - 1)
    entity: Entity
    entity_id: uuid.UUID
    entity_version: int = Field(ge=1, le=2**31 - 1)  # an INTEGER column
    op: Literal["upsert"]
    created_at: AwareDatetime  # a moment with its offset: a naive one is no moment
    payload: dict[str, Any]

    @field_validator("payload")
    @classmethod
    def _bounded(cls, value: dict[str, Any]) -> dict[str, Any]:
        """A record nested deeper, or holding longer or NUL-bearing text, than any terminal
        writes is refused on its own."""
        check_bounds(value, depth=0)
        return value


def check_bounds(value: Any, *, depth: int) -> None:
    """Refuse what no terminal writes and every query over its table would choke on:
    nesting deeper than MAX_DEPTH, a NUL character or a lone surrogate, a text longer than
    MAX_TEXT, a number that is not finite.

    Raises:
        ValueError: which of those.
    """
    if depth > MAX_DEPTH:
        raise ValueError(f"nested deeper than {MAX_DEPTH} levels")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("a number that is not finite (NaN, Infinity, 1e400)")
    if isinstance(value, str):
        if "\x00" in value:
            raise ValueError("text holds a NUL character")
        if not value.isascii() and any("\ud800" <= ch <= "\udfff" for ch in value):
            raise ValueError("text holds a lone surrogate (not UTF-8)")
        if len(value) > MAX_TEXT:
            raise ValueError(f"text longer than {MAX_TEXT} characters")
    elif isinstance(value, dict):
        for key, item in value.items():
            check_bounds(key, depth=depth + 1)
            check_bounds(item, depth=depth + 1)
    elif isinstance(value, list):
        for item in value:
            check_bounds(item, depth=depth + 1)


class Push(BaseModel):
    """A batch of events, oldest first."""

    events: list[Event] = Field(max_length=500)


@dataclass
class Answer:
    """The server's answer to one event."""

    event_id: str
    status: Literal["applied", "duplicate", "stale", "refused"]
    reason: str | None = None
    current_version: int | None = None


class PushAnswer(BaseModel):
    answers: list[Answer]


class PullRow(BaseModel):
    """One row of the chain's reference data (or its tombstone)."""

    table: str
    id: uuid.UUID
    values: dict[str, Any]
    cursor: int
    deleted: bool = Field(False, description="a tombstone: the terminal drops this row")


class PullPage(BaseModel):
    rows: list[PullRow]
    cursor: int
    more: bool
