"""What the store must be able to defend: a new sale shows nothing of the last customer, a
sale resumed after a crash is the same sale (its manager review included), the card's
validity is never invented, only the customer's hand confirms the clauses, and what is
printed is the signed document."""

from __future__ import annotations

import json
import os
from datetime import timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QEvent, Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QTableWidget,
    QWidget,
)
from sqlalchemy import func, select

from app.domain.enums import Decision
from app.services import sale as sale_rules
from app.services.applications import open_sealed
from app.services.documents import print_sale
from app.services.sale import Step
from storage.models import Application, AuditEntry, Contract, SaleDraft
from storage.private_files import write_once
from tests.factories.cli import run
from tests.factories.counter import (
    EXPECTED_APPLICATION,
    READING,
    SKU,
    confirm_clauses,
    crash_child,
    log_in,
    next_step,
    sell,
    settle,
    wait,
)
from ui.main_window import MainWindow
from ui.widgets.printing import send_to_printer

pytestmark = pytest.mark.parametrize("demo_url", ["sqlite"], indirect=True)
ROOT = Path(__file__).resolve().parents[2]


def texts(widget: QWidget) -> list[str]:
    """Every text a person can read on `widget` and its children (once the widgets the
    window let go of are gone)."""
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    found = []
    for child in [widget, *widget.findChildren(QWidget)]:
        if isinstance(child, QLineEdit | QLabel):
            found.append(child.text())
        elif isinstance(child, QComboBox):
            found += [child.currentText(), *(child.itemText(i) for i in range(child.count()))]
        elif isinstance(child, QListWidget):
            found += [child.item(i).text() for i in range(child.count())]
        elif isinstance(child, QTableWidget):
            found += [
                item.text()
                for r in range(child.rowCount())
                for c in range(child.columnCount())
                if (item := child.item(r, c)) is not None
            ]
    return [t for t in found if t]


def stored_application(services) -> tuple[Application, dict]:
    with services.sessions() as session:
        (application,) = session.scalars(select(Application)).all()
        return application, open_sealed(services.cipher, application, "inputs")


def test_a_new_sale_shows_nothing_of_the_last_customer(qtbot, window, services):
    log_in(window)
    window.home.start.click()
    sell(window, Step.PHONE, Step.PLAN)  # read the card, typed her phone, income, down payment
    assert window.wizard.current is Step.PRECHECK
    shown = texts(window.wizard)
    assert any("370923198901058407" in t for t in shown)  # she was on screen
    QTest.keyClick(window.wizard, Qt.Key.Key_Escape)  # back through the steps to home
    while window.screens.currentWidget() is window.wizard:
        QTest.keyClick(window.wizard, Qt.Key.Key_Escape)
    assert window.screens.currentWidget() is window.home
    her = ("370923198901058407", "石子", "13800138000", "12000", "黄解街", "1000")
    listed = texts(window.home)
    assert any("石*" in t for t in listed)  # the draft, her name masked
    assert not [t for t in listed + texts(window.wizard) if any(h in t for h in her)]

    window.home.start.click()  # F2: the next customer
    wizard = window.wizard
    assert wizard.current is Step.PHONE and wizard.pages[Step.PHONE].search.text() == ""
    window.wizard.pages[Step.PHONE].search.setText("APL-IP17-256-BLK")
    next_step(window)
    assert wizard.current is Step.CUSTOMER
    assert not [t for t in texts(wizard) if any(h in t for h in her)]
    QTest.keyClick(wizard.pages[Step.CUSTOMER].phone, Qt.Key.Key_Return)  # nothing typed
    settle(window)
    assert wizard.current is Step.CUSTOMER  # not taken for her as a returning customer
    assert wizard.pages[Step.CUSTOMER].message.text()


