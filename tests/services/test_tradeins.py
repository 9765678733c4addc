"""Trade-ins over the database: blocked and stocked IMEIs, a phone taken into stock."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.domain.enums import UnitCondition, UnitStatus
from app.domain.errors import UserError
from app.domain.tradein import Body, Condition, Screen
from app.services.tradeins import accept_trade_in, check_imei_acceptable
from storage.models import AuditEntry, DeviceUnit, OutboxEvent
from tests.domain.test_tradein import BLOCKED_IMEI, IMEI, TABLE, value


def test_a_lost_or_stolen_imei_is_refused(services):
    with services.unit_of_work() as uow, pytest.raises(UserError, match="lost/stolen list"):
        check_imei_acceptable(uow, BLOCKED_IMEI)


def test_an_imei_already_in_stock_is_refused(services):
    with services.unit_of_work() as uow:
        unit = uow.session.scalars(select(DeviceUnit).limit(1)).one()
        with pytest.raises(UserError, match="already in stock"):
            check_imei_acceptable(uow, unit.imei)


def _accept(uow, appraisal):
    terminal = uow.catalog.terminal()
    return accept_trade_in(
        uow,
        appraisal,
        store_id=terminal.store_id,
        terminal_id=terminal.id,
        staff_id=uow.catalog.active_staff("sales01").id,
    )


def test_an_accepted_trade_in_becomes_a_used_unit_in_stock(services):
    appraisal = value(Condition(Screen.SCRATCHES, Body.B, 84))
    with services.unit_of_work() as uow:
        record = _accept(uow, appraisal)
    with services.unit_of_work() as uow:
        unit = uow.session.get(DeviceUnit, record.device_unit_id)
        assert (unit.status, unit.condition, unit.product_id) == (
            UnitStatus.IN_STOCK,
            UnitCondition.USED,
            None,
        )
        assert unit.description == "iPhone 13 128GB 二手 B 级"
        audit = uow.session.scalars(
            select(AuditEntry).where(AuditEntry.entity_id == record.id)
        ).one()
        assert audit.rule_version == TABLE.version and audit.details["credit"] == "1353.00"
        assert uow.session.scalar(select(func.count()).select_from(OutboxEvent)) == 1
        with pytest.raises(UserError, match="already in stock"):
            check_imei_acceptable(uow, IMEI)


def test_a_phone_this_store_sold_comes_back_as_the_same_unit_used(services):
    with services.sessions.begin() as session:
        unit = session.scalars(select(DeviceUnit).limit(1)).one()
        unit.status = UnitStatus.SOLD
        sold_id, sold_imei = unit.id, unit.imei
    with services.unit_of_work() as uow:
        record = _accept(uow, value(imei=sold_imei, model="iPhone 16"))
        assert record.device_unit_id == sold_id
        assert uow.session.get(DeviceUnit, sold_id).condition == UnitCondition.USED


def test_a_refused_phone_is_not_taken_in_and_nothing_is_written(services):
    locked = value(Condition(Screen.PERFECT, Body.A, 95, activation_lock_removed=False))
    with (
        pytest.raises(UserError, match="cannot be traded in"),
        services.unit_of_work() as uow,
    ):
        _accept(uow, locked)
    with services.sessions() as session:
        assert session.scalar(select(func.count()).select_from(DeviceUnit)) == 78
