"""The eight pages of a sale, one per step of `app.services.sale.Sale`. Each page fills
itself from the sale when shown (`enter`) and checks and saves its step (`commit`); a
refusal is shown on the page in words, and nothing entered is lost."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
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
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.config import documents_dir, key_file_path
from app.domain.contract import nominal_rate, percent
from app.domain.enums import Decision
from app.domain.errors import UserError
from app.domain.money import format_yuan, parse_yuan, round_fen
from app.domain.quote import Quote
from app.domain.risk import DECISION_LABELS, FACTOR_LABELS, Employment
from app.domain.tradein import (
    FAULT_LABELS,
    SCREEN_LABELS,
    Appraisal,
    Body,
    Condition,
    Fault,
    Screen,
)
from printing.signature import signature_png
from storage.files import private_folder, write_private
from storage.keys import load_or_create_identity
from ui.errors import present_error
from ui.ops import Op
from ui.screens.idcard_review import CardReviewForm
from ui.widgets.pdf_view import PdfView, page_images
from ui.widgets.plan_bars import PlanBars
from ui.widgets.printing import ask_and_print, save_pdf
from ui.widgets.signature_pad import SignaturePad

if TYPE_CHECKING:
    from app.services.sale import Sale
    from ui.screens.sale import SaleWizard

EMPLOYMENT_LABELS = {
    Employment.CIVIL_SERVANT: "公务员/事业单位",
    Employment.SALARIED: "企业职工",
    Employment.SELF_EMPLOYED: "个体经营",
    Employment.FREELANCE: "自由职业",
    Employment.RETIRED: "退休",
    Employment.STUDENT: "学生",
    Employment.UNEMPLOYED: "无业",
}
VALUE_LABELS = {
    **{e.value: label for e, label in EMPLOYMENT_LABELS.items()},
    "none": "无记录",
    "on_time": "按时还款",
    "late": "曾逾期",
    "overdue": "逾期未还",
}
CHANNELS = ("微信支付", "支付宝", "银行卡", "现金")


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _fill(table: QTableWidget, rows: list[list[str]], *, right_from: int) -> None:
    """Replace the table's rows (columns from `right_from` on right-aligned), then size the
    columns once: sizing them per cell made re-pricing take 100 ms."""
    table.setUpdatesEnabled(False)
    table.setRowCount(len(rows))
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            table.setItem(r, c, _cell(text, right=c >= right_from))
    table.resizeColumnsToContents()
    table.setUpdatesEnabled(True)


def _cell(text: str, *, right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class StepPage(QWidget):
    """A page of the sale; `message` shows why a step was refused."""

    title = ""

    def __init__(self, wizard: SaleWizard) -> None:
        super().__init__()
        self.wizard = wizard
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c92a2a; font-weight: bold;")
        self.body = QVBoxLayout(self)
        heading = QLabel(self.title)
        heading.setStyleSheet("font-size: 18px; font-weight: bold;")
        self.body.addWidget(heading)

    @property
    def sale(self) -> Sale:
        assert self.wizard.sale is not None
        return self.wizard.sale

    def enter(self) -> None:
        """Fill the page from the sale."""
        self.message.clear()

    def commit(self) -> bool:
        """Check and save this step; False (and the reason shown) when it cannot be."""
        return True

    def refuse(self, error: Exception) -> bool:
        """Show why the step was refused; never lose what was typed."""
        self.message.setText(str(error))
        return False


class PhonePage(StepPage):
    title = "① 选择手机：搜索品牌、型号、SKU，或扫描条码 / IMEI"

    def __init__(self, wizard: SaleWizard) -> None:
        super().__init__(wizard)
        self.search = QLineEdit(placeholderText="输入或扫描，回车确认")
        self.search.textChanged.connect(self._find)
        self.results = _table(["SKU", "手机", "售价（元）", "库存"])
        self.results.itemDoubleClicked.connect(lambda _item: self.wizard.next())
        self.body.addWidget(self.search)
        self.body.addWidget(self.results, 1)
        self.body.addWidget(self.message)

    def enter(self) -> None:
        super().enter()
        self._find(self.search.text())
        self.search.setFocus()

    def _find(self, text: str) -> None:
        from app.services.sale import Sale

        rows = Sale.find_phones(self.wizard.services, text)
        cells = [
            [
                product.sku,
                f"{product.brand} {product.model} {product.storage_gb}GB {product.colour}",
                format_yuan(product.price),
                str(stock),
            ]
            for product, stock in rows
        ]
        _fill(self.results, cells, right_from=2)
        if rows:
            self.results.selectRow(0)

    def commit(self) -> bool:
        code = self.search.text().strip()
        scanned = code.isdigit() and len(code) == 15  # an IMEI: that very unit
        row = self.results.currentRow()
        if not scanned:
            if row < 0:
                return self.refuse(UserError("没有找到这款手机：换个关键词试试"))
            item = self.results.item(row, 0)
            code = "" if item is None else item.text()
        try:
            self.sale.choose_phone(code)
        except UserError as exc:
            return self.refuse(exc)
        return True


class CustomerPage(StepPage):
    title = "② 客户信息：扫描或导入身份证，核对后填写联系方式与收入"

    def __init__(self, wizard: SaleWizard) -> None:
        super().__init__(wizard)
        self._reader: Any = None
        self._op: Op | None = None
        self._photos: dict[str, Path] = {}
        buttons = QHBoxLayout()
        self.front = QPushButton("导入身份证人像面照片…")
        self.back = QPushButton("导入国徽面照片…")
        self.front.clicked.connect(lambda: self._pick("front"))
        self.back.clicked.connect(lambda: self._pick("back"))
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setVisible(False)
        self.status = QLabel("未识别：可直接手工填写")
        buttons.addWidget(self.front)
        buttons.addWidget(self.back)
        buttons.addWidget(self.busy)
        buttons.addWidget(self.status, 1)
        self.card_box = QGroupBox("身份证（黄色为需核对的字段）")
        self.card_layout = QVBoxLayout(self.card_box)
        self.card = CardReviewForm({})
        self.card.confirm.setVisible(False)
        self.card_layout.addWidget(self.card)
        self.phone = QLineEdit(placeholderText="11 位手机号")
        self.income = QLineEdit(placeholderText="元/月")
        self.debt = QLineEdit("0")
        self.employment = QComboBox()
        for value, label in EMPLOYMENT_LABELS.items():
            self.employment.addItem(label, value.value)
        self.employment.setCurrentIndex(1)
        self.years = QSpinBox()
        self.years.setRange(0, 60)
        other = QFormLayout()
        other.addRow("手机号", self.phone)
        other.addRow("月收入（元）", self.income)
        other.addRow("每月已有还款（元）", self.debt)
        other.addRow("职业", self.employment)
        other.addRow("现单位工作年限", self.years)
        row = QHBoxLayout()
        row.addWidget(self.card_box, 3)
        side = QGroupBox("联系方式与收入")
        side.setLayout(other)
        row.addWidget(side, 2)
        self.body.addLayout(buttons)
        self.body.addLayout(row, 1)
        self.body.addWidget(self.message)

    def _pick(self, side: str) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "选择身份证照片", "", "图片 (*.jpg *.jpeg *.png *.bmp)"
        )
        if name:
            self.read_photos(**{**self._photos, side: Path(name)})

    def read_photos(self, front: Path | None = None, back: Path | None = None) -> Op:
        """Read the card off the UI thread; the fields fill in when it is done."""
        from app.idcard.finder import load_image
        from app.idcard.reader import CardReader

        self._photos = {k: v for k, v in (("front", front), ("back", back)) if v is not None}

        def read() -> dict[str, Any]:
            if self._reader is None:
                self._reader = CardReader()
            photo = self._photos.get("front") or self._photos["back"]
            other = self._photos.get("back") if "front" in self._photos else None
            image = load_image(photo)
            return dict(self._reader.read(image, load_image(other) if other else None).to_json())

        self.busy.setVisible(True)
        self.status.setText("正在识别…")
        self._op = Op(read, self)
        self._op.done.connect(self._show_reading)
        self._op.failed.connect(self._reading_failed)
        self._op.start()
        return self._op

    def _show_reading(self, document: dict[str, Any]) -> None:
        self.busy.setVisible(False)
        self.card_layout.removeWidget(self.card)
        self.card.deleteLater()
        self.card = CardReviewForm(document)
        self.card.confirm.setVisible(False)
        self.card_layout.addWidget(self.card)
        doubtful = len(document.get("needs_review", []))
        check = "号码校验通过" if document.get("checksum_ok") else "号码校验未通过"
        self.status.setText(
            f"已识别（{check}），{doubtful} 项需核对" if doubtful else f"已识别（{check}）"
        )

    def _reading_failed(self, error: Exception) -> None:
        self.busy.setVisible(False)
        self.status.setText("识别失败：请重拍或手工填写")
        if isinstance(error, UserError):
            self.message.setText(str(error))
        else:
            present_error(self, error)

    def enter(self) -> None:
        super().enter()
        customer = self.sale.state.get("customer")
        finances = self.sale.state.get("finances")
        if customer and not any(self.card.values().values()):
            self.card.boxes["name"].setEditText(customer.get("name", ""))
            self.card.boxes["id_number"].setEditText(customer.get("id_number", ""))
            self.card.boxes["address"].setEditText(customer.get("address", ""))
            self.card.boxes["birth_date"].setEditText(customer.get("birth_date", ""))
            self.card.boxes["valid_to"].setEditText(str(customer.get("id_valid_to", "")))
            self.phone.setText(customer.get("phone", ""))
        if finances:
            self.income.setText(str(finances["monthly_income"]))
            self.debt.setText(str(finances["monthly_debt"]))
            self.years.setValue(int(finances["years_in_job"]))
            self.employment.setCurrentIndex(self.employment.findData(finances["employment"]))

    def commit(self) -> bool:
        card = self.card.values()
        edited = [f for f in self.card.edited_fields() if f in card] if self._photos else []
        customer = {
            "id_number": card["id_number"],
            "name": card["name"],
            "phone": self.phone.text().strip(),
            "address": card["address"] or None,
            "birth_date": card["birth_date"] or None,
            "id_valid_to": card["valid_to"] or "长期",
            "edited_fields": edited,
        }
        finances = {
            "monthly_income": self.income.text().strip(),
            "monthly_debt": self.debt.text().strip() or "0",
            "employment": self.employment.currentData(),
            "years_in_job": self.years.value(),
        }
        try:
            returning = self.sale.set_customer(customer, finances)
        except UserError as exc:
            return self.refuse(exc)
        self.wizard.notice("老客户：已找到本连锁的记录" if returning else "新客户")
        return True


class TradeInPage(StepPage):
    title = "③ 以旧换新（可选）：按问卷估价，逐项列明扣减"

    def __init__(self, wizard: SaleWizard) -> None:
        super().__init__(wizard)
        self.appraisal: Appraisal | None = None
        self.wanted = QCheckBox("客户用旧手机抵扣")
        self.form = QGroupBox("旧机情况")
        self.wanted.toggled.connect(self.form.setEnabled)
        self.model = QComboBox()
        self.model.currentTextChanged.connect(self._sizes)
        self.storage = QComboBox()
        self.imei = QLineEdit(placeholderText="拨 *#06# 查看 15 位 IMEI")
        self.screen_state = QComboBox()
        for screen in Screen:
            self.screen_state.addItem(SCREEN_LABELS[screen], screen.value)
        self.body_grade = QComboBox()
        for grade in Body:
            self.body_grade.addItem(f"{grade.value} 级", grade.value)
        self.battery = QSpinBox()
        self.battery.setRange(0, 100)
        self.battery.setValue(90)
        self.battery.setSuffix(" %")
        self.faults = {f: QCheckBox(FAULT_LABELS[f.value]) for f in Fault}
        self.water = QCheckBox("进水")
        self.locked = QCheckBox("激活锁未解除")
        self.appraise_button = QPushButton("估价")
        self.appraise_button.clicked.connect(self.appraise)
        self.result = QLabel("")
        self.result.setTextFormat(Qt.TextFormat.PlainText)
        form = QFormLayout(self.form)
        form.addRow("型号", self.model)
        form.addRow("容量", self.storage)
        form.addRow("IMEI", self.imei)
        form.addRow("屏幕", self.screen_state)
        form.addRow("外观", self.body_grade)
        form.addRow("电池健康", self.battery)
        faults = QHBoxLayout()
        for box in [*self.faults.values(), self.water, self.locked]:
            faults.addWidget(box)
        form.addRow("故障", faults)
        form.addRow(self.appraise_button, self.result)
        self.form.setEnabled(False)
        self.body.addWidget(self.wanted)
        self.body.addWidget(self.form)
        self.body.addStretch(1)
        self.body.addWidget(self.message)
        self._models: list[tuple[str, int]] = []

    def enter(self) -> None:
        super().enter()
        if not self._models:
            self._models = self.sale.trade_in_models()
            for model in dict.fromkeys(m for m, _ in self._models):
                self.model.addItem(model)
        self.wanted.setFocus()

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
        lines = [f"基础回收价 {format_yuan(appraisal.base_price)}"]
        lines += [f"  − {d.label} {format_yuan(d.amount)}" for d in appraisal.deductions]
        if appraisal.accepted:
            lines.append(f"抵扣金额 {format_yuan(appraisal.credit)} 元")
        else:
            lines.append(f"不予回收：{appraisal.reason}")
        self.result.setText("\n".join(lines))
        self.appraisal = appraisal
        return appraisal

    def commit(self) -> bool:
        try:
            if not self.wanted.isChecked():
                self.sale.set_trade_in(None)
                return True
            appraisal = self.appraisal or self.appraise()
            if appraisal is None:
                return False
            if not appraisal.accepted:
                return self.refuse(UserError(f"这台旧机不能回收：{appraisal.reason}"))
            self.sale.set_trade_in(appraisal)
        except UserError as exc:
            return self.refuse(exc)
        return True


class PlanPage(StepPage):
    title = "④ 选择分期方案：月供、总成本和年化利率（IRR）并排比较，无任何隐藏费用"

    HEADERS = (
        "方案",
        "期数",
        "首月月供",
        "名义利率",
        "年化利率(IRR)",
        "利息/手续费",
        "总还款",
        "每天利息",
    )

    def __init__(self, wizard: SaleWizard) -> None:
        super().__init__(wizard)
        self.quotes: list[Quote] = []
        self.down = QLineEdit("0")
        self.down.textChanged.connect(self.reprice)
        self.cash = QLabel("")
        top = QHBoxLayout()
        top.addWidget(QLabel("首付（元）"))
        top.addWidget(self.down)
        top.addWidget(self.cash, 1)
        self.table = _table(list(self.HEADERS))
        self.bars = PlanBars()
        self.body.addLayout(top)
        self.body.addWidget(self.table, 1)
        self.body.addWidget(QLabel("各方案比现金价多付（利息/手续费，元）"))
        self.body.addWidget(self.bars)
        self.body.addWidget(self.message)

    def enter(self) -> None:
        super().enter()
        if "down" in self.sale.state:
            self.down.setText(self.sale.state["down"])
        self.reprice()
        self.table.setFocus()

    def _down(self) -> Decimal:
        try:
            return parse_yuan(self.down.text().strip() or "0", field="首付")
        except (UserError, InvalidOperation) as exc:
            raise UserError(f"首付：{exc}") from None

    def reprice(self) -> None:
        """Price every plan again for the down payment as it stands."""
        try:
            self.quotes = self.sale.plans(self._down())
        except UserError as exc:
            self.quotes = []
            self.table.setRowCount(0)
            self.refuse(exc)
            return
        self.message.clear()
        rows = [
            [
                q.method.label,
                str(q.term),
                format_yuan(q.first_payment),
                nominal_rate(q),
                percent(q.apr),
                format_yuan(q.total_interest_or_fees),
                format_yuan(q.total_payable),
                str(round_fen(q.total_interest_or_fees / _days(q))),
            ]
            for q in self.quotes
        ]
        _fill(self.table, rows, right_from=2)
        cart = self.quotes[0].cart if self.quotes else None
        if cart is not None:
            self.cash.setText(
                f"现金价 {format_yuan(cart.price)}，"
                f"以旧换新抵扣 {format_yuan(cart.trade_in_credit)}，"
                f"分期金额 {format_yuan(cart.financed)}"
            )
            self.bars.show_extra(
                [(f"{q.method.label} {q.term} 期", q.total_interest_or_fees) for q in self.quotes]
            )
        chosen = self._chosen_row()
        self.table.selectRow(chosen)

    def _chosen_row(self) -> int:
        method, term = self.sale.state.get("method"), self.sale.state.get("term")
        for r, q in enumerate(self.quotes):
            if q.method.value == method and q.term == term:
                return r
        return 0

    def commit(self) -> bool:
        row = self.table.currentRow()
        if not self.quotes or row < 0:
            return self.refuse(UserError("请选择一个分期方案"))
        quote = self.quotes[row]
        try:
            self.sale.choose_plan(self._down(), quote.method, quote.term)
        except UserError as exc:
            return self.refuse(exc)
        return True


def _days(quote: Quote) -> int:
    """Days from the contract date to the last instalment."""
    return (quote.schedule[-1].due_date - quote.cart.start).days


class PrecheckPage(StepPage):
    title = "⑤ 风控预审"

    def __init__(self, wizard: SaleWizard) -> None:
        super().__init__(wizard)
        self.decision = QLabel("")
        self.decision.setStyleSheet("font-size: 20px; font-weight: bold;")
        self.reasons = QLabel("")
        self.reasons.setWordWrap(True)
        self.override_box = QGroupBox("店长复核（店长本人登录，写明理由）")
        self.manager = QLineEdit(placeholderText="店长工号")
        self.password = QLineEdit(placeholderText="店长密码")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.reason = QLineEdit(placeholderText="复核理由（至少 5 个字）")
        approve, decline = QPushButton("批准"), QPushButton("拒绝")
        approve.clicked.connect(lambda: self.override(Decision.APPROVE))
        decline.clicked.connect(lambda: self.override(Decision.DECLINE))
        form = QFormLayout(self.override_box)
        form.addRow("店长", self.manager)
        form.addRow("密码", self.password)
        form.addRow("理由", self.reason)
        buttons = QHBoxLayout()
        buttons.addWidget(approve)
        buttons.addWidget(decline)
        form.addRow(buttons)
        self.body.addWidget(self.decision)
        self.body.addWidget(self.reasons)
        self.body.addWidget(self.override_box)
        self.body.addStretch(1)
        self.body.addWidget(self.message)

    def enter(self) -> None:
        super().enter()
        if "application_id" not in self.sale.state:
            try:
                result, _ = self.sale.precheck()
            except UserError as exc:
                self.refuse(exc)
                return
            tier = "—" if result.tier is None else f"{result.tier.code}（{result.tier.name}）"
            items = "，".join(
                f"{FACTOR_LABELS[i.factor]} {VALUE_LABELS.get(i.value, i.value)} {i.points:+d}"
                for i in result.score_items
            )
            lines = [f"风险等级：{tier}　评分：{result.score}（{items}）", ""]
            lines += [f"[{r.code}] {r.message}" for r in result.reasons] or ["各项条件均满足"]
            self.reasons.setText("\n".join(lines))
        self._show()

    def _show(self) -> None:
        decision = self.sale.state.get("decision", "")
        self.decision.setText(f"预审结果：{DECISION_LABELS.get(decision, '—')}")
        self.override_box.setVisible(decision == "review")
        if decision == "review":
            self.manager.setFocus()

    def override(self, decision: Decision) -> None:
        """The manager's decision, with their own password and a reason."""
        try:
            self.sale.override(
                self.manager.text().strip(), self.password.text(), decision, self.reason.text()
            )
        except UserError as exc:
            self.refuse(exc)
            return
        self.password.clear()
        self.message.clear()
        self._show()

    def commit(self) -> bool:
        decision = self.sale.state.get("decision")
        if decision == "approve":
            return True
        if decision == "review":
            return self.refuse(UserError("需店长复核后才能继续"))
        return self.refuse(UserError("预审未通过，不能办理分期"))


