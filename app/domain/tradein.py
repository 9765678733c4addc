"""Trade-in appraisal (以旧换新估价): a base buy-back price less itemised condition deductions.

The valuation table is versioned data (assets/tradein/*.toml); this module is its loader and
the only place a trade-in credit is computed.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import StrEnum
from typing import Any

from stdnum import imei as imei_check
from stdnum.exceptions import ValidationError

from app.domain.errors import UserError
from app.domain.money import ZERO, format_yuan, round_fen


class Screen(StrEnum):
    PERFECT = "perfect"
    SCRATCHES = "scratches"
    CRACKED = "cracked"


class Body(StrEnum):
    A = "A"
    B = "B"
    C = "C"


class Fault(StrEnum):
    CAMERA = "camera"
    BIOMETRICS = "biometrics"
    SPEAKERS = "speakers"
    CHARGING = "charging"


SCREEN_LABELS = {
    Screen.PERFECT: "屏幕完好",
    Screen.SCRATCHES: "屏幕划痕",
    Screen.CRACKED: "屏幕碎裂",
}
FAULT_LABELS = {
    "camera": "摄像头故障",
    "biometrics": "面容/指纹故障",
    "speakers": "扬声器故障",
    "charging": "充电故障",
    "water_damage": "进水",
}


@dataclass(frozen=True)
class Condition:
    """The answers to the condition questionnaire."""

    screen: Screen
    body: Body
    battery_health: int
    faults: frozenset[Fault] = frozenset()
    water_damage: bool = False
    activation_lock_removed: bool = True


@dataclass(frozen=True)
class ValuationTable:
    """Base buy-back prices per model and storage, and the deduction rates."""

    version: str
    min_credit: Decimal
    base_prices: dict[tuple[str, int], Decimal]
    screen: dict[Screen, Decimal]
    body: dict[Body, Decimal]
    battery_bands: tuple[tuple[int, Decimal], ...]
    faults: dict[Fault, Decimal]
    water_damage: Decimal

    def base_price(self, model: str, storage_gb: int) -> Decimal:
        """The base price for a model and storage.

        Raises:
            UserError: the model or storage is not in the table (naming what is).
        """
        price = self.base_prices.get((model, storage_gb))
        if price is not None:
            return price
        sizes = sorted(gb for m, gb in self.base_prices if m == model)
        if sizes:
            raise UserError(
                "{model} {storage_gb}GB is not in the trade-in table (sizes: {sizes})",
                model=model,
                storage_gb=storage_gb,
                sizes=sizes,
            )
        raise UserError(
            "model '{model}' is not in the trade-in table {version}",
            model=model,
            version=self.version,
        )


def parse_valuation_table(doc: dict[str, Any]) -> ValuationTable:
    """Build a ValuationTable from its document, checking its values: money in whole fen and
    0 or more, deduction rates from 0 to 1, battery bands ending at 0.

    Raises:
        UserError: a missing, mistyped or out-of-bounds value, named by its path.
    """
    try:
        d = doc["deductions"]
        bands = tuple(
            sorted(
                ((b["min"], _share(b["rate"], "deductions.battery.rate")) for b in d["battery"]),
                reverse=True,
            )
        )
        if not bands or bands[-1][0] != 0:
            raise UserError("trade-in table: the battery bands must end with min = 0")
        return ValuationTable(
            version=doc["version"],
            min_credit=_yuan(doc["min_credit"], "min_credit"),
            base_prices={
                (m["model"], m["storage_gb"]): _yuan(m["base"], f"models.{m['model']}.base")
                for m in doc["models"]
            },
            screen={Screen(k): _share(v, f"deductions.screen.{k}") for k, v in d["screen"].items()},
            body={Body(k): _share(v, f"deductions.body.{k}") for k, v in d["body"].items()},
            battery_bands=bands,
            faults={Fault(k): _share(v, f"deductions.faults.{k}") for k, v in d["faults"].items()},
            water_damage=_share(d["other"]["water_damage"], "deductions.other.water_damage"),
        )
    except KeyError as exc:
        raise UserError("trade-in table: {key} is missing", key=exc.args[0]) from None
    except (TypeError, ValueError, AttributeError) as exc:  # an unknown code, a wrong type
        raise UserError("trade-in table: a value is not what it should be ({problem})",
                        problem=exc) from None  # fmt: skip


def _number(value: Any, path: str) -> Decimal:
    try:
        number = (
            Decimal(value) if isinstance(value, str | int) and not isinstance(value, bool) else None
        )
    except ArithmeticError:
        number = None
    if number is None or not number.is_finite():
        raise UserError(
            "trade-in table: '{path}' = {value!r} is not a decimal", path=path, value=value
        )
    return number


def _yuan(value: Any, path: str) -> Decimal:
    amount = _number(value, path)
    if amount < 0 or amount != amount.quantize(Decimal("0.01")):
        raise UserError(
            "trade-in table: '{path}' = {value!r} must be yuan in whole fen, 0 or more",
            path=path,
            value=value,
        )
    return amount


def _share(value: Any, path: str) -> Decimal:
    rate = _number(value, path)
    if not 0 <= rate <= 1:
        raise UserError(
            "trade-in table: '{path}' = {value!r} must be a share from 0 to 1",
            path=path,
            value=value,
        )
    return rate


def normalise_imei(text: str) -> str:
    """The 15-digit IMEI (as `*#06#` shows it) with a valid Luhn check digit.

    python-stdnum also accepts 14 digits (no check digit) and 16 (IMEISV); at the counter
    only the full 15 digits can be verified, so only they are taken.

    Raises:
        UserError: wrong length, not digits, or a wrong check digit.
    """
    number = text.strip().replace(" ", "").replace("-", "")
    if len(number) != 15 or not number.isdigit():
        raise UserError(
            "IMEI '{text}' is not valid: it must be the 15 digits shown by *#06#", text=text
        )
    try:
        return str(imei_check.validate(number))
    except ValidationError:  # digits and length are checked above: the Luhn digit is wrong
        raise UserError(
            "IMEI '{text}' is not valid: its last digit (the check digit) does not match "
            "the others: check it against *#06# or the box",
            text=text,
        ) from None


@dataclass(frozen=True)
class Deduction:
    """One line of the appraisal: what was found and what it costs."""

    code: str
    label: str
    rate: Decimal
    amount: Decimal


@dataclass(frozen=True)
class Appraisal:
    """The trade-in offer, itemised. `accepted` False means no trade-in, for `reason`."""

    model: str
    storage_gb: int
    imei: str
    base_price: Decimal
    deductions: tuple[Deduction, ...]
    credit: Decimal
    accepted: bool
    reason: str | None
    table_version: str
    capped_at_price: bool = False
    condition: Condition | None = field(default=None, compare=False)

    @property
    def value(self) -> Decimal:
        """Base price less deductions, before any cap at the new phone's price."""
        return self.base_price - sum((d.amount for d in self.deductions), ZERO)


