"""One business clock: every date a customer sees or a rule uses is the store's local date
(a sale at 07:30 in Shanghai is 23:30 UTC the day before). Times are stored in UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

CLOCK_TOLERANCE_S = 300  # a terminal clock further than this from the chain server's: no signing

_store_tz = ZoneInfo("Asia/Shanghai")


def use_store_tz(zone: ZoneInfo) -> None:
    """Run the business clock in `zone` (the composition root sets it from the settings)."""
    global _store_tz
    _store_tz = zone


def store_tz() -> ZoneInfo:
    """The store's time zone (Asia/Shanghai unless the settings say otherwise)."""
    return _store_tz


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