def test_a_missing_card_back_is_asked_for_never_taken_as_long_term(qtbot, window, services):
    log_in(window)
    window.home.start.click()
    sell(window, Step.PHONE, Step.PHONE)
    page = window.wizard.pages[Step.CUSTOMER]
    front = ROOT / "assets" / "demo" / "id-front.jpg"
    op = page.read_photos(front)  # the front alone: no validity
    wait(lambda: not op.running)
    assert page.card.values()["valid_to"] == ""
    page.phone.setText("13800138000")
    page.income.setText("12000")
    next_step(window)
    assert window.wizard.current is Step.CUSTOMER
    assert page.message.text() == "未读到有效期限：请扫描或导入国徽面，或照证件手工填写"
    assert page.card.boxes["valid_to"].hasFocus() or not window.isActiveWindow()
    page.card.boxes["valid_to"].setEditText("2020-09-03")  # typed from an expired card
    next_step(window)
    assert page.message.text() == "身份证已于 2020-09-03 过期：请客户出示有效证件"
    page.card.boxes["valid_to"].setEditText("2045-09-03")
    next_step(window)
    assert window.wizard.current is Step.TRADE_IN
    assert window.wizard.sale.customer.applicant.id_valid_to.isoformat() == "2045-09-03"


def _type_card(window, **fields: str) -> None:
    """The clerk types the card into the empty form (no photo read), and the rest."""
    page = window.wizard.pages[Step.CUSTOMER]
    for field, text in fields.items():
        page.card.boxes[field].setEditText(text)
    page.phone.setText("13800138000")
    page.income.setText("12000")
    next_step(window)


TYPED = {
    "name": "石子",
    "id_number": "370923198901058407",
    "sex": "女",
    "birth_date": "1989-01-05",
    "address": "山东省泰安市东平县黄解街18号",
    "valid_from": "2025-09-03",
    "valid_to": "2045-09-03",
}


def test_a_card_typed_without_a_photo_goes_to_the_manager_who_is_told_why(qtbot, window):
    log_in(window)
    window.home.start.click()
    sell(window, Step.PHONE, Step.PHONE)
    _type_card(window, **TYPED)
    assert window.wizard.current is Step.TRADE_IN, window.wizard.pages[Step.CUSTOMER].message.text()
    assert window.wizard.sale.customer.applicant.card_source == "typed"
    sell(window, Step.TRADE_IN, Step.PLAN)
    page = window.wizard.pages[Step.PRECHECK]
    assert page.decision.text() == "预审结果：转店长复核"
    assert (
        "• 身份证信息为手工录入，未读取证件照片或芯片：请店长当面核验证件原件"
        in page.reasons.text()
    )
    assert "CARD_TYPED" not in page.reasons.text()  # the clerk reads no code
    assert page.override_box.isVisible()


@pytest.mark.parametrize(
    ("valid_from", "valid_to", "told"),
    [
        (  # born 1996, 14 on the issue date: five years, never 长期
            "2011-03-01",
            "长期",
            "身份证有效期限 2011-03-01 – 长期 不合法：14 周岁时签发的身份证有效期为 5 年",
        ),
        (  # 22 on the issue date: ten years, not twenty
            "2018-04-20",
            "2038-04-20",
            "身份证有效期限 2018-04-20 – 2038-04-20 不合法：22 周岁时签发的身份证有效期为 10 年",
        ),
    ],
)
def test_an_impossible_validity_is_refused_naming_the_rule(
    qtbot, window, valid_from, valid_to, told
):
    log_in(window)
    window.home.start.click()
    sell(window, Step.PHONE, Step.PHONE)
    born_1996 = {"id_number": "110105199604151234", "birth_date": "1996-04-15"}
    _type_card(window, **(TYPED | born_1996 | {"valid_from": valid_from, "valid_to": valid_to}))
    page = window.wizard.pages[Step.CUSTOMER]
    assert window.wizard.current is Step.CUSTOMER
    assert page.message.text().startswith(told), page.message.text()
    assert page.card.boxes["valid_to"].hasFocus() or not window.isActiveWindow()


