"""Generated hostile input at the command line and the application boundary: whatever comes
in, the answer is a result or one clear refusal, never a crash (issue 12)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app import cli
from app.domain.application import read_application
from app.domain.errors import UserError
from tests.factories.samples import ROOT, signed

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
        told = str(exc)  # the form's words, or a field's own refusal naming it
        assert "\n" not in told
        assert told.startswith(("application: ", "customer.", "finances.", "purchase.", "ID "))


@pytest.fixture
def demo_db(demo_sqlite_url) -> str:
    return demo_sqlite_url


OUTCOMES: Counter[tuple[str, str]] = Counter()  # (command, outcome): reported at the end
SETTINGS = settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
hostile_text = (
    st.text(max_size=30)
    | st.from_regex(r"-?[0-9]{1,40}(\.[0-9]{0,5})?(e[0-9]{1,3})?", fullmatch=True)
    | st.sampled_from(
        ["", " ", "\n", "\x00", "NaN", "Infinity", "-0", "1e999", "９９９", "\ud800x"]
    )
)


def attempt(capsys, command: str, argv: list[str], allowed: tuple[int, ...] = (0, 2)) -> int:
    """Run `fenqi command argv…`: a result, or one clean `error:` line; never a crash."""
    code = cli.main([command, *argv])
    out, err = capsys.readouterr()
    OUTCOMES[command, "answered" if code == 0 else "refused" if code in (1, 2) else "?"] += 1
    assert code in allowed, err
    assert "internal error" not in err and "Traceback" not in out + err
    if command == "verify" and code == 1:  # the verdict, on one line
        assert err == "" and out.split()[0] in ("altered", "unsigned", "untrusted")
        assert out.count("\n") == 1
    elif code != 0:
        assert out == "" and err.startswith("error: ") and err.count("\n") == 1
    return code


@settings(SETTINGS, max_examples=150)
@given(
    st.sampled_from(["--price", "--down", "--trade-in", "--start", "--term", "--rate", "--method"]),
    hostile_text,
)
def test_a_hostile_quote_option_is_refused_in_one_line_never_a_crash(
    capsys, demo_db, option, value
):
    argv = ["--db", demo_db, "--price", "5999", option, value]
    if option in ("--rate",):
        argv += ["--term", "12", "--method", "equal_installment"]
    attempt(capsys, "quote", argv)


TRADEIN = {
    "--model": "iPhone 13",
    "--storage": "128",
    "--imei": "356938035643809",
    "--screen": "scratches",
    "--body": "b",
    "--battery": "84",
}


@settings(SETTINGS, max_examples=120)
@given(st.sampled_from([*TRADEIN, "--price", "--sku", "--fault", "--staff"]), hostile_text)
def test_a_hostile_tradein_option_is_refused_in_one_line_never_a_crash(
    capsys, demo_db, option, value
):
    args = {**TRADEIN, option: value}
    argv = ["--db", demo_db, *[part for pair in args.items() for part in pair]]
    if option == "--staff":
        argv.append("--accept")
    attempt(capsys, "tradein", argv)


@settings(SETTINGS, max_examples=60)
@given(st.lists(st.tuples(paths, json_values), min_size=1, max_size=3))
def test_a_hostile_application_file_is_decided_or_refused_in_one_line(
    capsys, demo_db, tmp_path, changes
):
    doc = json.loads(json.dumps(EXAMPLE))
    for path, value in changes:
        node = doc
        for part in path[:-1]:
            node = node[part]
        node[path[-1]] = value
    file = tmp_path / "application.json"
    file.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8", errors="surrogatepass")
    attempt(capsys, "risk", ["--db", demo_db, str(file)])


@settings(SETTINGS, max_examples=40)
@given(st.binary(max_size=2000), st.sampled_from([b"", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff"]))
def test_a_hostile_photo_is_refused_in_one_line(capsys, tmp_path, body, header):
    photo = tmp_path / "card.jpg"
    photo.write_bytes(header + body)
    attempt(capsys, "ocr", [str(photo)])


SIGNED = signed()


@settings(SETTINGS, max_examples=60)
@given(
    st.lists(st.tuples(st.integers(0, len(SIGNED) - 1), st.integers(0, 255)), max_size=4)
    | st.just([]),
    st.booleans(),
)
def test_a_damaged_contract_is_judged_never_a_crash(capsys, tmp_path, flips, truncate):
    pdf = bytearray(SIGNED)
    for position, value in flips:
        pdf[position] = value
    if truncate:
        pdf = pdf[: len(pdf) // 2]
    file, root = tmp_path / "contract.pdf", tmp_path / "root.pem"
    file.write_bytes(bytes(pdf))
    root.write_bytes(ROOT.cert_pem)
    code = attempt(capsys, "verify", [str(file), "--trust", str(root)], (0, 1, 2))
    assert code != 0 or bytes(pdf) == SIGNED  # a changed byte is never "valid" (a "flip"
    # that writes the value already there changes nothing)


@settings(SETTINGS, max_examples=60)
@given(hostile_text)
def test_a_hostile_contract_number_or_database_is_refused_in_one_line(
    capsys, demo_db, tmp_path, text
):
    attempt(capsys, "reprint", [text, "--db", demo_db, "--out", str(tmp_path / "out")])
    attempt(capsys, "quote", ["--price", "100", "--db", text], (0, 1, 2))
    attempt(capsys, "demo", ["--db", text, "--out", str(tmp_path / "out")], (1, 2))


def test_zz_report_the_counts(capsys):
    """Prints how many hostile inputs each command saw and how it answered (-s shows it)."""
    with capsys.disabled():
        for (command, outcome), count in sorted(OUTCOMES.items()):
            print(f"hostile {command} {outcome}: {count}")
    assert OUTCOMES.get(("quote", "?"), 0) == 0
