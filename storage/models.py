"""The local store's schema (SQLAlchemy 2 typed models).

Every record that syncs has a UUID key, a version (optimistic locking, bumped on each
update) and timestamps; records created at the counter also name their owning terminal.
Money columns are integer fen (`Fen`), rates exact decimal text (`Rate`). Personal data
lives only in `*_enc` columns (AES-GCM, see storage.crypto); lookups use HMAC columns.
"""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    Enum,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

from app.domain.enums import (
    BlockKind,
    ContractStatus,
    Decision,
    PaymentKind,
    Role,
    UnitCondition,
    UnitStatus,
)
from app.domain.repayment import ContractTerms
from storage.types import Fen, Rate, UTCDateTime, utcnow

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base with a constraint naming convention (stable Alembic diffs)."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        Decimal: Fen(),
        dict[str, Any]: JSON,
        list[Any]: JSON,
    }


def _enum(cls: type[enum.Enum]) -> Enum:
    return Enum(
        cls,
        native_enum=False,
        length=24,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


class Synced:
    """UUID key, version and timestamps for every record that syncs."""

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.version}


class TerminalOwned(Synced):
    """A record created at a counter terminal, which owns it for sync."""

    @declared_attr
    def terminal_id(cls) -> Mapped[uuid.UUID]:
        return mapped_column(ForeignKey("terminals.id"), index=True)


# --- reference data (owned by the chain's back office) -------------------------------


class Store(Synced, Base):
    __tablename__ = "stores"
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    address: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str] = mapped_column(String(32))


class Terminal(Synced, Base):
    __tablename__ = "terminals"
    __table_args__ = (UniqueConstraint("store_id", "code"),)
    store_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("stores.id"), index=True)
    code: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(100))


class Staff(Synced, Base):
    __tablename__ = "staff"
    store_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("stores.id"), index=True)
    username: Mapped[str] = mapped_column(String(40), unique=True)
    display_name: Mapped[str] = mapped_column(String(60))
    role: Mapped[Role] = mapped_column(_enum(Role))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class LoginLock(Base):
    """Failed logins of a staff member at this terminal; 5 in a row lock the account for 5
    minutes. Local to the terminal, never synced."""

    __tablename__ = "login_locks"
    staff_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None]


class Product(Synced, Base):
    __tablename__ = "products"
    sku: Mapped[str] = mapped_column(String(40), unique=True)
    brand: Mapped[str] = mapped_column(String(40))
    model: Mapped[str] = mapped_column(String(80), index=True)
    storage_gb: Mapped[int] = mapped_column(Integer)
    colour: Mapped[str] = mapped_column(String(40))
    price: Mapped[Decimal] = mapped_column("price_fen")
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    @property
    def title(self) -> str:
        """What the counter and the contract call it: "vivo X300 256GB 蓝" (a model whose
        name already starts with the brand is not given it twice)."""
        named = self.model.casefold().startswith(self.brand.casefold())
        name = self.model if named else f"{self.brand} {self.model}"
        return f"{name} {self.storage_gb}GB {self.colour}"


class DeviceUnit(Synced, Base):
    """A phone in stock. New units belong to a catalog product; a used unit taken in trade
    has no product and is described by `description` (model, storage, grade)."""

    __tablename__ = "device_units"
    product_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("products.id"), index=True)
    description: Mapped[str | None] = mapped_column(String(120))
    store_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("stores.id"), index=True)
    imei: Mapped[str] = mapped_column(String(15), unique=True)
    status: Mapped[UnitStatus] = mapped_column(_enum(UnitStatus), default=UnitStatus.IN_STOCK)
    condition: Mapped[UnitCondition] = mapped_column(
        _enum(UnitCondition), default=UnitCondition.NEW
    )


class BlockEntry(Synced, Base):
    """A shared blocklist entry (later synced from the central server)."""

    __tablename__ = "blocklist"
    __table_args__ = (UniqueConstraint("kind", "key"),)
    kind: Mapped[BlockKind] = mapped_column(_enum(BlockKind))
    key: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(String(60))


