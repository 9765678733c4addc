"""The resident ID number (GB 11643): the one rule the whole program checks numbers by.

A number is genuine when it is 17 digits and a check digit (ISO 7064 MOD 11-2), its digits
7–14 are a real calendar date not in the future and within 120 years, and its first six are a
code of *any* edition of GB/T 2260 (`assets/regions/gb2260.tsv`). The code is where the number
was first registered: it may be newer than the holder's birth (浦东新区 310115 dates from 1993)
and a retired code stays valid for life, so python-stdnum's `cn.ric.validate`, which refuses
both, is not used; only its check-digit arithmetic is.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from stdnum.cn import ric

from app.domain.clock import business_day
from app.domain.errors import UserError
from app.domain.regions import regions

SHAPE = re.compile(r"[0-9]{17}[0-9X]")  # ASCII: "\d" would take full-width digits too
MAX_AGE_YEARS = 120


def birth_date(number: str) -> date:
    """The birth date encoded in digits 7–14 of an 18-character number.

    Raises:
        ValueError: the digits are not a real calendar date.
    """
    return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def years_of_age(birth: date, on: date) -> int:
    """Whole years of age (周岁) on `on`."""
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _years_before(day: date, years: int) -> date:
    """The same calendar day `years` earlier (29 February falls back to the 28th)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def id_error(number: str, *, today: date | None = None) -> UserError | None:
    """Why `number` is not a genuine resident ID number (a refusal naming it), or None."""
    today = today or business_day()
    shown = {"text": number}
    if not SHAPE.fullmatch(number):
        return UserError(
            "ID number {text!r} is not valid: it must be 17 digits and a check digit (0–9 or X)",
            **shown,
        )
    if ric.calc_check_digit(number) != number[17]:
        return UserError("ID number {text!r} is not valid: the check digit is wrong", **shown)
    try:
        born = birth_date(number)
    except ValueError:
        return UserError(
            "ID number {text!r} is not valid: {digits} is not a real birth date",
            digits=f"{number[6:10]}-{number[10:12]}-{number[12:14]}",
            **shown,
        )
    if born > today:
        return UserError(
            "ID number {text!r} is not valid: the birth date {born} is in the future",
            born=str(born),
            **shown,
        )
    if born < _years_before(today, MAX_AGE_YEARS):
        return UserError(
            "ID number {text!r} is not valid: the birth date {born} is more than {years} years ago",
            born=str(born),
            years=MAX_AGE_YEARS,
            **shown,
        )
    if number[:6] not in regions():
        return UserError(
            "ID number {text!r} is not valid: the region code {code} is in no edition of GB/T 2260",
            code=number[:6],
            **shown,
        )
    return None


def is_valid_id(number: str, *, today: date | None = None) -> bool:
    """Whether `number` is a genuine resident ID number (see `id_error`)."""
    return id_error(number, today=today) is None


def validate_id(text: str, *, today: date | None = None) -> str:
    """The 18-character ID number, spaces dropped, full-width digits made plain, upper-case,
    checked.

    Raises:
        UserError: not a genuine resident ID number, saying why.
    """
    number = re.sub(r"\s", "", unicodedata.normalize("NFKC", text)).upper()  # ０-９ typed
    error = id_error(number, today=today)
    if error is not None:
        raise UserError(error.template, **{**error.params, "text": text})
    return number
