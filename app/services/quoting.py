"""Quoting at the counter: price the plans for a cart from the store's rate table (and the
customer's tier), and record a quote as disclosed."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from app.domain.errors import UserError
from app.domain.quote import (
    Cart,
    Quote,
    check_cart,
    quote_plan,
    quote_plans,
    quote_to_json,
    select_offer,
)
from app.domain.rates import Method, RateTable
from app.domain.risk import plans_for_tier
from app.services.tradeins import reappraise
from storage.models import Product, QuoteRecord
from storage.uow import UnitOfWork
from wire import QuotePayload, payload


@dataclass(frozen=True)
class PlanRequest:
    """What the salesperson asks to price: a catalog product or a bare price, the credit
    (a sum, or a saved appraisal to appraise again), the down payment and optional filters."""

    start: date
    sku: str | None = None
    price: Decimal | None = None
    trade_in: Decimal = Decimal(0)
    appraisal: dict[str, Any] | None = None
    down: Decimal = Decimal(0)
    method: Method | None = None
    term: int | None = None
    rate: Decimal | None = None
    tier: str | None = None


@dataclass(frozen=True)
class PricedPlans:
    table: RateTable
    product: Product | None
    quotes: list[Quote]


def price_plans(uow: UnitOfWork, request: PlanRequest) -> PricedPlans:
    """Every plan the store offers for the cart (or the one asked for), limited to what the
    tier allows.

    Raises:
        UserError: an unknown product or tier, a cart or plan that cannot be priced, a
            trade-in appraisal that does not hold today.
    """
    if request.rate is not None and (request.method is None or request.term is None):
        raise UserError("--rate needs --method and --term (one plan at a given rate)")
    table = uow.reference.rate_table(uow.catalog.terminal().store_id)
    tier = uow.reference.risk_rules().tier(request.tier) if request.tier else None
    product = uow.catalog.product(request.sku) if request.sku else None
    price = product.price if product else (request.price or Decimal(0))
    credit = request.trade_in
    if request.appraisal is not None:
        credit = reappraise(uow, request.appraisal, new_phone_price=price).credit
    cart = Cart(
        price=price,
        trade_in_credit=credit,
        down_payment=request.down,
        start=request.start,
        model=product.model if product else None,
    )
    if request.method is not None and request.term is not None:
        check_cart(cart, table)
        offer = select_offer(
            table, cart=cart, method=request.method, term=request.term, rate=request.rate
        )
        quotes = [quote_plan(cart, offer, table)]
    else:
        quotes = quote_plans(cart, table, method=request.method, term=request.term)
    if tier is not None:
        quotes = plans_for_tier(quotes, tier)
    return PricedPlans(table, product, quotes)


def save_quote(
    uow: UnitOfWork,
    quote: Quote,
    *,
    terminal_id: uuid.UUID,
    staff_id: uuid.UUID,
    product_id: uuid.UUID | None = None,
    customer_id: uuid.UUID | None = None,
) -> QuoteRecord:
    """Record a quote as shown to the customer, with its audit entry and outbox event (all
    three commit or roll back with the unit of work)."""
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
    uow.add(record)
    uow.record_change(
        record,
        terminal_id=terminal_id,
        staff_id=staff_id,
        action="quote.disclosed",
        rule_version=quote.rate_table_version,
        details={"method": quote.method.value, "term": quote.term, "apr": str(quote.apr)},
        payload=payload(QuotePayload.model_validate(document)),
    )
    return record
