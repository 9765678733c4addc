"""Generated hostile input at the command line and the application boundary: whatever comes
in, the answer is a result or one clear refusal, never a crash (issue 12)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app import cli
from app.domain.application import read_application
from app.domain.errors import UserError

EXAMPLE = json.loads(
    (Path(__file__).parents[2] / "docs/examples/application-approve.json").read_text("utf-8")
)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
paths = st.sampled_from(
    [
        ("customer", "id_number"), ("customer", "name"), ("customer", "phone"),
        ("customer", "address"), ("customer", "birth_date"), ("customer", "id_valid_to"),
        ("customer", "edited_fields"), ("finances", "monthly_income"),
        ("finances", "monthly_debt"), ("finances", "employment"), ("finances", "years_in_job"),
        ("purchase", "sku"), ("purchase", "price"), ("purchase", "down"), ("purchase", "term"),
        ("purchase", "method"), ("staff",),
    ]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(paths, json_values), min_size=1, max_size=3))
def test_a_mangled_application_is_accepted_or_refused_in_one_line(changes):
    doc = json.loads(json.dumps(EXAMPLE))
    for path, value in changes:
        node = doc
        for part in path[:-1]:
            node = node[part]
        node[path[-1]] = value
    try:
        read_application(doc)
    except UserError as exc:
        assert "\n" not in str(exc) and str(exc).startswith("application: ")


@pytest.fixture
def demo_db(demo_sqlite_url) -> str:
    return demo_sqlite_url


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.sampled_from(["--price", "--down", "--trade-in", "--start", "--term", "--rate", "--method"]),
    st.text(max_size=30)
    | st.from_regex(r"-?[0-9]{1,40}(\.[0-9]{0,5})?(e[0-9]{1,3})?", fullmatch=True),
)
def test_a_hostile_quote_option_is_refused_in_one_line_never_a_crash(
    capsys, demo_db, option, value
):
    argv = ["quote", "--db", demo_db, "--price", "5999", option, value]
    if option in ("--rate",):
        argv += ["--term", "12", "--method", "equal_installment"]
    code = cli.main(argv)
    out, err = capsys.readouterr()
    assert code in (0, 2), err
    if code == 2:
        assert out == "" and err.startswith("error: ") and err.count("\n") == 1
        assert "internal error" not in err
