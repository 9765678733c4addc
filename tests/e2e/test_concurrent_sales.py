"""Four counters sell at the same moment on one database, each its own process (forked
from one that has imported the sale: `tests.factories.zygote`)."""

from __future__ import annotations

from sqlalchemy import func, select

from app.services.bootstrap import open_services
from storage.models import Contract, Payment
from tests.factories import zygote
from tests.factories.cli import run


def test_four_whole_sales_at_once_get_four_contracts_and_four_valid_pdfs(
    demo_url, tmp_path, capsys
):
    logs = [tmp_path / f"sale-{n}.log" for n in range(4)]
    sales = [
        ("tests.factories.sales:main", [demo_url, str(n), str(tmp_path)], logs[n]) for n in range(4)
    ]
    codes = zygote.run(sales, preload=zygote.SALE, timeout=300)
    assert codes == [0] * 4, [log.read_text() for log in logs]
    numbers = sorted(log.read_text().split()[-1] for log in logs)  # each printed its number
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
