"""The unit of work: one transaction and the repositories over it. Everything a use case
adds commits together when the `with` block ends, or nothing does (an exception)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from app.domain.errors import UserError
from storage.crypto import FieldCipher
from storage.models import AuditEntry, HeldRow, Meta, Synced
from storage.outbox import Outbox, record_change
from storage.reference_rows import Row, apply_pulled
from storage.repositories.catalog import Catalog
from storage.repositories.contracts import Contracts
from storage.repositories.customers import Customers
from storage.repositories.drafts import Drafts
from storage.repositories.reference import Reference
from storage.repositories.reports import Reports

T = TypeVar("T")


class UnitOfWork:
    """A session in a transaction, with the cipher and a repository per kind of record."""

    def __init__(self, session: Session, cipher: FieldCipher) -> None:
        self.session = session
        self.cipher = cipher
        self.catalog = Catalog(session)
        self.reference = Reference(session)
        self.customers = Customers(session, cipher)
        self.contracts = Contracts(session)
        self.drafts = Drafts(session, cipher)
        self.reports = Reports(session)
        self.outbox = Outbox(session)

    def add(self, record: Any) -> None:
        """Stage a new record (flushed with the transaction)."""
        self.session.add(record)

    def get(self, kind: type[T], key: Any) -> T | None:
        """The record of `kind` whose primary key is `key`, if there is one."""
        return self.session.get(kind, key)

    def delete(self, record: Any) -> None:
        """Remove a record (with the transaction)."""
        self.session.delete(record)

    def meta(self, key: str) -> str | None:
        """An installation fact (the terminal's id, the pull cursor, the last sync...)."""
        row = self.session.get(Meta, key)
        return None if row is None else row.value

    def put_meta(self, key: str, value: str) -> None:
        """Set an installation fact."""
        row = self.session.get(Meta, key)
        if row is None:
            self.session.add(Meta(key=key, value=value))
        else:
            row.value = value

    def apply_reference(
        self, rows: list[Row], removed: set[tuple[str, uuid.UUID]]
    ) -> tuple[int, list[HeldRow]]:
        """The chain's reference rows as pulled (`apply_pulled`): how many records changed,
        and the rows held back because this terminal cannot apply them."""
        return apply_pulled(self.session, rows, removed)

    def held_count(self) -> int:
        """How many of the chain's rows are held back here."""
        return self.session.scalar(select(func.count()).select_from(HeldRow)) or 0

    def flush(self) -> None:
        """Send staged changes to the database (ids, constraints) without committing."""
        self.session.flush()

    def audit(
        self, action: str, *, staff_id: uuid.UUID, entity: str, entity_id: uuid.UUID, **details: Any
    ) -> None:
        """Log who did `action` to which record, on this terminal (nothing to sync)."""
        self.session.add(
            AuditEntry(
                terminal_id=self.catalog.terminal().id,
                staff_id=staff_id,
                action=action,
                entity=entity,
                entity_id=entity_id,
                rule_version=None,
                details=details,
            )
        )

    def record_change(self, record: Synced, **change: Any) -> None:
        """Audit `record`'s change and queue it for sync (see storage.outbox.record_change)."""
        record_change(self.session, record, **change)


@contextmanager
def unit_of_work(sessions: sessionmaker[Session], cipher: FieldCipher) -> Iterator[UnitOfWork]:
    """A unit of work that commits on success and rolls back on any exception.

    Raises:
        UserError: another counter changed the same record at the same moment (a phone
            sold twice, an application decided twice): nothing of this one was kept.
    """
    try:
        with sessions.begin() as session:
            yield UnitOfWork(session, cipher)
    except StaleDataError:
        raise UserError(
            "another counter changed the same record at the same moment (e.g. sold this "
            "phone): nothing was saved, look again and retry"
        ) from None