def _battery_rate(table: ValuationTable, health: int) -> Decimal:
    return next(rate for minimum, rate in table.battery_bands if health >= minimum)


def appraise(
    *,
    model: str,
    storage_gb: int,
    imei: str,
    condition: Condition,
    table: ValuationTable,
    new_phone_price: Decimal | None = None,
) -> Appraisal:
    """Appraise a trade-in phone.

    Each deduction is a fraction of the base price, listed separately; the credit never
    exceeds the new phone's price. A phone whose activation lock is still on, or whose value
    falls below the table's minimum, is not accepted (credit 0, with the reason).

    Raises:
        UserError: an invalid IMEI, an unknown model, or a battery health outside 0–100.
    """
    imei = normalise_imei(imei)
    if not 0 <= condition.battery_health <= 100:
        raise UserError(
            "battery health must be 0–100% (got {condition_battery_health})",
            condition_battery_health=condition.battery_health,
        )
    base = table.base_price(model, storage_gb)
    found: list[tuple[str, str, Decimal]] = [
        ("screen", SCREEN_LABELS[condition.screen], table.screen[condition.screen]),
        ("body", f"外观 {condition.body.value} 级", table.body[condition.body]),
        (
            "battery",
            f"电池健康 {condition.battery_health}%",
            _battery_rate(table, condition.battery_health),
        ),
    ]
    found += [(f.value, FAULT_LABELS[f.value], table.faults[f]) for f in sorted(condition.faults)]
    if condition.water_damage:
        found.append(("water_damage", FAULT_LABELS["water_damage"], table.water_damage))
    deductions, left = [], base
    for code, label, rate in found:
        if rate == 0:
            continue
        amount = min(round_fen(base * rate), left)
        left -= amount
        deductions.append(Deduction(code, label, rate, amount))
    capped = new_phone_price is not None and left > new_phone_price
    appraisal = Appraisal(
        model=model,
        storage_gb=storage_gb,
        imei=imei,
        base_price=base,
        deductions=tuple(deductions),
        credit=min(left, new_phone_price) if new_phone_price is not None else left,
        accepted=True,
        reason=None,
        table_version=table.version,
        capped_at_price=capped,
        condition=condition,
    )
    if not condition.activation_lock_removed:
        reason = "设备账号/激活锁未解除，不能回收：请顾客当面退出账号后重新估价"
        return replace(appraisal, credit=ZERO, accepted=False, reason=reason, capped_at_price=False)
    if left < table.min_credit:
        reason = f"估价 {format_yuan(left)} 元低于最低回收价 {format_yuan(table.min_credit)} 元"
        return replace(appraisal, credit=ZERO, accepted=False, reason=reason, capped_at_price=False)
    return appraisal


