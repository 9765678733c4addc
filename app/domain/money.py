"""Money as Decimal yuan in code, integer fen (分) in the database; ROUND_HALF_UP at the fen."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from app.domain.errors import UserError

FEN = Decimal("0.01")
ZERO = Decimal("0.00")
AMOUNT = re.compile(r"-?[0-9]+(\.[0-9]+)?")
MAX_AMOUNT = Decimal("10000000.00")  # 一千万元: far above any phone sale, income or debt


def round_fen(amount: Decimal) -> Decimal:
    """Round to the fen, half up (the rule for every amount the customer sees)."""
    return amount.quantize(FEN, rounding=ROUND_HALF_UP)


def to_fen(amount: Decimal) -> int:
    """Convert yuan to integer fen; the amount must already be whole fen."""
    fen = amount * 100
    if fen != fen.to_integral_value():
        raise ValueError(f"{amount} is not a whole number of fen")
    return int(fen)


def from_fen(fen: int) -> Decimal:
    """Convert integer fen to Decimal yuan with two places."""
    return (Decimal(fen) / 100).quantize(FEN)


def _shown(text: str) -> str:
    """`text` as a refusal quotes it: on one line, its control characters escaped, at most
    40 characters."""
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text[:40])


def parse_yuan(text: str, *, field: str) -> Decimal:
    """Parse an amount typed in yuan ("5999", "5999.5", "5,999.00").

    Raises:
        UserError: not written in digits (exponents such as 1e2 are refused), more than two
            decimals, negative, or above MAX_AMOUNT.
    """
    cleaned = str(text).strip().replace(",", "").replace("¥", "").replace("￥", "")
    text = _shown(str(text))
    if not AMOUNT.fullmatch(cleaned):  # digits only: no 1e2, no inf, no +5
        raise UserError(
            "{field}: '{text}' is not an amount in yuan (digits, e.g. 100 or 99.50)",
            field=field,
            text=text,
        )
    value = Decimal(cleaned)
    if not ZERO <= value <= MAX_AMOUNT:
        raise UserError(
            "{field}: '{text}' must be between 0 and {MAX_AMOUNT:,.0f} yuan",
            field=field,
            text=text,
            MAX_AMOUNT=MAX_AMOUNT,
        )
    if value != value.quantize(FEN):
        raise UserError(
            "{field}: '{text}' has more than two decimals (amounts are in yuan.fen)",
            field=field,
            text=text,
        )
    return value.quantize(FEN)


def format_yuan(amount: Decimal) -> str:
    """Two-decimal string for JSON and tables ("5999.00")."""
    return f"{amount.quantize(FEN)}"
