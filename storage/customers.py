"""Customers: personal data in, ciphertext stored, found again by a keyed hash of the ID."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.idnumber import validate_id
from storage.crypto import FieldCipher
from storage.models import Customer

_FIELDS = ("id_number", "name", "phone", "address")


@dataclass(frozen=True)
class CustomerData:
    """A customer's personal data in the clear (only ever in memory)."""

    id_number: str
    name: str
    phone: str | None = None
    address: str | None = None


def _context(customer_id: uuid.UUID, field: str) -> str:
    return f"customers.{field}:{customer_id}"


def save_customer(
    session: Session, cipher: FieldCipher, data: CustomerData, *, terminal_id: uuid.UUID
) -> Customer:
    """Create the customer, or update the one with the same ID number.

    Raises:
        UserError: the ID number is not valid.
    """
    id_number = validate_id(data.id_number)
    row = find_customer(session, cipher, id_number)
    if row is None:
        row = Customer(id=uuid.uuid4(), terminal_id=terminal_id)
        session.add(row)
    values = {**data.__dict__, "id_number": id_number}
    for field in _FIELDS:
        value = values[field]
        blob = (
            None
            if value is None
            else cipher.encrypt(value.encode(), context=_context(row.id, field))
        )
        setattr(row, f"{field}_enc", blob)
    row.id_number_hmac = cipher.lookup_hash(id_number)
    row.phone_hmac = None if data.phone is None else cipher.lookup_hash(data.phone)
    session.flush()
    return row


def find_customer(session: Session, cipher: FieldCipher, id_number: str) -> Customer | None:
    """The customer with this ID number, found by its keyed hash."""
    digest = cipher.lookup_hash(id_number)
    return session.scalars(select(Customer).where(Customer.id_number_hmac == digest)).one_or_none()


def read_customer(cipher: FieldCipher, row: Customer) -> CustomerData:
    """Decrypt a customer's personal data."""

    def field(name: str) -> str | None:
        blob = getattr(row, f"{name}_enc")
        return (
            None if blob is None else cipher.decrypt(blob, context=_context(row.id, name)).decode()
        )

    return CustomerData(
        id_number=field("id_number") or "",  # NOT NULL columns: never empty in practice
        name=field("name") or "",
        phone=field("phone"),
        address=field("address"),
    )