class DisclosurePage(StepPage):
    title = "⑥ 逐条讲解关键条款，客户确认"

    def __init__(self, wizard: SaleWizard) -> None:
        super().__init__(wizard)
        self.clauses: list[tuple[str, str, str]] = []
        self.progress = QLabel("")
        self.clause_title = QLabel("")
        self.clause_title.setStyleSheet("font-size: 18px; font-weight: bold;")
        self.text = QLabel("")
        self.text.setWordWrap(True)
        self.text.setStyleSheet("font-size: 16px;")
        self.confirm = QPushButton("客户已阅读并确认（回车）")
        self.confirm.clicked.connect(self.wizard.next)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.body.addWidget(self.progress)
        self.body.addWidget(self.clause_title)
        self.body.addWidget(self.text)
        self.body.addWidget(self.confirm)
        self.body.addStretch(1)
        self.body.addWidget(self.message)

    def _current(self) -> int | None:
        done = self.sale.state.get("acknowledged", {})
        return next((i for i, (code, _, _) in enumerate(self.clauses) if code not in done), None)

    def enter(self) -> None:
        super().enter()
        self.clauses = self.sale.clauses()
        self._show()

    def _show(self) -> None:
        i = self._current()
        if i is None:
            self.progress.setText(f"全部 {len(self.clauses)} 条已确认")
            self.clause_title.setText("条款已全部确认，请进入签名")
            self.text.clear()
            self.confirm.setText("进入签名（回车）")
            return
        _, title, text = self.clauses[i]
        self.progress.setText(f"第 {i + 1} / {len(self.clauses)} 条")
        self.clause_title.setText(title)
        self.text.setText(text)
        self.confirm.setText("客户已阅读并确认（回车）")

    def commit(self) -> bool:
        i = self._current()
        if i is None:
            return True
        try:
            self.sale.acknowledge(self.clauses[i][0])
        except UserError as exc:
            return self.refuse(exc)
        self._show()
        return False  # one clause at a time: the page stays until all are confirmed


