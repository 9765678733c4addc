"""Whole sales end to end: the installed command, the demo sale, its PDFs verified."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import pytest

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


def test_demo_on_a_used_up_database_says_so_and_keeps_only_the_precheck(demo_url, capsys, tmp_path):
    for _ in range(2):
        assert run(capsys, "demo", "--db", demo_url, "--out", str(tmp_path))[0] == 0
    before = snapshot(demo_url)
    code, out, err = run(capsys, "demo", "--db", demo_url, "--out", str(tmp_path))
    assert code == 2 and out == "" and "went to review: 7 天内已有 3 次申请" in err
    assert "give another card with --front/--back, or run the demo on a new --db" in err
    assert err.count("\n") == 1
    after = snapshot(demo_url)
    changed = {table for table in after if after[table] != before[table]}
    # the pre-check is a record the chain keeps (it counts towards repeat applications);
    # no contract, payment, stock change or draft is left behind
    assert changed == {"applications", "quotes", "audit_log", "sync_outbox"}
    assert len(after["applications"]) == 3 and after["sale_drafts"] == []


def test_demo_runs_again_on_one_database_with_another_phone_and_card(demo_url, capsys, tmp_path):
    from datetime import date

    import cv2

    from tests.factories.cardgen import make_sample

    for _ in range(2):
        assert run(capsys, "demo", "--db", demo_url, "--out", str(tmp_path / "demo"))[0] == 0
    _, front, back = next(  # an adult whose card is still valid, as the demo customer
        sample
        for seed in range(40)
        if (sample := make_sample(seed, "easy"))[0].birth.year in range(1970, 2000)
        and (sample[0].valid_to or date.max) > date(2030, 1, 1)
        and len(sample[0].name) <= 3
    )
    cv2.imwrite(str(tmp_path / "front.png"), front)
    cv2.imwrite(str(tmp_path / "back.png"), back)
    photos = ["--front", str(tmp_path / "front.png"), "--back", str(tmp_path / "back.png")]
    code, out, err = run(
        capsys, "demo", "--db", demo_url, "--out", str(tmp_path / "third"),
        "--sku", "HW-M70-256-WHT", *photos,
    )  # fmt: skip
    assert code == 0, err
    assert "(risk pre-check: approve)" in out
    (store_copy,) = (tmp_path / "third").glob("*-store.pdf")
    code, verdict, _ = run(capsys, "verify", str(store_copy))
    assert code == 0 and verdict.startswith("valid SH001-T1-")
    code, _, err = run(
        capsys, "demo", "--db", demo_url, "--out", str(tmp_path), photos[0], photos[1]
    )
    assert code == 2 and err == "error: --front and --back go together: both sides of one card\n"
    code, _, err = run(capsys, "demo", "--db", demo_url, "--out", str(tmp_path), "--sku", "NOPE")
    assert code == 2 and "NOPE" in err and err.count("\n") == 1


def test_a_sale_is_reprinted_with_the_same_content_hash(demo_url, capsys, tmp_path):
    assert run(capsys, "demo", "--db", demo_url, "--out", str(tmp_path / "first"))[0] == 0
    (store_copy,) = (tmp_path / "first").glob("*-store.pdf")
    number = store_copy.name.removesuffix("-store.pdf")
    _, verdict, _ = run(capsys, "verify", str(store_copy))
    sha256 = verdict.split("sha256=")[1].split()[0]
    code, out, _ = run(
        capsys, "reprint", number, "--db", demo_url, "--out", str(tmp_path / "again")
    )
    assert code == 0 and out.startswith(f"contract: {number} sha256={sha256}\n")
    again = sorted(p.name for p in (tmp_path / "again").glob("*.pdf"))
    assert again == sorted(p.name for p in (tmp_path / "first").glob("*.pdf"))
    for copy in ("store", "customer"):
        code, verdict, _ = run(capsys, "verify", str(tmp_path / "again" / f"{number}-{copy}.pdf"))
        assert code == 0 and verdict.startswith(f"valid {number} sha256={sha256}")


@pytest.mark.parametrize("demo_url", ["sqlite"], indirect=True)
def test_reprint_refuses_what_it_cannot_print_in_one_line(demo_url, capsys, tmp_path):
    code, _, err = run(
        capsys, "reprint", "SH001-T1-20990101-0001", "--db", demo_url, "--out", str(tmp_path)
    )
    assert code == 2 and err == "error: no contract SH001-T1-20990101-0001 in this database\n"
    (tmp_path / "file").write_text("x")
    code, _, err = run(capsys, "reprint", "X", "--db", demo_url, "--out", str(tmp_path / "file"))
    assert code == 2 and "is a file" in err
