"""What a payment receipt states (printing/ lays it out)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from app.domain.contract import mask_id
from app.domain.money import format_yuan
from app.domain.repayment import COMPONENT_LABELS, Component


@dataclass(frozen=True)
class ReceiptPart:
    """What one part of the payment paid: instalment `n`'s component; `ahead` when it is a
    prepayment (beyond what was due that day)."""

    n: int
    component: Component
    amount: Decimal
    ahead: bool = False

    @property
    def text(self) -> str:
        """The receipt's line for it: 第 3 期 本金 ¥100.00（提前还款）."""
        ahead = "（提前还款）" if self.ahead else ""
        label = COMPONENT_LABELS[self.component]
        return f"第 {self.n} 期 {label} ¥{format_yuan(self.amount)}{ahead}"


@dataclass(frozen=True)
class ReceiptData:
    """A receipt for one payment on a contract."""

    number: str
    store_name: str
    contract_number: str
    customer_name: str
    customer_id_number: str
    kind: str  # a PaymentKind value
    installment_n: int | None
    amount: Decimal
    channel: str
    received_by: str
    received_at: datetime
    remaining: Decimal  # principal still owed after this payment
    parts: tuple[ReceiptPart, ...] = ()  # where a repayment went, itemised


def receipt_document(data: ReceiptData) -> dict[str, Any]:
    """What a receipt's signature covers (attached to its PDF): everything it prints, the
    ID number masked as printed."""
    return {
        "number": data.number,
        "store": {"name": data.store_name},
        "contract": data.contract_number,
        "customer": {"name": data.customer_name, "id_number": mask_id(data.customer_id_number)},
        "kind": data.kind,
        "instalment": data.installment_n,
        "amount": format_yuan(data.amount),
        "channel": data.channel,
        "received_by": data.received_by,
        "received_at": data.received_at.isoformat(),
        "remaining_principal": format_yuan(data.remaining),
        "parts": [part.text for part in data.parts],
    }
