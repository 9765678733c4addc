"""Checking an ID-card reading at the counter: doubtful fields highlighted, the other
engine's readings one click away, and rare characters entered by pinyin or component."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.card import FIELD_LABELS
from app.domain.draft import CardFields, CardReading
from ui.i18n import tr

REVIEW_STYLE = (
    "QComboBox { background: #fff3bf; border: 2px solid #e8590c; }"
    " QComboBox:focus { border: 3px solid #1c7ed6; }"
)


class RareCharDialog(QDialog):
    """生僻字: type the pinyin and/or components, pick the character from the grid."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("输入生僻字"))
        self.reading = QLineEdit(placeholderText=tr("拼音，如 yao 或 yáo"))
        self.parts = QLineEdit(placeholderText=tr("部件，如 土 或 龍天"))
        self.grid = QListWidget()
        self.grid.setViewMode(QListWidget.ViewMode.IconMode)
        self.grid.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.grid.setUniformItemSizes(True)
        self.grid.setGridSize(QSize(52, 52))
        font = QFont(self.font())
        font.setPointSize(22)
        self.grid.setFont(font)
        self.count = QLabel()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("选用"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("取消"))
        form = QFormLayout()
        form.addRow(tr("拼音"), self.reading)
        form.addRow(tr("部件"), self.parts)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.grid, 1)
        layout.addWidget(self.count)
        layout.addWidget(buttons)
        self.reading.textChanged.connect(self._refresh)
        self.parts.textChanged.connect(self._refresh)
        self.reading.returnPressed.connect(self._take_first)
        self.parts.returnPressed.connect(self._take_first)
        self.grid.itemActivated.connect(self.accept)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.resize(560, 420)
        self._refresh()

    def _refresh(self) -> None:
        from app.idcard.charsearch import readings_of, search  # pinyin tables: 0.7 s, on demand

        found = search(self.reading.text(), self.parts.text())
        self.grid.clear()
        for ch in found:
            item = QListWidgetItem(ch)
            item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            item.setToolTip(f"{ch}  {tr('、').join(readings_of(ch))}  U+{ord(ch):04X}")
            self.grid.addItem(item)
        if found:
            self.grid.setCurrentRow(0)
            self.count.setText(
                tr("找到 {found} 个字，常用字在前；双击或回车选用").format(found=len(found))
            )
        elif self.reading.text() or self.parts.text():
            self.count.setText(tr("没有找到：换个读音，或只输入一个部件"))
        else:
            self.count.setText(tr("输入拼音（不分声调）或字的部件"))

    def _take_first(self) -> None:
        if self.grid.count():
            self.accept()

    def chosen(self) -> str | None:
        """The character picked, or None."""
        item = self.grid.currentItem()
        return item.text() if item is not None else None


class CardReviewForm(QWidget):
    """The OCR result for the salesperson to check before it is used.

    Fields flagged for review are highlighted and focused first; each field's drop-down holds
    what the other engine read; 生僻字 (Ctrl+K) inserts a character into the field in hand.
    """

    confirmed = Signal(dict)

    def __init__(
        self,
        reading: CardReading | None = None,
        card: CardFields | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """`reading` is what OCR read (None: nothing read, the card is typed); `card` the
        fields as already confirmed (a resumed sale), else what was read."""
        super().__init__(parent)
        self.reading = reading
        self._read = (reading.fields if reading else CardFields()).model_dump()
        shown = (card or (reading.fields if reading else CardFields())).model_dump()
        self._needs_review = list(reading.needs_review) if reading else []
        alternatives = reading.alternatives if reading else {}
        self.boxes: dict[str, QComboBox] = {}
        form = QFormLayout()
        for field, label in ((f, tr(text)) for f, text in FIELD_LABELS.items()):
            box = QComboBox()
            box.setEditable(True)
            box.setCompleter(None)  # type: ignore[arg-type]  # None removes it (Qt docs)
            box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            box.addItem(self._read[field])
            for other in alternatives.get(field, []):
                box.addItem(other)
            box.setEditText(shown[field])
            flagged = field in self._needs_review
            if flagged:
                box.setStyleSheet(REVIEW_STYLE)
                box.setToolTip(tr("识别不确定，请与证件核对"))
            form.addRow(("⚠ " if flagged else "") + label, box)
            self.boxes[field] = box
        self.rare = QPushButton(tr("生僻字… (Ctrl+K)"))
        self.rare.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keep the field in hand focused
        self.rare.clicked.connect(self.insert_rare_char)
        QShortcut(QKeySequence("Ctrl+K"), self, self.insert_rare_char)
        self.confirm = QPushButton(tr("确认无误"))
        self.confirm.clicked.connect(lambda: self.confirmed.emit(self.values()))
        buttons = QHBoxLayout()
        buttons.addWidget(self.rare)
        buttons.addStretch(1)
        buttons.addWidget(self.confirm)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        (self.first_to_check() or self.boxes["name"]).setFocus()
        self.setWindowTitle(tr("核对身份证信息"))

    def first_to_check(self) -> QComboBox | None:
        """The box the salesperson turns to first: the first flagged field, else the first
        empty one; None when every field was read with confidence."""
        flagged = [f for f in FIELD_LABELS if f in self._needs_review]
        empty = [f for f, box in self.boxes.items() if not box.currentText().strip()]
        return next((self.boxes[f] for f in flagged + empty), None)

    def values(self) -> dict[str, str]:
        """The fields as they stand now."""
        return {f: box.currentText().strip() for f, box in self.boxes.items()}

    def fields(self) -> CardFields:
        """The fields as they stand now, typed."""
        return CardFields(**self.values())

    def edited_fields(self) -> list[str]:
        """Fields the salesperson changed from what OCR read (the risk check records them);
        none when nothing was read."""
        if self.reading is None:
            return []
        return self.fields().edited_from(self.reading.fields)

    def field_in_hand(self) -> str:
        """The field being edited; else the first flagged one; else the name."""
        focus = QApplication.focusWidget()
        for field, box in self.boxes.items():
            if focus is not None and (focus is box or box.isAncestorOf(focus)):
                return field
        return next((f for f in FIELD_LABELS if f in self._needs_review), "name")

    def insert_rare_char(self) -> None:
        """Ask for a rare character and insert it at the cursor of the field in hand."""
        field = self.field_in_hand()
        dialog = RareCharDialog(self)
        if dialog.exec() == QDialog.DialogCode.Accepted and (ch := dialog.chosen()):
            edit = self.boxes[field].lineEdit()
            assert edit is not None  # every box is editable
            edit.insert(ch)
            self.boxes[field].setFocus()
