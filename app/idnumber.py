"""The resident ID number (GB 11643) check, in one place for the whole program.

python-stdnum's `cn.ric` is the reference; it raises KeyError (not a validation error) for a
region code whose prefecture exists but whose county does not (python-stdnum 2.2,
`get_birth_place`). Such a number is invalid, so that error is treated as "not valid" here.
"""

from __future__ import annotations

from stdnum.cn import ric
from stdnum.exceptions import ValidationError

from app.errors import UserError


def is_valid_id(number: str) -> bool:
    """Whether `number` is a valid resident ID number (check digit, birth date, region)."""
    try:
        return bool(ric.is_valid(number))
    except KeyError:
        return False


def validate_id(text: str) -> str:
    """The 18-character ID number, upper-case, checked.

    Raises:
        UserError: not a valid resident ID number, saying why.
    """
    number = text.strip().upper()
    try:
        return str(ric.validate(number))
    except ValidationError as exc:
        raise UserError(f"ID number '{text}' is not valid: {exc}") from None
    except KeyError:
        raise UserError(f"ID number '{text}' is not valid: unknown region code") from None
