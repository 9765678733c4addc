"""The local store on a real SQLite file and on PostgreSQL: schema, money, encryption, outbox."""

from __future__ import annotations

import os
import stat
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, select, text
from sqlalchemy.orm.exc import StaleDataError
from stdnum.cn import ric

from app.demo.assets import demo_rate_table
from app.demo.seed import load_demo
from app.domain.errors import EnvironmentProblem, UserError
from app.domain.quote import Cart, quote_plans
from app.domain.rates import Method
from app.services.bootstrap import open_services
from app.services.quoting import save_quote
from storage.models import AuditEntry, Base, OutboxEvent, Product, QuoteRecord, Staff
from storage.outbox import Outbox
from storage.repositories.catalog import Catalog
from storage.repositories.customers import (
    CustomerData,
    Customers,
)


def make_id_number(region="110101", birth="19900307", seq="123") -> str:
    body = region + birth + seq
    return body + ric.calc_check_digit(body + "?")  # stdnum wants a placeholder check digit


CUSTOMER = CustomerData(
    id_number=make_id_number(),
    name="欧阳娜娜",
    phone="13912345678",
    address="北京市东城区东华门街道 1 号",
)


def test_migrated_schema_equals_the_models(db_url):
    services = open_services(db_url, create=True)
    with services.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    services.close()
    assert diff == []


def test_sqlite_runs_in_wal_mode_with_foreign_keys_on(sqlite_url):
    services = open_services(sqlite_url, create=True)
    with services.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    services.close()


def test_money_is_stored_as_integer_fen(services):
    with services.sessions() as session:
        raw = session.execute(
            text("SELECT price_fen FROM products WHERE sku = 'APL-IP17-256-BLK'")
        ).scalar()
        product = session.scalars(select(Product).where(Product.sku == "APL-IP17-256-BLK")).one()
    assert raw == 599900 and isinstance(raw, int)
    assert product.price == D("5999.00")


def test_a_customer_round_trips_and_is_found_by_id_number(services):
    with services.sessions.begin() as session:
        terminal = Catalog(session).terminal()
        Customers(session, services.cipher).save(CUSTOMER, terminal_id=terminal.id)
    with services.sessions() as session:
        row = Customers(session, services.cipher).find(CUSTOMER.id_number.lower())
        assert row is not None
        assert Customers(session, services.cipher).read(row) == CUSTOMER


def test_saving_the_same_id_number_updates_one_customer(services):
    with services.sessions.begin() as session:
        terminal_id = Catalog(session).terminal().id
        first = Customers(session, services.cipher).save(CUSTOMER, terminal_id=terminal_id)
        moved = CustomerData(**{**CUSTOMER.__dict__, "address": "上海市徐汇区 2 号"})
        second = Customers(session, services.cipher).save(moved, terminal_id=terminal_id)
        assert first.id == second.id
        assert second.version == 2


def test_a_number_registered_after_the_holders_birth_is_saved(services):
    pudong = CustomerData(**{**CUSTOMER.__dict__, "id_number": "310115198001011238"})
    with services.sessions.begin() as session:
        Customers(session, services.cipher).save(pudong, terminal_id=Catalog(session).terminal().id)
    with services.sessions() as session:
        assert Customers(session, services.cipher).find("310115198001011238") is not None


def test_an_invalid_id_number_is_refused_and_nothing_is_saved(services):
    bad = CustomerData(**{**CUSTOMER.__dict__, "id_number": CUSTOMER.id_number[:-1] + "0"})
    with pytest.raises(UserError, match="is not valid"), services.sessions.begin() as session:
        Customers(session, services.cipher).save(bad, terminal_id=Catalog(session).terminal().id)
    with services.sessions() as session:
        assert session.scalar(text("SELECT count(*) FROM customers")) == 0


def test_stolen_database_file_reveals_no_customer(sqlite_url):
    services = open_services(sqlite_url, create=True)
    load_demo(services)
    with services.sessions.begin() as session:
        Customers(session, services.cipher).save(
            CUSTOMER, terminal_id=Catalog(session).terminal().id
        )
    services.close()  # closes WAL: everything is in the main file
    path = Path(sqlite_url.removeprefix("sqlite:///"))
    raw = b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
    for secret in (CUSTOMER.id_number, CUSTOMER.name, CUSTOMER.phone, CUSTOMER.address):
        for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
            assert secret.encode(encoding) not in raw
    assert CUSTOMER.id_number[:6].encode() + CUSTOMER.id_number[6:14].encode() not in raw


