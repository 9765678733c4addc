"""⑤ 预审: the decision and its reasons; a review takes the manager's own login."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from app.domain.enums import Decision
from app.domain.errors import UserError
from app.domain.risk import DECISION_LABELS, FACTOR_LABELS
from ui.i18n import tr
from ui.ops import Op
from ui.screens.steps.base import (
    VALUE_LABELS,
    StepPage,
    Write,
)

if TYPE_CHECKING:
    from ui.screens.sale_wizard import SaleWizard


class PrecheckPage(StepPage):
    title = "⑤ 风控预审"

    def __init__(self, wizard: SaleWizard) -> None:
        super().__init__(wizard)
        self.decision = QLabel("")
        self.decision.setStyleSheet("font-size: 20px; font-weight: bold;")
        self.reasons = QLabel("")
        self.reasons.setWordWrap(True)
        self.override_box = QGroupBox(tr("店长复核（店长本人登录，写明理由）"))
        self.manager = QLineEdit(placeholderText=tr("店长工号"))
        self.password = QLineEdit(placeholderText=tr("店长密码"))
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.reason = QLineEdit(placeholderText=tr("复核理由（至少 5 个字）"))
        approve, decline = QPushButton(tr("批准")), QPushButton(tr("拒绝"))
        approve.clicked.connect(lambda: self.override(Decision.APPROVE))
        decline.clicked.connect(lambda: self.override(Decision.DECLINE))
        form = QFormLayout(self.override_box)
        form.addRow(tr("店长"), self.manager)
        form.addRow(tr("密码"), self.password)
        form.addRow(tr("理由"), self.reason)
        buttons = QHBoxLayout()
        buttons.addWidget(approve)
        buttons.addWidget(decline)
        form.addRow(buttons)
        self.central_box = QGroupBox(tr("总部审批"))
        told = QLabel(tr("请告知客户：本笔分期需总部审批，结果返回前不会签约，也不收取任何费用。"))
        told.setWordWrap(True)
        self.ask_button = QPushButton(tr("查询审批结果"))
        self.ask_button.clicked.connect(self.ask_central)
        self.central_status = QLabel("")
        central = QVBoxLayout(self.central_box)
        central.addWidget(told)
        central.addWidget(self.ask_button)
        central.addWidget(self.central_status)
        self._op: Op | None = None
        self._check: Op | None = None
        self._override: Op | None = None
        self.body.addWidget(self.decision)
        self.body.addWidget(self.reasons)
        self.body.addWidget(self.override_box)
        self.body.addWidget(self.central_box)
        self.body.addStretch(1)
        self.body.addWidget(self.message)

    def reset(self) -> None:
        super().reset()
        self.decision.clear()
        self.reasons.clear()
        self.central_status.clear()
        for field in (self.manager, self.password, self.reason):
            field.clear()
        self.override_box.setVisible(False)
        self.central_box.setVisible(False)

    def enter(self) -> None:
        super().enter()
        if self.sale.draft.precheck is None:
            self._run_precheck()
        else:
            self._show()

    @property
    def working(self) -> bool:
        return any(op is not None and op.running for op in (self._check, self._override))

    def _run_precheck(self) -> None:
        """The pre-check off the UI thread: asking the chain about repeat applications may
        take its 3 s when the network is down, and the window stays alive meanwhile."""
        self.reset()
        self.decision.setText(tr("正在预审…"))
        self._check = Op(self.sale.precheck, self)
        self._check.done.connect(lambda _result: self._show())
        self._check.failed.connect(self._precheck_failed)
        self._check.start()

    def _precheck_failed(self, error: Exception) -> None:
        self.reset()
        self.refuse(error)

    def _show(self) -> None:
        """The decision as it stands and the pre-check's reasons, from the sale."""
        outcome = self.sale.outcome
        result = outcome.result
        tier = (
            "—"
            if result["tier"] is None
            else tr("{tier_code}（{tier_name}）").format(
                tier_code=result["tier"], tier_name=outcome.tier_name or ""
            )
        )
        items = tr("，").join(
            f"{tr(FACTOR_LABELS[i['factor']])} {tr(VALUE_LABELS.get(i['value'], i['value']))} "
            f"{i['points']:+d}"
            for i in result["score_items"]
        )
        lines = [
            tr("风险等级：{tier}　评分：{result_score}（{items}）").format(
                tier=tier, result_score=result["score"], items=items
            ),
            "",
        ]
        lines += [f"• {r['message']}" for r in result["reasons"]] or [tr("各项条件均满足")]
        self.reasons.setText("\n".join(lines))
        decision = outcome.decision
        self.decision.setText(
            tr("预审结果：{decision}").format(decision=tr(DECISION_LABELS[decision.value]))
        )
        self.override_box.setVisible(decision is Decision.REVIEW)
        self.central_box.setVisible(decision is Decision.CENTRAL)
        if decision is Decision.REVIEW:
            self.manager.setFocus()

    def override(self, decision: Decision) -> None:
        """The manager's decision, with their own password and a reason, checked and saved
        off the UI thread (the password's hash takes a moment)."""
        if self.working:
            return
        self._override = Op(self._override_write(decision), self)
        self._override.done.connect(self.saved)
        self._override.failed.connect(self.refuse)
        self._override.start()

    def _override_write(self, decision: Decision) -> Write:
        sale, manager, password = self.sale, self.manager.text().strip(), self.password.text()
        reason = self.reason.text()
        return lambda: sale.override(manager, password, decision, reason)

    def saved(self, result: object) -> None:
        """The manager's decision is saved: their password is not kept on screen."""
        self.password.clear()
        self.message.clear()
        self._show()

    def ask_central(self) -> None:
        """Sync now, then look for the chain's decision (off the UI thread)."""
        from app.services.sync import sync_once

        sale = self.sale
        self.central_status.setText(tr("正在查询总部审批结果…"))

        def ask() -> Decision | None:
            sync_once(sale.services)
            return sale.central_decision()

        self._op = Op(ask, self)
        self._op.done.connect(self._central_answered)
        self._op.failed.connect(self._central_unreachable)
        self._op.start()

    def _central_answered(self, decided: Decision | None) -> None:
        if decided is None:
            self.central_status.setText(tr("总部尚未审批：请客户稍候，或保存后稍后继续"))
            return
        self.central_status.clear()
        self._show()

    def _central_unreachable(self, error: Exception) -> None:
        self.central_status.setText(tr("无法连接中心服务器：请稍后再查询（销售已保存为草稿）"))

    def commit(self) -> Write | None:
        """Enter goes on once approved; in a review, Enter approves once the manager has
        typed a reason (the 拒绝 button declines)."""
        if self.sale.draft.precheck is None:
            raise UserError(tr("预审未完成：请检查客户信息后重试"))
        decision = self.sale.outcome.decision
        if decision is Decision.REVIEW and self.reason.text().strip():
            return self._override_write(Decision.APPROVE)
        if decision is Decision.APPROVE:
            return super().commit()
        if decision is Decision.REVIEW:
            raise UserError(tr("需店长复核后才能继续"))
        if decision is Decision.CENTRAL:
            raise UserError(tr("已提交总部审批：审批通过前不能签约"))
        raise UserError(tr("预审未通过，不能办理分期"))
