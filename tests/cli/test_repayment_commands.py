"""`fenqi contract` and `fenqi pay` as a salesperson types them: the schedule, a repayment
allocated and printed, and one clear refusal (nothing saved) for bad input."""

from __future__ import annotations

import json

import pytest

from tests.factories.cli import run, snapshot
from tests.factories.sales import sell

pytestmark = pytest.mark.parametrize("demo_url", ["sqlite"], indirect=True)


@pytest.fixture
def number(services):
    return sell(services, 2)


def test_pay_allocates_and_the_contract_shows_what_is_left(capsys, services, demo_url, number):
    code, out, _ = run(capsys, "contract", number, "--db", demo_url, "--json")
    before = json.loads(out)
    assert code == 0 and before["instalments"][0]["status"] == "upcoming"
    code, out, err = run(
        capsys, "pay", number, "--db", demo_url, "--amount", "100", "--channel", "cash",
        "--staff", "sales01", "--json",
    )  # fmt: skip
    assert code == 0, err
    paid = json.loads(out)
    assert [a["n"] for a in paid["allocations"]] == [1, 1]
    owed = float(before["outstanding"]) - 100
    assert float(paid["outstanding"]) == pytest.approx(owed)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--amount", "abc", "--channel", "cash"], "--amount"),
        (["--amount", "100", "--channel", "wechat"], "need their transaction reference"),
        (["--amount", "9999999", "--channel", "cash"], "still owed"),
        (["--amount", "0", "--channel", "cash"], "more than 0"),
        (["--amount", "1e2", "--channel", "cash"], "'1e2' is not an amount in yuan"),
        (["--amount", "100", "--channel", "wechat", "--reference", "42000001"], None),
    ],
)
def test_bad_payments_are_one_line_refusals_and_change_nothing(
    capsys, services, demo_url, number, extra, message
):
    if message is None:  # the same transaction reference a second time
        assert run(capsys, "pay", number, "--db", demo_url, "--staff", "sales01", *extra)[0] == 0
        message = "reference 42000001 was already taken on"
    before = snapshot(demo_url)
    code, out, err = run(capsys, "pay", number, "--db", demo_url, "--staff", "sales01", *extra)
    assert code == 2 and out == "" and err.count("\n") == 1 and message in err
    assert snapshot(demo_url) == before


def test_an_unknown_contract_is_said(capsys, services, demo_url):
    code, _, err = run(capsys, "contract", "SH001-T1-20990101-0001", "--db", demo_url)
    assert code == 2 and "no contract SH001-T1-20990101-0001" in err


def test_payoff_quotes_then_settles(capsys, services, demo_url, number):
    code, out, _ = run(capsys, "payoff", number, "--db", demo_url, "--json")
    quote = json.loads(out)
    assert code == 0 and not quote["settled"]
    code, out, err = run(
        capsys, "payoff", number, "--db", demo_url, "--settle", "--channel", "cash",
        "--staff", "sales01", "--json",
    )  # fmt: skip
    assert code == 0, err
    assert json.loads(out)["total"] == quote["total"]
    code, out, _ = run(capsys, "contract", number, "--db", demo_url, "--json")
    assert json.loads(out)["status"] == "paid_off"
    code, _, err = run(capsys, "payoff", number, "--db", demo_url, "--settle")
    assert code == 2 and "--settle needs" in err
