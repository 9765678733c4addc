"""Pricing carts against the demo rate table: validation, offers, disclosure figures."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from decimal import Decimal as D

import pytest

from app.demo.assets import demo_rate_table
from app.domain.errors import UserError
from app.domain.quote import Cart, check_cart, quote_plans, quote_to_json, select_offer
from app.domain.rates import Method

TABLE = demo_rate_table()
START = date(2026, 11, 23)


def cart(price="5999", trade_in="800", down="500", model=None) -> Cart:
    return Cart(D(price), D(trade_in), D(down), START, model)


def test_financed_is_price_less_trade_in_less_down_payment():
    assert cart().financed == D("4699")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"price": "0"}, "price must be more than 0"),
        ({"price": "-1"}, "price must be more than 0"),
        ({"trade_in": "-1"}, "trade-in credit cannot be negative"),
        ({"down": "-0.01"}, "down payment cannot be negative"),
        ({"price": "500", "trade_in": "500.01", "down": "0"}, "is more than the price 500.00"),
        ({"trade_in": "800", "down": "5199.01"}, "more than the 5199.00 left to pay"),
        ({"trade_in": "800", "down": "5199"}, "nothing to finance"),
        ({"trade_in": "0", "down": "5699.01"}, "below the minimum 300.00"),
        (
            {"price": "60000", "trade_in": "0", "down": "9999.99"},
            "above the per-sale limit 50000.00",
        ),
    ],
)
def test_carts_that_cannot_be_financed_are_refused_with_the_reason(kwargs, message):
    with pytest.raises(UserError, match=message):
        check_cart(cart(**kwargs), TABLE)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"trade_in": "0", "down": "5699"},  # exactly the minimum financed
        {"price": "60000", "trade_in": "0", "down": "10000"},  # exactly the maximum
        {"price": "500", "trade_in": "200", "down": "0"},  # 300 financed
    ],
)
def test_carts_at_the_limits_are_accepted(kwargs):
    check_cart(cart(**kwargs), TABLE)


def test_every_plan_is_priced_for_a_promoted_model_ordered_by_term():
    quotes = quote_plans(cart(model="iPhone 17"), TABLE)
    assert [(q.term, q.method.value) for q in quotes][:2] == [
        (3, "equal_installment"),
        (3, "interest_free"),
    ]
    assert len(quotes) == len(TABLE.offers)


def test_interest_free_promotions_apply_only_to_their_models():
    quotes = quote_plans(cart(model="Redmi K90"), TABLE)
    assert Method.INTEREST_FREE not in {q.method for q in quotes}
    with pytest.raises(UserError, match="does not apply to model 'Redmi K90'"):
        select_offer(
            TABLE, cart=cart(model="Redmi K90"), method=Method.INTEREST_FREE, term=3, rate=None
        )


def test_interest_free_records_the_store_subsidy():
    (quote,) = quote_plans(cart(model="iPhone 17"), TABLE, method=Method.INTEREST_FREE, term=6)
    assert quote.total_payable == D("4699.00")
    assert quote.apr == 0
    assert quote.merchant_subsidy == D("164.47")  # 4699 × 3.5%
    assert quote.early_payoff_fee_rate == 0  # the promotion waives the payoff fee


def test_term_not_offered_is_refused_listing_what_is():
    with pytest.raises(
        UserError, match=r"term 18 is not offered for equal_installment \(offered: 3, 6, 12, 24\)"
    ):
        select_offer(TABLE, cart=cart(), method=Method.EQUAL_INSTALLMENT, term=18, rate=None)


@pytest.mark.parametrize(
    ("method", "rate"),
    [("equal_installment", "0.2401"), ("flat_fee", "0.0029"), ("flat_fee", "0.0081")],
)
def test_rate_outside_the_configured_bounds_is_refused(method, rate):
    with pytest.raises(UserError, match="outside the allowed"):
        select_offer(TABLE, cart=cart(), method=Method(method), term=12, rate=D(rate))


@pytest.mark.parametrize(
    ("method", "rate"),
    [("equal_installment", "0.24"), ("flat_fee", "0.0030"), ("flat_fee", "0.0080")],
)
def test_rate_at_the_bounds_is_accepted(method, rate):
    offer = select_offer(TABLE, cart=cart(), method=Method(method), term=12, rate=D(rate))
    assert offer.rate == D(rate)


def test_a_plan_above_the_apr_cap_is_refused():
    capped = replace(TABLE, apr_cap=D("0.10"))
    with pytest.raises(UserError, match="above the 10% cap"):
        quote_plans(cart(), capped, method=Method.EQUAL_INSTALLMENT, term=12)


def test_a_plan_just_above_the_cap_shows_enough_digits_to_be_above_it():
    (quote,) = quote_plans(cart(), TABLE, method=Method.EQUAL_INSTALLMENT, term=12)
    capped = replace(TABLE, apr_cap=quote.apr - D("0.000004"))  # 0.0004 points under it
    with pytest.raises(UserError) as refused:
        quote_plans(cart(), capped, method=Method.EQUAL_INSTALLMENT, term=12)
    shown, cap = re.search(r"of ([0-9.]+)%, above the ([0-9.]+)% cap", str(refused.value)).groups()
    assert D(shown) > D(cap) and D(cap) == capped.apr_cap * 100


def test_json_follows_the_cli_contract():
    (quote,) = quote_plans(cart(), TABLE, method=Method.EQUAL_INSTALLMENT, term=12)
    doc = quote_to_json(quote)
    assert {
        "price",
        "trade_in_credit",
        "down_payment",
        "financed",
        "method",
        "term",
        "rate",
        "apr",
        "effective_annual_rate",
        "total_interest_or_fees",
        "total_payable",
        "schedule",
    } <= set(doc)
    assert doc["price"] == "5999.00" and doc["financed"] == "4699.00"
    assert doc["rate"] == "0.12" and doc["apr"] == "0.119998"
    assert doc["effective_annual_rate"] == "0.126823"
    assert doc["schedule"][0] == {
        "n": 1,
        "due_date": "2026-12-23",
        "principal": "370.51",
        "interest_or_fee": "46.99",
        "payment": "417.50",
        "remaining": "4328.49",
    }
    rows = doc["schedule"]
    assert sum(D(r["principal"]) for r in rows) == D(doc["financed"])
    assert sum(D(r["payment"]) for r in rows) == D(doc["total_payable"])
    assert D(doc["total_payable"]) - D(doc["financed"]) == D(doc["total_interest_or_fees"])
