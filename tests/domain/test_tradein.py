"""Trade-in appraisal: one test per rule of the valuation table, at and past each boundary."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from stdnum import imei as stdnum_imei

from app.demo.assets import demo_valuation_table
from app.domain.errors import UserError
from app.domain.tradein import Body, Condition, Fault, Screen, appraise

TABLE = demo_valuation_table()
IMEI = "356938035643809"
BLOCKED_IMEI = "356938035643817"  # on the demo lost/stolen list
GOOD = Condition(Screen.PERFECT, Body.A, 95)


def value(condition=GOOD, **kwargs):
    args = {
        "model": "iPhone 13",
        "storage_gb": 128,
        "imei": IMEI,
        "condition": condition,
        "table": TABLE,
    }
    return appraise(**{**args, **kwargs})


def test_a_flawless_phone_gets_the_base_price():
    appraisal = value()
    assert appraisal.base_price == D("1650.00") and appraisal.credit == D("1650.00")
    assert appraisal.deductions == () and appraisal.accepted


@pytest.mark.parametrize(
    ("screen", "amount"), [(Screen.SCRATCHES, "132.00"), (Screen.CRACKED, "495.00")]
)
def test_screen_damage_is_deducted(screen, amount):
    (deduction,) = value(Condition(screen, Body.A, 95)).deductions
    assert deduction.code == "screen" and deduction.amount == D(amount)


@pytest.mark.parametrize(("body", "amount"), [(Body.B, "82.50"), (Body.C, "247.50")])
def test_body_grade_is_deducted(body, amount):
    (deduction,) = value(Condition(Screen.PERFECT, body, 95)).deductions
    assert deduction.label == f"外观 {body.value} 级" and deduction.amount == D(amount)


@pytest.mark.parametrize(
    ("health", "rate"),
    [(100, "0"), (90, "0"), (89, "0.05"), (80, "0.05"), (79, "0.12"), (0, "0.12")],
)
def test_battery_health_bands(health, rate):
    appraisal = value(Condition(Screen.PERFECT, Body.A, health))
    taken = sum((d.amount for d in appraisal.deductions), D(0))
    assert taken == (D("1650") * D(rate)).quantize(D("0.01"))


@pytest.mark.parametrize(
    ("fault", "amount"),
    [
        (Fault.CAMERA, "247.50"),
        (Fault.BIOMETRICS, "330.00"),
        (Fault.SPEAKERS, "132.00"),
        (Fault.CHARGING, "165.00"),
    ],
)
def test_each_fault_is_deducted_and_listed(fault, amount):
    (deduction,) = value(
        Condition(Screen.PERFECT, Body.A, 95, faults=frozenset({fault}))
    ).deductions
    assert deduction.code == fault.value and deduction.amount == D(amount)


def test_water_damage_is_deducted():
    (deduction,) = value(Condition(Screen.PERFECT, Body.A, 95, water_damage=True)).deductions
    assert deduction.label == "进水" and deduction.amount == D("660.00")


def test_deductions_add_up_and_never_go_below_zero():
    wreck = Condition(Screen.CRACKED, Body.C, 50, frozenset(Fault), water_damage=True)
    appraisal = value(wreck)
    assert sum(d.amount for d in appraisal.deductions) == D("1650.00")
    assert appraisal.value == 0 and not appraisal.accepted


def test_activation_lock_on_means_no_trade_in_with_that_reason():
    appraisal = value(Condition(Screen.PERFECT, Body.A, 95, activation_lock_removed=False))
    assert not appraisal.accepted and appraisal.credit == 0
    assert "激活锁未解除" in appraisal.reason


def test_a_value_below_the_minimum_credit_is_not_taken():
    # iPhone 12 base 1050: cracked 315 + C 157.50 + battery 126 + biometrics 210 + water 420
    # leaves 1050 − 1228.50 → 0; with fewer faults it stays above 50.
    low = value(
        Condition(Screen.CRACKED, Body.C, 50, frozenset({Fault.BIOMETRICS}), True),
        model="iPhone 12",
    )
    assert not low.accepted and "低于最低回收价 50.00" in low.reason


def test_exactly_the_minimum_credit_is_taken():
    table = TABLE.__class__(**{**TABLE.__dict__, "min_credit": D("1105.50")})
    condition = Condition(Screen.SCRATCHES, Body.B, 84, frozenset({Fault.CAMERA}))
    assert value(condition, table=table).credit == D("1105.50")  # 1650 − 544.50


def test_credit_never_exceeds_the_new_phones_price():
    at = value(new_phone_price=D("1650.00"))
    assert at.credit == D("1650.00") and not at.capped_at_price
    below = value(new_phone_price=D("1649.99"))
    assert below.credit == D("1649.99") and below.capped_at_price


@pytest.mark.parametrize("text", ["356938035643808", "356938035643800", "356938035643801"])
def test_a_wrong_check_digit_is_refused(text):
    assert not stdnum_imei.is_valid(text)  # the independent check agrees
    with pytest.raises(UserError, match=r"IMEI .* is not valid"):
        value(imei=text)


@pytest.mark.parametrize("text", ["35693803564380", "3569380356438090", "35693803564380A", ""])
def test_anything_but_15_digits_is_refused(text):
    with pytest.raises(UserError, match="must be the 15 digits shown by"):
        value(imei=text)


def test_spaces_and_dashes_in_a_typed_imei_are_ignored():
    assert value(imei="35-693803-564380-9").imei == IMEI


@pytest.mark.parametrize("health", [-1, 101])
def test_battery_health_outside_0_to_100_is_refused(health):
    with pytest.raises(UserError, match="battery health must be 0–100%"):
        value(Condition(Screen.PERFECT, Body.A, health))


def test_unknown_models_and_sizes_are_named():
    with pytest.raises(UserError, match="model 'Nokia 3310' is not in the trade-in table"):
        value(model="Nokia 3310")
    with pytest.raises(
        UserError, match=r"iPhone 13 64GB is not in the trade-in table \(sizes: \[128, 256\]\)"
    ):
        value(storage_gb=64)
