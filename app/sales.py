"""The counter's use cases over the local store: this terminal, products, pricing, saving."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import EnvironmentProblem, UserError
from app.quote import Quote, quote_to_json
from app.rates import RateTable, parse_rate_table
from storage.models import (
    Meta,
    Product,
    QuoteRecord,
    RateTableRecord,
    Staff,
    Terminal,
)
from storage.outbox import record_change


def this_terminal(session: Session) -> Terminal:
    """The terminal this installation is.

    Raises:
        EnvironmentProblem: the database has not been set up for a terminal.
    """
    meta = session.get(Meta, "terminal_id")
    terminal = None if meta is None else session.get(Terminal, uuid.UUID(meta.value))
    if terminal is None:
        raise EnvironmentProblem(
            "this database is not set up for a terminal: run `fenqi init-demo`"
        )
    return terminal


def store_rate_table(session: Session, store_id: uuid.UUID) -> RateTable:
    """The store's active rate table.

    Raises:
        EnvironmentProblem: the store has no active rate table.
    """
    record = session.scalars(
        select(RateTableRecord).where(RateTableRecord.store_id == store_id, RateTableRecord.active)
    ).one_or_none()
    if record is None:
        raise EnvironmentProblem("the store has no active rate table: run `fenqi init-demo`")
    return parse_rate_table(record.document)


def find_product(session: Session, sku: str) -> Product:
    """An active product by SKU (case-insensitive).

    Raises:
        UserError: no such product.
    """
    product = session.scalars(
        select(Product).where(Product.sku == sku.strip().upper(), Product.active)
    ).one_or_none()
    if product is None:
        raise UserError(f"no product with SKU '{sku}' in the catalog")
    return product


def find_staff(session: Session, username: str) -> Staff:
    """An active staff member by username.

    Raises:
        UserError: no such active staff member.
    """
    staff = session.scalars(select(Staff).where(Staff.username == username)).one_or_none()
    if staff is None or not staff.active:
        raise UserError(f"no active staff member '{username}'")
    return staff


def save_quote(
    session: Session,
    quote: Quote,
    *,
    terminal_id: uuid.UUID,
    staff_id: uuid.UUID,
    product_id: uuid.UUID | None = None,
    customer_id: uuid.UUID | None = None,
) -> QuoteRecord:
    """Record a quote as shown to the customer, with its audit entry and outbox event.

    All three are added to `session`; they commit or roll back together with it.
    """
    document = quote_to_json(quote)
    record = QuoteRecord(
        terminal_id=terminal_id,
        staff_id=staff_id,
        product_id=product_id,
        customer_id=customer_id,
        price=quote.cart.price,
        trade_in_credit=quote.cart.trade_in_credit,
        down_payment=quote.cart.down_payment,
        financed=quote.financed,
        method=quote.method.value,
        term=quote.term,
        rate=quote.rate,
        apr=quote.apr,
        total_payable=quote.total_payable,
        merchant_subsidy=quote.merchant_subsidy,
        start_date=quote.cart.start,
        rate_table_version=quote.rate_table_version,
        document=document,
    )
    session.add(record)
    record_change(
        session,
        record,
        terminal_id=terminal_id,
        staff_id=staff_id,
        action="quote.disclosed",
        rule_version=quote.rate_table_version,
        details={"method": quote.method.value, "term": quote.term, "apr": str(quote.apr)},
        payload=document,
    )
    return record
