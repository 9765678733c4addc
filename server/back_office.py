"""The chain's back office on the server's database (`fenqi server init | enrol | reviewer |
terminals | reviewers | revoke | admin`): each use case owns its transaction; the command
line only reads what was typed and prints the answer."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.domain.errors import UserError
from server import admin
from server.enrolment import Refused, create_code, revoke_terminal
from server.keys import (
    ChainKeys,
    forget_keys_in_database,
    keys_in_database,
    load_keys,
    new_keys,
    save_keys,
)
from server.models import DEMO, ChainSetting, EnrolledTerminal, Reviewer
from server.reference import load_reference
from server.reviews import add_reviewer, revoke_reviewer
from storage.reference_rows import Row
from storage.types import utcnow


@dataclass(frozen=True)
class Prepared:
    """What `init` did: where the keys are, whether they left the database, the demo's rows
    changed (None: no demo asked)."""

    key_file: Path
    moved_out: bool
    demo_rows: int | None


@dataclass(frozen=True)
class Credential:
    """An enrolled terminal ("SH001 T1") or a reviewer, and its dates."""

    holder: str
    since: datetime | None
    until: datetime | None
    last_seen: datetime | None
    revoked: datetime | None

    @property
    def state(self) -> str:
        """revoked (when), expired (when), or active."""
        if self.revoked is not None:
            return f"revoked {self.revoked:%Y-%m-%d %H:%M}"
        if self.until is not None and self.until <= utcnow():
            return f"expired {self.until:%Y-%m-%d %H:%M}"
        return "active"


@dataclass(frozen=True)
class AdminRow:
    """A reference row as the back office lists it (secrets masked)."""

    row_id: uuid.UUID
    store_code: str | None
    cursor: int
    values: dict[str, Any]


class BackOffice:
    """The back office's use cases over the server database's sessions."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    def is_demo(self) -> bool:
        """Whether this database holds the demo chain; what a server checks before serving.

        Raises:
            UserError: the database still holds the chain's keys (an older server's).
        """
        with self.sessions.begin() as session:
            if keys_in_database(session) is not None:
                raise UserError(
                    "the server database still holds the chain's keys: run `fenqi server init` "
                    "to move them into the key file"
                )
            return session.get(ChainSetting, DEMO) is not None

    def init(
        self,
        key_file: Path,
        passphrase: Callable[..., str],
        demo_rows: Callable[[bytes], list[Row]] | None = None,
    ) -> Prepared:
        """Make the chain's key file (moving the keys out of a database that an older server
        kept them in) and, with `demo_rows` (the demo chain's rows for a lookup key), load
        the demo chain. `passphrase(confirm=...)` asks for the key file's passphrase.

        Raises:
            UserError: a demo asked of a chain with enrolled terminals; a key file that holds
                other keys than the database.
        """
        with self.sessions.begin() as session:
            if (
                demo_rows is not None
                and session.get(ChainSetting, DEMO) is None
                and session.scalar(select(EnrolledTerminal.id).limit(1))
            ):
                raise UserError(
                    "this chain has enrolled terminals: the demo's data (and its published "
                    "passwords) go only on a database of their own"
                )
            held = keys_in_database(session)
            if key_file.exists():
                keys = load_keys(key_file, passphrase())
                if held is not None and held != keys:
                    raise UserError(
                        "the server database holds other keys than {path}: give the key file "
                        "made from this database (--key-file)",
                        path=key_file,
                    )
            else:
                keys = held or new_keys()
                save_keys(key_file, keys, passphrase(confirm=True))
            forget_keys_in_database(session)
            changed = None
            if demo_rows is not None:
                session.merge(ChainSetting(key=DEMO, value="demo store data, published passwords"))
                changed = load_reference(session, demo_rows(keys.lookup_key))
        return Prepared(key_file, held is not None, changed)

    def enrolment_code(self, store: str, terminal: str) -> str:
        """A one-time code for that terminal of that store to enrol with (24 hours).

        Raises:
            UserError: the chain has no such store or terminal.
        """
        try:
            with self.sessions.begin() as session:
                return create_code(session, store, terminal, datetime.now(UTC))
        except Refused as exc:
            raise UserError(str(exc)) from None

    def add_reviewer(self, name: str, days: int) -> str:
        """A reviewer's new token (shown once), valid `days` days.

        Raises:
            UserError: an empty name, or days outside 1–365.
        """
        if not name.strip():
            raise UserError("--name is empty: give the reviewer's name")
        if not 1 <= days <= 365:
            raise UserError("--days {days}: a reviewer's token is valid 1 to 365 days", days=days)
        with self.sessions.begin() as session:
            return add_reviewer(session, name.strip(), valid_for=timedelta(days=days))

    def terminals(self) -> list[Credential]:
        """The enrolled terminals, by store and terminal."""
        query = select(EnrolledTerminal).order_by(
            EnrolledTerminal.store_code, EnrolledTerminal.terminal_code
        )
        with self.sessions.begin() as session:
            return [
                Credential(
                    f"{t.store_code} {t.terminal_code}",
                    t.enrolled_at,
                    t.expires_at,
                    t.last_seen_at,
                    t.revoked_at,
                )
                for t in session.scalars(query)
            ]

    def reviewers(self) -> list[Credential]:
        """The chain's reviewers, by name."""
        with self.sessions.begin() as session:
            return [
                Credential(r.name, r.created_at, r.expires_at, None, r.revoked_at)
                for r in session.scalars(select(Reviewer).order_by(Reviewer.name))
            ]

    def revoke_terminal(self, store: str, terminal: str) -> None:
        """Revoke a terminal's credential (it must enrol again to sync).

        Raises:
            UserError: no such terminal has enrolled.
        """
        with self.sessions.begin() as session:
            if not revoke_terminal(session, store, terminal, datetime.now(UTC)):
                raise UserError(
                    "no terminal {terminal} of store {store} has enrolled",
                    terminal=terminal,
                    store=store,
                )

    def revoke_reviewer(self, name: str) -> None:
        """Revoke a reviewer's token.

        Raises:
            UserError: the chain has no such reviewer.
        """
        with self.sessions.begin() as session:
            if not revoke_reviewer(session, name):
                raise UserError("the chain has no reviewer {name}", name=name)

    def rows(self, table: str, store: str | None) -> list[AdminRow]:
        """A reference table's live rows (of one store, when given), secrets masked."""
        with self.sessions.begin() as session:
            return [
                AdminRow(row.row_id, row.store_code, row.cursor, admin.shown(row.values))
                for row in admin.rows(session, table, store)
            ]

    def remove(self, table: str, row_id: uuid.UUID, *, by: str) -> None:
        """Remove a reference row (terminals drop it with their next sync)."""
        with self.sessions.begin() as session:
            admin.remove(session, table, row_id, by=by)

    def put(
        self,
        table: str,
        values: dict[str, Any],
        *,
        by: str,
        keys: Callable[[], ChainKeys],
        row_id: uuid.UUID | None,
    ) -> tuple[uuid.UUID, bool]:
        """Store a reference row; its id and whether anything changed (see `admin.put`)."""
        with self.sessions.begin() as session:
            return admin.put(
                session, table, values, by=by, lookup_key=lambda: keys().lookup_key, row_id=row_id
            )
