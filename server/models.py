"""The central server's tables: enrolled terminals, what they pushed (once each), and the
chain's reference data that terminals pull by change cursor."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from storage.models import NAMING_CONVENTION
from storage.types import UTCDateTime, utcnow


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON,
    }


DEMO = "demo"  # a chain setting: this chain is the demo, served on this machine only


class ChainSetting(Base):
    """The chain's own facts (never its keys: those are in the key file, server.keys)."""

    __tablename__ = "chain_settings"
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class EnrolmentCode(Base):
    """A one-time code printed by `fenqi server enrol`; only its hash is kept."""

    __tablename__ = "enrolment_codes"
    code_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    store_code: Mapped[str] = mapped_column(String(16))
    terminal_code: Mapped[str] = mapped_column(String(16))
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class EnrolledTerminal(Base):
    """A terminal that may sync: its credential's hash, never the credential."""

    __tablename__ = "enrolled_terminals"
    __table_args__ = (UniqueConstraint("store_code", "terminal_code"),)
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    store_code: Mapped[str] = mapped_column(String(16), index=True)
    terminal_code: Mapped[str] = mapped_column(String(16))
    credential_sha256: Mapped[str] = mapped_column(String(64))
    enrolled_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    last_seen_at: Mapped[datetime | None]


class ReceivedEvent(Base):
    """Every outbox event the server has answered, by its id: a replay is a no-op."""

    __tablename__ = "received_events"
    event_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    terminal_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("enrolled_terminals.id"))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[uuid.UUID]
    entity_version: Mapped[int] = mapped_column(Integer)
    outcome: Mapped[str] = mapped_column(String(12))  # applied, stale, refused
    reason: Mapped[str | None] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)


class SyncedRecord(Base):
    """The newest version of each record a store's terminals made (contracts, payments,
    customers, applications, quotes, trade-ins), as its payload."""

    __tablename__ = "synced_records"
    entity: Mapped[str] = mapped_column(String(40), primary_key=True)
    entity_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    store_code: Mapped[str] = mapped_column(String(16), index=True)
    terminal_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("enrolled_terminals.id"))
    version: Mapped[int] = mapped_column(Integer)
    payload: Mapped[dict[str, Any]]
    id_hmac: Mapped[str | None] = mapped_column(String(64), index=True)  # the customer's
    recorded_at: Mapped[datetime]  # when the terminal made this version
    received_at: Mapped[datetime] = mapped_column(default=utcnow)


class HeldReference(Base):
    """A transaction reference (WeChat/Alipay/card) held by one live payment of the chain:
    the key refuses the same reference arriving from another terminal; a reversal releases
    it."""

    __tablename__ = "held_references"
    channel: Mapped[str] = mapped_column(String(24), primary_key=True)
    reference: Mapped[str] = mapped_column(String(64), primary_key=True)
    payment_id: Mapped[uuid.UUID] = mapped_column(unique=True)
    store_code: Mapped[str] = mapped_column(String(16))
    contract: Mapped[str] = mapped_column(String(40))


class ReferenceRow(Base):
    """One row of the chain's reference data (storage.reference_rows), for every store or
    one (`store_code`); `cursor` grows with every change, so a terminal asks for what
    changed after the last cursor it saw."""

    __tablename__ = "reference_rows"
    table_name: Mapped[str] = mapped_column(String(40), primary_key=True)
    row_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    store_code: Mapped[str | None] = mapped_column(String(16), index=True)
    values: Mapped[dict[str, Any]]
    cursor: Mapped[int] = mapped_column(BigInteger, unique=True)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)  # a tombstone: terminals drop it


class SoldImei(Base):
    """The phone (by IMEI) each contract of the chain was signed on: the first contract holds
    it; a second contract on the same IMEI is kept (it was signed) and flagged to its store."""

    __tablename__ = "sold_imeis"
    imei: Mapped[str] = mapped_column(String(15), primary_key=True)
    contract_id: Mapped[uuid.UUID] = mapped_column(unique=True)
    contract: Mapped[str] = mapped_column(String(40))
    store_code: Mapped[str] = mapped_column(String(16))


class AdminEntry(Base):
    """One change the chain's back office made with `fenqi server admin`: who, when, what."""

    __tablename__ = "admin_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    by: Mapped[str] = mapped_column(String(60))
    action: Mapped[str] = mapped_column(String(12))  # put, remove
    table_name: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[uuid.UUID]
    values: Mapped[dict[str, Any]]  # what was put (a password only as its hash)
    cursor: Mapped[int] = mapped_column(BigInteger)


class Reviewer(Base):
    """One of the chain's reviewers, who decide the cases beyond a store's limits; only a
    hash of their token is kept."""

    __tablename__ = "reviewers"
    name: Mapped[str] = mapped_column(String(60), primary_key=True)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime | None]  # None: a token made before tokens expired
    revoked_at: Mapped[datetime | None]


class RefusedRequest(Base):
    """A request refused for a wrong credential, token or enrolment code: by whom (the
    client's address), where and why, never the secret tried. Too many from one address
    in a while and it is answered 429 until the while has passed."""

    __tablename__ = "refused_requests"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    client: Mapped[str] = mapped_column(String(64), index=True)
    route: Mapped[str] = mapped_column(String(80))
    status: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text)
