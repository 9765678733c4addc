"""The desk's money as commands, as a salesperson or the back office types them: `fenqi
contract`, `pay`, `payoff`, `reverse`, `receipt` and `collections`; the schedule, a repayment
allocated and printed, and one clear refusal (nothing saved) for bad input."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal

import pytest

import app.services.collections as collections_service
from tests.factories.cli import fenqi, run, snapshot
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
    assert Decimal(paid["outstanding"]) == Decimal(before["outstanding"]) - 100


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


def _paid(capsys, demo_url, number, amount="100"):
    code, out, err = run(
        capsys, "pay", number, "--db", demo_url, "--amount", amount, "--channel", "cash",
        "--staff", "sales01", "--json",
    )  # fmt: skip
    assert code == 0, err
    return json.loads(out)["payment_id"]


def test_a_manager_reverses_from_the_command_line_and_the_receipts_are_signed(
    capsys, services, demo_url, number, tmp_path
):
    payment = _paid(capsys, demo_url, number)
    code, out, _ = run(capsys, "contract", number, "--db", demo_url, "--json")
    assert [p["id"] for p in json.loads(out)["payments"]] == [payment]  # the id to name
    before = snapshot(demo_url)
    for password, message in ((None, "set FENQI_MANAGER_PASSWORD"), ("wrong", "wrong password")):
        env = {} if password is None else {"FENQI_MANAGER_PASSWORD": password}
        done = fenqi("reverse", payment, "--db", demo_url, "--manager", "manager01",
                     "--reason", "客户刷错卡，原路退回", **env)  # fmt: skip
        assert done.returncode == 2 and done.stdout == "" and done.stderr.count("\n") == 1
        assert message in done.stderr
    assert snapshot(demo_url) == before  # nothing half-done
    done = fenqi("reverse", payment, "--db", demo_url, "--manager", "manager01", "--reason",
                 "客户刷错卡，原路退回", "--json", FENQI_MANAGER_PASSWORD="demo1234")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"reversed": payment, "amount": "100.00"}
    code, out, _ = run(capsys, "contract", number, "--db", demo_url, "--json")
    kinds = [(p["kind"], p["amount"]) for p in json.loads(out)["payments"]]
    assert kinds == [("instalment", "100.00"), ("reversal", "-100.00")]
    reversal = json.loads(out)["payments"][1]["id"]
    for paid in (payment, reversal):
        code, out, err = run(capsys, "receipt", paid, "--db", demo_url, "--out", str(tmp_path),
                             "--json")  # fmt: skip
        assert code == 0, err
        receipt = json.loads(out)
        assert receipt["contract"] == number
        code, out, _ = run(capsys, "verify", receipt["file"])
        assert code == 0 and out.startswith("valid")
    assert receipt["kind"] == "reversal" and receipt["amount"] == "-100.00"
    done = fenqi("reverse", payment, "--db", demo_url, "--manager", "manager01", "--reason",
                 "客户刷错卡，原路退回", FENQI_MANAGER_PASSWORD="demo1234")  # fmt: skip
    assert done.returncode == 2 and "already reversed" in done.stderr


def test_a_payment_id_that_is_not_one_is_a_one_line_refusal(capsys, services, demo_url, tmp_path):
    unknown = "00000000-0000-0000-0000-000000000000"
    for argv in (
        ("receipt", "nope", "--out", str(tmp_path)),
        ("receipt", unknown, "--out", str(tmp_path)),
        ("reverse", unknown, "--manager", "sales01", "--reason", "不是店长"),
    ):
        done = fenqi(*argv, "--db", demo_url, FENQI_MANAGER_PASSWORD="demo1234")
        assert done.returncode == 2 and done.stdout == "" and done.stderr.count("\n") == 1
        assert done.stderr.startswith("error: ")


def test_more_than_is_due_is_refused_naming_what_is_due_when_asked(
    capsys, services, demo_url, number
):
    code, out, _ = run(capsys, "contract", number, "--db", demo_url, "--json")
    first = json.loads(out)["instalments"][0]["owed"]
    due = sum(Decimal(first[part]) for part in ("late_fee", "interest_or_fee", "principal"))
    code, _, err = run(
        capsys, "pay", number, "--db", demo_url, "--amount", str(due + 1), "--channel", "cash",
        "--staff", "sales01", "--no-prepay",
    )  # fmt: skip
    assert code == 2 and f"the {due:.2f} due now" in err


SIGNED = datetime(2026, 1, 5, 2, 0, tzinfo=UTC)


class _StoreMorning(datetime):
    """The clock at 10:00 in the store, 40 days after the first instalment fell due."""

    @classmethod
    def now(cls, tz=None):
        return datetime(2026, 3, 17, 2, 0, tzinfo=UTC)


def test_collections_list_and_log_by_the_contracts_own_steps(
    capsys, services, demo_url, monkeypatch
):
    number = sell(services, 3, signed=SIGNED)  # first instalment due 2026-02-05
    code, out, err = run(capsys, "collections", "list", "--db", demo_url, "--on", "2026-03-17",
                         "--json")  # fmt: skip
    assert code == 0, err
    [late] = json.loads(out)["overdue"]
    assert (late["number"], late["days_late"], late["bucket"], late["next_step"]) == (
        number, 40, "31-60", "call",
    )  # fmt: skip
    monkeypatch.setattr(collections_service, "datetime", _StoreMorning)
    before = snapshot(demo_url)
    code, out, err = run(
        capsys, "collections", "log", number, "--db", demo_url, "--template", "formal_letter",
        "--audience", "customer", "--outcome", "已寄出", "--staff", "sales01",
    )  # fmt: skip
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "STAGE: formal_letter only from the letter step" in err and "at call" in err
    assert snapshot(demo_url) == before
    code, out, err = run(
        capsys, "collections", "log", number, "--db", demo_url, "--template", "overdue_notice",
        "--audience", "customer", "--outcome", "短信已发送", "--staff", "sales01", "--json",
    )  # fmt: skip
    assert code == 0, err
    assert "逾期应还" in json.loads(out)["message"]
    code, _, err = run(
        capsys, "collections", "log", number, "--db", demo_url, "--template", "overdue_notice",
        "--audience", "contact", "--outcome", "x", "--staff", "sales01",
    )  # fmt: skip
    assert code == 2 and "CUSTOMER_ONLY" in err