def test_a_resumed_draft_keeps_the_reading_and_the_hand_edits(qtbot, window, services):
    log_in(window)
    window.home.start.click()
    sell(window, Step.PHONE, Step.PLAN)
    assert "身份证识别结果被手工修改：住址" in window.wizard.pages[Step.PRECHECK].reasons.text()
    window.close()  # the program closes; the draft is all that is left

    again = MainWindow(services)
    qtbot.addWidget(again)
    again.show()
    log_in(again)
    assert again.home.drafts.count() == 1 and again.home.drafts.currentRow() == 0
    QTest.keyClick(again.home.drafts, Qt.Key.Key_Return)  # Enter opens the selected draft
    wizard = again.wizard
    assert wizard.current is Step.PRECHECK
    assert "• 身份证识别结果被手工修改：住址" in wizard.pages[Step.PRECHECK].reasons.text()
    wizard.go(Step.CUSTOMER)  # back to the card: as read, and as corrected
    card = wizard.pages[Step.CUSTOMER].card
    assert card.values()["address"] == EXPECTED_APPLICATION["customer"]["address"]
    assert card.boxes["address"].itemText(0) == "山东省泰安市东平县黄解街183号"  # what was read
    assert card.values()["issuer"] and card.values()["valid_from"] == "2025-09-03"
    assert card.edited_fields() == ["address"]
    next_step(again)  # the customer again: still edited, so still the manager's to review
    sell(again, Step.TRADE_IN, Step.PLAN)
    assert wizard.sale.outcome.decision is Decision.REVIEW
    with services.sessions() as session:  # the first pre-check's, and this one's
        stored = session.scalars(select(Application)).all()
        assert len(stored) == 2
        for application in stored:
            inputs = open_sealed(services.cipher, application, "inputs")
            assert inputs["customer"]["edited_fields"] == ["address"]
            assert application.decision is Decision.REVIEW


@pytest.mark.parametrize("step", list(Step))
def test_a_sale_killed_at_any_step_resumes_as_the_same_sale(
    qtbot, window, services, step, tmp_path, card_readings
):
    code, printed = crash_child(tmp_path, services.settings.db_url, step, card_readings)
    assert code == -9, printed[-2000:]  # SIGKILL, as a crash
    log_in(window)
    if step is Step.PHONE:  # nothing chosen, nothing kept: the sale starts again
        assert window.home.drafts.count() == 0
        window.home.start.click()
        sell(window)
    elif step is Step.SIGNED:  # signed before the crash: no draft, today's contract listed
        assert window.home.drafts.count() == 0
        assert window.home.contracts.rowCount() == 1
        assert window.home.contracts.item(0, 2).text() == "石*"
    else:
        assert window.home.drafts.count() == 1
        QTest.keyClick(window.home.drafts, Qt.Key.Key_Return)
        assert window.wizard.current is step
        sell(window, step)
    application, inputs = stored_application(services)
    assert inputs == EXPECTED_APPLICATION
    assert application.decision is Decision.REVIEW
    assert application.override_decision is Decision.APPROVE
    with services.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Contract)) == 1
        assert session.scalar(select(func.count()).select_from(SaleDraft)) == 0


def test_only_the_customers_hand_confirms_a_clause_after_three_seconds(
    qtbot, window, services, monkeypatch
):
    log_in(window)
    window.home.start.click()
    sell(window, Step.PHONE, Step.PRECHECK)
    wizard = window.wizard
    view = wizard.customer_view
    assert view.isVisible() and not view.two_screens  # one screen: the whole of it, turned round
    wait(view.plan_read.isEnabled, 5000)
    monkeypatch.setattr(sale_rules, "MIN_READING", timedelta(seconds=3))  # the first clause's
    QTest.mouseClick(view.plan_read, Qt.MouseButton.LeftButton)
    for key in (Qt.Key.Key_Return, Qt.Key.Key_Space, Qt.Key.Key_Enter):  # the clerk's keys
        QTest.keyClick(view, key)
        QTest.keyClick(view.confirm, key)
        QTest.keyClick(wizard, key)
    assert wizard.sale.draft.acknowledged == {}
    assert not view.confirm.isEnabled()
    QTest.mouseClick(view.confirm, Qt.MouseButton.LeftButton)  # too soon: disabled
    assert wizard.sale.draft.acknowledged == {}
    wait(view.confirm.isEnabled, 5000)
    QTest.mouseClick(view.confirm, Qt.MouseButton.LeftButton)
    monkeypatch.setattr(sale_rules, "MIN_READING", READING)  # the clauses after it
    wait(lambda: not view.working)
    (done,) = wizard.sale.draft.acknowledged.values()
    assert done.at - done.shown_at >= timedelta(seconds=3)
    assert done.screen.startswith("店员屏（转向客户） ")
    confirm_clauses(window)
    sell(window, Step.SIGNATURE, Step.SIGNATURE)
    number = wizard.sale.draft.contract_number
    with services.sessions() as session:
        signed = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "contract.signed")
        ).one()
    assert signed.details["consent_screen"].startswith("店员屏（转向客户） ")
    assert set(signed.details["acknowledged"]["rates"]) == {"shown_at", "at", "screen", "digest"}
    page = wizard.pages[Step.SIGNED]
    wait(lambda: page.documents is not None)
    text = "".join(
        p.extract_text() for p in PdfReader(page.documents.folder / f"{number}-store.pdf").pages
    )
    assert "乙方在以下屏幕上逐条确认条款并签名：店员屏（转向客户） " in text


