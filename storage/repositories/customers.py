"""Customers: personal data in, ciphertext stored, found again by a keyed hash of the ID."""

from __future__ import annotations

import base64
import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.idnumber import validate_id
from storage.crypto import FieldCipher
from storage.models import Customer
from storage.outbox import record_change
from wire import CustomerPayload, payload

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


class Customers:
    """Customers in one session: saved encrypted, found by the keyed hash of the ID."""

    def __init__(self, session: Session, cipher: FieldCipher) -> None:
        self.session = session
        self.cipher = cipher

    def save(
        self,
        data: CustomerData,
        *,
        terminal_id: uuid.UUID,
        staff_id: uuid.UUID | None = None,
    ) -> Customer:
        """Create the customer, or record a new version of the one with the same ID number.

        A changed phone or address makes a new version: the previous values are kept (still
        encrypted) in the audit entry, and the change is queued for sync. The name on file is
        never replaced here: a different name for a known ID number is a fraud signal for the
        pre-check (`name_differs`), not an update.

        Raises:
            UserError: the ID number is not valid.
        """
        id_number = validate_id(data.id_number)
        row = self.find(id_number)
        created = row is None
        if row is None:
            row = Customer(id=uuid.uuid4(), terminal_id=terminal_id)
            self.session.add(row)
        values = {**data.__dict__, "id_number": id_number}
        fields = _FIELDS if created else ("phone", "address")
        old = {} if created else self.read(row).__dict__
        changed = [f for f in fields if created or (values[f] is not None and values[f] != old[f])]
        if not changed:
            return row
        previous = {
            f: base64.b64encode(getattr(row, f"{f}_enc")).decode()
            for f in changed
            if not created and getattr(row, f"{f}_enc") is not None
        }
        for field in changed:
            value = values[field]
            blob = (
                None
                if value is None
                else self.cipher.encrypt(value.encode(), context=_context(row.id, field))
            )
            setattr(row, f"{field}_enc", blob)
        row.id_number_hmac = self.cipher.lookup_hash(id_number)
        row.name_hmac = self.cipher.lookup_hash(name_key(data.name))
        if "phone" in changed:
            row.phone_hmac = None if data.phone is None else self.cipher.lookup_hash(data.phone)
        record_change(
            self.session,
            row,
            terminal_id=terminal_id,
            staff_id=staff_id,
            action="customer.created" if created else "customer.updated",
            rule_version=None,
            details={"changed": changed, "previous_encrypted": previous},
            payload=payload(CustomerPayload(id_number_hmac=row.id_number_hmac, changed=changed)),
        )
        return row

    def name_differs(self, row: Customer, name: str) -> bool:
        """Whether `name` is not the name on file for this customer (spaces ignored)."""
        on_file = self.read(row).name
        return "".join(on_file.split()) != "".join(name.split())

    def find(self, id_number: str) -> Customer | None:
        """The customer with this ID number, found by its keyed hash."""
        digest = self.cipher.lookup_hash(id_number)
        return self.session.scalars(
            select(Customer).where(Customer.id_number_hmac == digest)
        ).one_or_none()

    def read(self, row: Customer) -> CustomerData:
        """Decrypt a customer's personal data."""

        def field(name: str) -> str | None:
            blob = getattr(row, f"{name}_enc")
            return (
                None
                if blob is None
                else self.cipher.decrypt(blob, context=_context(row.id, name)).decode()
            )

        return CustomerData(
            id_number=field("id_number") or "",  # NOT NULL columns: never empty in practice
            name=field("name") or "",
            phone=field("phone"),
            address=field("address"),
        )

    def phone_on_other_ids(self, phone: str, id_number: str) -> bool:
        """Whether customers with another ID number gave this phone number."""
        query = (
            select(func.count())
            .select_from(Customer)
            .where(
                Customer.phone_hmac == self.cipher.lookup_hash(phone),
                Customer.id_number_hmac != self.cipher.lookup_hash(id_number),
            )
        )
        return bool(self.session.scalar(query))

    def rekey(self, lookup: FieldCipher) -> dict[str, str]:
        """Hash every customer's ID number, phone and name again with `lookup`'s key (the
        chain's, when this terminal enrols). Returns each ID number's old hash → new."""
        moved = {}
        for row in self.session.scalars(select(Customer)):
            data = self.read(row)
            moved[row.id_number_hmac] = lookup.lookup_hash(data.id_number)
            row.id_number_hmac = moved[row.id_number_hmac]
            row.phone_hmac = None if data.phone is None else lookup.lookup_hash(data.phone)
            row.name_hmac = lookup.lookup_hash(name_key(data.name))
        return moved

    def hash_missing_names(self) -> int:
        """Give the customers saved before names were hashed their name's keyed hash (once,
        when the program opens the database); returns how many there were."""
        rows = list(self.session.scalars(select(Customer).where(Customer.name_hmac.is_(None))))
        for row in rows:
            row.name_hmac = self.cipher.lookup_hash(name_key(self.read(row).name))
        return len(rows)


def name_key(name: str) -> str:
    """A name as it is looked up: without spaces or the · between parts."""
    return "".join(ch for ch in name if not ch.isspace() and ch not in "·•.")
