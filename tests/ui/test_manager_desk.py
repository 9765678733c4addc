"""The manager's desk driven offscreen: the day's figures after a sale, a repayment taken
and an early payoff settled in the window, the book, and the collection rules enforced."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolTip

from tests.factories.sales import sell
from tests.ui.test_counter_window import log_in

pytestmark = pytest.mark.parametrize("demo_url", ["sqlite"], indirect=True)


@pytest.fixture
def desk(qtbot, window, services):
    sell(services, 1)
    log_in(qtbot, window)
    assert not window.home.desk_button.isVisible()  # a salesperson has no desk
    window.lock()
    window.login.username.setText("manager01")
    window.login.password.setText("demo1234")
    window.login.submit()
    assert window.home.desk_button.isVisible()
    window.home.desk_button.click()  # F9
    assert window.screens.currentWidget() is window.desk
    return window.desk


def cell(table, row, column):
    return table.item(row, column).text()


def test_the_day_close_shows_the_days_sale_beside_the_days_before(qtbot, desk, tmp_path):
    qtbot.waitUntil(lambda: desk.daily.figures.rowCount() == 14, timeout=10_000)
    assert [cell(desk.daily.figures, 0, c) for c in range(4)] == ["分期合同数", "1", "0", "0"]
    assert cell(desk.daily.staff_table, 0, 0) == "sales01"
    assert sum(v for _, v in desk.daily.hours.columns) == 1  # the charts are fed
    assert desk.daily.trend.days[-1][1] == 1 and len(desk.daily.trend.days) == 30
    hours = desk.daily.hours.chart()  # Qt Charts: the hours under the columns, a value axis
    [categories] = hours.axes(Qt.Orientation.Horizontal)
    labels = [label for label, _ in desk.daily.hours.columns]
    assert categories.categories() == labels and hours.axes(Qt.Orientation.Vertical)
    [days] = desk.daily.trend.chart().axes(Qt.Orientation.Horizontal)
    assert days.format() == "MM-dd" and days.tickCount() == 6  # dated, never run together
    [series] = hours.series()
    value = desk.daily.hours.columns[1][1]
    series.hovered.emit(True, 1, series.barSets()[0])
    assert QToolTip.text() in (f"{labels[1]}：{value:g}", "")  # offscreen may show none
    assert desk.daily.penetration.text() == "分期渗透率：待日结录入收银台数据"
    desk.daily.other_sales.setValue(3)
    desk.daily.close_day()  # the till sold 3 phones outright: 1 of 4 on installments
    qtbot.waitUntil(lambda: desk.daily.penetration.text() == "分期渗透率：25.0%", timeout=10_000)
    assert desk.daily.penetration_trend.days[-1][1] == 25.0
    assert b"%PDF" in desk.daily.day_close_pdf()[:8]
    path = desk.daily.export_csv(tmp_path / "日结.csv")
    assert "contracts,1,0,0" in path.read_text(encoding="utf-8-sig")


def test_a_repayment_and_an_early_payoff_in_the_window(qtbot, desk, services):
    with services.sessions() as session:
        from sqlalchemy import select

        from storage.models import Contract

        number = session.scalars(select(Contract.number)).one()
    tab = desk.repayments
    desk.tabs.setCurrentWidget(tab)
    qtbot.keyClicks(tab.number, number)
    qtbot.keyClick(tab.number, Qt.Key.Key_Return)
    assert tab.schedule.rowCount() == 12 and cell(tab.schedule, 0, 2) == "未到期"
    first = cell(tab.schedule, 0, 7)  # what the first instalment owes
    tab.amount.setText(first)
    tab.channel.setCurrentIndex(tab.channel.findData("wechat"))
    tab.take_payment()  # no reference: refused, nothing taken
    assert "流水号" in tab.message.text()
    tab.reference.setText("4200000001")
    tab.amount.setText(f"{Decimal(first) + 1}")
    tab.prepay.setChecked(False)  # the clerk refuses more than is due
    tab.take_payment()
    assert f"超过当前应还的 {first} 元" in tab.message.text()
    tab.prepay.setChecked(True)
    tab.amount.setText(first)
    tab.take_payment()  # first: what is taken and where it goes, for the customer to agree
    assert tab.message.text().startswith(f"请与客户确认：收款 {first} 元，第 1 期")
    assert cell(tab.schedule, 0, 2) == "未到期" and tab.take.text() == "确认收款"
    tab.take_payment()
    assert tab.message.text().startswith(f"已收款 {first} 元")
    assert cell(tab.schedule, 0, 2) == "已还"
    import io

    from pypdf import PdfReader

    receipt = PdfReader(io.BytesIO(tab.receipt_pdf())).pages[0].extract_text()
    assert "分期还款" in receipt and first in receipt
    total = tab.quote_payoff()
    assert total is not None and f"今日结清应付 {total:.2f} 元" in tab.message.text()
    tab.channel.setCurrentIndex(tab.channel.findData("cash"))
    tab.settle()
    assert tab.message.text() == f"已结清，收款 {total:.2f} 元，合同关闭"
    assert "已结清" in tab.summary.text()
    desk.daily.load()  # the till: the sale's down payment in cash, the repayments by channel
    shown = desk.daily.till
    qtbot.waitUntil(lambda: bool(shown.item(0, 2)) and shown.item(0, 2).text() == f"{total:.2f}")
    till = [[cell(desk.daily.till, r, c) for c in range(4)] for r in range(3)]
    down = Decimal(till[0][1])
    assert till[0] == ["现金", f"{down:.2f}", f"{total:.2f}", f"{down + total:.2f}"]
    assert till[1] == ["微信支付", "0.00", first, first]
    assert till[2] == ["合计", f"{down:.2f}", f"{total + Decimal(first):.2f}",
                       f"{down + total + Decimal(first):.2f}"]  # fmt: skip
    text = PdfReader(io.BytesIO(desk.daily.day_close_pdf())).pages[0].extract_text()
    assert "收款对账" in text and f"{down + total + Decimal(first):.2f}" in text


def test_the_book_and_the_collection_rules(qtbot, desk):
    qtbot.waitUntil(lambda: desk.book.figures.rowCount() == 6, timeout=10_000)
    assert cell(desk.book.figures, 0, 1) == "1"  # one live contract
    assert [cell(desk.book.buckets, r, 0) for r in range(4)] == [
        "1-30 天", "31-60 天", "61-90 天", "90+ 天",
    ]  # fmt: skip
    on = desk.book.on
    on.setDate(on.date().addDays(5))  # a day to come cannot be picked: the book is kept to today
    assert on.date() == on.maximumDate()
    on.setDate(on.date().addDays(-3650))  # ten years ago: before the sale
    qtbot.waitUntil(lambda: cell(desk.book.figures, 0, 1) == "0", timeout=10_000)
    tab = desk.collections
    tab.log_contact()  # nothing chosen
    assert tab.message.text() == "请先在左侧选择一个合同"


def test_a_manager_reverses_a_payment_with_password_and_reason(qtbot, desk, services):
    from sqlalchemy import select

    from storage.models import Contract

    with services.sessions() as session:
        number = session.scalars(select(Contract.number)).one()
    tab = desk.repayments
    tab.number.setText(number)
    tab.look_up()
    tab.amount.setText("100")
    tab.channel.setCurrentIndex(tab.channel.findData("cash"))
    tab.take_payment()
    tab.take_payment()  # confirmed
    assert tab.payments.rowCount() == 1
    tab.payments.selectRow(0)
    tab.password.setText("wrong")
    tab.reason.setText("客户付款失败")
    tab.reverse()
    assert "密码错误" in tab.message.text() and tab.payments.rowCount() == 1
    tab.payments.selectRow(0)
    tab.password.setText("demo1234")
    tab.reverse()
    assert tab.message.text() == "已冲正 100.00 元"
    assert tab.payments.rowCount() == 2  # the original stays; the reversal is a new record
    assert cell(tab.payments, 1, 2) == "-100.00"


def number_of(services):
    from sqlalchemy import select

    from storage.models import Contract

    with services.sessions() as session:
        return session.scalars(select(Contract.number)).one()


def test_the_desk_stays_true_after_a_payment(qtbot, desk, services):
    qtbot.waitUntil(lambda: desk.book.figures.rowCount() == 6, timeout=10_000)
    owed_before = cell(desk.book.figures, 1, 1)
    tab = desk.repayments
    tab.number.setText(number_of(services))
    tab.look_up()
    assert tab.summary.text().startswith("客户 陈*远  138****0001")  # masked, never in full
    tab.amount.setText("100")
    tab.channel.setCurrentIndex(tab.channel.findData("alipay"))
    tab.reference.setText("2026120222001")
    tab.take_payment()
    tab.amount.setText("150")  # changed after the preview: asked again, nothing taken
    tab.take_payment()
    assert tab.message.text().startswith("请与客户确认：收款 150.00 元")
    assert tab.payments.rowCount() == 0
    tab.take_payment()
    assert tab.payments.rowCount() == 1
    qtbot.waitUntil(lambda: cell(desk.book.figures, 1, 1) != owed_before, timeout=10_000)
    tab.amount.setText("80")  # the same Alipay reference again: the same payment
    tab.reference.setText("2026120222001")
    tab.take_payment()
    assert "2026120222001" in tab.message.text() and "150.00" in tab.message.text()
    assert tab.take.text() == "收款" and tab.payments.rowCount() == 1


def test_a_manager_unlocks_a_locked_account_audited(qtbot, desk, services):
    from sqlalchemy import select

    from app.domain.errors import UserError
    from app.services.auth import log_in as sign_in
    from storage.models import AuditEntry

    for _ in range(5):
        with pytest.raises(UserError):
            sign_in(services, "sales01", "wrong")
    with pytest.raises(UserError, match="锁定"):
        sign_in(services, "sales01", "demo1234")
    tab = desk.staff_tab
    tab.username.setText("sales01")
    tab.password.setText("demo1234")
    tab.reason.setText("本人确认，忘记密码")
    tab.unlock()
    assert tab.message.text() == "已解锁 sales01"
    assert sign_in(services, "sales01", "demo1234").username == "sales01"
    with services.sessions() as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "staff.unlocked")
        ).one()
        assert entry.details == {"username": "sales01", "reason": "本人确认，忘记密码"}


def test_the_chains_flags_are_listed_for_the_manager(qtbot, desk, services):
    import uuid

    from storage.reference_rows import apply_rows

    flagged = [
        ("imei_sold_twice", {"imei": "353288173764865", "contract": "SH001-T2-20261203-0001",
                             "first_contract": "SH001-T1-20261203-0001"}),
        ("clock", {"terminal": "T2", "records": 5, "entities": ["contracts"],
                   "created_at": "2026-10-24T02:00:00+00:00",
                   "received_at": "2026-12-03T02:00:00+00:00"}),
    ]  # fmt: skip
    rows = [
        ("chain_flags", uuid.uuid4(), {"kind": kind, "raised_at": f"2026-12-0{i}T02:00:00+00:00",
                                       "details": details})
        for i, (kind, details) in enumerate(flagged, start=1)
    ]  # fmt: skip
    with services.unit_of_work() as uow:  # as a pull from the chain's server applies them
        apply_rows(uow.session, rows)
    desk.reload()
    table = desk.flags.table
    qtbot.waitUntil(lambda: table.rowCount() == 2, timeout=10_000)
    assert [cell(table, 0, c) for c in range(2)] == ["2026-12-02 10:00", "柜台时钟"]
    assert "2026-10-24 10:00" in cell(table, 0, 2) and "T2 号柜台" in cell(table, 0, 2)
    assert "5 条记录" in cell(table, 0, 2)
    assert cell(table, 1, 1) == "一机两签"
    assert "IMEI 353288173764865" in cell(table, 1, 2) and "SH001-T1-20261203-0001" in cell(
        table, 1, 2
    )
