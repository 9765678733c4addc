"""The resident ID number rule (GB 11643 + every edition of GB/T 2260), at and past each edge.

Numbers are built here from a region code, a birth date and a sequence with the ISO 7064
MOD 11-2 check digit computed by hand, never through the rule under test.
"""

from __future__ import annotations

from datetime import date

import pytest

from app.domain.errors import UserError
from app.domain.idnumber import birth_date, id_error, is_valid_id, validate_id

TODAY = date(2026, 11, 24)
WEIGHTS = [2 ** (17 - i) % 11 for i in range(17)]


def number(region: str, born: str, seq: str = "123") -> str:
    """An 18-character number with a correct check digit (ISO 7064 MOD 11-2)."""
    body = region + born + seq
    total = sum(int(d) * w for d, w in zip(body, WEIGHTS, strict=True))
    return body + "10X98765432"[total % 11]


def test_the_hand_made_check_digit_matches_a_published_number():
    assert number("110105", "19491231", "002") == "11010519491231002X"


@pytest.mark.parametrize(
    ("id_number", "why"),
    [
        ("310115198001011238", "浦东新区 (310115) dates from 1993; the holder was born in 1980"),
        (number("310115", "19800101", "123"), "the same, built by hand"),
        (number("110103", "19850612"), "崇文区 (110103), retired in 2010, is kept for life"),
        (number("110104", "19600101"), "宣武区 (110104), retired in 2010"),
        (number("510202", "19700315"), "Chongqing 渝中区 under its pre-1997 Sichuan code 5102xx"),
        (number("510203", "19960101"), "a Chongqing number issued under 5102xx before 1997"),
        (number("440300", "19750808"), "a number registered at prefecture level (深圳市)"),
        (number("110101", "19061124"), "exactly 120 years old today"),
        (number("110101", "20261124"), "born today"),
        (number("110101", "20000229"), "born on a leap day"),
    ],
)
def test_genuine_numbers_are_accepted(id_number, why):
    assert id_error(id_number, today=TODAY) is None, why
    assert validate_id(id_number, today=TODAY) == id_number


@pytest.mark.parametrize(
    ("id_number", "problem"),
    [
        ("310115198001011239", "check digit is wrong"),
        ("31011519800101123", "17 digits and a check digit"),
        ("3101151980010112380", "17 digits and a check digit"),
        ("31011519800101123Y", "17 digits and a check digit"),
        ("X10115198001011238", "17 digits and a check digit"),
        (number("110101", "19900230"), "1990-02-30 is not a real birth date"),
        (number("110101", "19011301"), "1901-13-01 is not a real birth date"),
        (number("110101", "20261125"), "is in the future"),
        (number("110101", "19061123"), "more than 120 years ago"),
        (number("999999", "19900101"), "region code 999999 is in no edition"),
        (number("110000", "19900101"), "region code 110000 is in no edition"),
    ],
)
def test_wrong_numbers_are_refused_with_the_reason(id_number, problem):
    found = id_error(id_number, today=TODAY)
    assert found is not None and problem in str(found)
    assert not is_valid_id(id_number, today=TODAY)
    with pytest.raises(UserError, match="is not valid"):
        validate_id(id_number, today=TODAY)


def test_validate_drops_spaces_and_upper_cases_the_check_character():
    assert validate_id(" 11010519491231002x ", today=TODAY) == "11010519491231002X"


def test_birth_date_is_read_from_digits_7_to_14():
    assert birth_date("310115198001011238") == date(1980, 1, 1)


def test_full_width_digits_are_plain_digits_once_validated_and_never_pass_as_read():
    wide = "３１０１１５１９８００１０１１２３８"
    assert validate_id(wide, today=TODAY) == "310115198001011238"
    assert id_error(wide, today=TODAY) is not None  # as read, it is not the stored form
