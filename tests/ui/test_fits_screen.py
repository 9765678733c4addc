"""The counter's window fits an ordinary 1366×768 screen with a title bar and a taskbar."""

from __future__ import annotations

import pytest

from app.services.sale import STEPS
from tests.factories.counter import log_in, sell

pytestmark = pytest.mark.parametrize("demo_url", ["sqlite"], indirect=True)
ROOM = (1366, 728)  # 768 less a title bar and a taskbar


def test_the_window_fits_1366_by_728_on_every_screen_of_a_sale(qtbot, window):
    log_in(window)
    window.home.start.click()
    for step in STEPS[:4]:  # phone, customer, trade-in, plan: the clerk's own pages
        hint = window.minimumSizeHint()  # every screen (the manager's desk too) counts
        assert hint.width() <= ROOM[0] and hint.height() <= ROOM[1], (step, hint)
        sell(window, step, step)