class SignaturePage(StepPage):
    title = "⑦ 客户签名（鼠标、手写笔或触屏）"

    def __init__(self, wizard: SaleWizard) -> None:
        super().__init__(wizard)
        self.pad = SignaturePad()
        clear = QPushButton("清除重签")
        clear.clicked.connect(self.pad.clear)
        self.channel = QComboBox()
        self.channel.addItems(CHANNELS)
        row = QHBoxLayout()
        row.addWidget(QLabel("首付收款方式"))
        row.addWidget(self.channel)
        row.addStretch(1)
        row.addWidget(clear)
        self.body.addWidget(self.pad, alignment=Qt.AlignmentFlag.AlignHCenter)
        self.body.addLayout(row)
        self.body.addStretch(1)
        self.body.addWidget(self.message)

    def commit(self) -> bool:
        try:
            png = signature_png(self.pad.strokes)
        except ValueError:
            return self.refuse(UserError("请客户在签名框内签名"))
        strokes = [list(s) for s in self.pad.strokes]
        try:
            self.sale.sign(png, strokes, channel=self.channel.currentText())
        except UserError as exc:
            return self.refuse(exc)
        return True


class ContractPage(StepPage):
    title = "⑧ 合同与收据：已签约，打印交给客户"

    def __init__(self, wizard: SaleWizard) -> None:
        super().__init__(wizard)
        self.documents: dict[str, bytes] = {}
        self.folder: Path | None = None
        self._op: Op | None = None
        self.status = QLabel("")
        self.view = PdfView()
        buttons = QHBoxLayout()
        for label, action in (
            ("打印合同（两份）", self.print_contract),
            ("打印收据", self.print_receipt),
            ("另存为 PDF…", self.save_copy),
        ):
            button = QPushButton(label)
            button.clicked.connect(action)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.body.addWidget(self.status)
        self.body.addWidget(self.view, 1)
        self.body.addLayout(buttons)
        self.body.addWidget(self.message)

    def enter(self) -> None:
        super().enter()
        number = self.sale.state["contract_number"]
        services = self.wizard.services
        self.status.setText(f"合同 {number} 已保存，正在生成并签章 PDF…")

        def render() -> tuple[dict[str, bytes], Path, list[Any]]:
            from app.services.signing import stored_sale
            from printing.documents import sale_documents  # PDF and signing stack: 1 s

            with services.unit_of_work() as uow:
                stored = stored_sale(uow, number)
            identity = load_or_create_identity(key_file_path().parent, stored.contract.store_name)
            documents = sale_documents(stored.contract, stored.receipt, identity)
            folder = private_folder(documents_dir() / number)
            for name, pdf in documents.items():
                write_private(folder / name, pdf)
            return documents, folder, page_images(documents[f"{number}-customer.pdf"])

        self._op = Op(render, self)
        self._op.done.connect(self._show)
        self._op.failed.connect(self._failed)
        self._op.start()

    def _show(self, result: tuple[dict[str, bytes], Path, list[Any]]) -> None:
        self.documents, self.folder, images = result
        number = self.sale.state["contract_number"]
        self.status.setText(f"合同 {number} 已签章，文件在 {self.folder}")
        self.view.show_pages(images)

    def _failed(self, error: Exception) -> None:
        number = self.sale.state["contract_number"]
        self.status.setText(
            f"合同 {number} 已保存，但 PDF 未生成：可用 fenqi reprint {number} 重新生成"
        )
        present_error(self, error)

    def _pdf(self, suffix: str) -> bytes | None:
        return next((pdf for name, pdf in self.documents.items() if name.endswith(suffix)), None)

    def print_contract(self) -> None:
        for copy in ("-store.pdf", "-customer.pdf"):
            pdf = self._pdf(copy)
            if pdf is not None:
                ask_and_print(self, pdf, title="打印合同")

    def print_receipt(self) -> None:
        pdf = self._pdf("-80mm.pdf")
        if pdf is not None:
            ask_and_print(self, pdf, title="打印收据")

    def save_copy(self) -> None:
        pdf = self._pdf("-customer.pdf")
        if pdf is not None:
            save_pdf(self, pdf, suggested=f"{self.sale.state['contract_number']}-customer.pdf")

    def commit(self) -> bool:
        self.wizard.finish()
        return False


PAGES = (
    PhonePage,
    CustomerPage,
    TradeInPage,
    PlanPage,
    PrecheckPage,
    DisclosurePage,
    SignaturePage,
    ContractPage,
)
