"""The window in Simplified Chinese and in English: every string has its translation, the
compiled files are current, refusals from app/ read in the clerk's language, and switching
to English at the login leaves no Chinese on any screen's controls."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from importlib import resources
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QTableWidget,
    QWidget,
)

from app.domain.errors import UserError
from tests.ui.test_counter_window import log_in
from ui.i18n import LANGUAGE_LABEL, LANGUAGES, message, use_language

ROOT = Path(__file__).resolve().parents[2]
CJK = re.compile(r"[\u3400-\u9fff]")


def test_every_string_of_the_window_and_every_refusal_is_translated():
    check = subprocess.run(
        [sys.executable, "scripts/translations.py", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stdout  # run `make translations`, then translate


@pytest.mark.parametrize("name", ["fenqi_en", "fenqi_zh_CN"])
def test_the_compiled_translations_match_their_sources(name):
    folder = resources.files("assets").joinpath("translations")
    translator = QTranslator()
    with resources.as_file(folder.joinpath(f"{name}.qm")) as path:
        assert translator.load(str(path))
    root = ET.parse(ROOT / "assets" / "translations" / f"{name}.ts").getroot()
    context = root.findtext("context/name")
    for entry in root.iter("message"):
        expected = entry.findtext("translation")
        assert translator.translate(context, entry.findtext("source")) == expected


def test_a_refusal_reads_in_the_clerks_language_with_its_values_filled_in(qapp):
    refusal = UserError("no product with SKU '{sku}' in the catalog", sku="XX-1")
    missing = UserError("application: '{field}' is missing", field="customer.phone")
    use_language("zh_CN", save=False)
    assert message(refusal) == "商品目录中没有 SKU 为「XX-1」的商品"
    assert message(missing) == "请填写手机号"  # the field's path is translated too
    use_language("en", save=False)
    assert message(refusal) == str(refusal) == "no product with SKU 'XX-1' in the catalog"
    use_language("zh_CN", save=False)


def chinese_on_controls(roots: list[QWidget]) -> list[str]:
    """Texts of labels, buttons, boxes, placeholders, fixed drop-downs and table headers
    that hold Chinese characters (data shown in fields is not looked at)."""
    found = []
    for widget in [w for root in roots for w in [root, *root.findChildren(QWidget)]]:
        texts = []
        if isinstance(widget, QLabel | QAbstractButton):
            texts.append(widget.text())
        if isinstance(widget, QGroupBox):
            texts.append(widget.title())
        if isinstance(widget, QLineEdit):
            texts.append(widget.placeholderText())
        if isinstance(widget, QComboBox) and not widget.isEditable():
            texts += [widget.itemText(i) for i in range(widget.count())]
        if isinstance(widget, QTableWidget):
            headers = (widget.horizontalHeaderItem(c) for c in range(widget.columnCount()))
            texts += [h.text() for h in headers if h is not None]
        found += [f"{type(widget).__name__}: {t}" for t in texts if CJK.search(t)]
    allowed = {LANGUAGE_LABEL, *LANGUAGES.values()}
    return [f for f in found if f.split(": ", 1)[1] not in allowed]


@pytest.mark.parametrize("demo_url", ["sqlite"], indirect=True)
def test_switching_to_english_at_the_login_leaves_no_chinese_on_any_screen(qtbot, window):
    english = window.login.language.findData("en")
    window.login.language.setCurrentIndex(english)
    window.login.language.activated.emit(english)
    try:
        assert window.login.button.text() == "Log in"
        assert window.windowTitle() == "Fenqi Counter"
        log_in(qtbot, window)
        assert window.screens.currentWidget() is window.home
        assert window.staff.text() == "李晓雯 (Sales)"
        screens = [window.screens.widget(i) for i in range(window.screens.count())]
        assert len(screens) == 4  # login, home, the sale with all its pages, the desk
        assert chinese_on_controls([window.sync, *screens]) == []
    finally:
        window.lock()
        window.change_language("zh_CN")
    assert window.login.button.text() == "登录"


def test_qts_own_dialogs_speak_the_clerks_language(qapp):
    from PySide6.QtWidgets import QDialogButtonBox

    use_language("zh_CN", save=False)
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    texts = {b.text().replace("&", "") for b in buttons.buttons()}
    assert texts == {"确定", "取消"}, texts  # qtbase_zh_CN: the print and file dialogs too
    use_language("en", save=False)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    assert buttons.buttons()[0].text().replace("&", "") == "Cancel"
    use_language("zh_CN", save=False)


def test_the_file_dialog_has_no_english_label(qtbot):
    """Qt's own file dialog (the one a store PC without a desktop shows): the labels Qt's
    Chinese translation leaves out are given too."""
    from PySide6.QtWidgets import QFileDialog

    use_language("zh_CN", save=False)
    dialog = QFileDialog(None, "选择身份证照片")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    qtbot.addWidget(dialog)
    dialog.show()
    labels = [label.text().replace("&", "") for label in dialog.findChildren(QLabel)]
    english = [t for t in labels if re.search(r"[A-Za-z]{2,}", t)]
    assert english == [] and "查找范围(L)：" in labels and "文件类型(T)：" in labels, labels


# what may stay in Latin letters in a Chinese refusal: codes and the names of things
LATIN_NAMES = {
    "SKU",
    "IMEI",
    "GB",
    "JSON",
    "PDF",
    "PEM",
    "JPEG",
    "PNG",
    "BMP",
    "EC",
    "OCR",
    "APR",
    "IRR",
    "ID",
    "RapidOCR",
    "Tesseract",
    "fenqi",
    "tradein",
    "json",
    "Asia",
    "Shanghai",
    "SH",
    "T",
    "X",
}  # fmt: skip  (X: the ID number's check character)


def test_every_refusal_a_clerk_can_meet_reads_in_chinese(qapp):
    """Each refusal template of the services, the rules and the store, in Chinese, holds no
    Latin word but a code (OCR_EDITED) or a thing's name (SKU, IMEI); the codes a refusal
    carries as values (a step, a channel, a state) read in Chinese too."""
    import ast

    from scripts.translations import value_words

    use_language("zh_CN", save=False)
    templates = []
    for folder in ("app/services", "app/domain", "storage"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Name)
                    and node.func.id == "UserError"
                    and node.args
                    and isinstance(node.args[0], ast.Constant)
                ):
                    templates.append(node.args[0].value)
    command_line = ("--", "`fenqi", "{url}")  # an option or a command: the terminal's admin
    latin = {}
    for template in [*templates, *value_words()]:
        if any(mark in template for mark in command_line):
            continue
        text = re.sub(r"\{[^}]*\}", "", message(UserError(template)))
        words = {w for w in re.findall(r"[A-Za-z][A-Za-z_\-]*", text)}
        odd = {w for w in words if w not in LATIN_NAMES and not re.fullmatch(r"[A-Z][A-Z_]+", w)}
        if odd:
            latin[template] = sorted(odd)
    assert latin == {}, "\n".join(f"{k} -> {v}" for k, v in latin.items())
    not_ready = UserError("the sale is not ready: next is {step}", step="trade_in")
    assert message(not_ready) == "这笔销售还不能进行这一步：下一步是以旧换新"


@pytest.mark.parametrize(
    ("section", "doc", "said"),
    [
        ("finances", {"monthly_income": "abc"}, "月收入：“abc”不是以元为单位的金额"),
        ("finances", {"monthly_income": "1.234"}, "月收入：「1.234」小数超过两位"),
        ("customer", {"id_number": "110101199003070000"}, "身份证号“110101199003070000”无效"),
    ],
)
def test_a_field_the_form_refuses_reads_in_chinese_naming_the_field(qapp, section, doc, said):
    """The refusals of the domain's validators inside the application form (amounts, the ID
    number) are told by their own templates, with the field's name in the clerk's words."""
    from app.domain.application import read_section

    use_language("zh_CN", save=False)
    with pytest.raises(UserError) as refused:
        read_section(section, doc)
    told = message(refused.value)
    assert told.startswith(said) and not re.search(r"[A-Za-z]{3,}", told.replace("abc", "")), told