class RateTableRecord(Synced, Base):
    """A store's rate table document (see app.domain.rates), one row per version."""

    __tablename__ = "rate_tables"
    __table_args__ = (UniqueConstraint("store_id", "table_version"),)
    store_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("stores.id"), index=True)
    table_version: Mapped[str] = mapped_column(String(40))
    document: Mapped[dict[str, Any]]
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class ReferenceDocument(Synced, Base):
    """A chain-wide rule document, one row per version; the active one applies. Kinds:
    `risk_rules` (app.domain.risk), `tradein_table` (app.domain.tradein). Seeded by
    `init-demo`; the chain's server replaces them through sync."""

    __tablename__ = "reference_documents"
    __table_args__ = (UniqueConstraint("kind", "doc_version"),)
    kind: Mapped[str] = mapped_column(String(24))
    doc_version: Mapped[str] = mapped_column(String(40))
    document: Mapped[dict[str, Any]]
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class ChainFlag(Synced, Base):
    """What the chain's server found wrong with this store's records (a phone sold on two
    contracts, a record dated far from when it arrived), for the store manager to look at."""

    __tablename__ = "chain_flags"
    kind: Mapped[str] = mapped_column(String(24))  # imei_sold_twice, imei_known, clock
    raised_at: Mapped[datetime]
    details: Mapped[dict[str, Any]]


class HeldRow(Base):
    """A row of the chain's reference data this terminal could not apply (a value it cannot
    hold, a parent it does not have yet): kept aside with why, retried with every pull, and
    said in `fenqi sync` and the header; the rest of the pull goes on."""

    __tablename__ = "held_rows"
    table_name: Mapped[str] = mapped_column(String(40), primary_key=True)
    row_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    values: Mapped[dict[str, Any]]
    problem: Mapped[str] = mapped_column(String(300))
    held_at: Mapped[datetime]


# --- customers and the sale (created at a terminal) ----------------------------------


class Customer(TerminalOwned, Base):
    __tablename__ = "customers"
    id_number_hmac: Mapped[str] = mapped_column(String(64), unique=True)
    phone_hmac: Mapped[str | None] = mapped_column(String(64), index=True)
    name_hmac: Mapped[str | None] = mapped_column(String(64), index=True)  # to find by name
    id_number_enc: Mapped[bytes] = mapped_column(LargeBinary)
    name_enc: Mapped[bytes] = mapped_column(LargeBinary)
    phone_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    address_enc: Mapped[bytes | None] = mapped_column(LargeBinary)


class IdDocumentReading(TerminalOwned, Base):
    """One OCR reading of an ID card: the fields as read (encrypted) and what needs review."""

    __tablename__ = "id_document_readings"
    customer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("customers.id"), index=True)
    staff_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"))
    fields_enc: Mapped[bytes] = mapped_column(LargeBinary)
    front_image_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    back_image_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    checksum_ok: Mapped[bool] = mapped_column(Boolean)
    needs_review: Mapped[list[Any]]
    engine_version: Mapped[str] = mapped_column(String(60))


class TradeIn(TerminalOwned, Base):
    __tablename__ = "trade_ins"
    customer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("customers.id"), index=True)
    staff_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"))
    device_unit_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("device_units.id"))
    model: Mapped[str] = mapped_column(String(80))
    storage_gb: Mapped[int] = mapped_column(Integer)
    imei: Mapped[str] = mapped_column(String(15), index=True)
    answers: Mapped[dict[str, Any]]
    base_price: Mapped[Decimal] = mapped_column("base_price_fen")
    credit: Mapped[Decimal] = mapped_column("credit_fen")
    table_version: Mapped[str] = mapped_column(String(40))


class QuoteRecord(TerminalOwned, Base):
    """A plan as disclosed to the customer; `document` is the full `fenqi quote` JSON."""

    __tablename__ = "quotes"
    customer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("customers.id"), index=True)
    staff_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"))
    product_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("products.id"))
    trade_in_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("trade_ins.id"))
    price: Mapped[Decimal] = mapped_column("price_fen")
    trade_in_credit: Mapped[Decimal] = mapped_column("trade_in_credit_fen")
    down_payment: Mapped[Decimal] = mapped_column("down_payment_fen")
    financed: Mapped[Decimal] = mapped_column("financed_fen")
    method: Mapped[str] = mapped_column(String(24))
    term: Mapped[int] = mapped_column(Integer)
    rate: Mapped[Decimal] = mapped_column(Rate)
    apr: Mapped[Decimal] = mapped_column(Rate)
    total_payable: Mapped[Decimal] = mapped_column("total_payable_fen")
    merchant_subsidy: Mapped[Decimal] = mapped_column("merchant_subsidy_fen")
    start_date: Mapped[date] = mapped_column(Date)
    rate_table_version: Mapped[str] = mapped_column(String(40))
    document: Mapped[dict[str, Any]]


