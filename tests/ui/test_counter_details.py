"""The counter's smaller promises, each on the real window: what a message, a focus or a
field says is what the clerk needs at that moment, and nothing read is lost to the lock."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from app.services.documents import payment_receipt_pdf, print_sale, verify_document
from app.services.sale import Step
from tests.factories.counter import log_in, next_step, sell, settle, wait
from tests.factories.sales import sell as sell_in_store

pytestmark = pytest.mark.parametrize("demo_url", ["sqlite"], indirect=True)
DEMO = Path(__file__).resolve().parents[2] / "assets" / "demo"


def _at_customer(window):
    log_in(window)
    window.home.start.click()
    sell(window, Step.PHONE, Step.PHONE)
    window.activateWindow()
    QApplication.processEvents()
    return window.wizard.pages[Step.CUSTOMER]


def _read(page, *photos: Path) -> None:
    op = page.read_photos(*photos)
    wait(lambda: not op.running)


def test_the_missing_validity_goes_once_the_back_is_read(qtbot, window):
    page = _at_customer(window)
    _read(page, DEMO / "id-front.jpg")
    assert page.message.text() == "未读到有效期限：请扫描或导入国徽面，或照证件手工填写"
    _read(page, DEMO / "id-front.jpg", DEMO / "id-back.jpg")
    assert page.card.values()["valid_to"] and page.message.text() == ""


def test_the_customer_page_opens_on_the_first_field_to_fill(qtbot, window):
    page = _at_customer(window)
    if not window.isActiveWindow():
        pytest.skip("this platform gives the window no keyboard focus")
    assert page.card.boxes["name"].hasFocus()  # nothing read: the card is typed from the top
    _read(page, DEMO / "id-front.jpg", DEMO / "id-back.jpg")
    expected = page.card.first_to_check() or page.phone  # a doubtful field, else the phone
    assert expected.hasFocus()


def test_a_card_read_but_not_taken_survives_the_idle_lock(qtbot, window, services):
    page = _at_customer(window)
    _read(page, DEMO / "id-front.jpg", DEMO / "id-back.jpg")
    page.card.boxes["address"].setEditText("山东省泰安市东平县黄解街18号")
    window.lock()  # the clerk walked away before pressing Enter
    settle(window)
    log_in(window)
    assert window.home.drafts.count() == 1
    window.home.drafts.setCurrentRow(0)
    window.home.drafts.itemActivated.emit(window.home.drafts.item(0))
    again = window.wizard.pages[Step.CUSTOMER]
    assert window.wizard.current is Step.CUSTOMER
    assert again.card.values()["id_number"] == "370923198901058407"
    assert again.card.values()["address"] == "山东省泰安市东平县黄解街18号"
    assert again.card.reading is not None  # still the reading: an edit is still told apart


def test_an_imei_being_typed_is_counted_not_called_no_result(qtbot, window):
    log_in(window)
    window.home.start.click()
    phone = window.wizard.pages[Step.PHONE]
    phone.search.setText("86012345")
    assert phone.message.text() == "IMEI 为 15 位数字（已输入 8 位）"
    phone.search.setText("zzzz")
    assert phone.message.text() == "无结果：换个关键词试试"


def test_a_model_named_with_its_brand_is_not_named_twice(qtbot, window):
    log_in(window)
    window.home.start.click()
    phone = window.wizard.pages[Step.PHONE]
    phone.search.setText("X300")
    names = [phone.results.item(r, 1).text() for r in range(phone.results.rowCount())]
    assert names and all(n.startswith("vivo X300") and "vivo vivo" not in n for n in names)


def test_the_trade_in_credit_is_shown_before_enter_takes_it(qtbot, window):
    log_in(window)
    window.home.start.click()
    sell(window, Step.PHONE, Step.CUSTOMER)
    page = window.wizard.pages[Step.TRADE_IN]
    assert window.wizard.current is Step.TRADE_IN
    page.wanted.setChecked(True)
    page.imei.setText("353918110000011")
    next_step(window)  # Enter: the appraisal is shown, not yet taken
    assert window.wizard.current is Step.TRADE_IN
    assert "抵扣金额" in page.result.text(), page.message.text()
    assert page.message.text() == "已估价：请与客户核对抵扣金额，再按回车继续"
    page.battery.setValue(70)  # an answer changed: the price shown no longer holds
    assert page.result.text() == "" and page.appraisal is None
    next_step(window)
    assert window.wizard.current is Step.TRADE_IN and "70" not in page.message.text()
    next_step(window)  # seen: taken
    assert window.wizard.current is Step.PLAN
    assert window.wizard.sale.draft.trade_in.appraisal["answers"]["battery_health"] == 70


def test_no_down_payment_asks_for_no_channel(qtbot, window):
    log_in(window)
    window.home.start.click()
    sell(window, Step.PHONE, Step.TRADE_IN)
    plan = window.wizard.pages[Step.PLAN]
    plan.down.setText("0")
    wanted = ("equal_installment", 12)
    plan.table.selectRow([(q.method.value, q.term) for q in plan.quotes].index(wanted))
    next_step(window)
    sell(window, Step.PRECHECK, Step.DISCLOSURE)
    page = window.wizard.pages[Step.SIGNATURE]
    assert window.wizard.current is Step.SIGNATURE
    assert not page.channel.isVisible() and not page.channel_label.isVisible()


def test_f5_on_a_terminal_with_no_server_says_so(qtbot, window):
    log_in(window)
    wait(lambda: window._status is not None)  # the header has read the terminal's state
    window.sync_now()
    assert window.sync.text() == "本机尚未登记到中心服务器，无法同步：销售照常离线进行"
    window._end_sync_notice()
    assert window.sync.text() != "本机尚未登记到中心服务器，无法同步：销售照常离线进行"


def test_locked_accounts_are_listed_on_the_desk_to_unlock(qtbot, window, services):
    from app.domain.errors import UserError
    from app.services.auth import log_in as sign_in

    for _ in range(5):
        with pytest.raises(UserError):
            sign_in(services, "sales01", "wrong")
    log_in(window, "manager01")
    window.home.desk_button.click()
    tab = window.desk.staff_tab
    wait(lambda: tab.locked.rowCount() == 1)
    assert tab.locked.item(0, 0).text() == "sales01"
    tab.locked.selectRow(0)
    assert tab.username.text() == "sales01"
    tab.password.setText("demo1234")
    tab.reason.setText("本人确认，忘记密码")
    tab.unlock()
    wait(lambda: tab.locked.rowCount() == 0)
    assert tab.message.text() == "已解锁 sales01"


def test_receipts_are_signed_like_the_contract(services):
    from decimal import Decimal

    from app.services.repayments import record_payment

    number = sell_in_store(services, 1)
    documents = print_sale(services, number)
    receipt = next(pdf for name, pdf in documents.files.items() if name.endswith("-80mm.pdf"))
    key = services.settings.key_file
    checked = verify_document(receipt, key_file=key)
    assert checked.status == "valid", checked.detail
    assert checked.number is not None and checked.number.startswith(f"R-{number}")
    with services.unit_of_work() as uow:
        payment, _ = record_payment(
            uow,
            number,
            amount=Decimal("100"),
            channel="cash",
            reference=None,
            staff_username="sales01",
        )
        paid = payment.id
    pdf = payment_receipt_pdf(services, paid)  # what the desk prints after a repayment
    assert verify_document(pdf, key_file=key).status == "valid"
    assert verify_document(pdf + b"%", key_file=key).status == "altered"


@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="needs xvfb-run")
def test_the_keyboard_reaches_the_window_without_a_window_manager(tmp_path, demo_url):
    """A kiosk PC runs X with no window manager: nobody else would give the window the
    keyboard, and every shortcut (F2, F5, Ctrl+L) would be dead."""
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb"}
    done = subprocess.run(
        ["xvfb-run", "-a", sys.executable, "-m", "app.cli", "gui", "--smoke", "--db", demo_url],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "keyboard shortcuts reach the window: yes" in done.stdout, done.stdout + done.stderr