def condition_to_json(condition: Condition) -> dict[str, Any]:
    """The questionnaire answers as stored and printed."""
    return {
        "screen": condition.screen.value,
        "body": condition.body.value,
        "battery_health": condition.battery_health,
        "faults": sorted(f.value for f in condition.faults),
        "water_damage": condition.water_damage,
        "activation_lock_removed": condition.activation_lock_removed,
    }


def condition_from_json(doc: dict[str, Any]) -> Condition:
    """Questionnaire answers from their JSON form.

    Raises:
        UserError: a missing or unknown answer, named.
    """
    try:
        return Condition(
            screen=Screen(doc["screen"]),
            body=Body(str(doc["body"]).upper()),
            battery_health=int(doc["battery_health"]),
            faults=frozenset(Fault(f) for f in doc.get("faults", ())),
            water_damage=bool(doc.get("water_damage", False)),
            activation_lock_removed=bool(doc.get("activation_lock_removed", True)),
        )
    except KeyError as exc:
        raise UserError("trade-in answers: {exc_args} is missing", exc_args=exc.args[0]) from None
    except ValueError as exc:
        raise UserError("trade-in answers: {exc}", exc=exc) from None


def appraisal_to_json(appraisal: Appraisal) -> dict[str, Any]:
    """The `fenqi tradein --json` document (answers included, to re-appraise later)."""
    return {
        "model": appraisal.model,
        "storage_gb": appraisal.storage_gb,
        "imei": appraisal.imei,
        "accepted": appraisal.accepted,
        "reason": appraisal.reason,
        "base_price": format_yuan(appraisal.base_price),
        "deductions": [
            {
                "code": d.code,
                "label": d.label,
                "rate": f"{d.rate.normalize():f}",
                "amount": format_yuan(d.amount),
            }
            for d in appraisal.deductions
        ],
        "value": format_yuan(appraisal.value),
        "credit": format_yuan(appraisal.credit),
        "capped_at_price": appraisal.capped_at_price,
        "table_version": appraisal.table_version,
        "answers": None if appraisal.condition is None else condition_to_json(appraisal.condition),
    }
