"""GB/T 2260 administrative divisions (assets/regions/gb2260.tsv), keyed by 6-digit code."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Region:
    code: str
    province: str
    prefecture: str  # empty for municipalities and direct-administered counties
    county: str
    current: bool

    @property
    def prefix(self) -> str:
        """How an address in this county begins: 广东省广州市天河区, 上海市徐汇区."""
        return self.province + self.prefecture + self.county


@cache
def regions() -> dict[str, Region]:
    """Every code in the table."""
    text = resources.files("assets").joinpath("regions/gb2260.tsv").read_text(encoding="utf-8")
    table = {}
    for line in text.splitlines()[1:]:
        code, province, prefecture, county, current = line.split("\t")
        table[code] = Region(code, province, prefecture, county, current == "1")
    return table


def region_of(id_number: str) -> Region | None:
    """The region an ID number was issued for (its first six digits), if known."""
    return regions().get(id_number[:6])
