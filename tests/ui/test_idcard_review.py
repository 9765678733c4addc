"""The ID-card check at the counter (real Qt widgets, offscreen): doubtful fields stand out,
the other engine's reading is one click away, a rare character is typed without handwriting."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from app.domain.draft import CardReading
from ui.screens.idcard_review import REVIEW_STYLE, CardReviewForm, RareCharDialog

DOCUMENT = {
    "id_number": "310104199005201237",
    "name": "刘炎",
    "sex": "男",
    "ethnicity": "汉",
    "birth_date": "1990-05-20",
    "address": "上海市徐汇区漕溪北路1号",
    "issuer": "上海市公安局徐汇分局",
    "valid_from": "2020-01-01",
    "valid_to": "长期",
    "needs_review": ["name"],
    "alternatives": {"name": ["刘尧"]},
}


def form(qtbot) -> CardReviewForm:
    widget = CardReviewForm(CardReading.from_ocr(DOCUMENT))
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_doubtful_fields_are_highlighted_and_focused_first(qtbot):
    widget = form(qtbot)
    assert widget.boxes["name"].styleSheet() == REVIEW_STYLE
    assert widget.boxes["address"].styleSheet() == ""
    assert widget.field_in_hand() == "name"
    assert widget.values()["id_number"] == "310104199005201237"
    assert widget.edited_fields() == []


def test_the_other_engines_reading_is_one_pick_away(qtbot):
    widget = form(qtbot)
    box = widget.boxes["name"]
    assert [box.itemText(i) for i in range(box.count())] == ["刘炎", "刘尧"]
    box.setCurrentIndex(1)
    assert widget.values()["name"] == "刘尧" and widget.edited_fields() == ["name"]
    with qtbot.waitSignal(widget.confirmed) as signal:
        qtbot.mouseClick(widget.confirm, Qt.MouseButton.LeftButton)
    assert signal.args[0]["name"] == "刘尧"


def test_a_rare_character_is_found_by_pinyin_and_component(qtbot):
    dialog = RareCharDialog()
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.reading, "yan")
    everything = dialog.grid.count()
    dialog.parts.insert("龍")  # what an input method commits (QTest types ASCII only)
    assert 0 < dialog.grid.count() < everything
    assert [dialog.grid.item(i).text() for i in range(dialog.grid.count())] == ["龑"]
    assert dialog.chosen() == "龑"
    dialog.reading.clear()
    dialog.parts.setText("天龍")
    assert dialog.chosen() == "龑"
    dialog.parts.setText("魑魅魍魉")
    assert dialog.grid.count() == 0 and "没有找到" in dialog.count.text()


def test_the_rare_character_goes_into_the_field_in_hand(qtbot):
    widget = form(qtbot)
    name = widget.boxes["name"].lineEdit()
    name.setFocus()
    name.setText("刘")
    name.end(False)

    def pick() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, RareCharDialog)
        qtbot.keyClicks(dialog.reading, "yan3")
        dialog.parts.insert("龍天")
        qtbot.keyClick(dialog.parts, Qt.Key.Key_Return)

    QTimer.singleShot(0, pick)
    widget.insert_rare_char()
    assert widget.values()["name"] == "刘龑" and "name" in widget.edited_fields()


def test_the_form_looks_right(qtbot, tmp_path):
    widget = form(qtbot)
    widget.resize(520, 420)
    image = widget.grab()
    assert image.save(str(tmp_path / "review.png"))
    assert image.width() >= 500
