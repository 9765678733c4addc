"""③ 以旧换新: the condition questionnaire, the IMEI checked, the credit itemised."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
)

from app.domain.errors import UserError
from app.domain.money import format_yuan
from app.domain.tradein import (
    FAULT_LABELS,
    SCREEN_LABELS,
    Appraisal,
    Body,
    Condition,
    Fault,
    Screen,
    condition_from_json,
)
from ui.i18n import tr
from ui.screens.steps.base import (
    StepPage,
    Write,
)

if TYPE_CHECKING:
    from ui.screens.sale_wizard import SaleWizard


class TradeInPage(StepPage):
    title = "③ 以旧换新（可选）：按问卷估价，逐项列明扣减"

    def __init__(self, wizard: SaleWizard) -> None:
        super().__init__(wizard)
        self.appraisal: Appraisal | None = None
        self.wanted = QCheckBox(tr("客户用旧手机抵扣"))
        self.form = QGroupBox(tr("旧机情况"))
        self.wanted.toggled.connect(self.form.setEnabled)
        self.model = QComboBox()
        self.model.currentTextChanged.connect(self._sizes)
        self.storage = QComboBox()
        self.imei = QLineEdit(placeholderText=tr("拨 *#06# 查看 15 位 IMEI"))
        self.screen_state = QComboBox()
        for screen in Screen:
            self.screen_state.addItem(tr(SCREEN_LABELS[screen]), screen.value)
        self.body_grade = QComboBox()
        for grade in Body:
            self.body_grade.addItem(tr("{grade} 级").format(grade=grade.value), grade.value)
        self.battery = QSpinBox()
        self.battery.setRange(0, 100)
        self.battery.setValue(90)
        self.battery.setSuffix(" %")
        self.faults = {f: QCheckBox(tr(FAULT_LABELS[f.value])) for f in Fault}
        self.water = QCheckBox(tr("进水"))
        self.locked = QCheckBox(tr("激活锁未解除"))
        self.appraise_button = QPushButton(tr("估价"))
        self.appraise_button.clicked.connect(self.appraise)
        self.result = QLabel("")
        self.result.setTextFormat(Qt.TextFormat.PlainText)
        form = QFormLayout(self.form)
        form.addRow(tr("型号"), self.model)
        form.addRow(tr("容量"), self.storage)
        form.addRow("IMEI", self.imei)
        form.addRow(tr("屏幕"), self.screen_state)
        form.addRow(tr("外观"), self.body_grade)
        form.addRow(tr("电池健康"), self.battery)
        faults = QHBoxLayout()
        for box in [*self.faults.values(), self.water, self.locked]:
            faults.addWidget(box)
        form.addRow(tr("故障"), faults)
        form.addRow(self.appraise_button, self.result)
        self.form.setEnabled(False)
        self.body.addWidget(self.wanted)
        self.body.addWidget(self.form)
        self.body.addStretch(1)
        self.body.addWidget(self.message)
        self._models: list[tuple[str, int]] = []
        for combo in (self.model, self.storage, self.screen_state, self.body_grade):
            combo.currentIndexChanged.connect(self._answers_changed)
        self.imei.textChanged.connect(self._answers_changed)
        self.battery.valueChanged.connect(self._answers_changed)
        for box in [*self.faults.values(), self.water, self.locked]:
            box.toggled.connect(self._answers_changed)

    def _answers_changed(self, *_: object) -> None:
        """An answer changed: the appraisal shown no longer holds."""
        self.appraisal = None
        self.result.clear()

    def reset(self) -> None:
        super().reset()
        self.appraisal = None
        self.wanted.setChecked(False)
        self.imei.clear()
        self.result.clear()
        self.screen_state.setCurrentIndex(0)
        self.body_grade.setCurrentIndex(0)
        self.battery.setValue(90)
        for box in [*self.faults.values(), self.water, self.locked]:
            box.setChecked(False)
        if self.model.count():
            self.model.setCurrentIndex(0)

    def enter(self) -> None:
        super().enter()
        if not self._models:
            self._models = self.sale.trade_in_models()
            for model in dict.fromkeys(m for m, _ in self._models):
                self.model.addItem(model)
        step = self.sale.draft.trade_in
        if step is not None and step.appraisal is not None:
            self._show_answers(step.appraisal)
        elif step is not None:
            self.reset()  # no trade-in was chosen
        self.wanted.setFocus()

    def _show_answers(self, document: dict[str, Any]) -> None:
        """The questionnaire as it was answered (a resumed sale), appraised again."""
        answers = condition_from_json(document["answers"])
        self.wanted.setChecked(True)
        self.model.setCurrentText(document["model"])
        self.storage.setCurrentIndex(self.storage.findData(int(document["storage_gb"])))
        self.imei.setText(document["imei"])
        self.screen_state.setCurrentIndex(self.screen_state.findData(answers.screen.value))
        self.body_grade.setCurrentIndex(self.body_grade.findData(answers.body.value))
        self.battery.setValue(answers.battery_health)
        for fault, box in self.faults.items():
            box.setChecked(fault in answers.faults)
        self.water.setChecked(answers.water_damage)
        self.locked.setChecked(not answers.activation_lock_removed)
        self.appraise()

    def _sizes(self, model: str) -> None:
        self.storage.clear()
        for m, size in self._models:
            if m == model:
                self.storage.addItem(f"{size}GB", size)

    def appraise(self) -> Appraisal | None:
        """Price the old phone from the questionnaire and show each deduction."""
        condition = Condition(
            screen=Screen(self.screen_state.currentData()),
            body=Body(self.body_grade.currentData()),
            battery_health=self.battery.value(),
            faults=frozenset(f for f, box in self.faults.items() if box.isChecked()),
            water_damage=self.water.isChecked(),
            activation_lock_removed=not self.locked.isChecked(),
        )
        try:
            appraisal = self.sale.appraise(
                self.model.currentText(),
                int(self.storage.currentData()),
                self.imei.text(),
                condition,
            )
        except UserError as exc:
            self.appraisal = None
            self.refuse(exc)
            return None
        self.message.clear()
        lines = [
            tr("基础回收价 {appraisal_base_price}").format(
                appraisal_base_price=format_yuan(appraisal.base_price)
            )
        ]
        lines += [f"  − {d.label} {format_yuan(d.amount)}" for d in appraisal.deductions]
        if appraisal.accepted:
            lines.append(
                tr("抵扣金额 {appraisal_credit} 元").format(
                    appraisal_credit=format_yuan(appraisal.credit)
                )
            )
        else:
            lines.append(
                tr("不予回收：{appraisal_reason}").format(appraisal_reason=appraisal.reason)
            )
        self.result.setText("\n".join(lines))
        self.appraisal = appraisal
        return appraisal

    def commit(self) -> Write | None:
        sale = self.sale
        if not self.wanted.isChecked():
            return lambda: sale.set_trade_in(None)
        appraisal = self.appraisal
        if appraisal is None:  # the customer sees the price before it is taken
            if self.appraise() is not None:
                self.message.setText(tr("已估价：请与客户核对抵扣金额，再按回车继续"))
            return None
        if not appraisal.accepted:
            raise UserError(
                tr("这台旧机不能回收：{appraisal_reason}"), appraisal_reason=appraisal.reason
            )
        return lambda: sale.set_trade_in(appraisal)
