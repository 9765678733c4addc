"""The layers, stated once: each package imports only the layers below it.

    app/domain     pure rules and their vocabulary: nothing else of the project
    storage/       records, repositories, keys: the domain, the sync format
    printing/      PDFs: the domain
    app/idcard     reading ID cards: the domain and the settings (app/config)
    app/services   use cases: the domain, storage, the settings, idcard, the sync format,
                   and printing as a port (data in, PDF bytes out; never inside a transaction)
    wire/          the sync format (pydantic models): the domain
    server/        the central server: the domain, storage (its types and reference rows),
                   the sync format
    app/cli, app/demo, ui/   front ends: anything below
Only ui/ imports Qt.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LAYERS = "app|storage|printing|ui|server|wire"
IMPORT = re.compile(rf"^\s*(?:from|import)\s+((?:{LAYERS})(?:\.\w+)?)", re.M)
QT_IMPORT = re.compile(r"^\s*(from|import)\s+(PySide6|PyQt\d|shiboken6)\b", re.MULTILINE)

ALLOWED = {
    "app/domain": {"app.domain"},
    "storage": {"app.domain", "storage", "wire"},
    "printing": {"app.domain", "printing"},
    "app/idcard": {"app.domain", "app.idcard", "app.config"},
    "app/services": {
        "app.domain",
        "app.services",
        "app.idcard",
        "app.config",
        "storage",
        "printing",
        "wire",
    },
    "wire": {"app.domain", "wire"},
    "server": {"app.domain", "server", "storage", "wire"},
}


def _layer(name: str) -> str:
    """`app.domain.risk` → `app.domain`; `storage.uow` → `storage`; `app.config` stays."""
    parts = name.split(".")
    return ".".join(parts[:2]) if parts[0] == "app" else parts[0]


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_each_layer_imports_only_the_layers_below_it(package):
    used = {
        f"{path.relative_to(ROOT)} → {_layer(name)}"
        for path in (ROOT / package).rglob("*.py")
        for name in IMPORT.findall(path.read_text(encoding="utf-8"))
        if _layer(name) not in ALLOWED[package]
    }
    assert used == set()


@pytest.mark.parametrize("package", ["app", "storage", "printing", "server", "wire"])
def test_only_the_window_imports_qt(package):
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / package).rglob("*.py")
        if QT_IMPORT.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_the_pure_rules_import_no_database_and_no_printing():
    import subprocess
    import sys

    code = (
        "import sys, app.domain.risk, app.domain.quote, app.domain.tradein, app.domain.payoff;"
        "print(sorted(m for m in ('sqlalchemy','reportlab','cv2','PySide6') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("package", ["ui", "app/cli"])
def test_the_front_ends_call_use_cases_and_open_no_transaction(package):
    opened = [  # a terminal's unit of work, or a session of the server's database
        str(path.relative_to(ROOT))
        for path in (ROOT / package).rglob("*.py")
        if re.search(r"unit_of_work\(|\.begin\(\)|sessions\(\)", path.read_text(encoding="utf-8"))
    ]
    assert opened == []


@pytest.mark.parametrize("package", ["ui", "app/cli"])
def test_the_front_ends_reach_storage_only_through_use_cases(package):
    reached = [
        f"{path.relative_to(ROOT)} → {name}"
        for path in (ROOT / package).rglob("*.py")
        for name in IMPORT.findall(path.read_text(encoding="utf-8"))
        if _layer(name) == "storage"
    ]
    assert reached == []
