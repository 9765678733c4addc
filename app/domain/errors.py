"""Errors a person can act on, as opposed to bugs."""

from __future__ import annotations


class UserError(Exception):
    """Bad input from the person at the counter or the command line (CLI exit 2).

    The message is complete and specific: it says what was wrong and what to do.
    """


class EnvironmentProblem(Exception):
    """The machine or its data is not in a usable state (CLI exit 1): no database,
    wrong key file, a database written by a newer program."""
