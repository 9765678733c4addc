"""The store's rate table: which plans are offered, at what rates, and the fee rules.

A rate table is versioned data (assets/rates/*.toml, later synced from the central server);
this module is its one loader. Every quote carries the version it was priced with.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from app.domain.errors import UserError

APR_CEILING = Decimal("0.36")  # no true annual rate above this is enforced by the courts


class Method(StrEnum):
    """Repayment methods offered at the counter."""

    EQUAL_INSTALLMENT = "equal_installment"  # 等额本息
    EQUAL_PRINCIPAL = "equal_principal"  # 等额本金
    FLAT_FEE = "flat_fee"  # 月手续费
    INTEREST_FREE = "interest_free"  # 免息

    @property
    def label(self) -> str:
        """The Chinese name shown to the customer."""
        return _LABELS[self]


_LABELS = {
    Method.EQUAL_INSTALLMENT: "等额本息",
    Method.EQUAL_PRINCIPAL: "等额本金",
    Method.FLAT_FEE: "月手续费",
    Method.INTEREST_FREE: "免息",
}


@dataclass(frozen=True)
class Offer:
    """One plan the store offers.

    `rate` is the nominal annual rate for equal installment/principal, the monthly fee rate
    of the financed amount for flat fee, and zero for interest-free. `models` limits the
    offer to those product models (empty: every product). For interest-free plans the store
    pays the funder `merchant_fee_rate` of the financed amount (its subsidy).
    """

    method: Method
    term: int
    rate: Decimal
    models: tuple[str, ...] = ()
    merchant_fee_rate: Decimal = Decimal(0)
    early_payoff_fee_rate: Decimal | None = None

    def applies_to(self, model: str | None) -> bool:
        """Whether a cart holding `model` (None: a bare price) may take this offer."""
        return not self.models or (model is not None and model in self.models)


@dataclass(frozen=True)
class RateTable:
    """A store's complete, versioned pricing rules."""

    version: str
    funder: str
    offers: tuple[Offer, ...]
    rate_bounds: dict[Method, tuple[Decimal, Decimal]]
    min_financed: Decimal
    max_financed: Decimal
    apr_cap: Decimal
    early_payoff_fee_rate: Decimal
    late_fee_daily_rate: Decimal
    late_fee_grace_days: int
    late_fee_cap_rate: Decimal
    document: dict[str, Any]

    @property
    def terms(self) -> list[int]:
        """Every term offered by some plan, ascending."""
        return sorted({o.term for o in self.offers})

    def offer_for(self, method: Method, term: int) -> Offer | None:
        """The table's offer for this method and term, if any."""
        return next((o for o in self.offers if o.method == method and o.term == term), None)

    def payoff_fee_rate(self, offer: Offer) -> Decimal:
        """The early-payoff fee rate for an offer (a promotion may waive it)."""
        if offer.early_payoff_fee_rate is not None:
            return offer.early_payoff_fee_rate
        return self.early_payoff_fee_rate


def _dec(doc: dict[str, Any], key: str, where: str) -> Decimal:
    raw = doc.get(key)
    if not isinstance(raw, str):
        raise UserError(
            "rate table {where}: '{key}' must be a decimal written as a string",
            where=where,
            key=key,
        )
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise UserError(
            "rate table {where}: '{key}' = '{raw}' is not a decimal", where=where, key=key, raw=raw
        ) from None
    if not value.is_finite():
        raise UserError(
            "rate table {where}: '{key}' = '{raw}' is not a decimal", where=where, key=key, raw=raw
        )
    return value


