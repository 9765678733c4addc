"""Trade-ins at the counter: appraise a phone with the chain's table, refuse blocked or
stocked IMEIs, and take an accepted phone into stock."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from app.domain.enums import UnitCondition, UnitStatus
from app.domain.errors import UserError
from app.domain.tradein import (
    Appraisal,
    Condition,
    appraisal_to_json,
    appraise,
    condition_from_json,
    condition_to_json,
)
from storage.models import DeviceUnit, TradeIn
from storage.uow import UnitOfWork
from wire import TradeInPayload, payload


def check_imei_acceptable(uow: UnitOfWork, imei: str) -> None:
    """Refuse an IMEI on the lost/stolen blocklist or already in this store's stock.

    Raises:
        UserError: the reason, in words the salesperson can tell the customer.
    """
    blocked = uow.reference.blocked_imei(imei)
    if blocked is not None:
        raise UserError(
            "IMEI {imei} is on the lost/stolen list ({blocked_reason}; {blocked_source}): do "
            "not accept this phone",
            imei=imei,
            blocked_reason=blocked.reason,
            blocked_source=blocked.source,
        )
    unit = uow.catalog.unit_by_imei(imei)
    if unit is not None and unit.status in (UnitStatus.IN_STOCK, UnitStatus.RESERVED):
        raise UserError(
            "IMEI {imei} is already in stock ({unit_status}): check the phone",
            imei=imei,
            unit_status=unit.status.value,
        )


def appraise_trade_in(
    uow: UnitOfWork,
    *,
    model: str,
    storage_gb: int,
    imei: str,
    condition: Condition,
    new_phone_price: Decimal | None,
) -> Appraisal:
    """The phone appraised against the chain's table, credit capped at the new phone's
    price; an accepted one's IMEI checked as one this store may take in.

    Raises:
        UserError: an unknown model or size, a bad IMEI, a blocked or stocked IMEI.
    """
    appraisal = appraise(
        model=model,
        storage_gb=storage_gb,
        imei=imei,
        condition=condition,
        table=uow.reference.valuation_table(),
        new_phone_price=new_phone_price,
    )
    if appraisal.accepted:
        check_imei_acceptable(uow, appraisal.imei)
    return appraisal


def accept_trade_in(
    uow: UnitOfWork,
    appraisal: Appraisal,
    *,
    store_id: uuid.UUID,
    terminal_id: uuid.UUID,
    staff_id: uuid.UUID,
    customer_id: uuid.UUID | None = None,
) -> TradeIn:
    """Record an accepted trade-in; the phone becomes a used unit in stock.

    A phone this store once sold comes back as the same unit, now used. The trade-in, the
    unit, an audit entry and an outbox event are added to `session` together.

    Raises:
        UserError: the appraisal was not accepted, or the IMEI may not be taken in.
    """
    if not appraisal.accepted or appraisal.condition is None:
        raise UserError(
            "this phone cannot be traded in: {appraisal_reason}", appraisal_reason=appraisal.reason
        )
    check_imei_acceptable(uow, appraisal.imei)
    condition = appraisal.condition
    description = f"{appraisal.model} {appraisal.storage_gb}GB 二手 {condition.body.value} 级"
    unit = uow.catalog.unit_by_imei(appraisal.imei)
    if unit is None:
        unit = DeviceUnit(imei=appraisal.imei, store_id=store_id, product_id=None)
        uow.add(unit)
    unit.store_id, unit.status, unit.condition = store_id, UnitStatus.IN_STOCK, UnitCondition.USED
    unit.description = description
    uow.flush()
    record = TradeIn(
        terminal_id=terminal_id,
        staff_id=staff_id,
        customer_id=customer_id,
        device_unit_id=unit.id,
        model=appraisal.model,
        storage_gb=appraisal.storage_gb,
        imei=appraisal.imei,
        answers=condition_to_json(condition),
        base_price=appraisal.base_price,
        credit=appraisal.credit,
        table_version=appraisal.table_version,
    )
    uow.add(record)
    document = appraisal_to_json(appraisal)
    uow.record_change(
        record,
        terminal_id=terminal_id,
        staff_id=staff_id,
        action="trade_in.accepted",
        rule_version=appraisal.table_version,
        details={"credit": document["credit"], "deductions": document["deductions"]},
        payload=payload(
            TradeInPayload.model_validate(
                {**document, "device_unit_id": unit.id, "description": description}
            )
        ),
    )
    return record


def reappraise(uow: UnitOfWork, doc: dict[str, Any], *, new_phone_price: Decimal) -> Appraisal:
    """Appraise again from a saved appraisal's answers, with today's table and checks, so a
    stale or hand-edited credit never reaches a quote.

    Raises:
        UserError: a malformed document, or a phone that cannot be taken in.
    """
    try:
        model, storage_gb, imei = doc["model"], int(doc["storage_gb"]), str(doc["imei"])
        answers = doc["answers"]
    except (KeyError, TypeError, ValueError):
        raise UserError("appraisal file: not a `fenqi tradein --json` document") from None
    appraisal = appraise(
        model=model,
        storage_gb=storage_gb,
        imei=imei,
        condition=condition_from_json(answers),
        table=uow.reference.valuation_table(),
        new_phone_price=new_phone_price,
    )
    if not appraisal.accepted:
        raise UserError(
            "the trade-in phone cannot be taken: {appraisal_reason}",
            appraisal_reason=appraisal.reason,
        )
    check_imei_acceptable(uow, appraisal.imei)
    return appraisal
