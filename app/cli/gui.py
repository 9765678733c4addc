"""`fenqi gui`: the counter window."""

from __future__ import annotations

import argparse


def run(args: argparse.Namespace) -> int:
    """Open the window on the database (--smoke: show the login window, then quit)."""
    from ui.app import run_window

    return run_window(args.db, smoke=args.smoke)
