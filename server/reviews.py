"""Cases beyond a store's limits: the terminal saves them as waiting for the chain's
approval and nothing is signed; a reviewer decides through the server; the decision goes
back to the store with the reference data it pulls (table "central_decisions")."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.enrolment import Refused
from server.models import ReferenceRow, Reviewer, SyncedRecord
from server.reference import load_reference
from storage.types import utcnow

DECISIONS = "central_decisions"
TOKEN_VALID_FOR = timedelta(days=30)


def add_reviewer(session: Session, name: str, *, valid_for: timedelta = TOKEN_VALID_FOR) -> str:
    """A new token for reviewer `name`, valid for `valid_for` (a new one replaces the old
    and lifts a revocation); only its hash is kept."""
    token = secrets.token_urlsafe(32)
    digest = hashlib.sha256(token.encode()).hexdigest()
    now = utcnow()
    session.merge(
        Reviewer(
            name=name, token_sha256=digest, created_at=now, expires_at=now + valid_for,
            revoked_at=None,
        )
    )  # fmt: skip
    return token


def revoke_reviewer(session: Session, name: str) -> bool:
    """Revoke reviewer `name`'s token; False when there is no such reviewer."""
    found = session.get(Reviewer, name)
    if found is None:
        return False
    found.revoked_at = found.revoked_at or utcnow()
    return True


def reviewer(session: Session, authorization: str | None, now: datetime | None = None) -> str:
    """The reviewer a request's `Authorization: Bearer <token>` belongs to.

    Raises:
        Refused: no token, a wrong one, a revoked or an expired one.
    """
    scheme, _, token = (authorization or "").partition(" ")
    digest = hashlib.sha256(token.encode()).hexdigest()
    found = session.scalars(select(Reviewer).where(Reviewer.token_sha256 == digest)).first()
    if scheme.lower() != "bearer" or found is None:
        raise Refused(401, "not a reviewer of this chain", guessed=bool(token))
    if found.revoked_at is not None:
        raise Refused(401, "this reviewer's token was revoked", guessed=False)
    if found.expires_at is None or found.expires_at < (now or utcnow()):
        raise Refused(401, "this reviewer's token has expired: ask for a new one", guessed=False)
    return found.name


def pending(session: Session) -> list[dict[str, Any]]:
    """Applications waiting for the chain's decision, oldest first."""
    decided = set(
        session.scalars(select(ReferenceRow.row_id).where(ReferenceRow.table_name == DECISIONS))
    )
    waiting = session.scalars(
        select(SyncedRecord)
        .where(SyncedRecord.entity == "applications")
        .order_by(SyncedRecord.received_at)
    )
    return [
        {
            "application_id": str(r.entity_id),
            "store_code": r.store_code,
            "customer": r.payload.get("customer"),  # masked: 张*明 310104********1237
            "price": r.payload.get("price"),
            "down_payment": r.payload.get("down_payment"),
            "financed": r.payload.get("financed"),
            "plan": r.payload.get("plan"),
            "tier": r.payload.get("tier"),
            "score": r.payload.get("score"),
            "reasons": r.payload.get("reasons", []),
            "received_at": r.received_at.isoformat(),
        }
        for r in waiting
        if r.payload.get("decision") == "central" and r.entity_id not in decided
    ]


def decide(
    session: Session,
    application_id: uuid.UUID,
    *,
    decision: str,
    reason: str,
    reviewer_name: str,
    at: datetime,
) -> dict[str, Any]:
    """Record the decision; the application's store receives it with its next pull.

    Raises:
        Refused: no such application waiting, or already decided.
    """
    record = session.get(SyncedRecord, ("applications", application_id))
    if record is None or record.payload.get("decision") != "central":
        raise Refused(404, "no application waiting for the chain's approval with that id")
    if session.get(ReferenceRow, (DECISIONS, application_id)) is not None:
        raise Refused(409, "this application has already been decided")
    values = {
        "decision": decision,
        "reason": reason,
        "reviewer": reviewer_name,
        "decided_at": at.isoformat(),
    }
    # only that store's terminals receive it
    load_reference(session, [(DECISIONS, application_id, values)], store_code=record.store_code)
    return values
