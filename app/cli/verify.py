"""`fenqi verify`: is this contract PDF the one the store signed?"""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli import EXIT_FAILURE
from app.config import key_file_path
from app.domain.errors import UserError
from app.services.documents import verify_document


def run(args: argparse.Namespace) -> int:
    """Check a contract PDF: valid / altered / unsigned / untrusted (exit 0 only if valid)."""
    try:
        pdf = Path(args.file).read_bytes()
    except OSError as exc:
        raise UserError(f"cannot read {args.file}: {exc.strerror}") from None
    try:
        result = verify_document(pdf, key_file=key_file_path(), trust=args.trust)
    except ValueError as exc:
        raise UserError(f"{args.file}: {exc}") from None
    print(f"{result.status} {result.number or '-'} sha256={result.sha256 or '-'} ({result.detail})")
    return 0 if result.status == "valid" else EXIT_FAILURE