def test_ciphertext_moved_to_another_row_does_not_decrypt(services):
    other = CustomerData(id_number=make_id_number(seq="456"), name="张三")
    with services.sessions.begin() as session:
        terminal_id = Catalog(session).terminal().id
        a = Customers(session, services.cipher).save(CUSTOMER, terminal_id=terminal_id)
        b = Customers(session, services.cipher).save(other, terminal_id=terminal_id)
        b.name_enc = a.name_enc
    with services.sessions() as session, pytest.raises(EnvironmentProblem, match="cannot decrypt"):
        Customers(session, services.cipher).read(session.get(type(b), b.id))


def test_another_key_file_is_refused(sqlite_url, tmp_path, monkeypatch):
    open_services(sqlite_url, create=True).close()
    monkeypatch.setenv("FENQI_KEY_FILE", str(tmp_path / "other.key"))
    with pytest.raises(EnvironmentProblem, match="does not belong to this database"):
        open_services(sqlite_url)


def test_a_database_from_a_newer_program_is_refused_untouched(sqlite_url):
    services = open_services(sqlite_url, create=True)
    with services.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    services.close()
    with pytest.raises(EnvironmentProblem, match="newer than this program"):
        open_services(sqlite_url)


def test_opening_a_missing_database_says_to_run_init_demo(tmp_path):
    with pytest.raises(EnvironmentProblem, match="run `fenqi init-demo` first"):
        open_services(f"sqlite:///{tmp_path / 'none.sqlite3'}")
    assert not (tmp_path / "none.sqlite3").exists()


def test_concurrent_edits_are_detected_by_version(services):
    with services.sessions() as first, services.sessions() as second:
        a = first.scalars(select(Staff).where(Staff.username == "sales01")).one()
        first.commit()  # two counters read the same record, each in its own transaction
        b = second.scalars(select(Staff).where(Staff.username == "sales01")).one()
        second.commit()
        a.display_name = "李晓雯（组长）"
        first.commit()
        b.display_name = "李小雯"
        with pytest.raises(StaleDataError):
            second.commit()


def _quote():
    cart = Cart(D("5999"), D("800"), D("500"), date(2026, 11, 23), "iPhone 17")
    (quote,) = quote_plans(cart, demo_rate_table(), method=Method.EQUAL_INSTALLMENT, term=12)
    return quote


def test_a_saved_quote_commits_with_its_audit_entry_and_outbox_event(services):
    with services.unit_of_work() as uow:
        terminal = uow.catalog.terminal()
        staff = uow.session.scalars(select(Staff).where(Staff.username == "sales01")).one()
        record = save_quote(
            uow,
            _quote(),
            terminal_id=terminal.id,
            staff_id=staff.id,
        )
    with services.sessions() as session:
        stored = session.get(QuoteRecord, record.id)
        assert stored.financed == D("4699.00") and stored.apr == D("0.119998")
        assert stored.document["schedule"][11]["remaining"] == "0.00"
        (event,) = Outbox(session).pending()
        assert (event.entity, event.entity_id, event.entity_version) == ("quotes", record.id, 1)
        audit = session.scalars(select(AuditEntry)).one()
        assert audit.rule_version == "demo-2026.11-1" and audit.staff_id == staff.id


def test_a_failed_sale_step_leaves_neither_quote_nor_event(services):
    with pytest.raises(RuntimeError), services.unit_of_work() as uow:
        terminal = uow.catalog.terminal()
        staff = uow.session.scalars(select(Staff).where(Staff.username == "sales01")).one()
        save_quote(
            uow,
            _quote(),
            terminal_id=terminal.id,
            staff_id=staff.id,
        )
        raise RuntimeError("printer caught fire")
    with services.sessions() as session:
        assert session.scalar(select(func.count()).select_from(QuoteRecord)) == 0
        assert session.scalar(select(func.count()).select_from(OutboxEvent)) == 0


