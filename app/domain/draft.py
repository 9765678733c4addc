"""A sale in progress as one typed, versioned document: what each step at the counter
decided, saved (encrypted) after every step, so that a crash or a restart resumes the very
same sale. One field per step, None (or empty) until that step is done; `SaleDraft.load` and
`SaleDraft.document` are its one codec."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from app.domain.application import CustomerIn, FinancesIn
from app.domain.enums import Decision
from app.domain.errors import UserError
from app.domain.rates import Method


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PhoneChoice(_Frozen):
    """① The phone: a SKU, and the very unit when its IMEI was scanned."""

    sku: str
    imei: str | None = None
    device: str  # brand model storage colour, for the drafts list


class CardFields(_Frozen):
    """The nine fields of a resident ID card, as text (empty: not read or not typed)."""

    name: str = ""
    sex: str = ""
    ethnicity: str = ""
    birth_date: str = ""
    address: str = ""
    id_number: str = ""
    issuer: str = ""
    valid_from: str = ""
    valid_to: str = ""

    def edited_from(self, read: CardFields) -> list[str]:
        """The fields that differ from what was read (the clerk changed them)."""
        mine, theirs = self.model_dump(), read.model_dump()
        return [field for field, text in mine.items() if text != theirs[field]]


class CardReading(_Frozen):
    """What OCR read off the card before anyone changed it."""

    fields: CardFields
    needs_review: list[str] = Field(default_factory=list)
    alternatives: dict[str, list[str]] = Field(default_factory=dict)
    checksum_ok: bool = False

    @classmethod
    def from_ocr(cls, document: dict[str, Any]) -> CardReading:
        """From a reader's `to_json()` document (the `fenqi ocr --json` format)."""
        names = CardFields.model_fields
        return cls(
            fields=CardFields(
                **{f: "" if document.get(f) is None else str(document[f]) for f in names}
            ),
            needs_review=[f for f in document.get("needs_review", []) if f in names],
            alternatives={
                f: [str(v) for v in values]
                for f, values in document.get("alternatives", {}).items()
                if f in names
            },
            checksum_ok=bool(document.get("checksum_ok")),
        )


class CustomerStep(_Frozen):
    """② The customer: the card as confirmed at the counter, what OCR read (None: typed by
    hand), and the application's customer and finances sections."""

    card: CardFields
    reading: CardReading | None = None
    applicant: CustomerIn
    finances: FinancesIn


class CardInHand(_Frozen):
    """② A card read (or typed) on the customer page and not yet taken: kept in the draft
    when the window locks, so the clerk finds it again."""

    card: CardFields
    reading: CardReading | None = None


class TradeInStep(_Frozen):
    """③ The trade-in: a `fenqi tradein --json` appraisal, or None for no trade-in."""

    appraisal: dict[str, Any] | None = None


class PlanChoice(_Frozen):
    """④ The plan the customer chose."""

    down: Decimal
    method: Method
    term: int


class PrecheckOutcome(_Frozen):
    """⑤ The stored application, its decision as it stands (after any override), and the
    pre-check's result (`result_to_json`) to show again."""

    application_id: uuid.UUID
    decision: Decision
    result: dict[str, Any]
    tier_name: str | None = None


class Acknowledgement(_Frozen):
    """⑥ The customer confirmed a clause: when it was shown, when confirmed, on which
    screen, and the digest of what that screen showed (`ConsentClause.digest`)."""

    shown_at: datetime
    at: datetime
    screen: str
    digest: str = ""  # drafts saved before it was kept: confirmed again before signing


class SaleDraft(_Frozen):
    """A sale, step by step. Setting a step clears every later one (`Sale._set`)."""

    version: Literal[1] = 1
    staff: str
    phone: PhoneChoice | None = None
    customer: CustomerStep | None = None
    card_in_hand: CardInHand | None = None
    trade_in: TradeInStep | None = None
    plan: PlanChoice | None = None
    precheck: PrecheckOutcome | None = None
    acknowledged: dict[str, Acknowledgement] = Field(default_factory=dict)
    contract_number: str | None = None

    def document(self) -> dict[str, Any]:
        """The draft as JSON-ready data (what is encrypted and stored)."""
        return self.model_dump(mode="json")

    @classmethod
    def load(cls, document: dict[str, Any]) -> SaleDraft:
        """A stored draft.

        Raises:
            UserError: a draft this version of the program did not write.
        """
        try:
            return cls.model_validate(document)
        except ValidationError:
            raise UserError(
                "this sale was saved by another version of the program and cannot be "
                "resumed: start it again"
            ) from None