def _choose_plan(window, method: str, term: int) -> None:
    page = window.wizard.pages[Step.PLAN]
    page.table.selectRow([(q.method.value, q.term) for q in page.quotes].index((method, term)))
    next_step(window)


def _figure(view, name: str) -> str:
    return view.findChild(QLabel, f"figure_{name}").text()


def test_a_plan_changed_after_the_customers_screen_opened_is_the_one_they_confirm_and_sign(
    qtbot, window, services
):
    log_in(window)
    window.home.start.click()
    sell(window, Step.PHONE, Step.TRADE_IN)
    wizard = window.wizard
    _choose_plan(window, "equal_installment", 3)
    sell(window, Step.PRECHECK, Step.PRECHECK)  # the manager approves (a hand-corrected card)
    first = wizard.customer_view
    assert _figure(first, "term") == "3 期"
    confirm_clauses(window, at_most=1)  # the customer confirmed clause 1 of the 3-month plan
    assert "共 3 期" in first.clauses[0].text and list(wizard.sale.draft.acknowledged) == ["rates"]
    while wizard.current is not Step.PLAN:  # Esc back to the plans
        QTest.keyClick(wizard, Qt.Key.Key_Escape)
    assert wizard.customer_view is None  # the customer's screen is taken away meanwhile
    _choose_plan(window, "equal_installment", 24)
    assert wizard.sale.draft.acknowledged == {}  # every confirmation of the old plan is gone
    sell(window, Step.PRECHECK, Step.PRECHECK)

    quote = wizard.sale.quote()
    view = wizard.customer_view
    assert view is not first and view.isVisible()
    cart = quote.cart
    assert _figure(view, "term") == "24 期"
    assert _figure(view, "payment") == f"{quote.schedule[0].payment:.2f} 元"
    assert _figure(view, "total") == f"{quote.total_payable:.2f} 元"
    assert _figure(view, "down") == f"{cart.down_payment:.2f} 元"
    assert _figure(view, "financed") == f"{cart.price - cart.down_payment:.2f} 元"
    assert _figure(view, "charges") == f"{quote.total_payable - quote.financed:.2f} 元"
    assert "共 24 期" in view.clauses[0].text
    assert "共 24 期" in wizard.pages[Step.DISCLOSURE].text.text()  # the clerk's page follows
    confirm_clauses(window)
    sell(window, Step.SIGNATURE, Step.SIGNATURE)
    number = wizard.sale.draft.contract_number
    page = wizard.pages[Step.SIGNED]
    wait(lambda: page.documents is not None)
    store_copy = PdfReader(page.documents.folder / f"{number}-store.pdf")
    attached = json.loads(store_copy.attachments["contract.json"][0])
    assert attached["plan"]["term"] == 24
    assert attached["consent_sha256"] == {c.code: c.digest for c in view.clauses}
    assert attached["consent_sha256"]["rates"] != first.clauses[0].digest