def test_a_sqlite_file_is_copied_aside_before_its_schema_moves(sqlite_url):
    from storage.migrate import _backup

    services = open_services(sqlite_url, create=True)
    load_demo(services)
    backup = _backup(services.engine, "0001")
    services.close()
    assert backup is not None and backup.name.startswith("fenqi.sqlite3.before-0001-")
    copy = open_services(f"sqlite:///{backup}")
    with copy.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Product)) == 26
    copy.close()


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_the_database_key_and_their_folders_are_owner_only(tmp_path, monkeypatch):
    monkeypatch.setenv("FENQI_KEY_FILE", str(tmp_path / "keys" / "fenqi.key"))
    services = open_services(f"sqlite:///{tmp_path / 'data' / 'fenqi.sqlite3'}", create=True)
    services.close()
    for path, mode in [
        (tmp_path / "data", 0o700),
        (tmp_path / "data" / "fenqi.sqlite3", 0o600),
        (tmp_path / "keys", 0o700),
        (tmp_path / "keys" / "fenqi.key", 0o600),
    ]:
        assert stat.S_IMODE(path.stat().st_mode) == mode, path


def test_a_known_id_number_with_another_name_changes_nothing_but_is_kept_apart(services):
    impostor = CustomerData(
        id_number=CUSTOMER.id_number, name="冒名者", phone="13900000000", address="伪造地址 1 号"
    )
    with services.sessions.begin() as session:
        terminal_id = Catalog(session).terminal().id
        first = Customers(session, services.cipher).save(CUSTOMER, terminal_id=terminal_id)
        second = Customers(session, services.cipher).save(impostor, terminal_id=terminal_id)
        assert first.id == second.id and Customers(session, services.cipher).name_differs(
            second, "冒名者"
        )
    with services.sessions() as session:
        row = Customers(session, services.cipher).find(CUSTOMER.id_number)
        stored = Customers(session, services.cipher).read(row)
        assert stored.name == CUSTOMER.name  # the name on file is never replaced
        assert (stored.phone, stored.address) == ("13900000000", "伪造地址 1 号")
        audit = {
            a.action: a
            for a in session.scalars(select(AuditEntry).where(AuditEntry.entity_id == row.id))
        }
        assert set(audit) == {"customer.created", "customer.updated"}
        update = audit["customer.updated"].details
        assert set(update["previous_encrypted"]) == {"phone", "address"}  # old values, encrypted
        assert CUSTOMER.phone not in str(update)
        events = session.scalars(select(OutboxEvent).where(OutboxEvent.entity_id == row.id)).all()
        assert [e.entity_version for e in events] == [1, 2]


def test_the_known_head_is_the_newest_migration_script():
    from alembic.script import ScriptDirectory

    from storage.migrate import HEAD, _config

    assert ScriptDirectory.from_config(_config()).get_current_head() == HEAD


def test_migration_0014_gives_down_payments_channel_codes_and_live_payments_their_references(
    services, demo_url
):
    from decimal import Decimal

    from alembic import command
    from sqlalchemy import create_engine, text

    from app.services.repayments import record_payment
    from storage.migrate import _config, upgrade_database
    from tests.factories.sales import sell

    number = sell(services, 7)
    with services.unit_of_work() as uow:
        record_payment(uow, number, amount=Decimal("100"), channel="wechat",
                       reference="4200000000777", staff_username="sales01")  # fmt: skip
    engine = create_engine(demo_url)
    try:
        with engine.begin() as connection:  # back to 0013, as a store's database was
            config = _config()
            config.attributes["connection"] = connection
            command.downgrade(config, "0013")
            connection.execute(
                text("UPDATE payments SET channel = '现金' WHERE kind = 'down_payment'")
            )
        upgrade_database(engine)
        with engine.connect() as connection:
            channels = connection.execute(text("SELECT kind, channel FROM payments")).all()
            held = connection.execute(
                text("SELECT channel, reference FROM payment_references")
            ).all()
    finally:
        engine.dispose()
    assert sorted(channels) == [("down_payment", "cash"), ("instalment", "wechat")]
    assert held == [("wechat", "4200000000777")]


def test_a_database_error_never_shows_the_values_it_was_given(db_url):
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    from storage.db import make_engine

    engine = make_engine(db_url)
    secret = "f3a9c1e7b2d4secret-id-hash"
    try:
        with engine.begin() as connection, pytest.raises(DBAPIError) as failed:
            connection.execute(text("SELECT * FROM no_such_table WHERE x = :v"), {"v": secret})
    finally:
        engine.dispose()
    assert secret not in str(failed.value) and "hidden" in str(failed.value)
