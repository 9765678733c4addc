"""登录: the staff member's account and password; five failures lock the account."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import UserError
from ui.i18n import LANGUAGE_LABEL, LANGUAGES, message, saved_language, tr

if TYPE_CHECKING:  # the database stack loads after this screen is shown
    from app.services.bootstrap import Services


class LoginScreen(QWidget):
    """Emits `signed_in` with who logged in, `language_chosen` with a language code."""

    signed_in = Signal(object)
    language_chosen = Signal(str)

    def __init__(self, services: Services | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services  # None while the program is still opening the database
        self.username = QLineEdit(placeholderText=tr("工号，如 sales01"))
        self.password = QLineEdit(placeholderText=tr("密码"))
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel("")
        self.message.setStyleSheet("color: #c92a2a;")
        self.button = QPushButton(tr("登录"))
        self.button.setDefault(True)
        self.button.clicked.connect(self.submit)
        self.username.returnPressed.connect(self.password.setFocus)
        self.password.returnPressed.connect(self.submit)
        title = QLabel(tr("分期通柜台 · 登录"))
        title.setStyleSheet("font-size: 22px; font-weight: bold;")
        form = QFormLayout()
        form.addRow(tr("工号"), self.username)
        form.addRow(tr("密码"), self.password)
        self.language = QComboBox()
        for code, name in LANGUAGES.items():  # each language named in itself
            self.language.addItem(name, code)
        self.language.setCurrentIndex(self.language.findData(saved_language()))
        self.language.activated.connect(
            lambda index: self.language_chosen.emit(self.language.itemData(index))
        )
        form.addRow(LANGUAGE_LABEL, self.language)
        box = QWidget()
        box.setMaximumWidth(420)
        inner = QVBoxLayout(box)
        inner.addWidget(title)
        inner.addLayout(form)
        inner.addWidget(self.message)
        inner.addWidget(self.button)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(box, alignment=Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)

    def reset(self) -> None:
        """Empty the form for the next person."""
        self.password.clear()
        self.message.clear()
        self.username.setFocus()

    def submit(self) -> None:
        """Check the account and password (argon2 takes a moment; nothing else runs)."""
        if self.services is None:
            self.message.setText(tr("正在打开数据库，请稍候再登录"))
            return
        from app.services.auth import log_in

        try:
            who = log_in(self.services, self.username.text(), self.password.text())
        except UserError as exc:
            self.message.setText(message(exc))
            self.password.clear()
            self.password.setFocus()
            return
        self.password.clear()
        self.message.clear()
        self.signed_in.emit(who)
