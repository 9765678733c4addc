"""One plan as the customer compares it: the same figures, worded the same way, in the
window's comparison, `fenqi quote` and the signed contract's disclosure."""

from __future__ import annotations

from dataclasses import astuple, dataclass

from app.domain.contract import nominal_rate, percent
from app.domain.money import format_yuan, round_fen
from app.domain.quote import Quote

HEADERS = (
    "方案",
    "期数",
    "首月月供",
    "名义利率",
    "年化利率(IRR)",
    "利息/手续费",
    "总还款",
    "每天利息",
)


@dataclass(frozen=True)
class PlanRow:
    """A plan's cells, in the order of HEADERS."""

    method: str
    term: str
    first_payment: str
    nominal: str
    apr: str
    charges: str
    total_payable: str
    charges_per_day: str

    def cells(self) -> list[str]:
        """The row as a table shows it."""
        return list(astuple(self))


def plan_row(quote: Quote) -> PlanRow:
    """The plan's row: its charges per day are the interest or fees over the days from the
    contract date to the last instalment (what borrowing costs a day, beside the cash price)."""
    days = (quote.schedule[-1].due_date - quote.cart.start).days
    return PlanRow(
        method=quote.method.label,
        term=str(quote.term),
        first_payment=format_yuan(quote.first_payment),
        nominal=nominal_rate(quote),
        apr=percent(quote.apr),
        charges=format_yuan(quote.total_interest_or_fees),
        total_payable=format_yuan(quote.total_payable),
        charges_per_day=format_yuan(round_fen(quote.total_interest_or_fees / days)),
    )
