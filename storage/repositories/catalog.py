"""The store as this terminal sees it: itself, its store, staff, the catalog and the stock."""

from __future__ import annotations

import uuid

from sqlalchemy import String, cast, func, select
from sqlalchemy.orm import Session

from app.domain.enums import UnitStatus
from app.domain.errors import EnvironmentProblem, UserError
from storage.models import (
    CLOCK_OFFSET,
    DeviceUnit,
    LoginLock,
    Meta,
    Product,
    Staff,
    Store,
    Terminal,
)


class Catalog:
    """Queries over the terminal, store, staff, products and units, in one session."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def terminal(self) -> Terminal:
        """The terminal this installation is.

        Raises:
            EnvironmentProblem: the database has not been set up for a terminal.
        """
        meta = self.session.get(Meta, "terminal_id")
        terminal = None if meta is None else self.session.get(Terminal, uuid.UUID(meta.value))
        if terminal is None:
            raise EnvironmentProblem(
                "this database is not set up for a terminal: run `fenqi init-demo`"
            )
        return terminal

    def clock_offset(self) -> float | None:
        """The chain server's clock minus this terminal's at the last sync, in seconds (None
        for a terminal that has never synced)."""
        meta = self.session.get(Meta, CLOCK_OFFSET)
        return None if meta is None else float(meta.value)

    def store(self, store_id: uuid.UUID) -> Store:
        """A store by id (the terminal's store always exists: a foreign key)."""
        store = self.session.get(Store, store_id)
        if store is None:
            raise EnvironmentProblem(
                "store {store_id} is missing from the database", store_id=store_id
            )
        return store

    def staff_by_id(self, staff_id: uuid.UUID) -> Staff:
        """A staff member by id (records point at existing staff: a foreign key)."""
        staff = self.session.get(Staff, staff_id)
        if staff is None:
            raise EnvironmentProblem(
                "staff member {staff_id} is missing from the database", staff_id=staff_id
            )
        return staff

    def staff_member(self, username: str) -> Staff | None:
        """A staff member by username, active or not."""
        query = select(Staff).where(Staff.username == username)
        return self.session.scalars(query).one_or_none()

    def login_locks(self) -> list[tuple[LoginLock, Staff]]:
        """Every staff member's wrong-password record (a lock when `locked_until` is set)."""
        query = select(LoginLock, Staff).join(Staff, Staff.id == LoginLock.staff_id)
        return [(lock, staff) for lock, staff in self.session.execute(query)]

    def password_hashes(self) -> list[str]:
        """Every staff member's password hash (to tell a demo database by its passwords)."""
        return list(self.session.scalars(select(Staff.password_hash)))

    def active_staff(self, username: str) -> Staff:
        """An active staff member by username.

        Raises:
            UserError: no such active staff member.
        """
        staff = self.staff_member(username)
        if staff is None or not staff.active:
            raise UserError("no active staff member '{username}'", username=username)
        return staff

    def product(self, sku: str) -> Product:
        """An active product by SKU (case-insensitive).

        Raises:
            UserError: no such product.
        """
        product = self.session.scalars(
            select(Product).where(Product.sku == sku.strip().upper(), Product.active)
        ).one_or_none()
        if product is None:
            raise UserError("no product with SKU '{sku}' in the catalog", sku=sku)
        return product

    def unit_in_stock(self, product_id: uuid.UUID) -> DeviceUnit | None:
        """One unit of the product in stock, if any, locked for this transaction; units
        another sale holds are skipped (PostgreSQL; SQLite runs one writer at a time)."""
        query = select(DeviceUnit).where(
            DeviceUnit.product_id == product_id, DeviceUnit.status == UnitStatus.IN_STOCK
        )
        query = query.order_by(DeviceUnit.imei).limit(1).with_for_update(skip_locked=True)
        return self.session.scalars(query).one_or_none()

    def unit_by_imei(self, imei: str) -> DeviceUnit | None:
        """The unit with this IMEI, whatever its state."""
        query = select(DeviceUnit).where(DeviceUnit.imei == imei)
        return self.session.scalars(query).one_or_none()

    def search(self, text: str, *, limit: int = 50) -> list[tuple[Product, int]]:
        """Active products whose SKU, brand, model, storage ("256" or "256GB") or colour
        hold every word of `text` (any case), each with its number of units in stock;
        in-stock first."""
        described = (
            Product.sku + " " + Product.brand + " " + Product.model + " "
            + cast(Product.storage_gb, String) + "GB " + Product.colour
        )  # fmt: skip
        words = [described.ilike(f"%{word}%") for word in text.split()[:8]]
        in_stock = (
            select(func.count())
            .select_from(DeviceUnit)
            .where(DeviceUnit.product_id == Product.id, DeviceUnit.status == UnitStatus.IN_STOCK)
            .scalar_subquery()
        )
        query = (
            select(Product, in_stock)
            .where(Product.active, *words)
            .order_by(in_stock.desc(), Product.brand, Product.model, Product.sku)
            .limit(limit)
        )
        return [(product, int(count)) for product, count in self.session.execute(query)]
