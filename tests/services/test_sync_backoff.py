"""The wait between failed sync rounds: doubling from the interval, capped, with jitter."""

from __future__ import annotations

from app.services.sync import retry_delay


def test_the_wait_doubles_after_each_failure_up_to_the_cap():
    waits = [retry_delay(n, base=60, cap=900, jitter=1.0) for n in range(1, 7)]
    assert waits == [60, 120, 240, 480, 900, 900]


def test_jitter_spreads_terminals_that_fail_together():
    assert retry_delay(3, base=60, cap=900, jitter=0.5) == 120
    assert retry_delay(3, base=60, cap=900, jitter=1.5) == 360
