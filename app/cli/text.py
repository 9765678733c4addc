"""Shared pieces of the text commands: reading input files, aligning Chinese columns."""

from __future__ import annotations

import json
import os
import unicodedata
from pathlib import Path
from typing import Any

from app.domain.errors import UserError
from app.services.exports import private_folder


def read_json(path: str) -> Any:
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except FileNotFoundError:
        raise UserError(f"no file {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"cannot read {path}: {exc}") from None
    except json.JSONDecodeError as exc:
        raise UserError(f"{path} is not valid JSON (line {exc.lineno}: {exc.msg})") from None
    except RecursionError:
        raise UserError(f"{path} is nested too deeply to be an application") from None


def width(text: str) -> int:
    """Columns `text` takes in a terminal (CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, columns: int, right: bool) -> str:
    """`text` padded with spaces to `columns` terminal columns, left or right aligned."""
    fill = " " * (columns - width(text))
    return fill + text if right else text + fill


def output_folder(text: str) -> Path:
    """The --out folder for printed documents, made owner-only when missing.

    Raises:
        UserError: it is a file, cannot be made, or cannot be written by this user.
    """
    out = Path(text)
    if out.exists() and not out.is_dir():
        raise UserError(f"--out {out} is a file: give a folder for the contract and receipt")
    try:
        private_folder(out)
    except OSError as exc:
        raise UserError(f"--out {out}: cannot create that folder ({exc.strerror})") from None
    if not os.access(out, os.W_OK):
        raise UserError(f"--out {out}: this user cannot write there")
    return out
