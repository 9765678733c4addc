"""Imports point downward: only ui/ may import Qt."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
QT_IMPORT = re.compile(r"^\s*(from|import)\s+(PySide6|PyQt\d|shiboken6)\b", re.MULTILINE)


@pytest.mark.parametrize("package", ["app", "storage", "printing", "server"])
def test_core_packages_never_import_qt(package):
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / package).rglob("*.py")
        if QT_IMPORT.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_storage_imports_only_the_leaf_modules_of_the_application_layer():
    allowed = {"app.money", "app.errors", "app.idnumber", "app.files"}
    pattern = re.compile(r"^\s*from\s+(app\.[\w.]+)\s+import", re.MULTILINE)
    used = {
        match
        for path in (ROOT / "storage").rglob("*.py")
        for match in pattern.findall(path.read_text(encoding="utf-8"))
    }
    assert used <= allowed


SHELLS = {"cli.py", "demo.py", "demo_sale.py"}  # composition shells may drive the printer


def test_the_application_core_never_imports_printing():
    pattern = re.compile(r"^\s*(from|import)\s+printing\b", re.MULTILINE)
    offenders = [
        path.name
        for path in (ROOT / "app").rglob("*.py")
        if path.name not in SHELLS and pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
