"""The rate-table loader refuses malformed tables, naming the bad value."""

from __future__ import annotations

import copy

import pytest

from app.demo.assets import demo_rate_table
from app.domain.errors import UserError
from app.domain.rates import parse_rate_table

DOC = demo_rate_table().document


def broken(change) -> dict:
    doc = copy.deepcopy(DOC)
    change(doc)
    return doc


def test_demo_table_loads_with_every_term():
    table = demo_rate_table()
    assert table.terms == [3, 6, 12, 24]
    assert table.version == "demo-2026.11-1"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.pop("version"), "'version' is missing"),
        (lambda d: d["offers"][2].update(rate=0.08), "must be a decimal written as a string"),
        (lambda d: d["offers"][2].update(rate="eight"), "is not a decimal"),
        (lambda d: d["offers"][2].update(rate="0.30"), "outside the bounds"),
        (lambda d: d["offers"][2].update(method="balloon"), "unknown method 'balloon'"),
        (lambda d: d["offers"][2].update(term=0), "whole number of months"),
        (lambda d: d["fees"].update(late_fee_grace_days=-1), "late_fee_grace_days"),
        (lambda d: d.update(offers=[]), "no offers"),
    ],
)
def test_malformed_tables_are_refused(change, message):
    with pytest.raises(UserError, match=message):
        parse_rate_table(broken(change))
