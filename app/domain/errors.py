"""Errors a person can act on, as opposed to bugs.

Each carries its message as a template and the values put into it, so the window can show
it in the clerk's language (the template is looked up in the translations, then filled in);
`str(error)` is the English sentence the command line prints."""

from __future__ import annotations


class _Told(Exception):
    def __init__(self, template: str, **params: object) -> None:
        self.template = template
        self.params = params
        super().__init__(template.format(**params) if params else template)


class UserError(_Told):
    """Bad input from the person at the counter or the command line (CLI exit 2).

    The message is complete and specific: it says what was wrong and what to do.
    """


class EnvironmentProblem(_Told):
    """The machine or its data is not in a usable state (CLI exit 1): no database,
    wrong key file, a database written by a newer program."""