def test_a_unit_another_sale_took_is_refused_at_the_plans_with_the_other_unit_offered(
    qtbot, window, services
):
    from decimal import Decimal

    from app.domain.rates import Method
    from app.services.sale import Sale
    from printing.signature_image import demo_strokes, signature_png
    from storage.models import DeviceUnit, Product
    from tests.factories.sales import acknowledge_all, as_read, customer

    with services.sessions() as session:
        product = session.scalars(select(Product).where(Product.sku == SKU)).one()
        units = session.scalars(
            select(DeviceUnit.imei)
            .where(DeviceUnit.product_id == product.id, DeviceUnit.status == "in_stock")
            .order_by(DeviceUnit.imei)
        ).all()
    held, other = units[-1], units[0]
    log_in(window)
    window.home.start.click()
    window.wizard.pages[Step.PHONE].search.setText(held)  # the clerk scans that very unit
    next_step(window)
    sell(window, Step.CUSTOMER, Step.TRADE_IN)

    elsewhere = Sale.start(services, "sales01")  # meanwhile another counter sells it
    elsewhere.choose_phone(held)
    applicant, finances = customer(7)
    elsewhere.set_customer(applicant, finances, **as_read(applicant))
    elsewhere.set_trade_in(None)
    elsewhere.choose_plan(Decimal("1000"), Method.EQUAL_INSTALLMENT, 12)
    elsewhere.precheck()
    acknowledge_all(elsewhere)
    strokes = demo_strokes(applicant["name"])
    elsewhere.sign(signature_png(strokes), [list(x) for x in strokes], channel="cash")

    window.wizard.back()  # the trade-in again, then the plans: checked on entering
    next_step(window)
    wizard, plans = window.wizard, window.wizard.pages[Step.PLAN]
    assert wizard.current is Step.PLAN
    told = f"IMEI {held} 已被另一笔销售售出；本店还有同款 {SKU}：IMEI {other}"
    assert plans.message.text().startswith(told), plans.message.text()
    next_step(window)
    assert wizard.current is Step.PLAN and plans.message.text().startswith(told)
    assert wizard.customer_view is None  # the customer read nothing for a phone that is gone


def test_printing_keeps_the_signature_and_a_printerless_till_keeps_the_files(
    qtbot, window, services, tmp_path, capsys
):
    log_in(window)
    window.home.start.click()
    sell(window, Step.PHONE, Step.SIGNATURE)
    page = window.wizard.pages[Step.SIGNED]
    wait(lambda: page.documents is not None)
    documents = page.documents
    number = documents.number
    page.print_contract()  # this machine has no printer: nothing is asked, the files stay
    assert str(documents.folder) in page.message.text()
    assert documents.folder == Path(os.environ["FENQI_DOCUMENTS"]) / number
    assert oct(documents.folder.stat().st_mode & 0o777) == "0o700"

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)  # "print to file"
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed" / "合同.pdf"))
    copies = {n: pdf for n, pdf in documents.files.items() if "80mm" not in n}
    written = send_to_printer(printer, copies)
    assert sorted(p.name for p in written) == [f"{number}-customer.pdf", f"{number}-store.pdf"]
    for path in written:
        code, verdict, _ = run(capsys, "verify", str(path))
        assert code == 0 and verdict.startswith(f"valid {number}"), verdict
        assert oct(path.stat().st_mode & 0o777) == "0o600"

    next_step(window)  # done: today's contracts, reprint audited
    home = window.home
    assert home.contracts.rowCount() == 1 and home.contracts.item(0, 1).text() == number
    op = home.reprint()
    wait(lambda: not op.running)
    assert str(documents.folder) in home.reprint_status.text()
    with services.sessions() as session:
        reprint = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "contract.reprinted")
        ).one()
    assert reprint.details == {"number": number}
    # a reprint is the original, byte for byte (the signing time with it); the originals are
    # write-once, and the documents folder is as private as each contract's
    again = print_sale(services, number, reprinted_by="sales01")
    assert again.files == documents.files and again.sha256 == documents.sha256
    for name, pdf in documents.files.items():
        original = documents.folder / name
        assert original.read_bytes() == pdf and oct(original.stat().st_mode & 0o777) == "0o400"
        with pytest.raises(FileExistsError):
            write_once(original, b"%PDF-1.7 another")
        assert original.read_bytes() == pdf
    assert oct(documents.folder.parent.stat().st_mode & 0o777) == "0o700"


def test_a_refusal_puts_the_cursor_on_its_field_and_goes_when_it_is_fixed(qtbot, window):
    log_in(window)
    window.home.start.click()
    window.wizard.pages[Step.PHONE].search.setText("iphone 17 256")  # several words
    assert window.wizard.pages[Step.PHONE].results.rowCount() >= 1
    window.wizard.pages[Step.PHONE].search.setText("iphone 99")
    assert window.wizard.pages[Step.PHONE].message.text() == "无结果：换个关键词试试"
    sell(window, Step.PHONE, Step.CUSTOMER)  # the card read; her phone is typed wrong now
    window.wizard.go(Step.CUSTOMER)
    page = window.wizard.pages[Step.CUSTOMER]
    page.phone.setText("1380013")
    next_step(window)
    assert window.wizard.current is Step.CUSTOMER
    assert "不是大陆手机号" in page.message.text() or "手机号" in page.message.text()
    assert page.phone.hasFocus() or not window.isActiveWindow()
    page.phone.setText("13800138000")
    assert page.message.text() == ""


