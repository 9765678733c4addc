"""The store manager's figures: the day's review (日结) beside the day before and the same
weekday last week, and the installment book on a date."""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from app.domain.clock import business_day, day_bounds, local
from app.domain.enums import PaymentKind, Role
from app.domain.errors import UserError
from app.domain.money import ZERO, format_yuan
from app.domain.repayment import bucket
from storage.models import DayClose
from storage.uow import UnitOfWork

BUCKET_NAMES = ("1-30", "31-60", "61-90", "90+")
TREND_DAYS = 30
COMPARED = ("day", "previous_day", "same_weekday_last_week")


@dataclass(frozen=True)
class DayFigures:
    """One day's numbers."""

    day: date
    contracts: int
    revenue: Decimal  # the phones' prices
    financed: Decimal
    subsidy: Decimal  # what interest-free plans cost the store
    trade_ins: int
    trade_in_credit: Decimal
    collected: Decimal
    decisions: Counter[str]
    overrides: list[dict[str, str | None]]
    terms: Counter[int]
    methods: Counter[str]
    by_staff: dict[str, dict[str, Any]]

    @property
    def average_ticket(self) -> Decimal:
        return (self.revenue / self.contracts).quantize(Decimal("0.01")) if self.contracts else ZERO

    def headline(self) -> dict[str, Any]:
        """The figures compared day to day (money as text in yuan)."""
        return {
            "contracts": self.contracts,
            "revenue": format_yuan(self.revenue),
            "financed": format_yuan(self.financed),
            "average_ticket": format_yuan(self.average_ticket),
            "interest_free_subsidy": format_yuan(self.subsidy),
            "trade_ins": self.trade_ins,
            "trade_in_credit": format_yuan(self.trade_in_credit),
            "collected": format_yuan(self.collected),
            "approved": self.decisions["approve"],
            "reviewed": self.decisions["review"],
            "central": self.decisions["central"],
            "declined": self.decisions["decline"],
            "overrides": len(self.overrides),
        }


def day_figures(uow: UnitOfWork, day: date) -> DayFigures:
    """Everything signed, decided, taken in and collected on the store-local `day`."""
    reports = uow.reports
    start, end = day_bounds(day)
    sold = reports.contracts(start, end)
    decided = reports.decisions(start, end)
    count, credit = reports.trade_ins(start, end)
    by_staff: dict[str, dict[str, Any]] = {}
    for c in sold:
        row = by_staff.setdefault(c.staff, {"contracts": 0, "revenue": ZERO, "financed": ZERO})
        row["contracts"] += 1
        row["revenue"] += c.price
        row["financed"] += c.financed
    for d in decided:
        row = by_staff.setdefault(d.staff, {"contracts": 0, "revenue": ZERO, "financed": ZERO})
        row["applications"] = row.get("applications", 0) + 1
    return DayFigures(
        day=day,
        contracts=len(sold),
        revenue=sum((c.price for c in sold), ZERO),
        financed=sum((c.financed for c in sold), ZERO),
        subsidy=sum((c.subsidy for c in sold), ZERO),
        trade_ins=count,
        trade_in_credit=credit,
        collected=reports.collected(start, end),
        decisions=Counter(d.decision for d in decided),
        overrides=[
            {
                "staff": d.staff,
                "decision": d.override,
                "by": d.override_by,
                "why": d.override_reason,
            }
            for d in decided
            if d.override is not None
        ],
        terms=Counter(c.term for c in sold),
        methods=Counter(c.method for c in sold),
        by_staff=by_staff,
    )


def daily_report(uow: UnitOfWork, day: date) -> dict[str, Any]:
    """The day's review: its figures beside the day before and the same weekday last week,
    the term and method mix, overrides with who and why, and each salesperson's day."""
    today = day_figures(uow, day)
    before = day_figures(uow, day - timedelta(days=1))
    last_week = day_figures(uow, day - timedelta(days=7))
    reports = uow.reports
    start, end = day_bounds(day)
    hours = Counter(local(c.signed_at).hour for c in reports.contracts(start, end))
    first_day = day - timedelta(days=TREND_DAYS - 1)
    first, _ = day_bounds(first_day)
    per_day = Counter(local(c.signed_at).date() for c in reports.contracts(first, end))
    other = reports.other_sales(first_day, day)
    days = [day - timedelta(days=k) for k in range(TREND_DAYS - 1, -1, -1)]
    penetration = {d: _penetration(per_day[d], other.get(d)) for d in days}
    return {
        "till": _till(reports.taken_by_channel(start, end)),
        "by_hour": {str(h): n for h, n in sorted(hours.items())},
        "trend": [
            {
                "day": d.isoformat(),
                "contracts": per_day[d],
                "penetration": penetration[d],
            }
            for d in days
        ],
        "day": day.isoformat(),
        "figures": {
            name: {
                "day": value,
                "previous_day": before.headline()[name],
                "same_weekday_last_week": last_week.headline()[name],
            }
            for name, value in today.headline().items()
        }
        | {
            "installment_penetration": {
                "day": penetration[day],
                "previous_day": penetration[day - timedelta(days=1)],
                "same_weekday_last_week": penetration[day - timedelta(days=7)],
            }
        },
        # installment sales / all phone sales; None until the day is closed with the till's
        # count of the phones it sold without installments (this program does not see them)
        "installment_penetration": penetration[day],
        "other_sales": other.get(day),
        "term_mix": {str(k): v for k, v in sorted(today.terms.items())},
        "method_mix": dict(sorted(today.methods.items())),
        "overrides": today.overrides,
        "by_staff": {
            name: {
                "contracts": row["contracts"],
                "applications": row.get("applications", 0),
                "revenue": format_yuan(row["revenue"]),
                "financed": format_yuan(row["financed"]),
            }
            for name, row in sorted(today.by_staff.items())
        },
    }


