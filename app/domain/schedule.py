"""Repayment schedules for each method, due dates, and the true annual rate (IRR method)."""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, localcontext

from app.domain.money import ZERO, round_fen
from app.domain.rates import Method


@dataclass(frozen=True)
class Installment:
    """One row of a repayment schedule; `remaining` is the principal still owed after it."""

    n: int
    due_date: date
    principal: Decimal
    interest_or_fee: Decimal
    payment: Decimal
    remaining: Decimal


def add_months(start: date, months: int) -> date:
    """The same day-of-month `months` later, clamped to month end (31 Jan + 1 → 28/29 Feb)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def level_payment(financed: Decimal, monthly_rate: Decimal, term: int) -> Decimal:
    """The equal-installment (等额本息) monthly payment, rounded to the fen."""
    if monthly_rate == 0:
        return round_fen(financed / term)
    with localcontext() as ctx:
        ctx.prec = 34
        growth = (1 + monthly_rate) ** term
        return round_fen(financed * monthly_rate * growth / (growth - 1))


def build_schedule(
    *, method: Method, financed: Decimal, term: int, rate: Decimal, start: date
) -> list[Installment]:
    """The full schedule. Σprincipal = financed exactly; the last row absorbs rounding.

    Args:
        method: repayment method.
        financed: amount financed, in yuan (whole fen).
        term: number of monthly instalments.
        rate: nominal annual rate (equal installment/principal), monthly fee rate (flat fee),
            ignored for interest-free.
        start: contract date; instalment n falls due n months later.
    """
    monthly_rate = rate / 12
    even_principal = round_fen(financed / term)
    payment = level_payment(financed, monthly_rate, term)
    flat_fee = round_fen(financed * rate)
    rows: list[Installment] = []
    remaining = financed
    for n in range(1, term + 1):
        if method is Method.EQUAL_INSTALLMENT:
            charge = round_fen(remaining * monthly_rate)
            principal = min(payment - charge, remaining)
        elif method is Method.EQUAL_PRINCIPAL:
            charge = round_fen(remaining * monthly_rate)
            principal = min(even_principal, remaining)
        elif method is Method.FLAT_FEE:
            charge = flat_fee
            principal = min(even_principal, remaining)
        else:
            charge = ZERO
            principal = min(even_principal, remaining)
        if n == term:
            principal = remaining
        remaining -= principal
        rows.append(
            Installment(n, add_months(start, n), principal, charge, principal + charge, remaining)
        )
    return rows


def monthly_irr(financed: Decimal, payments: Sequence[Decimal]) -> Decimal:
    """The monthly internal rate of return of −financed now and `payments` at months 1..n.

    Newton's method in 34-digit decimal arithmetic; the net present value is strictly
    decreasing in the rate for positive payments, so the root is unique.
    """
    total = sum(payments, ZERO)
    if total == financed:
        return Decimal(0)
    with localcontext() as ctx:
        ctx.prec = 34
        n = len(payments)
        rate = 2 * (total - financed) / (financed * (n + 1))  # the flat-rate approximation
        for _ in range(100):
            discount = 1 / (1 + rate)
            factor, npv, slope = Decimal(1), -financed, Decimal(0)
            for k, amount in enumerate(payments, start=1):
                factor *= discount
                npv += amount * factor
                slope -= k * amount * factor * discount
            step = npv / slope
            rate -= step
            if abs(step) < Decimal("1e-20"):
                break
        else:  # pragma: no cover - Newton converges in < 10 steps for any real schedule
            raise ArithmeticError("IRR did not converge")
    return rate
