"""Whole sales end to end: the installed command, the demo sale, its PDFs verified."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

from tests.factories.cli import run, snapshot


def test_the_installed_command_runs(sqlite_url):
    subprocess.run(
        [sys.executable, "-m", "app.cli", "init-demo", "--db", sqlite_url],
        check=True,
        capture_output=True,
    )
    done = subprocess.run(
        [sys.executable, "-m", "app.cli", "quote", "--db", sqlite_url, "--price", "0"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert done.stderr == "error: price must be more than 0 (got 0.00)\n"


def test_demo_runs_a_whole_sale_headless(demo_url, capsys, tmp_path):
    code, out, _ = run(capsys, "demo", "--db", demo_url, "--out", str(tmp_path))
    assert code == 0 and "(risk pre-check: approve)" in out
    assert "outbox: 5 events" in out  # customer, quote, application, contract, payment
    pdfs = sorted(p.name for p in tmp_path.glob("*.pdf"))
    assert len(pdfs) == 3 and any(p.endswith("-store.pdf") for p in pdfs)
    for name in pdfs:
        if os.name == "posix":  # personal data: owner-only
            assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600
        if "-80mm" not in name:
            code, verdict, _ = run(capsys, "verify", str(tmp_path / name))
            assert code == 0 and verdict.startswith("valid SH001-T1-")
    assert not list(tmp_path.glob("*.part"))  # written whole, no temporary left


def test_demo_on_a_used_up_database_says_so_and_saves_nothing(demo_url, capsys, tmp_path):
    for _ in range(2):
        assert run(capsys, "demo", "--db", demo_url, "--out", str(tmp_path))[0] == 0
    before = snapshot(demo_url)
    code, out, err = run(capsys, "demo", "--db", demo_url, "--out", str(tmp_path))
    assert code == 2 and out == "" and "went to review: 7 天内已有 3 次申请" in err
    assert "run the demo on a new --db" in err and err.count("\n") == 1
    assert snapshot(demo_url) == before