def parse_rate_table(doc: dict[str, Any]) -> RateTable:
    """Build a RateTable from its document (the parsed TOML), checking every value.

    Raises:
        UserError: a missing, malformed or inconsistent value, named.
    """
    version = doc.get("version")
    if not isinstance(version, str) or not version:
        raise UserError("rate table: 'version' is missing")
    bounds: dict[Method, tuple[Decimal, Decimal]] = {}
    for name, b in doc.get("rate_bounds", {}).items():
        try:
            method = Method(name)
        except ValueError:
            raise UserError(
                "rate table: unknown method '{name}' in rate_bounds", name=name
            ) from None
        bounds[method] = (
            _dec(b, "min", f"rate_bounds.{name}"),
            _dec(b, "max", f"rate_bounds.{name}"),
        )
    offers = []
    for i, o in enumerate(doc.get("offers", [])):
        where = f"offers[{i}]"
        try:
            method = Method(o.get("method"))
        except ValueError:
            raise UserError(
                "rate table {where}: unknown method '{value}'", where=where, value=o.get("method")
            ) from None
        term = o.get("term")
        if not isinstance(term, int) or term < 1:
            raise UserError(
                "rate table {where}: 'term' must be a whole number of months", where=where
            )
        rate = Decimal(0) if method is Method.INTEREST_FREE else _dec(o, "rate", where)
        low, high = bounds.get(method, (Decimal(0), Decimal(0)))
        if method is not Method.INTEREST_FREE and not low <= rate <= high:
            raise UserError(
                "rate table {where}: rate {rate} is outside the bounds {low}–{high}",
                where=where,
                rate=rate,
                low=low,
                high=high,
            )
        offers.append(
            Offer(
                method=method,
                term=term,
                rate=rate,
                models=tuple(o.get("models", ())),
                merchant_fee_rate=_dec(o, "merchant_fee_rate", where)
                if "merchant_fee_rate" in o
                else Decimal(0),
                early_payoff_fee_rate=_dec(o, "early_payoff_fee_rate", where)
                if "early_payoff_fee_rate" in o
                else None,
            )
        )
    if not offers:
        raise UserError("rate table: no offers")
    fees = doc.get("fees", {})
    limits = doc.get("limits", {})
    grace = fees.get("late_fee_grace_days", 0)
    if not isinstance(grace, int) or isinstance(grace, bool) or not 0 <= grace <= 30:
        raise UserError(
            "rate table {where}: '{key}' must be a whole number 0–30",
            where="fees",
            key="late_fee_grace_days",
        )
    low, high = _money(limits, "min_financed"), _money(limits, "max_financed")
    if low > high:
        raise UserError(
            "rate table {where}: {low_key} {low} is above {high_key} {high}",
            where="limits",
            low_key="min_financed",
            low=low,
            high_key="max_financed",
            high=high,
        )
    apr_cap = _dec(limits, "apr_cap", "limits")
    if not 0 < apr_cap <= APR_CEILING:
        raise UserError(
            "rate table {where}: '{key}' = {cap} must be above 0 and at most {ceiling} (the "
            "law's 36 % ceiling on a true annual rate)",
            where="limits",
            key="apr_cap",
            cap=apr_cap,
            ceiling=APR_CEILING,
        )
    return RateTable(
        version=version,
        funder=str(doc.get("funder", "")),
        offers=tuple(offers),
        rate_bounds=bounds,
        min_financed=low,
        max_financed=high,
        apr_cap=apr_cap,
        early_payoff_fee_rate=_share(fees, "early_payoff_fee_rate"),
        late_fee_daily_rate=_share(fees, "late_fee_daily_rate"),
        late_fee_grace_days=grace,
        late_fee_cap_rate=_share(fees, "late_fee_cap_rate"),
        document=doc,
    )


def _money(doc: dict[str, Any], key: str) -> Decimal:
    value = _dec(doc, key, "limits")
    if value < 0 or value != value.quantize(Decimal("0.01")):
        raise UserError(
            "rate table {where}: '{key}' = {value} must be yuan in whole fen, 0 or more",
            where="limits",
            key=key,
            value=value,
        )
    return value


def _share(doc: dict[str, Any], key: str) -> Decimal:
    """A fee rate: a share from 0 up to (not including) the whole."""
    value = _dec(doc, key, "fees")
    if not 0 <= value < 1:
        raise UserError(
            "rate table {where}: '{key}' = {value} must be a rate from 0 to below 1",
            where="fees",
            key=key,
            value=value,
        )
    return value
