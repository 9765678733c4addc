"""One business clock: every date a customer sees or a rule uses is the store's local date
(a sale at 07:30 in Shanghai is 23:30 UTC the day before). Times are stored in UTC."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from app.domain.errors import EnvironmentProblem

DEFAULT_STORE_TZ = "Asia/Shanghai"
CLOCK_TOLERANCE_S = 300  # a terminal clock further than this from the chain server's: no signing


@cache
def store_tz() -> ZoneInfo:
    """The store's time zone: the setting FENQI_STORE_TZ, else Asia/Shanghai.

    Raises:
        EnvironmentProblem: the setting names no time zone.
    """
    name = os.environ.get("FENQI_STORE_TZ") or DEFAULT_STORE_TZ
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise EnvironmentProblem(
            "FENQI_STORE_TZ={name!r} is not a time zone (e.g. Asia/Shanghai)", name=name
        ) from None


def local(moment: datetime) -> datetime:
    """An aware time in the store's time zone."""
    return moment.astimezone(store_tz())


def business_day(moment: datetime | None = None) -> date:
    """The store's date at `moment` (default: now)."""
    return local(moment or datetime.now(UTC)).date()


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """The store-local day `day` as [start, end) in UTC, for queries on stored times."""
    start = datetime.combine(day, time.min, tzinfo=store_tz())
    return start.astimezone(UTC), (start + timedelta(days=1)).astimezone(UTC)
