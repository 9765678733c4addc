"""The counter window driven as a salesperson would, offscreen: log in, sell a phone on
installments from a card photo to a signed, verifiable contract; close midway and resume."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QLabel
from sqlalchemy import func, select

from app.domain.enums import UnitStatus
from app.services.applications import open_sealed
from printing.signature_image import demo_strokes
from storage.models import (
    Application,
    AuditEntry,
    Contract,
    DeviceUnit,
    InstallmentRow,
    OutboxEvent,
    Payment,
    SaleDraft,
)
from tests.factories.cli import run
from tests.factories.counter import settle
from ui.main_window import MainWindow
from ui.screens.steps import (
    ContractPage,
    CustomerPage,
    DisclosurePage,
    PhonePage,
    PlanPage,
    PrecheckPage,
    SignaturePage,
    TradeInPage,
)

pytestmark = pytest.mark.parametrize("demo_url", ["sqlite"], indirect=True)


def log_in(qtbot, window, password="demo1234"):
    window.login.username.clear()
    qtbot.keyClicks(window.login.username, "sales01")
    qtbot.keyClick(window.login.username, Qt.Key.Key_Return)
    qtbot.keyClicks(window.login.password, password)
    qtbot.keyClick(window.login.password, Qt.Key.Key_Return)


def page(wizard):
    return wizard.pages[wizard.current]


def enter(qtbot, widget):
    """The key a salesperson (or a barcode scanner) presses to go on; the step is saved off
    the UI thread, then the next page shows (or the refusal)."""
    qtbot.keyClick(widget, Qt.Key.Key_Return)
    settle(widget.window())


def sign_on(pad, name):
    """Draw the strokes of a signature on the pad with the mouse, point by point."""
    for stroke in demo_strokes(name):
        for i, (x, y, _) in enumerate(stroke):
            kind = QMouseEvent.Type.MouseButtonPress if i == 0 else QMouseEvent.Type.MouseMove
            event = QMouseEvent(
                kind,
                QPointF(x * 0.9, y * 0.8),
                QPointF(x * 0.9, y * 0.8),
                Qt.MouseButton.LeftButton,
                Qt.MouseButton.LeftButton,
                Qt.KeyboardModifier.NoModifier,
            )
            QApplication.sendEvent(pad, event)


def confirm_clauses(qtbot, view):
    """The customer reads the plan, then confirms each clause with their own hand, each
    button once it has enabled."""
    qtbot.waitUntil(view.plan_read.isEnabled, timeout=5000)
    qtbot.mouseClick(view.plan_read, Qt.MouseButton.LeftButton)
    for _ in view.clauses:
        qtbot.waitUntil(view.confirm.isEnabled, timeout=5000)
        qtbot.mouseClick(view.confirm, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not view.working, timeout=5000)


def demo_photo(name: str) -> Path:
    with resources.as_file(resources.files("assets").joinpath("demo", name)) as path:
        return Path(path)


def test_a_whole_sale_from_login_to_a_signed_verifiable_contract(
    qtbot, window, services, tmp_path, capsys
):
    log_in(qtbot, window, password="wrong")
    assert window.login.message.text() == "用户名或密码错误"
    log_in(qtbot, window)
    assert window.screens.currentWidget() is window.home
    assert window.staff.text() == "李晓雯（销售）"
    window.home.start.click()  # F2
    wizard = window.wizard
    assert isinstance(page(wizard), PhonePage)

    phone = page(wizard)
    qtbot.keyClicks(phone.search, "iPhone 17")
    assert phone.results.rowCount() >= 1
    phone.search.clear()
    qtbot.keyClicks(phone.search, "APL-IP17-256-BLK")
    enter(qtbot, phone.search)

    customer = page(wizard)
    assert isinstance(customer, CustomerPage), wizard.pages[0].message.text()
    op = customer.read_photos(demo_photo("id-front.jpg"), demo_photo("id-back.jpg"))
    qtbot.waitUntil(lambda: not op.running, timeout=60_000)
    assert customer.card.values()["id_number"]
    qtbot.keyClicks(customer.phone, "13800138000")
    qtbot.keyClicks(customer.income, "12000")
    customer.debt.setText("800")
    customer.years.setValue(5)
    customer.contact_name.setText("石磊")  # typed through the input method
    customer.contact_phone.setText("13800138000")  # the customer's own number: refused
    enter(qtbot, customer.contact_name)
    assert customer.message.text() == "客户信息：不能填写客户本人的手机号作为紧急联系人电话"
    customer.contact_phone.setText("13900001111")
    enter(qtbot, customer.phone)

    trade_in = page(wizard)
    assert isinstance(trade_in, TradeInPage), customer.message.text()
    enter(qtbot, trade_in.wanted)  # no trade-in

    plans = page(wizard)
    assert isinstance(plans, PlanPage), trade_in.message.text()
    plans.down.setText("1000")
    assert plans.table.rowCount() >= 4
    row = next(
        r
        for r, q in enumerate(plans.quotes)
        if q.method.value == "equal_installment" and q.term == 12
    )
    plans.table.selectRow(row)
    enter(qtbot, plans.table)

    precheck = page(wizard)
    assert isinstance(precheck, PrecheckPage), plans.message.text()
    qtbot.waitUntil(lambda: not precheck.working, timeout=10_000)  # off the UI thread
    assert precheck.decision.text() == "预审结果：通过", precheck.reasons.text()
    enter(qtbot, precheck)

    disclosure = page(wizard)
    assert isinstance(disclosure, DisclosurePage)
    view = wizard.customer_view
    assert view is not None and view.isVisible()
    assert view.stack.currentIndex() == 0  # the plan in large type first
    total = view.findChild(QLabel, "figure_total").text()
    assert total == "5329.87 元"  # 4999.00 financed + 330.87 interest
    enter(qtbot, disclosure)  # the clerk cannot confirm for the customer
    assert disclosure.message.text() == "请客户在客户屏上确认第 1 条：店员不能代为确认"
    confirm_clauses(qtbot, view)
    signature = page(wizard)
    assert isinstance(signature, SignaturePage)
    enter(qtbot, signature)  # nothing signed yet
    assert signature.message.text() == "请客户在客户屏上签名"
    sign_on(view.pad, "陈思远")
    qtbot.mouseClick(view.accept_signature, Qt.MouseButton.LeftButton)
    assert signature.preview.pixmap() is not None and not signature.preview.pixmap().isNull()
    signature.channel.setCurrentText("现金")
    enter(qtbot, signature)

    contract = page(wizard)
    assert isinstance(contract, ContractPage), signature.message.text()
    qtbot.waitUntil(lambda: bool(contract.documents), timeout=60_000)
    number = wizard.sale.draft.contract_number
    store_copy = tmp_path / "documents" / number / f"{number}-store.pdf"
    code, verdict, _ = run(capsys, "verify", str(store_copy))
    assert code == 0 and verdict.startswith(f"valid {number}")
    enter(qtbot, contract)
    assert window.screens.currentWidget() is window.home

    with services.sessions() as session:
        stored = session.scalars(select(Contract)).one()
        assert stored.number == number
        rows = session.scalar(
            select(func.count())
            .select_from(InstallmentRow)
            .where(InstallmentRow.contract_id == stored.id)
        )
        assert rows == 12
        assert session.get(DeviceUnit, stored.device_unit_id).status is UnitStatus.SOLD
        (payment,) = session.scalars(select(Payment)).all()
        assert payment.channel == "cash"  # chosen as 现金, stored as its code
        assert session.scalar(select(func.count()).select_from(OutboxEvent)) == 5
        assert "contract.signed" in set(session.scalars(select(AuditEntry.action)))
        assert session.scalar(select(func.count()).select_from(SaleDraft)) == 0
        application = session.get(Application, stored.application_id)
        inputs = open_sealed(services.cipher, application, "inputs")
        assert inputs["customer"]["emergency_contact"]["name"] == "石磊"


def test_a_sale_left_midway_is_resumed_after_the_program_is_closed(qtbot, window, services):
    log_in(qtbot, window)
    window.home.start.click()  # F2
    phone = page(window.wizard)
    qtbot.keyClicks(phone.search, "APL-IP17-256-BLK")
    enter(qtbot, phone.search)
    assert isinstance(page(window.wizard), CustomerPage)
    window.close()  # the program is closed mid-sale

    again = MainWindow(services)
    qtbot.addWidget(again)
    again.show()
    assert again.screens.currentWidget() is again.login
    log_in(qtbot, again)
    assert again.home.drafts.count() == 1
    assert "Apple iPhone 17 256GB" in again.home.drafts.item(0).text()
    again.home.drafts.setCurrentRow(0)
    again.home.drafts.itemActivated.emit(again.home.drafts.item(0))
    assert isinstance(page(again.wizard), CustomerPage)
    qtbot.keyClick(page(again.wizard), Qt.Key.Key_Escape)
    assert isinstance(page(again.wizard), PhonePage)


def test_the_window_locks_itself_when_idle(qtbot, window, monkeypatch):
    log_in(qtbot, window)
    assert window.screens.currentWidget() is window.home
    window._idle.start(10)
    qtbot.waitUntil(lambda: window.screens.currentWidget() is window.login, timeout=2000)
    assert window.staff.text() == "未登录"
