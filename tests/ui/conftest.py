"""Fixtures of the window tests."""

from __future__ import annotations

import pytest

from ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, services, tmp_path, monkeypatch):
    monkeypatch.setenv("FENQI_DOCUMENTS", str(tmp_path / "documents"))
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.show()
    return window