def test_the_plan_chosen_stays_chosen_and_a_refused_down_payment_shows_no_totals(qtbot, window):
    log_in(window)
    window.home.start.click()
    sell(window, Step.PHONE, Step.TRADE_IN)
    page = window.wizard.pages[Step.PLAN]
    page.down.setText("1000")
    wanted = [(q.method.value, q.term) for q in page.quotes].index(("equal_principal", 24))
    page.table.selectRow(wanted)
    page.down.setText("1200")  # re-priced: the plan selected stays selected
    assert (
        page.quotes[page.table.currentRow()].method.value,
        page.quotes[page.table.currentRow()].term,
    ) == ("equal_principal", 24)
    page.down.setText("999999")  # more than the price: refused
    assert page.message.text() and page.table.rowCount() == 0
    assert page.cash.text() == "" and page.bars.rows == []
    page.down.setText("1000")
    page.table.selectRow(
        [(q.method.value, q.term) for q in page.quotes].index(("equal_principal", 24))
    )
    next_step(window)
    assert window.wizard.current is Step.PRECHECK
    wait(lambda: not window.wizard.pages[Step.PRECHECK].working)
    QTest.keyClick(window.wizard, Qt.Key.Key_Escape)  # back to the plans
    chosen = page.quotes[page.table.currentRow()]
    assert (chosen.method.value, chosen.term) == ("equal_principal", 24)


def test_the_pre_check_waits_for_a_slow_chain_off_the_ui_thread(
    qtbot, window, services, monkeypatch
):
    import time

    import app.services.sale as sale_module

    def slow_chain(*_args):  # the network down: the chain's 3 s question unanswered
        time.sleep(1.0)

    monkeypatch.setattr(sale_module, "applications_elsewhere", slow_chain)
    log_in(window)
    window.home.start.click()
    sell(window, Step.PHONE, Step.TRADE_IN)
    plans = window.wizard.pages[Step.PLAN]
    plans.down.setText("1000")
    window.wizard.next()
    wait(lambda: window.wizard.current is Step.PRECHECK)  # the plan saved, the pre-check begun
    precheck = window.wizard.pages[Step.PRECHECK]
    assert window.wizard.current is Step.PRECHECK and precheck.working
    assert precheck.decision.text() == "正在预审…"
    QTest.keyClick(window.wizard, Qt.Key.Key_Return)  # neither on nor back meanwhile
    QTest.keyClick(window.wizard, Qt.Key.Key_Escape)
    assert window.wizard.current is Step.PRECHECK
    wait(lambda: not precheck.working, 10_000)
    assert precheck.decision.text().startswith("预审结果：")


def test_a_step_is_saved_off_the_ui_thread_and_the_sale_waits_for_it(
    qtbot, window, services, monkeypatch
):
    import threading
    import time

    from app.services.sale import Sale

    choose_phone = Sale.choose_phone
    threads = []

    def slow_write(sale, code):  # a database that takes its time
        threads.append(threading.current_thread())
        time.sleep(0.5)
        return choose_phone(sale, code)

    monkeypatch.setattr(Sale, "choose_phone", slow_write)
    log_in(window)
    window.home.start.click()
    window.wizard.pages[Step.PHONE].search.setText("APL-IP17-256-BLK")
    window.wizard.next()
    assert window.wizard.working and window.wizard.current is Step.PHONE
    QTest.keyClick(window.wizard, Qt.Key.Key_Return)  # neither on nor back meanwhile
    QTest.keyClick(window.wizard, Qt.Key.Key_Escape)
    assert window.wizard.current is Step.PHONE
    settle(window)
    assert window.wizard.current is Step.CUSTOMER
    assert threads and threads[0] is not threading.main_thread()
    assert len(threads) == 1  # saved once
    assert window.wizard.sale.phone.sku == "APL-IP17-256-BLK"
