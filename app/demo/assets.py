"""The demo chain's reference documents as shipped in assets/ (TOML): what `init-demo` seeds
into the database, and what tests and benches price and judge with."""

from __future__ import annotations

import tomllib
from importlib import resources
from typing import Any

from app.domain.rates import RateTable, parse_rate_table
from app.domain.risk import RiskRules, parse_risk_rules
from app.domain.tradein import ValuationTable, parse_valuation_table


def asset_toml(name: str) -> dict[str, Any]:
    """A TOML document from assets/, e.g. "risk/demo.toml"."""
    return tomllib.loads(resources.files("assets").joinpath(name).read_text(encoding="utf-8"))


def demo_rate_table() -> RateTable:
    """The demo store's rate table."""
    return parse_rate_table(asset_toml("rates/demo.toml"))


def demo_risk_rules() -> RiskRules:
    """The demo chain's risk pre-check rules."""
    return parse_risk_rules(asset_toml("risk/demo.toml"))


def demo_valuation_table() -> ValuationTable:
    """The demo chain's trade-in table."""
    return parse_valuation_table(asset_toml("tradein/demo.toml"))
