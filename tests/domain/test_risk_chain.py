"""Applications at the chain's other stores count toward the repeat rule; a server that
cannot be asked is said, and reviewed when the rules ask for it."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

from app.demo.assets import demo_rate_table, demo_risk_rules
from app.domain.enums import Decision
from app.domain.quote import Cart, quote_plan, select_offer
from app.domain.rates import Method
from app.domain.risk import Applicant, ChainRecord, Employment, precheck

ON = date(2026, 12, 2)
RULES = demo_risk_rules()
APPLICANT = Applicant(
    id_number="110105198506151236",
    monthly_income=Decimal("12000"),
    monthly_debt=Decimal("0"),
    employment=Employment.SALARIED,
    years_in_job=5,
    id_valid_to=None,
)


def quote():
    table = demo_rate_table()
    cart = Cart(price=Decimal("5999"), trade_in_credit=Decimal(0), down_payment=Decimal("1000"),
                start=ON)  # fmt: skip
    return quote_plan(cart, select_offer(table, cart=cart, method=Method.EQUAL_INSTALLMENT,
                                         term=12, rate=None), table)  # fmt: skip


def decide(record, rules=RULES):
    result = precheck(applicant=APPLICANT, quote=quote(), record=record, rules=rules, on=ON)
    return result.decision, [r.code for r in result.reasons]


def test_applications_at_other_stores_count_toward_the_repeat_rule():
    assert decide(ChainRecord(applications_in_window=1, elsewhere_in_window=1)) == (
        Decision.APPROVE,
        [],
    )
    decision, codes = decide(ChainRecord(applications_in_window=1, elsewhere_in_window=2))
    assert decision is Decision.REVIEW and codes == ["REPEAT_APPLICATIONS"]


def test_a_server_that_cannot_be_asked_is_a_note_or_a_review_as_the_rules_say():
    assert decide(ChainRecord(elsewhere_in_window=None)) == (
        Decision.APPROVE,
        ["CHAIN_UNREACHABLE"],
    )
    strict = dataclasses.replace(RULES, repeat_offline_review=True)
    assert decide(ChainRecord(elsewhere_in_window=None), strict)[0] is Decision.REVIEW


def test_a_plan_beyond_the_stores_limit_goes_to_the_chains_reviewers():
    strict = dataclasses.replace(RULES, central_above=Decimal("3000"))
    assert decide(ChainRecord(), strict) == (Decision.CENTRAL, ["CENTRAL_APPROVAL"])
    declined = dataclasses.replace(strict, age_min=50)  # a decline still wins
    assert decide(ChainRecord(), declined)[0] is Decision.DECLINE
