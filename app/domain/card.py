"""The fields of a resident ID card, with the labels printed on it (in reading order), and
the validity periods the law gives a card."""

from __future__ import annotations

from datetime import date, timedelta

from app.domain.errors import UserError
from app.domain.idnumber import years_of_age

FIELD_LABELS = {
    "name": "姓名",
    "sex": "性别",
    "ethnicity": "民族",
    "birth_date": "出生",
    "address": "住址",
    "id_number": "公民身份号码",
    "issuer": "签发机关",
    "valid_from": "有效期自",
    "valid_to": "有效期至",
}
LONG_TERM = "长期"
LONG_TERM_FROM = 46  # the age from which a card is issued 长期


def lawful_term(age: int) -> int | str:
    """The validity a card issued at `age` has (居民身份证法, art. 5): 5 years under 16, 10
    from 16, 20 from 26, long-term (长期) from 46."""
    return 5 if age < 16 else 10 if age < 26 else 20 if age < LONG_TERM_FROM else LONG_TERM


def lawful_period(valid_from: date, valid_to: date | str, birth: date | None) -> bool:
    """Whether a validity period is one the law gives a card (`lawful_term`), by the age on
    the day of issue or up to 90 days before (when it was applied for); a dated period ends
    on the day of the year it began. Without a birth date, any of the four."""
    terms: set[int | str] = {5, 10, 20, LONG_TERM}
    if birth is not None:
        applied = valid_from - timedelta(days=90)
        terms = {lawful_term(years_of_age(birth, day)) for day in (valid_from, applied)}
    if isinstance(valid_to, str):
        return valid_to in terms
    start, end = (valid_from.month, valid_from.day), (valid_to.month, valid_to.day)
    same_day = end == start or (start == (2, 29) and end in ((2, 28), (3, 1)))
    return valid_to.year - valid_from.year in terms and same_day


def check_validity(
    *, valid_from: date | None, valid_to: date | str, birth: date, today: date
) -> None:
    """Refuse a validity no card can have: a period that is not the law's for the holder's
    age on the issue date, or (issue date unknown) 长期 for someone under 46.

    Raises:
        UserError: naming the rule the validity breaks.
    """
    if valid_from is None:
        age = years_of_age(birth, today)
        if valid_to == LONG_TERM and age < LONG_TERM_FROM:
            raise UserError(
                "a long-term (长期) card is issued from the age of 46 only: the holder is {age}",
                age=age,
                field="customer.id_valid_to",
            )
        return
    if valid_from > today:
        raise UserError(
            "the card's issue date {valid_from} is in the future",
            valid_from=str(valid_from),
            field="customer.id_valid_from",
        )
    if lawful_period(valid_from, valid_to, birth):
        return
    age = years_of_age(birth, valid_from)
    term = lawful_term(age)
    params = {
        "valid_from": str(valid_from),
        "valid_to": str(valid_to),
        "age": age,
        "field": "customer.id_valid_to",
    }
    if term == LONG_TERM:
        raise UserError(
            "the card's validity {valid_from} – {valid_to} is not lawful: a card issued at "
            "age {age} is long-term (长期) (5 years under 16, 10 from 16, 20 from 26, "
            "long-term from 46)",
            **params,
        )
    raise UserError(
        "the card's validity {valid_from} – {valid_to} is not lawful: a card issued at age "
        "{age} is valid for {years} years (5 under 16, 10 from 16, 20 from 26, long-term "
        "from 46)",
        years=term,
        **params,
    )
