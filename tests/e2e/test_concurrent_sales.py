"""Four counters sell at the same moment on one database, each its own process."""

from __future__ import annotations

import os
import subprocess
import sys

from sqlalchemy import func, select

from app.services.bootstrap import open_services
from storage.models import Contract, Payment
from tests.factories.cli import run


def test_four_whole_sales_at_once_get_four_contracts_and_four_valid_pdfs(
    demo_url, key_file, tmp_path, capsys
):
    env = {**os.environ, "FENQI_KEY_FILE": str(key_file)}
    sales = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.factories.sales", demo_url, str(n), str(tmp_path)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(4)
    ]
    results = [sale.communicate(timeout=300) for sale in sales]
    assert [sale.returncode for sale in sales] == [0] * 4, [err for _, err in results]
    numbers = sorted(out.strip() for out, _ in results)
    assert len(set(numbers)) == 4 and all(n.startswith("SH001-T1-") for n in numbers)
    assert sorted(int(n[-4:]) for n in numbers) == [1, 2, 3, 4]
    services = open_services(demo_url)
    try:
        with services.sessions() as session:
            assert sorted(session.scalars(select(Contract.number))) == numbers
            assert session.scalar(select(func.count()).select_from(Payment)) == 4
    finally:
        services.close()
    assert not list((tmp_path / "state").rglob("crash-*"))
    for number in numbers:
        code, verdict, _ = run(capsys, "verify", str(tmp_path / f"{number}-store.pdf"))
        assert code == 0 and verdict.startswith(f"valid {number}")
