"""Pricing a cart on installment plans: the figures the customer compares side by side."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from app.domain.errors import UserError
from app.domain.money import ZERO, format_yuan, round_fen
from app.domain.rates import Method, Offer, RateTable
from app.domain.schedule import Installment, build_schedule, monthly_irr

RATE_PLACES = Decimal("0.000001")


@dataclass(frozen=True)
class Cart:
    """What the customer buys and pays up front. `model` (None for a bare price) decides
    which model-restricted promotions apply."""

    price: Decimal
    trade_in_credit: Decimal
    down_payment: Decimal
    start: date
    model: str | None = None

    @property
    def financed(self) -> Decimal:
        """Price less trade-in credit less down payment."""
        return self.price - self.trade_in_credit - self.down_payment


@dataclass(frozen=True)
class Quote:
    """One plan priced for one cart, with the disclosure figures."""

    cart: Cart
    method: Method
    term: int
    rate: Decimal
    schedule: tuple[Installment, ...]
    apr: Decimal
    effective_annual_rate: Decimal
    merchant_subsidy: Decimal
    early_payoff_fee_rate: Decimal
    rate_table_version: str

    @property
    def financed(self) -> Decimal:
        """The amount financed."""
        return self.cart.financed

    @property
    def total_interest_or_fees(self) -> Decimal:
        """Everything paid beyond the financed amount."""
        return sum((row.interest_or_fee for row in self.schedule), ZERO)

    @property
    def total_payable(self) -> Decimal:
        """Sum of all instalment payments."""
        return sum((row.payment for row in self.schedule), ZERO)

    @property
    def first_payment(self) -> Decimal:
        """The first month's payment (the largest for equal principal)."""
        return self.schedule[0].payment


def check_cart(cart: Cart, table: RateTable) -> None:
    """Refuse a cart that cannot be financed, saying exactly why.

    Raises:
        UserError: the reason, with the amounts involved.
    """
    if cart.price <= 0:
        raise UserError(
            "price must be more than 0 (got {cart_price})", cart_price=format_yuan(cart.price)
        )
    if cart.trade_in_credit < 0:
        raise UserError("trade-in credit cannot be negative")
    if cart.down_payment < 0:
        raise UserError("down payment cannot be negative")
    if cart.trade_in_credit > cart.price:
        raise UserError(
            "trade-in credit {cart_trade_in_credit} is more than the price {cart_price}",
            cart_trade_in_credit=format_yuan(cart.trade_in_credit),
            cart_price=format_yuan(cart.price),
        )
    left = cart.price - cart.trade_in_credit
    if cart.down_payment > left:
        raise UserError(
            "down payment {cart_down_payment} is more than the {left} left to pay after trade-in",
            cart_down_payment=format_yuan(cart.down_payment),
            left=format_yuan(left),
        )
    if cart.financed == 0:
        raise UserError("nothing to finance: trade-in and down payment cover the whole price")
    if cart.financed < table.min_financed:
        raise UserError(
            "financed amount {cart_financed} is below the minimum {table_min_financed} for "
            "installments: lower the down payment",
            cart_financed=format_yuan(cart.financed),
            table_min_financed=format_yuan(table.min_financed),
        )
    if cart.financed > table.max_financed:
        raise UserError(
            "financed amount {cart_financed} is above the per-sale limit "
            "{table_max_financed}: raise the down payment",
            cart_financed=format_yuan(cart.financed),
            table_max_financed=format_yuan(table.max_financed),
        )


def quote_plan(cart: Cart, offer: Offer, table: RateTable) -> Quote:
    """Price one offer for a cart (the cart must have passed `check_cart`)."""
    schedule = build_schedule(
        method=offer.method,
        financed=cart.financed,
        term=offer.term,
        rate=offer.rate,
        start=cart.start,
    )
    irr = monthly_irr(cart.financed, [row.payment for row in schedule])
    apr = (12 * irr).quantize(RATE_PLACES, rounding=ROUND_HALF_UP)
    if apr > table.apr_cap:
        raise UserError(
            "{method_label} {offer_term} 期 at rate {offer_rate} has a true annual rate of "
            "{apr}, above the {cap} cap",
            method_label=offer.method.label,
            offer_term=offer.term,
            offer_rate=offer.rate,
            apr=_percent_above(apr, table.apr_cap),
            cap=f"{table.apr_cap * 100:f}".rstrip("0").rstrip(".") + "%",
        )
    return Quote(
        cart=cart,
        method=offer.method,
        term=offer.term,
        rate=offer.rate,
        schedule=tuple(schedule),
        apr=apr,
        effective_annual_rate=((1 + irr) ** 12 - 1).quantize(RATE_PLACES, rounding=ROUND_HALF_UP),
        merchant_subsidy=round_fen(cart.financed * offer.merchant_fee_rate),
        early_payoff_fee_rate=table.payoff_fee_rate(offer),
        rate_table_version=table.version,
    )


