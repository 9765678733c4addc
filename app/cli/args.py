"""Option values checked as argparse reads them (dates, rates, terms)."""

from __future__ import annotations

import argparse
import uuid
from datetime import date
from decimal import Decimal, InvalidOperation

FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2099, 12, 31)  # contracts this program can date


def parse_date(text: str) -> date:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date: use YYYY-MM-DD") from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise argparse.ArgumentTypeError(f"'{text}' is outside {FIRST_DAY} to {LAST_DAY}")
    return day


def parse_rate(text: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise argparse.ArgumentTypeError(f"'{text}' is not a rate such as 0.12") from None
    if not value.is_finite() or value < 0:
        raise argparse.ArgumentTypeError(f"'{text}' is not a rate such as 0.12")
    return value


def parse_term(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of months")
    return int(text)


def parse_uuid(text: str) -> uuid.UUID:
    try:
        return uuid.UUID(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a row id (a UUID)") from None
