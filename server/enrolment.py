"""Terminals join the chain with a one-time code and then prove who they are with a
credential of which the server keeps only a hash; the chain's reference data, its
ID-lookup key and a signing certificate for their store are what they receive."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.errors import UserError
from server.models import EnrolledTerminal, EnrolmentCode, ReferenceRow
from storage.certificates import SigningIdentity, issue_from_request

CODE_VALID_FOR = timedelta(hours=24)
CREDENTIAL_VALID_FOR = timedelta(days=365)


class Refused(Exception):
    """A request the server will not serve; the message says why (HTTP 401/403/404).
    `guessed`: a secret was presented and was wrong (what the rate limit counts); a missing,
    revoked or expired credential is no guess, and a terminal retrying with one never gets
    its store's address held back."""

    def __init__(self, status: int, reason: str, *, guessed: bool = True) -> None:
        super().__init__(reason)
        self.status = status
        self.guessed = guessed


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def store_certificate(
    session: Session, root: SigningIdentity, store_code: str, request_pem: str
) -> str:
    """A certificate for a terminal's signing request, issued by the chain's `root` in the
    chain's name for its store.

    Raises:
        Refused: not a valid signing request.
    """
    stores = session.scalars(select(ReferenceRow).where(ReferenceRow.table_name == "stores"))
    name = next((r.values["name"] for r in stores if r.values["code"] == store_code), store_code)
    try:
        return issue_from_request(root, request_pem.encode(), name).decode()
    except UserError as exc:
        raise Refused(422, str(exc)) from None


def terminal_row(session: Session, store_code: str, terminal_code: str) -> ReferenceRow | None:
    """The chain's record of that terminal (reference data), if it has one."""
    rows = session.scalars(
        select(ReferenceRow).where(
            ReferenceRow.table_name == "terminals",
            ReferenceRow.store_code == store_code,
            ReferenceRow.deleted.is_(False),
        )
    )
    return next((r for r in rows if r.values.get("code") == terminal_code), None)


def create_code(session: Session, store_code: str, terminal_code: str, now: datetime) -> str:
    """A one-time enrolment code for that terminal, valid for a day.

    Raises:
        Refused: the chain's data has no such terminal.
    """
    if terminal_row(session, store_code, terminal_code) is None:
        raise Refused(404, f"the chain has no terminal {terminal_code} at store {store_code}")
    code = "-".join(secrets.token_hex(3).upper() for _ in range(3))
    session.add(
        EnrolmentCode(
            code_sha256=_sha256(code),
            store_code=store_code,
            terminal_code=terminal_code,
            expires_at=now + CODE_VALID_FOR,
        )
    )
    return code


def enrol(session: Session, code: str, now: datetime) -> tuple[EnrolledTerminal, str]:
    """Exchange a one-time code for the terminal's credential (a new one on re-enrolment).

    Raises:
        Refused: an unknown, used or expired code.
    """
    found = session.get(EnrolmentCode, _sha256(code.strip().upper()), with_for_update=True)
    if found is None or found.used_at is not None:
        raise Refused(403, "this enrolment code is unknown or already used")
    if found.expires_at < now:
        raise Refused(403, "this enrolment code has expired: ask for a new one")
    found.used_at = now
    row = terminal_row(session, found.store_code, found.terminal_code)
    assert row is not None
    secret = secrets.token_urlsafe(32)
    terminal = session.get(EnrolledTerminal, row.row_id)
    if terminal is None:
        terminal = EnrolledTerminal(
            id=row.row_id, store_code=found.store_code, terminal_code=found.terminal_code
        )
        session.add(terminal)
    terminal.credential_sha256 = _sha256(secret)
    terminal.enrolled_at = now
    terminal.expires_at = now + CREDENTIAL_VALID_FOR
    terminal.revoked_at = None
    session.flush()
    return terminal, f"{terminal.id}.{secret}"


def authenticate(session: Session, authorization: str | None, now: datetime) -> EnrolledTerminal:
    """The terminal a request's `Authorization: Bearer <credential>` belongs to.

    Raises:
        Refused: no credential, or a wrong, revoked or expired one.
    """
    scheme, _, credential = (authorization or "").partition(" ")
    terminal_id, _, secret = credential.partition(".")
    if scheme.lower() != "bearer" or not secret:
        raise Refused(401, "no terminal credential: enrol this terminal first", guessed=False)
    try:
        terminal = session.get(EnrolledTerminal, uuid.UUID(terminal_id))
    except ValueError:
        terminal = None
    if terminal is None or not hmac.compare_digest(terminal.credential_sha256, _sha256(secret)):
        raise Refused(401, "wrong terminal credential")
    if terminal.revoked_at is not None:
        raise Refused(401, "this terminal's credential was revoked: enrol it again", guessed=False)
    if terminal.expires_at < now:
        raise Refused(401, "this terminal's credential has expired: enrol it again", guessed=False)
    terminal.last_seen_at = now
    return terminal


def revoke_terminal(session: Session, store_code: str, terminal_code: str, at: datetime) -> bool:
    """Revoke that terminal's credential (it must enrol again); False when it never
    enrolled."""
    found = session.scalars(
        select(EnrolledTerminal).where(
            EnrolledTerminal.store_code == store_code,
            EnrolledTerminal.terminal_code == terminal_code,
        )
    ).first()
    if found is None:
        return False
    found.revoked_at = found.revoked_at or at
    return True
