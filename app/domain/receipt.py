"""What a payment receipt states (printing/ lays it out)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal


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
