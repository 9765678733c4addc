"""Fixtures of the window tests."""

from __future__ import annotations

import pytest

from ui.main_window import MainWindow


@pytest.fixture(scope="session")
def card_readings(tmp_path_factory):
    """Where the window tests keep each distinct card's reading (`ReadOnce`)."""
    return tmp_path_factory.mktemp("card-readings")


@pytest.fixture
def window(qtbot, services, tmp_path, monkeypatch, card_readings):
    """The counter window on the demo store. A clause need be on the customer's screen only
    `READING` here (3 s in the shop: `test_counter_trust` holds that one with the real time);
    each distinct card is read once per test run (`ReadOnce`)."""
    from dataclasses import replace

    from app.services import sale
    from tests.factories.counter import READING, read_once

    read_once(services, card_readings)

    monkeypatch.setattr(sale, "MIN_READING", READING)

    monkeypatch.setenv("FENQI_DOCUMENTS", str(tmp_path / "documents"))
    services.settings = replace(services.settings, documents=tmp_path / "documents")
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.show()
    return window


@pytest.fixture(autouse=True, scope="session")
def _settings_in_a_temporary_folder(tmp_path_factory):
    """QSettings (the chosen language) written where the tests cannot touch a real user's."""
    from PySide6.QtCore import QSettings

    folder = str(tmp_path_factory.mktemp("settings"))
    for kind in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(kind, QSettings.Scope.UserScope, folder)


@pytest.fixture(scope="session")
def qapp(qapp_args, _settings_in_a_temporary_folder):
    """The application as `fenqi gui` makes it: names, font, and the translations."""
    from ui.app import create_application

    return create_application(qapp_args)
