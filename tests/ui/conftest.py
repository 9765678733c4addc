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
