"""The risk pre-check, read like the rule book: one test per rule, at and past its boundary."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from stdnum.cn import ric

from app.demo.assets import demo_rate_table, demo_risk_rules
from app.domain.enums import Decision
from app.domain.errors import UserError
from app.domain.quote import Cart, quote_plan, quote_plans, select_offer
from app.domain.rates import Method
from app.domain.risk import (
    Applicant,
    ChainRecord,
    Employment,
    History,
    parse_risk_rules,
    plans_for_tier,
    precheck,
    tier_limits,
)

TABLE = demo_rate_table()
RULES = demo_risk_rules()
ON = date(2026, 11, 23)


def id_number(born: date, seq: str = "123") -> str:
    body = f"310104{born:%Y%m%d}{seq}"
    return body + ric.calc_check_digit(body + "?")


def quote(
    price="5999", trade_in="800", down="500", method=Method.EQUAL_INSTALLMENT, term=12, model=None
):
    cart = Cart(D(price), D(trade_in), D(down), ON, model)
    return quote_plan(
        cart, select_offer(TABLE, cart=cart, method=method, term=term, rate=None), TABLE
    )


def applicant(**changes) -> Applicant:
    base = Applicant(
        id_number=id_number(date(1990, 5, 20)),
        monthly_income=D("15000"),
        monthly_debt=D("1000"),
        employment=Employment.CIVIL_SERVANT,
        years_in_job=6,
        id_valid_to=date(2036, 8, 15),
    )
    return replace(base, **changes)


def check(who=None, plan=None, record=None, rules=RULES, on=ON):
    return precheck(
        applicant=who or applicant(),
        quote=plan or quote(),
        record=record or ChainRecord(),
        rules=rules,
        on=on,
    )


def codes(result) -> set[str]:
    return {r.code for r in result.reasons}


def test_a_good_applicant_is_approved_in_tier_a_with_every_point_shown():
    result = check()
    assert result.decision == Decision.APPROVE and result.reasons == ()
    assert result.tier.code == "A" and result.score == 120
    assert {i.factor: i.points for i in result.score_items} == {
        "employment": 25,
        "years_in_job": 15,
        "monthly_income": 15,
        "dti": 15,
        "age": 10,
        "history": 0,
    }
    assert result.rules_version == "demo-risk-2026.12-1"


# --- age, from the ID number --------------------------------------------------------


def test_eighteen_on_the_day_is_old_enough():
    assert "AGE_UNDER" not in codes(check(applicant(id_number=id_number(date(2008, 11, 23)))))


def test_one_day_short_of_eighteen_is_declined_and_cannot_be_overridden():
    result = check(applicant(id_number=id_number(date(2008, 11, 24))))
    (reason,) = [r for r in result.reasons if r.code == "AGE_UNDER"]
    assert result.decision == Decision.DECLINE and reason.hard and "17 周岁" in reason.message


def test_sixty_is_within_the_age_window_and_sixty_one_is_not():
    assert "AGE_OVER" not in codes(check(applicant(id_number=id_number(date(1966, 11, 23)))))
    assert "AGE_OVER" in codes(check(applicant(id_number=id_number(date(1965, 11, 23)))))


def test_an_impossible_age_is_bad_input():
    with pytest.raises(UserError, match="1886-11-23 is more than 120 years ago"):
        check(applicant(id_number=id_number(date(1886, 11, 23))))


# --- ID card validity ---------------------------------------------------------------


def test_an_id_valid_through_today_is_accepted():
    assert "ID_EXPIRED" not in codes(check(applicant(id_valid_to=ON)))


def test_an_id_expired_yesterday_is_declined():
    result = check(applicant(id_valid_to=ON - timedelta(days=1)))
    assert result.decision == Decision.DECLINE and "ID_EXPIRED" in codes(result)


def test_a_long_term_id_never_expires():
    assert "ID_EXPIRED" not in codes(check(applicant(id_valid_to=None)))


# --- debt to income -----------------------------------------------------------------
# The 12-month plan's first payment is 417.50; on an income of 10,000:


@pytest.mark.parametrize(
    ("debt", "expected"),
    [
        ("3582.50", set()),  # exactly 40%: no review
        ("3583.50", {"DTI_HIGH"}),  # 40.01%
        ("4582.50", {"DTI_HIGH"}),  # exactly 50%: review, not decline
        ("4583.50", {"DTI_OVER_MAX"}),  # 50.01%
    ],
)
def test_debt_to_income_boundaries(debt, expected):
    result = check(applicant(monthly_income=D("10000"), monthly_debt=D(debt)))
    assert codes(result) & {"DTI_HIGH", "DTI_OVER_MAX"} == expected


def test_no_income_cannot_carry_a_payment():
    result = check(applicant(monthly_income=D("0"), monthly_debt=D("0")))
    assert "DTI_OVER_MAX" in codes(result) and result.dti == 1


# --- fraud signals and identity -----------------------------------------------------


def test_two_applications_in_the_window_are_fine_and_three_need_review():
    assert "REPEAT_APPLICATIONS" not in codes(check(record=ChainRecord(applications_in_window=2)))
    result = check(record=ChainRecord(applications_in_window=3))
    assert result.decision == Decision.REVIEW and "REPEAT_APPLICATIONS" in codes(result)


def test_a_phone_number_registered_to_another_id_needs_review():
    assert codes(check(record=ChainRecord(phone_on_other_ids=True))) == {"PHONE_SHARED"}


def test_a_blacklisted_id_is_declined_for_good():
    result = check(record=ChainRecord(blacklisted=True))
    (reason,) = result.reasons
    assert result.decision == Decision.DECLINE and reason.code == "BLACKLISTED" and reason.hard


def test_ocr_fields_changed_by_hand_need_review():
    result = check(applicant(edited_fields=("name", "address")))
    assert result.decision == Decision.REVIEW
    assert result.reasons[0].message == "身份证识别结果被手工修改：姓名、住址"


def test_a_typed_birth_date_that_disagrees_with_the_id_needs_review():
    assert codes(check(applicant(typed_birth_date=date(1990, 5, 20)))) == set()
    assert codes(check(applicant(typed_birth_date=date(1990, 5, 21)))) == {"BIRTH_DATE_MISMATCH"}


# --- history with the chain ---------------------------------------------------------


@pytest.mark.parametrize(
    ("history", "points"),
    [(History.NONE, 0), (History.ON_TIME, 15), (History.LATE, -10), (History.OVERDUE, -40)],
)
def test_history_with_the_chain_scores(history, points):
    result = check(record=ChainRecord(history=history))
    assert {i.factor: i.points for i in result.score_items}["history"] == points


def test_an_overdue_history_needs_review():
    assert "HISTORY_OVERDUE" in codes(check(record=ChainRecord(history=History.OVERDUE)))


# --- scorecard and tiers ------------------------------------------------------------


def with_tier_scores(a: int, b: int, c: int):
    tiers = tuple(replace(t, min_score=s) for t, s in zip(RULES.tiers, (a, b, c), strict=True))
    return replace(RULES, tiers=tiers)


@pytest.mark.parametrize(
    ("thresholds", "tier"),
    [
        ((120, 65, 45), "A"),
        ((121, 65, 45), "B"),
        ((122, 120, 45), "B"),
        ((122, 121, 120), "C"),
    ],
)
def test_the_score_picks_the_best_tier_it_reaches(thresholds, tier):
    assert check(rules=with_tier_scores(*thresholds)).tier.code == tier


def test_a_score_below_the_last_tier_is_declined():
    result = check(rules=with_tier_scores(123, 122, 121))
    assert result.tier is None and codes(result) == {"SCORE_LOW"}
    assert result.decision == Decision.DECLINE


def test_employment_income_and_years_bands_follow_the_rules_file():
    result = check(
        applicant(
            employment=Employment.STUDENT,
            monthly_income=D("2999.99"),
            monthly_debt=D("0"),
            years_in_job=0,
        )
    )
    points = {i.factor: i.points for i in result.score_items}
    assert (points["employment"], points["monthly_income"], points["years_in_job"]) == (-15, -15, 0)


# --- what a tier may be offered -----------------------------------------------------


B, C, A = RULES.tier("B"), RULES.tier("C"), RULES.tier("A")


def test_tier_b_single_sale_limit():
    assert tier_limits(B, quote(price="13400", trade_in="0", down="1400")) == []  # 12,000.00
    reasons = tier_limits(B, quote(price="13400", trade_in="0", down="1399.99"))
    assert [r.code for r in reasons] == ["TIER_MAX_FINANCED"]


def test_tier_b_minimum_down_payment_counts_the_trade_in():
    assert tier_limits(B, quote(trade_in="99.90", down="500")) == []  # 599.90 = 10%
    assert [r.code for r in tier_limits(B, quote(trade_in="99.89", down="500"))] == [
        "TIER_MIN_DOWN"
    ]


def test_tier_b_terms():
    assert tier_limits(B, quote(term=12)) == []
    assert [r.code for r in tier_limits(B, quote(term=24))] == ["TIER_TERM"]


def test_tier_c_gets_no_interest_free_promotion():
    free = quote(
        price="5999",
        trade_in="0",
        down="1800",
        method=Method.INTEREST_FREE,
        term=6,
        model="iPhone 17",
    )
    assert [r.code for r in tier_limits(C, free)] == ["TIER_RATE"]
    assert tier_limits(C, quote(trade_in="0", down="1800", term=6)) == []


def test_exposure_across_contracts_stays_within_the_cumulative_limit():
    plan = quote()  # 4,699.00 financed
    assert tier_limits(A, plan, outstanding=D("45301.00")) == []
    reasons = tier_limits(A, plan, outstanding=D("45301.01"))
    assert [r.code for r in reasons] == ["EXPOSURE_LIMIT"]


def test_the_quote_screen_offers_only_what_the_tier_allows():
    cart = Cart(D("5999"), D("0"), D("1800"), ON, "iPhone 17")
    offered = plans_for_tier(quote_plans(cart, TABLE), C)
    assert {(q.method, q.term) for q in offered} == {
        (Method.EQUAL_INSTALLMENT, 3),
        (Method.EQUAL_INSTALLMENT, 6),
        (Method.FLAT_FEE, 6),
    }
    with pytest.raises(UserError, match=r"no plan is open to tier C: .*至少为售价的 30%"):
        plans_for_tier(quote_plans(replace(cart, down_payment=D("0")), TABLE), C)


# --- the decision -------------------------------------------------------------------


def test_any_decline_outweighs_any_review():
    result = check(applicant(edited_fields=("name",)), record=ChainRecord(blacklisted=True))
    assert result.decision == Decision.DECLINE and codes(result) == {"OCR_EDITED", "BLACKLISTED"}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"monthly_income": D("-1")}, "monthly income cannot be negative"),
        ({"monthly_debt": D("-1")}, "debt payments cannot be negative"),
        ({"years_in_job": 61}, "years in job must be 0–60"),
        ({"id_number": "310104199005201230"}, "is not valid"),
    ],
)
def test_impossible_inputs_are_refused(changes, message):
    with pytest.raises(UserError, match=message):
        check(applicant(**changes))


def test_tiers_must_be_listed_best_first():
    import tomllib
    from importlib import resources

    doc = tomllib.loads(resources.files("assets").joinpath("risk/demo.toml").read_text("utf-8"))
    doc["tiers"].reverse()
    with pytest.raises(UserError, match="best first"):
        parse_risk_rules(doc)
