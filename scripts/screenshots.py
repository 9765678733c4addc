"""Render every screen of the counter window to docs/screenshots/*.png at 1366×768, on a
fresh demo database, driving one whole sale (run by `make screenshots`, under Xvfb)."""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from importlib import resources
from pathlib import Path

OUT = Path(
    os.environ.get("FENQI_SCREENSHOTS")
    or Path(__file__).resolve().parents[1] / "docs" / "screenshots"
)


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="fenqi-shots-"))
    os.environ["FENQI_KEY_FILE"] = str(folder / "keys" / "fenqi.key")
    os.environ["FENQI_DOCUMENTS"] = str(folder / "documents")
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    from app.demo.seed import load_demo
    from app.services.bootstrap import open_services
    from app.services.sale import Step
    from printing.signature_image import demo_strokes
    from ui.app import create_application
    from ui.main_window import MainWindow
    from ui.ops import run_until

    app = create_application(sys.argv[:1])
    services = open_services(f"sqlite:///{folder / 'fenqi.sqlite3'}", create=True)
    load_demo(services)
    window = MainWindow(services)
    window.resize(1366, 768)
    window.show()
    OUT.mkdir(parents=True, exist_ok=True)

    def settle(until=lambda: True, ms: int = 60_000) -> None:
        run_until(lambda: False, 50)  # what was just asked for is drawn
        run_until(until, ms)

    def shot(name: str) -> None:
        settle()
        window.grab().save(str(OUT / f"{name}.png"))
        print(f"wrote {OUT / name}.png")

    wizard = window.wizard
    settle(lambda: "分期通" in window.store.text(), 5000)
    window.login.username.setText("sales01")
    shot("01-login")
    window.login.password.setText("demo1234")
    window.login.submit()
    window.home.start.click()
    phone = wizard.pages[Step.PHONE]
    phone.search.setText("iPhone 17")
    shot("03-phone")
    phone.search.setText("APL-IP17-256-BLK")
    wizard.next()
    settle(lambda: not wizard.working)
    window.show_home()  # the sale is saved as a draft: the home screen lists it
    shot("02-home")
    window.home.drafts.itemActivated.emit(window.home.drafts.item(0))
    customer = wizard.pages[Step.CUSTOMER]
    demo = resources.files("assets").joinpath("demo")
    with resources.as_file(demo) as card:
        op = customer.read_photos(card / "id-front.jpg", card / "id-back.jpg")
        settle(lambda: not op.running)
        shot_camera(customer, card / "id-front.jpg", settle)
    customer.phone.setText("13800138000")
    customer.income.setText("12000")
    customer.debt.setText("800")
    customer.years.setValue(5)
    shot("04-customer")
    wizard.next()
    settle(lambda: not wizard.working)
    trade_in = wizard.pages[Step.TRADE_IN]
    trade_in.wanted.setChecked(True)
    trade_in.model.setCurrentText("iPhone 13")
    trade_in.imei.setText("356938035643809")
    trade_in.screen_state.setCurrentIndex(1)
    trade_in.body_grade.setCurrentIndex(1)
    trade_in.battery.setValue(84)
    trade_in.appraise()
    shot("05-trade-in")
    wizard.next()
    settle(lambda: not wizard.working)
    plans = wizard.pages[Step.PLAN]
    plans.down.setText("1000")
    choose(plans, 12)
    shot("06-plans")
    wizard.next()
    settle(lambda: not wizard.working)  # the plan saved, the pre-check run
    shot("07-precheck")
    wizard.next()
    settle(lambda: not wizard.working)
    view = wizard.customer_view
    settle(lambda: view.plan_read.isEnabled(), 10_000)
    shot("08-disclosure")
    view.grab().save(str(OUT / "08b-customer-plan.png"))
    while wizard.current is not Step.PLAN:  # the customer asks for 24 months instead
        wizard.back()
        settle(lambda: not wizard.working)
    choose(plans, 24)
    for _ in range(2):  # the plan saved, the pre-check again, the customer's screen rebuilt
        wizard.next()
        settle(lambda: not wizard.working)
    view = wizard.customer_view
    settle(lambda: view.plan_read.isEnabled(), 10_000)
    view.grab().save(str(OUT / "08d-customer-plan-changed.png"))
    view.plan_read.click()
    settle(lambda: view.confirm.isEnabled(), 10_000)
    view.grab().save(str(OUT / "08c-customer-clause.png"))
    for _ in view.clauses:
        settle(lambda: view.confirm.isEnabled(), 10_000)
        view.confirm.click()
        settle(lambda: not view.working)
    pad = view.pad
    for stroke in demo_strokes("陈思远"):
        for i, (x, y, _) in enumerate(stroke):
            kind = QMouseEvent.Type.MouseButtonPress if i == 0 else QMouseEvent.Type.MouseMove
            point = QPointF(x * 0.9, y * 0.8)
            button = Qt.MouseButton.LeftButton
            event = QMouseEvent(kind, point, point, button, button, Qt.KeyboardModifier.NoModifier)
            QApplication.sendEvent(pad, event)
    settle()
    view.grab().save(str(OUT / "09b-customer-signature.png"))
    view.accept_signature.click()
    shot("09-signature")
    wizard.next()
    settle(lambda: not wizard.working)
    contract = wizard.pages[Step.SIGNED]
    settle(lambda: bool(contract.documents))
    number = wizard.sale.draft.contract_number
    shot("10-contract")
    wizard.next()  # done: the home screen lists today's contract, the name masked
    settle(lambda: not wizard.working)
    shot("02b-home-todays-contracts")
    op = window.home.reprint()  # the stored originals, byte for byte; audited
    settle(lambda: not op.running)
    shot("02c-home-reprint")
    shot_typed_card(window, settle, shot)
    shot_desk(window, settle, number)
    window.lock()
    window.change_language("en")  # what the English switch at the login shows
    shot("11-login-english")
    window.login.username.setText("sales01")
    window.login.password.setText("demo1234")
    window.login.submit()
    window.home.start.click()
    window.wizard.pages[Step.PHONE].search.setText("Xiaomi")
    shot("12-phone-english")
    window.change_language("zh_CN")
    window.close()
    services.close()
    app.quit()


