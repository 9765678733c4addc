"""② 客户: the ID card read off the UI thread into the review form, then contact and income."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from app.domain.draft import CardFields, CardReading
from app.domain.errors import UserError
from ui.errors import present_error
from ui.i18n import message, tr
from ui.ops import Op
from ui.screens.idcard_review import CardReviewForm
from ui.screens.steps.base import (
    EMPLOYMENT_LABELS,
    StepPage,
    Write,
)

if TYPE_CHECKING:
    from ui.screens.camera import CameraDialog
    from ui.screens.sale_wizard import SaleWizard

Photo = Path | np.ndarray  # an imported file or a camera frame (BGR)


RELATIONS = ("配偶", "父母", "子女", "兄弟姐妹", "朋友", "同事")


class CustomerPage(StepPage):
    title = "② 客户信息：扫描或导入身份证，核对后填写联系方式与收入"

    def __init__(self, wizard: SaleWizard) -> None:
        super().__init__(wizard)
        self._warming: Op | None = None
        self._op: Op | None = None
        self._photos: dict[str, Photo] = {}
        buttons = QHBoxLayout()
        self.scan = QPushButton(tr("扫描身份证（F2）"))
        self.scan.setShortcut("F2")
        self.scan.clicked.connect(self.scan_card)
        self.front = QPushButton(tr("导入人像面照片…"))
        self.back = QPushButton(tr("导入国徽面照片…"))
        self.front.clicked.connect(lambda: self._pick("front"))
        self.back.clicked.connect(lambda: self._pick("back"))
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setVisible(False)
        self.status = QLabel(tr("未识别：可直接手工填写"))
        buttons.addWidget(self.scan)
        buttons.addWidget(self.front)
        buttons.addWidget(self.back)
        buttons.addWidget(self.busy)
        buttons.addWidget(self.status, 1)
        self.card_box = QGroupBox(tr("身份证（黄色为需核对的字段）"))
        self.card_layout = QVBoxLayout(self.card_box)
        self.card = CardReviewForm()
        self.card.confirm.setVisible(False)
        self.card_layout.addWidget(self.card)
        self.phone = QLineEdit(placeholderText=tr("11 位手机号"))
        self.income = QLineEdit(placeholderText=tr("元/月"))
        self.debt = QLineEdit("0")
        self.employment = QComboBox()
        for value, label in EMPLOYMENT_LABELS.items():
            self.employment.addItem(tr(label), value.value)
        self.employment.setCurrentIndex(1)
        self.years = QSpinBox()
        self.years.setRange(0, 60)
        other = QFormLayout()
        other.addRow(tr("手机号"), self.phone)
        other.addRow(tr("月收入（元）"), self.income)
        other.addRow(tr("每月已有还款（元）"), self.debt)
        other.addRow(tr("职业"), self.employment)
        other.addRow(tr("现单位工作年限"), self.years)
        self.contact_name = QLineEdit(placeholderText=tr("选填"))
        self.contact_phone = QLineEdit(placeholderText=tr("11 位手机号"))
        self.contact_relation = QComboBox()
        self.contact_relation.setEditable(True)
        self.contact_relation.addItems([tr(r) for r in RELATIONS])
        other.addRow(tr("紧急联系人"), self.contact_name)
        other.addRow(tr("联系人电话"), self.contact_phone)
        other.addRow(tr("与客户关系"), self.contact_relation)
        note = QLabel(tr("紧急联系人仅用于请其转告客户，不会被告知任何欠款信息。"))
        note.setWordWrap(True)
        note.setStyleSheet("color: #666666;")
        other.addRow(note)
        row = QHBoxLayout()
        row.addWidget(self.card_box, 3)
        side = QGroupBox(tr("联系方式与收入"))
        side.setLayout(other)
        row.addWidget(side, 2)
        self.body.addLayout(buttons)
        self.body.addLayout(row, 1)
        self.body.addWidget(self.message)

    def _pick(self, side: str) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, tr("选择身份证照片"), "", tr("图片 (*.jpg *.jpeg *.png *.bmp)")
        )
        if name:
            self.read_photos(**{**self._photos, side: Path(name)})

    def scan_card(self, open_source: Callable[[], Any] | None = None) -> CameraDialog:
        """The live camera preview; the card is read when it has taken the picture (the
        back side, for the validity date, can be scanned or imported after)."""
        from app.idcard.capture import open_camera
        from ui.screens.camera import CameraDialog

        camera = self.sale.services.settings.camera
        dialog = CameraDialog(open_source or (lambda: open_camera(camera)), parent=self)
        side = "back" if "front" in self._photos and "back" not in self._photos else "front"
        dialog.setWindowTitle(tr("扫描身份证") + (tr("国徽面") if side == "back" else tr("人像面")))

        def taken() -> None:
            if dialog.image is not None:
                self.read_photos(**{**self._photos, side: dialog.image})

        dialog.accepted.connect(taken)
        dialog.open()
        dialog.start()
        return dialog

    def warm_up(self) -> None:
        """Load the card reader off the UI thread (a sale has started: the clerk picks the
        phone, then asks for the card)."""
        if self._warming is None:
            self._warming = Op(self.sale.services.card_reader, self)
            self._warming.start()

    def read_photos(self, front: Photo | None = None, back: Photo | None = None) -> Op:
        """Read the card (files or camera frames) off the UI thread; the fields fill in
        when it is done."""
        from app.idcard.finder import load_image

        self._photos = {k: v for k, v in (("front", front), ("back", back)) if v is not None}

        def image(photo: Photo) -> np.ndarray:
            return load_image(photo) if isinstance(photo, Path) else photo

        services = self.sale.services

        def read() -> dict[str, Any]:
            reader = services.card_reader()
            photo = self._photos.get("front")
            other = self._photos.get("back")
            if photo is None:
                photo, other = other, None
            assert photo is not None
            back_image = image(other) if other is not None else None
            return dict(reader.read(image(photo), back_image).to_json())

        self.busy.setVisible(True)
        self.status.setText(tr("正在识别…"))
        self._op = Op(read, self)
        self._op.done.connect(self._show_reading)
        self._op.failed.connect(self._reading_failed)
        self._op.start()
        return self._op

    def _show_card(self, reading: CardReading | None, card: CardFields | None = None) -> None:
        """A new review form for `reading` (None: an empty form to type into)."""
        self.card_layout.removeWidget(self.card)
        self.card.hide()
        self.card.deleteLater()
        self.card = CardReviewForm(reading, card)
        self.card.confirm.setVisible(False)
        self.card_layout.addWidget(self.card)

    def _show_reading(self, document: dict[str, Any]) -> None:
        self.busy.setVisible(False)
        reading = CardReading.from_ocr(document)
        self._show_card(reading)
        self.status.setText(self._reading_status(reading))
        self.focus_first()
        if reading.fields.valid_to:
            self.message.clear()
        else:
            self.message.setText(tr("未读到有效期限：请扫描或导入国徽面，或照证件手工填写"))

    def focus_first(self) -> None:
        """Focus the first field to fill: a card field to check or type, else the phone
        number, else the income."""
        empty = [w for w in (self.phone, self.income) if not w.text().strip()]
        first = self.card.first_to_check() or next(iter(empty), self.phone)
        first.setFocus()

    @staticmethod
    def _reading_status(reading: CardReading | None) -> str:
        if reading is None:
            return tr("未识别：可直接手工填写")
        doubtful = len(reading.needs_review)
        check = tr("号码校验通过") if reading.checksum_ok else tr("号码校验未通过")
        if doubtful:
            return tr("已识别（{check}），{doubtful} 项需核对").format(
                check=check, doubtful=doubtful
            )
        return tr("已识别（{check}）").format(check=check)

    def _reading_failed(self, error: Exception) -> None:
        self.busy.setVisible(False)
        self.status.setText(tr("识别失败：请重拍或手工填写"))
        if isinstance(error, UserError):
            self.message.setText(message(error))
        else:
            present_error(self, error)

    def reset(self) -> None:
        super().reset()
        self._photos = {}
        self._show_card(None)
        self.busy.setVisible(False)
        self.status.setText(self._reading_status(None))
        for field in (self.phone, self.income, self.contact_name, self.contact_phone):
            field.clear()
        self.debt.setText("0")
        self.employment.setCurrentIndex(1)
        self.years.setValue(0)
        self.contact_relation.setCurrentIndex(0)

    def enter(self) -> None:
        super().enter()
        step = self.sale.draft.customer
        if step is None:
            hand = self.sale.draft.card_in_hand
            if hand is not None and not self._photos:  # read before the window locked
                self._show_card(hand.reading, hand.card)
                self.status.setText(self._reading_status(hand.reading))
            self.focus_first()
            return  # what was read or typed for this sale so far stays (opening a sale resets)
        self._show_card(step.reading, step.card)
        self.status.setText(self._reading_status(step.reading))
        person, money = step.applicant, step.finances
        self.phone.setText(person.phone)
        contact = person.emergency_contact
        self.contact_name.setText(contact.name if contact else "")
        self.contact_phone.setText(contact.phone if contact else "")
        self.contact_relation.setCurrentText(contact.relation if contact else tr(RELATIONS[0]))
        self.income.setText(str(money.monthly_income))
        self.debt.setText(str(money.monthly_debt))
        self.years.setValue(money.years_in_job)
        self.employment.setCurrentIndex(self.employment.findData(money.employment.value))
        self.focus_first()

    def keep(self) -> Write | None:
        """The write that keeps the card on the page, not yet taken, in the draft (the
        window is locking); None when nothing was read or typed."""
        card, reading = self.card.fields(), self.card.reading
        if reading is None and not any(self.card.values().values()):
            return None
        sale = self.sale
        return lambda: sale.keep_card(card, reading)

    def field_widget(self, path: str) -> QLineEdit | QComboBox | None:
        section, _, name = path.partition(".")
        own = {
            "customer.phone": self.phone,
            "finances.monthly_income": self.income,
            "finances.monthly_debt": self.debt,
            "customer.emergency_contact.name": self.contact_name,
            "customer.emergency_contact.phone": self.contact_phone,
        }
        if path in own:
            return own[path]
        card = {"id_valid_to": "valid_to", "id_valid_from": "valid_from"}.get(name, name)
        return self.card.boxes.get(card) if section == "customer" else None

    def commit(self) -> Write | None:
        card = self.card.fields()
        if not card.valid_to:
            self.card.boxes["valid_to"].setFocus()
            raise UserError(tr("未读到有效期限：请扫描或导入国徽面，或照证件手工填写"))
        customer: dict[str, Any] = {
            "id_number": card.id_number,
            "name": card.name,
            "phone": self.phone.text().strip(),
            "address": card.address or None,
            "birth_date": card.birth_date or None,
            "id_valid_to": card.valid_to,
            "id_valid_from": card.valid_from or None,
        }
        if self.contact_name.text().strip():
            customer["emergency_contact"] = {
                "name": self.contact_name.text().strip(),
                "phone": self.contact_phone.text().strip(),
                "relation": self.contact_relation.currentText().strip(),
            }
        finances = {
            "monthly_income": self.income.text().strip(),
            "monthly_debt": self.debt.text().strip() or "0",
            "employment": self.employment.currentData(),
            "years_in_job": self.years.value(),
        }
        sale, reading = self.sale, self.card.reading
        return lambda: sale.set_customer(customer, finances, card=card, reading=reading)

    def saved(self, result: object) -> None:
        self.wizard.notice(tr("老客户：已找到本连锁的记录") if result else tr("新客户"))
