"""One bad row cannot stop the chain (issue 36 §1–2), on a real `fenqi server` with
PostgreSQL: the back office's reference data is checked as strictly as the terminals read it
(one `error:` line, exit 2, nothing stored); a row a terminal still cannot apply is held back
with why while the rest of the pull goes on; and a counter enrolled after a product with
units was removed syncs the first time."""

from __future__ import annotations

import json
import uuid

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.orm import Session

from app.services.status import terminal_status
from app.services.sync import sync_once
from server.reference import load_reference
from storage.models import DeviceUnit, Product
from tests.server.test_chain import admin

pytestmark = pytest.mark.postgres


def listed(server_db: str, table: str) -> list[tuple[str, dict]]:
    """`admin list TABLE` as (row id, values)."""
    out = admin(server_db, "list", table).stdout.splitlines()
    return [(line.split()[0], json.loads(line.split("  ", 3)[3])) for line in out if "{" in line]


def cursor(server_db: str) -> int:
    engine = create_engine(server_db)
    with engine.connect() as connection:
        value = connection.execute(text("SELECT max(cursor) FROM reference_rows")).scalar()
    engine.dispose()
    return int(value or 0)


def refused_document(server_db, tmp_path, table: str, row: dict, version_key: str, document: dict):
    """`admin put TABLE @file` of `row` with `document`: one `error:` line, exit 2, nothing
    stored; its stderr."""
    path = tmp_path / "document.json"
    path.write_text(json.dumps({**row, version_key: "bad", "document": document}), "utf-8")
    before = cursor(server_db)
    done = admin(server_db, "put", table, f"@{path}")
    assert done.returncode == 2 and done.stderr.count("\n") == 1, done
    assert cursor(server_db) == before  # nothing stored
    return done.stderr


def current_document(server_db, kind: str) -> dict:
    return next(r for _, r in listed(server_db, "reference_documents") if r["kind"] == kind)


@pytest.mark.parametrize(
    ("price", "told"),
    [
        ("1.001", "price: '1.001' is not a whole number of fen"),
        ("-5.00", "price: '-5.00' must be 0 or more"),
        ("abc", "price: 'abc' is not an amount in yuan"),
    ],
)
def test_a_price_the_terminals_cannot_hold_is_refused(server_db, price, told):
    row_id, _ = next(iter(listed(server_db, "products")))
    before = cursor(server_db)
    done = admin(server_db, "put", "products", json.dumps({"price": price}), "--id", row_id)
    assert done.returncode == 2 and done.stdout == "" and done.stderr.count("\n") == 1
    assert told in done.stderr and "ConversionSyntax" not in done.stderr
    assert cursor(server_db) == before  # nothing stored


@pytest.mark.parametrize(
    ("change", "told"),
    [
        ({"age": {"min": "eighteen", "max": 60}}, "'age.min' = 'eighteen' must be a whole"),
        ({"age": {"min": 70, "max": 60}}, "age.min 70 is above age.max 60"),
        ({"age": {"min": 16, "max": 60}}, "'age.min' = 16 must be a whole number 18–70"),
    ],
)
def test_risk_rules_the_pre_check_could_not_run_are_refused(server_db, tmp_path, change, told):
    current = current_document(server_db, "risk_rules")
    document = {**current["document"], **change, "version": "bad"}
    assert told in refused_document(
        server_db, tmp_path, "reference_documents", current, "doc_version", document
    )


@pytest.mark.parametrize(
    ("limits", "told"),
    [
        ({"apr_cap": "-1"}, "'apr_cap' = -1 must be above 0 and at most 0.36"),
        ({"apr_cap": "50"}, "'apr_cap' = 50 must be above 0 and at most 0.36"),
        ({"min_financed": "60000.00"}, "min_financed 60000.00 is above max_financed 50000.00"),
    ],
)
def test_a_rate_table_out_of_bounds_is_refused(server_db, tmp_path, limits, told):
    _, current = next(iter(listed(server_db, "rate_tables")))
    document = {**current["document"], "version": "bad"}
    document["limits"] = {**document["limits"], **limits}
    assert told in refused_document(
        server_db, tmp_path, "rate_tables", current, "table_version", document
    )


def test_a_row_a_terminal_cannot_apply_is_held_back_and_the_rest_still_arrives(
    server, server_db, terminals
):
    t1 = terminals["T1"]
    (bad_id, bad), (good_id, _) = listed(server_db, "products")[:2]
    # a row the back office's checks would refuse, as an older server could have stored it
    engine = create_engine(server_db)
    with Session(engine) as session, session.begin():
        load_reference(session, [("products", uuid.UUID(bad_id), {**bad, "price": "1.001"})])
    engine.dispose()
    renamed = admin(server_db, "put", "products", '{"colour": "改色后的颜色"}', "--id", good_id)
    assert renamed.returncode == 0, renamed.stderr
    report = sync_once(t1)
    assert [h.split(":")[0] for h in report.held] == [f"products {bad_id}"]
    assert "price: '1.001' is not a whole number of fen" in report.held[0]
    with t1.sessions() as session:  # the rest of the pull was applied
        assert session.get(Product, uuid.UUID(good_id)).colour == "改色后的颜色"
    with t1.unit_of_work() as uow:
        assert terminal_status(uow).held == 1  # the header says so
    fixed = admin(server_db, "put", "products", '{"price": "4999.00"}', "--id", bad_id)
    assert fixed.returncode == 0, fixed.stderr
    assert sync_once(t1).held == []  # a newer version of the row replaces the one held


def test_a_counter_enrolled_after_a_product_with_units_was_removed_syncs(
    server, server_db, terminals
):
    units = listed(server_db, "device_units")
    product_id = units[0][1]["product_id"]
    assert admin(server_db, "remove", "products", product_id).returncode == 0
    new = terminals["T2"]  # enrolled after the removal: its first pull has the tombstone
    report = sync_once(new)
    assert report.held == []
    with new.sessions() as session:
        product = session.get(Product, uuid.UUID(product_id))
        assert product is not None and not product.active  # as the other counters keep it
        held = session.scalars(
            select(DeviceUnit).where(DeviceUnit.product_id == uuid.UUID(product_id))
        ).all()
        assert held  # its units arrived


@pytest.mark.parametrize(
    ("change", "told"),
    [
        ({"min_credit": "-5.00"}, "'min_credit' = '-5.00' must be yuan in whole fen"),
        ({"min_credit": "abc"}, "'min_credit' = 'abc' is not a decimal"),
        ({"deductions": "x"}, "trade-in table: a value is not what it should be"),
    ],
)
def test_a_trade_in_table_out_of_bounds_is_refused(server_db, tmp_path, change, told):
    current = current_document(server_db, "tradein_table")
    document = {**current["document"], **change, "version": "bad"}
    assert told in refused_document(
        server_db, tmp_path, "reference_documents", current, "doc_version", document
    )