class Application(TerminalOwned, Base):
    """A financing application and its risk decision, with everything that produced it:
    the inputs and full result (encrypted: they hold personal data), the rules version,
    the reason codes (plain, for reports), and any manager override."""

    __tablename__ = "applications"
    customer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("customers.id"), index=True)
    quote_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("quotes.id"))
    staff_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"))
    inputs_enc: Mapped[bytes] = mapped_column(LargeBinary)
    result_enc: Mapped[bytes] = mapped_column(LargeBinary)
    rules_version: Mapped[str] = mapped_column(String(40))
    decision: Mapped[Decision] = mapped_column(_enum(Decision))
    reasons: Mapped[list[Any]]
    tier: Mapped[str | None] = mapped_column(String(4))
    score: Mapped[int] = mapped_column(Integer)
    decided_at: Mapped[datetime] = mapped_column(index=True)
    override_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("staff.id"))
    override_decision: Mapped[Decision | None] = mapped_column(_enum(Decision))
    override_reason: Mapped[str | None] = mapped_column(Text)
    overridden_at: Mapped[datetime | None]


class Contract(TerminalOwned, Base):
    """A signed contract. Its terms never change; later facts are payments and events."""

    __tablename__ = "contracts"
    number: Mapped[str] = mapped_column(String(40), unique=True)
    application_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("applications.id"))
    customer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("customers.id"), index=True)
    device_unit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("device_units.id"))
    staff_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"))
    status: Mapped[ContractStatus] = mapped_column(_enum(ContractStatus))
    financed: Mapped[Decimal] = mapped_column("financed_fen")
    method: Mapped[str] = mapped_column(String(24))
    term: Mapped[int] = mapped_column(Integer)
    rate: Mapped[Decimal] = mapped_column(Rate)
    apr: Mapped[Decimal] = mapped_column(Rate)
    early_payoff_fee_rate: Mapped[Decimal] = mapped_column(Rate)
    template_version: Mapped[str] = mapped_column(String(40))
    content_sha256: Mapped[str] = mapped_column(String(64))
    signature_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    # app.domain.contract.contract_record, encrypted: what `fenqi reprint` prints again
    document_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    # app.domain.repayment.ContractTerms.to_json: the late fee, allocation order and
    # collection steps it was signed under (filled when the database opens for older ones)
    terms: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    signed_at: Mapped[datetime] = mapped_column(index=True)

    @property
    def signed_terms(self) -> ContractTerms:
        """The terms the customer signed, read for the contract's whole life."""
        assert self.terms is not None, "every contract's terms are filled when the db opens"
        return ContractTerms.from_json(self.terms)


class SaleDraft(TerminalOwned, Base):
    """A sale in progress at this terminal: the step it reached and what was entered
    (encrypted: it holds the customer's data). Deleted when the sale is signed, purged when
    older than the configured age; never synced."""

    __tablename__ = "sale_drafts"
    staff_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"))
    step: Mapped[str] = mapped_column(String(16))
    summary: Mapped[str] = mapped_column(String(80))  # the phone, never personal data
    document_enc: Mapped[bytes] = mapped_column(LargeBinary)


class ContractBalance(Base):
    """What a live contract still owes, kept current by every payment, reversal and
    settlement: the book is read from these rows instead of from every instalment."""

    __tablename__ = "contract_balances"
    contract_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("contracts.id"), primary_key=True)
    outstanding: Mapped[Decimal] = mapped_column("outstanding_fen")  # principal + interest/fee
    principal: Mapped[Decimal] = mapped_column("principal_fen")
    oldest_unpaid_due: Mapped[date | None] = mapped_column(Date, index=True)


class DayClose(Base):
    """A manager's close of a business day (日结): the phones the till sold without
    installments that day, so the day's installment penetration can be told."""

    __tablename__ = "day_closes"
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    other_sales: Mapped[int] = mapped_column(Integer)
    closed_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"))
    closed_at: Mapped[datetime]


class InstallmentRow(TerminalOwned, Base):
    __tablename__ = "installments"
    __table_args__ = (UniqueConstraint("contract_id", "n"),)
    contract_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("contracts.id"), index=True)
    n: Mapped[int] = mapped_column(Integer)
    due_date: Mapped[date] = mapped_column(Date, index=True)
    principal: Mapped[Decimal] = mapped_column("principal_fen")
    interest_or_fee: Mapped[Decimal] = mapped_column("interest_or_fee_fen")
    payment: Mapped[Decimal] = mapped_column("payment_fen")