def select_offer(
    table: RateTable, *, cart: Cart, method: Method, term: int, rate: Decimal | None
) -> Offer:
    """The offer for an explicit method and term, at the table's rate or a given one.

    Raises:
        UserError: the term is not offered for that method, the promotion does not apply to
            the cart's model, or the rate is outside the table's bounds.
    """
    offer = table.offer_for(method, term)
    if offer is None:
        offered = sorted(o.term for o in table.offers if o.method == method)
        listed = ", ".join(map(str, offered)) or "none"
        raise UserError(
            "term {term} is not offered for {method} (offered: {listed})",
            term=term,
            method=method.value,
            listed=listed,
        )
    if not offer.applies_to(cart.model):
        which = f"model '{cart.model}'" if cart.model else "a bare price (give the product)"
        raise UserError(
            "{method} {term} months is a promotion that does not apply to {which}",
            method=method.value,
            term=term,
            which=which,
        )
    if rate is None or method is Method.INTEREST_FREE:
        if method is Method.INTEREST_FREE and rate not in (None, Decimal(0)):
            raise UserError("interest-free plans take no rate")
        return offer
    low, high = table.rate_bounds[method]
    if not low <= rate <= high:
        raise UserError(
            "rate {rate} is outside the allowed {low}–{high} for {method}",
            rate=rate,
            low=low,
            high=high,
            method=method.value,
        )
    return Offer(
        method=method,
        term=term,
        rate=rate,
        models=offer.models,
        merchant_fee_rate=offer.merchant_fee_rate,
        early_payoff_fee_rate=offer.early_payoff_fee_rate,
    )


def quote_plans(
    cart: Cart, table: RateTable, *, method: Method | None = None, term: int | None = None
) -> list[Quote]:
    """Every offer in the table that applies to the cart (optionally one method or term),
    ordered by term then method, for side-by-side comparison.

    Raises:
        UserError: the cart cannot be financed, or nothing matches the filters.
    """
    check_cart(cart, table)
    offers = [
        o
        for o in table.offers
        if o.applies_to(cart.model)
        and (method is None or o.method == method)
        and (term is None or o.term == term)
    ]
    if not offers:
        raise UserError("no plan in the rate table matches: check --term and --method")
    order = list(Method)
    offers.sort(key=lambda o: (o.term, order.index(o.method)))
    return [quote_plan(cart, o, table) for o in offers]


def _rate(value: Decimal) -> str:
    return f"{value.normalize():f}" if value else "0"


def quote_to_json(quote: Quote) -> dict[str, Any]:
    """The `fenqi quote --json` document for one plan (amounts as 2-decimal strings)."""
    cart = quote.cart
    return {
        "price": format_yuan(cart.price),
        "trade_in_credit": format_yuan(cart.trade_in_credit),
        "down_payment": format_yuan(cart.down_payment),
        "financed": format_yuan(quote.financed),
        "method": quote.method.value,
        "term": quote.term,
        "rate": _rate(quote.rate),
        "apr": f"{quote.apr}",
        "effective_annual_rate": f"{quote.effective_annual_rate}",
        "total_interest_or_fees": format_yuan(quote.total_interest_or_fees),
        "total_payable": format_yuan(quote.total_payable),
        "merchant_subsidy": format_yuan(quote.merchant_subsidy),
        "early_payoff_fee_rate": _rate(quote.early_payoff_fee_rate),
        "rate_table_version": quote.rate_table_version,
        "schedule": [
            {
                "n": row.n,
                "due_date": row.due_date.isoformat(),
                "principal": format_yuan(row.principal),
                "interest_or_fee": format_yuan(row.interest_or_fee),
                "payment": format_yuan(row.payment),
                "remaining": format_yuan(row.remaining),
            }
            for row in quote.schedule
        ],
    }


def _percent_above(rate: Decimal, cap: Decimal) -> str:
    """`rate` as a percentage with as many decimals (two at least) as show it above `cap`
    (24.0004%, never "24.00%, above the 24% cap")."""
    for places in range(2, 8):
        shown = round(rate * 100, places)
        if shown > cap * 100:
            return f"{shown:.{places}f}%"
    return f"{rate * 100}%"
