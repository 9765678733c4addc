"""The vocabulary the rules and the records share: roles, stock states, decisions,
contract states, payment kinds. Stored by value."""

from __future__ import annotations

import enum


class Role(enum.StrEnum):
    SALES = "sales"
    MANAGER = "manager"
    ADMIN = "admin"


class UnitStatus(enum.StrEnum):
    IN_STOCK = "in_stock"
    RESERVED = "reserved"
    SOLD = "sold"
    RETURNED = "returned"


class UnitCondition(enum.StrEnum):
    NEW = "new"
    USED = "used"


class BlockKind(enum.StrEnum):
    IMEI = "imei"  # lost or stolen device: `key` is the IMEI
    ID_NUMBER = "id_number"  # partner-shared blacklist: `key` is the HMAC of the ID number


class Decision(enum.StrEnum):
    APPROVE = "approve"
    REVIEW = "review"  # by the store's manager
    CENTRAL = "central"  # beyond the store's limits: the chain's reviewers decide
    DECLINE = "decline"


class ContractStatus(enum.StrEnum):
    SIGNED = "signed"
    ACTIVE = "active"
    PAID_OFF = "paid_off"
    CANCELLED = "cancelled"
    WRITTEN_OFF = "written_off"


class PaymentKind(enum.StrEnum):
    DOWN_PAYMENT = "down_payment"
    INSTALMENT = "instalment"
    LATE_FEE = "late_fee"
    EARLY_PAYOFF = "early_payoff"
    REVERSAL = "reversal"  # a manager's undoing of an earlier payment (never an edit of it)
