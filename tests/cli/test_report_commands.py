"""`fenqi report daily|book`: the same figures as the service, as text, JSON and CSV."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime, timedelta

import pytest

from tests.factories.cli import run
from tests.factories.sales import sell

pytestmark = pytest.mark.parametrize("demo_url", ["sqlite"], indirect=True)


def test_the_daily_report_as_json_and_as_csv(capsys, services, demo_url, tmp_path):
    sell(services, 1)
    code, out, err = run(capsys, "report", "daily", "--db", demo_url, "--json")
    assert code == 0, err
    assert json.loads(out)["figures"]["contracts"]["day"] == 1
    path = tmp_path / "日结.csv"
    code, out, err = run(capsys, "report", "daily", "--db", demo_url, "--csv", str(path))
    assert code == 0, err
    rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0][2:] == ["previous_day", "same_weekday_last_week"]
    assert ["contracts", "1", "0", "0"] in rows


def test_the_book_as_text(capsys, services, demo_url):
    signed = datetime.now(UTC) - timedelta(days=200)
    sell(services, 1, signed=signed)
    code, out, _ = run(capsys, "report", "book", "--db", demo_url)
    assert code == 0
    assert "live_contracts                   1" in out
    assert "overdue   90+ days:     1 contracts" in out
    code, out, _ = run(capsys, "report", "book", "--db", demo_url, "--date", "2020-01-01")
    assert code == 0 and "live_contracts                   0" in out  # before any sale


def test_the_book_of_a_day_to_come_is_refused_in_one_line(capsys, services, demo_url):
    code, _, err = run(capsys, "report", "book", "--db", demo_url, "--date", "2099-01-01")
    assert code == 2 and "has not happened yet" in err and err.count("\n") == 1


def test_a_csv_where_it_cannot_be_written_is_one_line(capsys, services, demo_url, tmp_path):
    code, _, err = run(capsys, "report", "daily", "--db", demo_url, "--csv",
                       str(tmp_path / "missing" / "x.csv"))  # fmt: skip
    assert code == 2 and err.startswith("error: --csv") and err.count("\n") == 1


def test_the_day_close_as_a_pdf(capsys, services, demo_url, tmp_path):
    from pypdf import PdfReader

    sell(services, 1)
    path = tmp_path / "日结.pdf"
    code, _, err = run(capsys, "report", "daily", "--db", demo_url, "--pdf", str(path))
    assert code == 0, err
    text = PdfReader(path).pages[0].extract_text()
    assert "日结报表" in text and "分期合同数" in text and "sales01" in text
    code, _, err = run(capsys, "report", "book", "--db", demo_url, "--pdf", str(path))
    assert code == 2 and "--pdf is the day close" in err


def test_closing_the_day_from_the_command_line(capsys, services, demo_url):
    sell(services, 1)
    code, out, err = run(capsys, "report", "close", "--db", demo_url, "--other-sales", "3",
                         "--staff", "manager01")  # fmt: skip
    assert code == 0, err
    assert out.strip().endswith("installment penetration 0.2500")
    code, _, err = run(capsys, "report", "close", "--db", demo_url)
    assert code == 2 and "--other-sales" in err