class Payment(TerminalOwned, Base):
    __tablename__ = "payments"
    contract_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("contracts.id"), index=True)
    installment_n: Mapped[int | None] = mapped_column(Integer)
    kind: Mapped[PaymentKind] = mapped_column(_enum(PaymentKind))
    amount: Mapped[Decimal] = mapped_column("amount_fen")
    channel: Mapped[str] = mapped_column(String(24))
    received_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"))
    received_at: Mapped[datetime] = mapped_column(index=True)
    reference: Mapped[str | None] = mapped_column(String(64))  # WeChat/Alipay/bank reference
    reverses_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("payments.id"), unique=True)
    reason: Mapped[str | None] = mapped_column(Text)  # why a reversal was made


class PaymentReference(Base):
    """The transaction reference a live payment holds: one payment per reference and
    channel, enforced by the key. A reversal gives the reference back (its row is removed;
    both payments stay as they were), so the money can be taken again on the right contract."""

    __tablename__ = "payment_references"
    channel: Mapped[str] = mapped_column(String(24), primary_key=True)
    reference: Mapped[str] = mapped_column(String(64), primary_key=True)
    payment_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("payments.id"), unique=True)


class PaymentAllocation(Base):
    """What part of a payment went to which instalment's late fee, interest/fee or
    principal (negative for a reversal)."""

    __tablename__ = "payment_allocations"
    payment_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("payments.id"), primary_key=True)
    n: Mapped[int] = mapped_column(Integer, primary_key=True)
    component: Mapped[str] = mapped_column(String(20), primary_key=True)
    amount: Mapped[Decimal] = mapped_column("amount_fen")


class ContactLog(TerminalOwned, Base):
    """Every contact about a payment: who, when, how, which factual template."""

    __tablename__ = "contact_logs"
    contract_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("contracts.id"), index=True)
    staff_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff.id"))
    channel: Mapped[str] = mapped_column(String(16))
    template_code: Mapped[str] = mapped_column(String(40))
    to_emergency_contact: Mapped[bool] = mapped_column(Boolean, default=False)
    outcome: Mapped[str] = mapped_column(String(200))
    contacted_at: Mapped[datetime]
    message: Mapped[str | None] = mapped_column(Text)  # what was said, from the template
    promise_date: Mapped[date | None] = mapped_column(Date)  # the customer's promise to pay


class AuditEntry(TerminalOwned, Base):
    """Who did what, when, to which record, under which rule or template version."""

    __tablename__ = "audit_log"
    staff_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("staff.id"))
    action: Mapped[str] = mapped_column(String(60))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[uuid.UUID]
    rule_version: Mapped[str | None] = mapped_column(String(40))
    details: Mapped[dict[str, Any]]


class OutboxEvent(Base):
    """A change waiting to be pushed to the central server, written in the same
    transaction as the change itself. `seq` orders the queue."""

    __tablename__ = "sync_outbox"
    seq: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    event_id: Mapped[uuid.UUID] = mapped_column(unique=True, default=uuid.uuid4)
    terminal_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("terminals.id"))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[uuid.UUID] = mapped_column(index=True)
    entity_version: Mapped[int] = mapped_column(Integer)
    op: Mapped[str] = mapped_column(String(10))
    payload: Mapped[dict[str, Any]]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(index=True)  # acknowledged by the server
    refused_at: Mapped[datetime | None]  # answered, not taken: `last_error` says why
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)


# Meta keys of an enrolled terminal (`app/services/sync.py`)
CHAIN_LOOKUP_KEY = "chain_lookup_key"  # sealed with the key file
SERVER_URL = "server_url"
CREDENTIAL = "server_credential"  # sealed with the key file
PULL_CURSOR = "pull_cursor"
LAST_SYNC = "last_sync_at"
CLOCK_OFFSET = "clock_offset_s"  # the server's clock minus this terminal's, at the last sync


class Meta(Base):
    """Installation facts: which terminal this is, the encryption key check, the server."""

    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))


class ContractCounter(Base):
    """The last contract sequence number a terminal gave out on a (store-local) day: taken
    and raised in the sale's own transaction, so two sales never share a number."""

    __tablename__ = "contract_counters"
    terminal_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("terminals.id"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    last: Mapped[int] = mapped_column(Integer)
