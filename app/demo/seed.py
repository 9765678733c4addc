"""`fenqi init-demo`: a realistic demo store, staff, catalog, stock and rate table.

Every record gets a deterministic UUID derived from its natural key, and fields are only
written when they differ, so loading twice changes nothing (not even a version number).
"""

from __future__ import annotations

import hashlib
import tempfile
import uuid
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from stdnum import luhn

from app.config import Settings
from app.demo.assets import asset_toml, demo_rate_table
from app.domain.enums import BlockKind, Role
from app.services.bootstrap import Services, open_services
from storage.certificates import load_or_create_identity
from storage.crypto import hash_password
from storage.models import (
    Base,
    BlockEntry,
    DeviceUnit,
    Meta,
    Product,
    RateTableRecord,
    ReferenceDocument,
    Staff,
    Store,
    Terminal,
)
from storage.reference_rows import Row, export_rows
from storage.repositories.reference import RISK_RULES, TRADEIN_TABLE

_NAMESPACE = uuid.UUID("6f1d3c52-8a57-4c41-9d7e-2b6f0c1e9a11")


def _id(*parts: str) -> uuid.UUID:
    return uuid.uuid5(_NAMESPACE, "/".join(parts))


@dataclass(frozen=True)
class DemoSummary:
    """What the demo database holds after loading."""

    store: str
    terminals: int
    staff: list[tuple[str, str, str]]
    products: int
    units: int
    rate_table_version: str
    changed: int


def demo_imei(tac: str, sku: str, index: int) -> str:
    """A stable, Luhn-valid 15-digit IMEI for demo unit `index` of a product."""
    serial = int(hashlib.sha256(f"{sku}/{index}".encode()).hexdigest(), 16) % 1_000_000
    body = f"{tac}{serial:06d}"
    return body + luhn.calc_check_digit(body)


def _put(session: Session, cls: type[Base], key: uuid.UUID, values: dict[str, Any]) -> int:
    """Insert or update one row by id; returns 1 when anything was written."""
    row = session.get(cls, key)
    if row is None:
        session.add(cls(id=key, **values))
        return 1
    changed = {k: v for k, v in values.items() if getattr(row, k) != v}
    for name, value in changed.items():
        setattr(row, name, value)
    return int(bool(changed))


def _put_document(session: Session, kind: str, document: dict[str, Any]) -> int:
    """Store a reference document's version as the active one of its kind."""
    version = document["version"]
    values = {"kind": kind, "doc_version": version, "document": document, "active": True}
    changed = _put(session, ReferenceDocument, _id("reference", kind, version), values)
    session.flush()
    for old in session.scalars(
        select(ReferenceDocument).where(
            ReferenceDocument.kind == kind,
            ReferenceDocument.doc_version != version,
            ReferenceDocument.active,
        )
    ):
        old.active = False
        changed += 1
    return changed


def load_demo(services: Services) -> DemoSummary:
    """Create or bring up to date the demo data; this installation becomes terminal T1."""
    catalog = asset_toml("catalog/demo.toml")
    rates = demo_rate_table()
    store_doc = catalog["store"]
    store_id = _id("store", store_doc["code"])
    changed = 0
    with services.sessions.begin() as session:
        changed += _put(session, Store, store_id, store_doc)
        session.flush()
        for t in catalog["terminals"]:
            values = {"store_id": store_id, "code": t["code"], "name": t["name"]}
            changed += _put(
                session, Terminal, _id("terminal", store_doc["code"], t["code"]), values
            )
        for s in catalog["staff"]:
            key = _id("staff", s["username"])
            values = {
                "store_id": store_id,
                "username": s["username"],
                "display_name": s["display_name"],
                "role": Role(s["role"]),
            }
            if session.get(Staff, key) is None:
                values["password_hash"] = hash_password(s["password"])
            changed += _put(session, Staff, key, values)
        for p in catalog["products"]:
            product_id = _id("product", p["sku"])
            values = {k: p[k] for k in ("sku", "brand", "model", "storage_gb", "colour")}
            changed += _put(session, Product, product_id, {**values, "price": Decimal(p["price"])})
            session.flush()
            for index in range(catalog["units_per_product"]):
                imei = demo_imei(p["tac"], p["sku"], index)
                values = {"product_id": product_id, "store_id": store_id, "imei": imei}
                changed += _put(session, DeviceUnit, _id("unit", imei), values)
        table_values = {
            "store_id": store_id,
            "table_version": rates.version,
            "document": rates.document,
            "active": True,
        }
        changed += _put(
            session, RateTableRecord, _id("rates", store_id.hex, rates.version), table_values
        )
        for old in session.scalars(
            select(RateTableRecord).where(
                RateTableRecord.store_id == store_id,
                RateTableRecord.table_version != rates.version,
                RateTableRecord.active,
            )
        ):
            old.active = False
            changed += 1
        blocklist = asset_toml("blocklist/demo.toml")
        for entry in blocklist["imeis"]:
            values = {
                "kind": BlockKind.IMEI,
                "key": entry["imei"],
                "reason": entry["reason"],
                "source": entry["source"],
            }
            changed += _put(session, BlockEntry, _id("block", "imei", entry["imei"]), values)
        for entry in blocklist["id_numbers"]:
            digest = services.cipher.lookup_hash(entry["id_number"])
            values = {
                "kind": BlockKind.ID_NUMBER,
                "key": digest,
                "reason": entry["reason"],
                "source": entry["source"],
            }
            changed += _put(session, BlockEntry, _id("block", "id_number", digest), values)
        for kind, name in ((RISK_RULES, "risk/demo.toml"), (TRADEIN_TABLE, "tradein/demo.toml")):
            changed += _put_document(session, kind, asset_toml(name))
        if session.get(Meta, "terminal_id") is None:
            first = catalog["terminals"][0]["code"]
            session.add(
                Meta(key="terminal_id", value=str(_id("terminal", store_doc["code"], first)))
            )
            changed += 1
        session.flush()
        units = session.scalar(select(func.count()).select_from(DeviceUnit)) or 0
    load_or_create_identity(services.settings.key_file.parent, store_doc["name"])
    return DemoSummary(
        store=store_doc["name"],
        terminals=len(catalog["terminals"]),
        staff=[(s["username"], s["display_name"], s["role"]) for s in catalog["staff"]],
        products=len(catalog["products"]),
        units=units,
        rate_table_version=rates.version,
        changed=changed,
    )


def demo_chain_rows(lookup_key: bytes) -> list[Row]:
    """The demo store's reference data (staff, catalog, stock, rates, rules, blocklist) as
    the chain's rows, the blocklist's ID numbers hashed with the chain's key."""
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'chain.sqlite3'}"
        key_file = Path(folder) / "key" / "fenqi.key"
        services = open_services(
            create=True, settings=replace(Settings.read(url), key_file=key_file)
        )
        try:
            services.cipher = services.cipher.with_lookup_key(lookup_key)
            load_demo(services)
            with services.sessions.begin() as session:
                rows = export_rows(session)
        finally:
            services.close()
    return rows