def choose(plans, term: int) -> None:
    """Select the equal-installment plan over `term` months on the plans page."""
    plans.table.selectRow(
        next(
            r
            for r, q in enumerate(plans.quotes)
            if q.method.value == "equal_installment" and q.term == term
        )
    )


def shot_typed_card(window, settle, shot) -> None:
    """A card typed by hand with no photo read: the pre-check sends it to the manager and
    says why."""
    from app.services.sale import Step

    wizard = window.wizard
    window.home.start.click()
    wizard.pages[Step.PHONE].search.setText("APL-IP17-256-BLK")
    wizard.next()
    settle(lambda: not wizard.working)
    customer = wizard.pages[Step.CUSTOMER]
    typed = {
        "name": "石子", "id_number": "370923198901058407", "sex": "女",
        "birth_date": "1989-01-05", "address": "山东省泰安市东平县黄解街18号",
        "valid_from": "2025-09-03", "valid_to": "2045-09-03",
    }  # fmt: skip
    for field, text in typed.items():
        customer.card.boxes[field].setEditText(text)
    customer.phone.setText("13800138001")
    customer.income.setText("12000")
    for _ in range(3):  # the customer, no trade-in, the plan: on to the pre-check
        wizard.next()
        settle(lambda: not wizard.working)
    shot("07b-precheck-typed-card")
    window.show_home()


def shot_desk(window, settle, number: str) -> None:
    """The manager's desk: the day close, a repayment, the book and the collection lists
    45 days on (when the first instalment is late)."""
    from PySide6.QtCore import QDate

    from app.domain.clock import business_day

    window.lock()
    window.login.username.setText("manager01")
    window.login.password.setText("demo1234")
    window.login.submit()
    window.home.desk_button.click()
    desk = window.desk
    settle(lambda: desk.daily.figures.rowCount() > 0, 10_000)
    settle()  # the charts lay their axes out once the figures are in
    window.grab().save(str(OUT / "13-desk-day-close.png"))
    tab = desk.repayments
    desk.tabs.setCurrentWidget(tab)
    tab.number.setText(number)
    tab.look_up()
    tab.amount.setText(tab.schedule.item(0, 7).text())
    tab.channel.setCurrentIndex(tab.channel.findData("wechat"))
    tab.reference.setText("4200001234202612020001")
    tab.take_payment()  # shown: amount and where it goes
    tab.take_payment()  # confirmed: taken
    tab.quote_payoff()
    window.grab().save(str(OUT / "14-desk-repayment.png"))
    later = QDate(business_day()).addDays(75)
    desk.tabs.setCurrentWidget(desk.book)
    desk.book.on.setDate(later)
    settle(lambda: desk.book.buckets.rowCount() > 0, 10_000)
    window.grab().save(str(OUT / "15-desk-book.png"))
    desk.tabs.setCurrentWidget(desk.collections)
    desk.collections.on.setDate(later)
    settle(lambda: desk.collections.lists.rowCount() > 0, 10_000)
    desk.collections.lists.selectRow(0)
    window.grab().save(str(OUT / "16-desk-collections.png"))
    shot_flags(window, settle, number)
    for name in ("13-desk-day-close", "14-desk-repayment", "15-desk-book", "16-desk-collections"):
        print(f"wrote {OUT / name}.png")


def shot_flags(window, settle, number: str) -> None:
    """The chain's flags as a pull from the server delivers them: a phone on two contracts, a
    counter's clock set wrong."""
    import uuid

    from storage.reference_rows import apply_rows

    now = datetime.now(UTC)
    second = number[:-4] + "0002"
    flags = [
        ("imei_sold_twice", {"imei": "353288173764865", "contract": second,
                             "first_contract": number}),
        ("clock", {"terminal": "T2", "records": 5, "entities": ["contracts", "payments"],
                   "created_at": (now - timedelta(days=40)).isoformat(),
                   "received_at": now.isoformat()}),
    ]  # fmt: skip
    rows = [
        ("chain_flags", uuid.uuid4(), {"kind": kind, "raised_at": now.isoformat(), "details": d})
        for kind, d in flags
    ]
    with window.services.unit_of_work() as uow:
        apply_rows(uow.session, rows)
    desk = window.desk
    desk.flags.load()
    desk.tabs.setCurrentWidget(desk.flags)
    settle(lambda: desk.flags.table.rowCount() == 2, 10_000)
    window.grab().save(str(OUT / "17-desk-chain-flags.png"))
    print(f"wrote {OUT / '17-desk-chain-flags'}.png")


def shot_camera(customer, photo: Path, settle) -> None:
    """The scan dialog over a camera that shows the card a little out of focus (outlined,
    not yet taken)."""
    import cv2

    from app.idcard.finder import load_image

    frame = cv2.GaussianBlur(load_image(photo), (0, 0), 2.5)

    class Camera:
        def read(self):
            return True, frame

    dialog = customer.scan_card(Camera)
    settle(lambda: not dialog.view.pixmap().isNull(), 10_000)
    dialog.grab().save(str(OUT / "04b-camera.png"))
    print(f"wrote {OUT / '04b-camera'}.png")
    dialog.reject()
    settle(lambda: not dialog.op.running, 10_000)


if __name__ == "__main__":
    main()