def book(uow: UnitOfWork, on: date, *, today: date | None = None) -> dict[str, Any]:
    """The installment book as it stood at the end of `on`: live contracts, what they still
    owe (principal and interest/fee; late fees are not in it), what is overdue by bucket
    (amount and contracts), the overdue rates, and what was collected that day. Today's book
    reads the running balances; a past day's is counted from the payments received by then
    and the contracts signed by then.

    Raises:
        UserError: a day that has not happened yet.
    """
    today = today or business_day()
    if on > today:
        raise UserError("{day} has not happened yet: the book is kept to today", day=on)
    reports = uow.reports
    start, end = day_bounds(on)
    if on == today:
        live = reports.live_contracts()
        outstanding, principal = reports.owed()
        overdue = reports.overdue_contracts(on)
    else:
        live, outstanding, principal, overdue = reports.book_as_of(on, end)
    counts = dict.fromkeys(BUCKET_NAMES, 0)
    amounts = dict.fromkeys(BUCKET_NAMES, ZERO)
    for _, oldest, amount in overdue:  # a contract is as late as its oldest instalment
        name = bucket((on - oldest).days)
        assert name is not None
        counts[name] += 1
        amounts[name] += amount
    overdue_amount = sum((amount for _, _, amount in overdue), ZERO)
    return {
        "on": on.isoformat(),
        "live_contracts": live,
        "outstanding": format_yuan(outstanding),
        "late_fees_in_outstanding": False,  # as `fenqi contract`: they are its `late_fees`
        "outstanding_principal": format_yuan(principal),
        "overdue": {
            name: {"contracts": counts[name], "amount": format_yuan(amounts[name])}
            for name in BUCKET_NAMES
        },
        "overdue_rate_by_amount": _rate(overdue_amount, outstanding),
        "overdue_rate_by_count": _rate(Decimal(len(overdue)), Decimal(live)),
        "collected_today": format_yuan(reports.collected(start, end)),
    }


def _till(taken: list[tuple[PaymentKind, str, Decimal]]) -> dict[str, Any]:
    """The day's money by channel: down payments taken at signing and repayments (instalments
    and payoffs, reversals subtracted), so the cash and each channel reconcile from it."""
    down: dict[str, Decimal] = {}
    repaid: dict[str, Decimal] = {}
    for kind, channel, amount in taken:
        into = down if kind is PaymentKind.DOWN_PAYMENT else repaid
        into[channel] = into.get(channel, ZERO) + amount
    return {
        "down_payments": {c: format_yuan(a) for c, a in sorted(down.items())},
        "repayments": {c: format_yuan(a) for c, a in sorted(repaid.items())},
        "total": format_yuan(sum(down.values(), ZERO) + sum(repaid.values(), ZERO)),
    }


def _rate(part: Decimal, whole: Decimal) -> str:
    return f"{(part / whole):.4f}" if whole else "0.0000"


def figures_csv(document: dict[str, Any]) -> str:
    """One row per figure: the day, the day before, the same weekday last week (daily), or
    one row per figure of the book."""
    out = io.StringIO()
    writer = csv.writer(out)
    if "figures" in document:
        writer.writerow(["figure", document["day"], "previous_day", "same_weekday_last_week"])
        for name, values in document["figures"].items():
            writer.writerow([name, *("" if values[k] is None else values[k] for k in COMPARED)])
        for name, row in document["by_staff"].items():
            writer.writerow([f"staff {name} contracts", row["contracts"], "", ""])
        return out.getvalue()
    writer.writerow(["figure", document["on"]])
    for name, value in document.items():
        if name == "overdue":
            for bucket, b in value.items():
                writer.writerow([f"overdue {bucket} days contracts", b["contracts"]])
                writer.writerow([f"overdue {bucket} days amount", b["amount"]])
        elif name != "on":
            writer.writerow([name, value])
    return out.getvalue()


def _penetration(contracts: int, other_sales: int | None) -> str | None:
    if other_sales is None or contracts + other_sales == 0:
        return None
    return f"{contracts / (contracts + other_sales):.4f}"


def close_day(
    uow: UnitOfWork, day: date, *, other_sales: int, staff_username: str, now: datetime
) -> None:
    """Close the business day (日结) with the till's count of the phones it sold without
    installments that day; closing again corrects the count.

    Raises:
        UserError: a negative count, a day in the future, or not a manager.
    """
    if other_sales < 0:
        raise UserError("the till's sales cannot be negative (got {count})", count=other_sales)
    if day > business_day(now):
        raise UserError("{day} has not happened yet: close a day that is over", day=day)
    staff = uow.catalog.active_staff(staff_username)
    if staff.role not in (Role.MANAGER, Role.ADMIN):
        raise UserError(
            "only a store manager closes the day ('{username}' is not one)", username=staff_username
        )
    closed = uow.get(DayClose, day)
    if closed is None:
        closed = DayClose(day=day)
        uow.add(closed)
    closed.other_sales, closed.closed_by, closed.closed_at = other_sales, staff.id, now
