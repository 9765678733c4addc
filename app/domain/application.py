"""The application document at its one boundary: pydantic models that the command line takes
now and the central server will take as its payload. Types, lengths, a China mobile number,
amounts within bounds and dates within a window are checked here, and any refusal is one
line naming the field (`UserError`), never a traceback.
"""

from __future__ import annotations

import unicodedata
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)

from app.domain.card import LONG_TERM, check_validity
from app.domain.clock import business_day
from app.domain.errors import UserError
from app.domain.idnumber import birth_date, validate_id
from app.domain.money import parse_yuan
from app.domain.rates import Method
from app.domain.risk import Employment

NAME_MARKS = "·•. "  # 阿依古丽·买买提; Latin names with a dot or a space


def _clean_text(value: Any) -> Any:
    """Text without control characters or lone surrogates (which cannot be stored)."""
    if isinstance(value, str):
        if any(unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn") for ch in value):
            raise ValueError("holds characters that are not text")
        return value.strip()
    return value


def _name(value: Any) -> Any:
    if isinstance(value, str) and len(value) > 30:
        raise ValueError("must be at most 30 characters")
    value = _clean_text(value)
    if isinstance(value, str) and not all(
        unicodedata.category(ch).startswith("L") or ch in NAME_MARKS for ch in value
    ):
        raise ValueError("must be letters or Chinese characters (and · between parts)")
    return value


class _Refused(ValueError):
    """A domain refusal met while validating a field, kept whole: the form tells it as its
    own template (in the clerk's language), naming the field's path."""

    def __init__(self, error: UserError) -> None:
        super().__init__(str(error))
        self.error = error


def _amount(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ValueError('must be an amount in yuan, as a string such as "5999.00"')
    try:
        return parse_yuan(str(value), field="amount")
    except UserError as exc:
        raise _Refused(exc) from None


def _id_number(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("must be a string of 18 characters")
    try:
        return validate_id(value)
    except UserError as exc:
        raise _Refused(exc) from None


def _valid_to(value: Any) -> date | str:
    if value == LONG_TERM:
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"= {str(value)[:40]!r} is not a date (YYYY-MM-DD) or 长期") from None


Text = Annotated[str, BeforeValidator(_clean_text)]
Name = Annotated[str, BeforeValidator(_name), StringConstraints(min_length=2, max_length=30)]
Phone = Annotated[Text, StringConstraints(pattern=r"^1[3-9]\d{9}$")]
Address = Annotated[Text, StringConstraints(min_length=2, max_length=120)]
Amount = Annotated[Decimal, BeforeValidator(_amount)]
Sku = Annotated[Text, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9-]{0,39}$")]
CardSource = Literal["ocr", "chip", "typed"]  # read from photos, from the chip, or typed
Edited = Literal[
    "id_number", "name", "sex", "ethnicity", "birth_date", "address", "issuer",
    "valid_from", "valid_to",
]  # fmt: skip


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class EmergencyContactIn(_Strict):
    """Someone who can pass a message on to the customer (never told of the debt)."""

    name: Name
    phone: Phone
    relation: Annotated[Text, StringConstraints(min_length=1, max_length=10)]


class CustomerIn(_Strict):
    """Who applies, as the ID card and the customer state it."""

    id_number: Annotated[str, BeforeValidator(_id_number)]
    name: Name
    phone: Phone
    address: Address | None = None
    birth_date: date | None = None
    id_valid_to: Annotated[date | str, BeforeValidator(_valid_to)]
    id_valid_from: date | None = None
    card_source: CardSource | None = None  # None: not said (a document from elsewhere)
    edited_fields: list[Edited] = Field(default_factory=list, max_length=9)
    emergency_contact: EmergencyContactIn | None = None

    @model_validator(mode="after")
    def _someone_else(self) -> CustomerIn:
        if self.emergency_contact is not None and self.emergency_contact.phone == self.phone:
            raise ValueError("gives the customer's own phone as the emergency contact")
        return self


class FinancesIn(_Strict):
    """What the customer earns and already pays each month."""

    monthly_income: Amount
    monthly_debt: Amount = Decimal("0.00")
    employment: Employment
    years_in_job: int = Field(strict=True, ge=0, le=60)


class PurchaseIn(_Strict):
    """The phone (a catalog SKU or a bare price) and the plan asked for."""

    sku: Sku | None = None
    price: Amount | None = None
    trade_in: Amount = Decimal("0.00")
    down: Amount = Decimal("0.00")
    method: Method
    term: int = Field(strict=True, ge=1, le=60)

    @model_validator(mode="after")
    def _sku_or_price(self) -> PurchaseIn:
        if (self.sku is None) == (self.price is None):
            raise ValueError("needs either 'sku' or 'price'")
        return self


class ApplicationIn(_Strict):
    """An installment application (the `fenqi risk` input; the server's payload)."""

    staff: Annotated[Text, StringConstraints(min_length=1, max_length=40)]
    customer: CustomerIn
    finances: FinancesIn
    purchase: PurchaseIn

    @model_validator(mode="after")
    def _dates_in_window(self) -> ApplicationIn:
        customer = self.customer
        for value in (customer.birth_date, customer.id_valid_to, customer.id_valid_from):
            if isinstance(value, date) and not date(1900, 1, 1) <= value <= date(2099, 12, 31):
                raise ValueError(f"date {value} is outside 1900-01-01 to 2099-12-31")
        if self.customer.birth_date and self.customer.birth_date > business_day():
            raise ValueError("'customer.birth_date' is in the future")
        return self


def read_application(doc: Any) -> ApplicationIn:
    """Validate an application document.

    Raises:
        UserError: the first thing wrong, named by its path, in one line.
    """
    if not isinstance(doc, dict):
        raise UserError("application: the file must hold one JSON object")
    try:
        application = ApplicationIn.model_validate(doc)
    except ValidationError as exc:
        raise _one_line(exc) from None
    _check_card(application.customer)
    return application


def read_section(name: str, doc: Any) -> CustomerIn | FinancesIn:
    """Validate one section of an application ("customer" or "finances") as it is entered,
    before the rest exists.

    Raises:
        UserError: the first thing wrong, named by its path, in one line.
    """
    if not isinstance(doc, dict):
        raise UserError("application: '{name}' must be an object", name=name)
    try:
        if name != "customer":
            return FinancesIn.model_validate(doc)
        customer = CustomerIn.model_validate(doc)
    except ValidationError as exc:
        raise _one_line(exc, name) from None
    _check_card(customer)
    return customer


def _check_card(customer: CustomerIn) -> None:
    """The card's validity is one the law gives its holder (`check_validity`)."""
    check_validity(
        valid_from=customer.id_valid_from,
        valid_to=customer.id_valid_to,
        birth=birth_date(customer.id_number),
        today=business_day(),
    )


def _one_line(exc: ValidationError, section: str | None = None) -> UserError:
    error = exc.errors(include_url=False)[0]
    path = ".".join(str(p) for p in ([section] if section else []) + list(error["loc"]))
    field = path or "application"
    value = error.get("input")
    shown = repr(value)[:40] if isinstance(value, str | int | float) else type(value).__name__
    kind = error["type"]
    if kind == "missing" or value == "":
        return UserError("application: '{field}' is missing", field=field)
    refused = error.get("ctx", {}).get("error")
    if isinstance(refused, _Refused):  # its own words; an amount's named by the field's path
        told = refused.error
        if "field" not in told.params:
            return told
        return UserError(told.template, **(told.params | {"field": field}))
    if kind == "extra_forbidden":
        return UserError("application: '{field}' is not a field of an application", field=field)
    if kind == "enum":
        return UserError(
            "application: '{field}' = {shown} is not one of {expected}",
            field=field,
            shown=shown,
            expected=error["ctx"]["expected"],
        )
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return UserError("application: '{field}' must be a whole number", field=field)
    if kind.startswith("date"):
        return UserError(
            "application: '{field}' = {shown} is not a date (YYYY-MM-DD)", field=field, shown=shown
        )
    if kind == "string_pattern_mismatch" and path.endswith("phone"):
        return UserError(
            "application: '{field}' = {shown} is not a mainland mobile number (11 digits)",
            field=field,
            shown=shown,
        )
    problem = str(error["msg"]).removeprefix("Value error, ")
    if not path:
        return UserError("application: {problem}", problem=problem)
    return UserError("application: '{field}' {problem}", field=field, problem=problem)
