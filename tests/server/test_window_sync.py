"""The counter window syncs by itself in the background and says so in its header: what
waits, when it last reached the server, and that it is offline when the server is gone."""

from __future__ import annotations

import pytest

from tests.factories.sales import sell
from ui.main_window import MainWindow

pytestmark = pytest.mark.postgres


def test_the_header_follows_the_sync_online_and_offline(qtbot, server, terminals):
    from dataclasses import replace

    t1 = terminals["T1"]
    t1.settings = replace(t1.settings, sync_seconds=3600)
    window = MainWindow(t1)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: "上次同步" in window.sync.text(), timeout=15_000)
    sell(t1, 1)  # a sale at the counter queues its records
    window.refresh_status()
    qtbot.waitUntil(lambda: window.sync.text().startswith("待同步 5 条"), timeout=5000)
    with qtbot.waitSignal(window.syncer.sync_now().finished, timeout=15_000):
        pass  # F5
    qtbot.waitUntil(lambda: window.sync.text().startswith("无待同步数据（上次同步"), timeout=5000)
    assert window.syncer.last_report.pushed == 5

    server.kill()
    sell(t1, 2)
    with qtbot.waitSignal(window.syncer.sync_now().finished, timeout=30_000):
        pass
    qtbot.waitUntil(lambda: window.sync.text().startswith("离线，待同步 5 条"), timeout=5000)
    assert "does not answer" in window.sync.toolTip()
    assert 0 < window.syncer.next_attempt_ms() <= 1.5 * 3600 * 1000  # backing off

    server.start()
    with qtbot.waitSignal(window.syncer.sync_now().finished, timeout=15_000):
        pass
    qtbot.waitUntil(lambda: window.sync.text().startswith("无待同步数据"), timeout=5000)
    assert window.syncer.failures == 0
