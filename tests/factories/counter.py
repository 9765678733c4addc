"""The counter window driven step by step as a clerk and a customer would: in the tests'
own process, or in a child (`crash_child(tmp_path, DB_URL, STEP, READINGS)`) that does the steps
before STEP, opens STEP's page and is then killed with SIGKILL, as a crash would.

The sale: the demo phone, the demo card read by OCR with its address corrected by hand (so
the pre-check sends it to the manager: OCR_EDITED), no trade-in, 1000 down, 12 months of
equal instalments, the manager's approval, every clause confirmed on the customer's screen,
the signature."""

from __future__ import annotations

import hashlib
import os
import pickle
import signal
import sys
from collections.abc import Callable
from datetime import timedelta
from importlib import resources
from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from app.idcard.reader import CardReader, CardReading
from app.services.sale import STEPS, Step
from printing.signature_image import demo_strokes
from ui.ops import run_until

SKU = "APL-IP17-256-BLK"
READING = timedelta(seconds=0.02)  # a clause on the customer's screen in the tests (3 s in shop)
ADDRESS = "山东省泰安市东平县黄解街18号"  # the clerk's correction of what OCR read
EXPECTED_APPLICATION = {  # the `fenqi risk` document these steps make, as stored
    "staff": "sales01",
    "customer": {
        "id_number": "370923198901058407",
        "name": "石子",
        "phone": "13800138000",
        "address": ADDRESS,
        "birth_date": "1989-01-05",
        "id_valid_to": "2045-09-03",
        "id_valid_from": "2025-09-03",
        "card_source": "ocr",
        "edited_fields": ["address"],
    },
    "finances": {
        "monthly_income": "12000.00",
        "monthly_debt": "800.00",
        "employment": "salaried",
        "years_in_job": 5,
    },
    "purchase": {
        "sku": SKU,
        "trade_in": "0.00",
        "down": "1000.00",
        "method": "equal_installment",
        "term": 12,
    },
}


class ReadOnce:
    """The real card reader, each distinct pair of photos read once per test run and the
    reading kept in `folder` (so a crash child reuses what its parent read): the window's
    tests sell to the demo card again and again; the reader's own tests (tests/idcard) and
    `fenqi demo` read every time."""

    def __init__(self, reader: Callable[[], CardReader], folder: Path) -> None:
        self._reader, self.folder = reader, folder

    def read(self, front: np.ndarray, back: np.ndarray | None = None) -> CardReading:
        digest = hashlib.sha256()
        for image in (front, back):
            digest.update(b"none" if image is None else repr(image.shape).encode())
            digest.update(b"" if image is None else image.tobytes())
        kept = self.folder / f"{digest.hexdigest()}.pickle"
        if kept.exists():
            return pickle.loads(kept.read_bytes())
        reading = self._reader().read(front, back)
        partial = kept.with_suffix(f".{os.getpid()}")
        partial.write_bytes(pickle.dumps(reading))
        partial.replace(kept)  # whole or not at all, should a crash child die meanwhile
        return reading


def read_once(services, folder: Path) -> None:
    """Let `services`' window read each distinct card once per test run (`ReadOnce`)."""
    reader = ReadOnce(services.card_reader, folder)
    services.card_reader = lambda: reader


def wait(until: Callable[[], object], ms: int = 60_000) -> None:
    """Let the window work until `until()` holds (or fail after `ms`)."""
    if not run_until(until, ms):
        raise TimeoutError("the window did not get there")


def settle(window) -> None:
    """Wait until the step is saved and its page has done its work off the UI thread."""
    wait(lambda: not window.wizard.working)


def next_step(window) -> None:
    """Next (or Enter), and wait until the step is saved: on to the next page, or refused."""
    window.wizard.next()
    settle(window)


def log_in(window, username: str = "sales01") -> None:
    wait(lambda: window.services is not None)
    window.login.username.setText(username)
    window.login.password.setText("demo1234")
    window.login.submit()


def _phone(window) -> None:
    window.wizard.pages[Step.PHONE].search.setText(SKU)
    next_step(window)


def _customer(window) -> None:
    page = window.wizard.pages[Step.CUSTOMER]
    demo = resources.files("assets").joinpath("demo")
    with resources.as_file(demo) as folder:
        op = page.read_photos(Path(folder) / "id-front.jpg", Path(folder) / "id-back.jpg")
        wait(lambda: not op.running)
    page.card.boxes["address"].setEditText(ADDRESS)
    page.phone.setText("13800138000")
    page.income.setText("12000")
    page.debt.setText("800")
    page.years.setValue(5)
    next_step(window)


def _trade_in(window) -> None:
    next_step(window)  # no trade-in


def _plan(window) -> None:
    page = window.wizard.pages[Step.PLAN]
    page.down.setText("1000")
    wanted = ("equal_installment", 12)
    page.table.selectRow([(q.method.value, q.term) for q in page.quotes].index(wanted))
    next_step(window)  # the pre-check runs off the UI thread too


def _precheck(window) -> None:
    page = window.wizard.pages[Step.PRECHECK]
    page.manager.setText("manager01")
    page.password.setText("demo1234")
    page.reason.setText("地址按户口簿核对无误")
    next_step(window)  # Enter approves once the reason is typed


def confirm_clauses(window, *, at_most: int | None = None) -> None:
    """The customer reads the plan, then confirms the clauses left (`at_most` of them)."""
    view = window.wizard.customer_view
    if view.stack.currentIndex() == 0:
        wait(view.plan_read.isEnabled, 10_000)
        QTest.mouseClick(view.plan_read, Qt.MouseButton.LeftButton)
    done = 0
    while view._current() is not None and (at_most is None or done < at_most):
        wait(view.confirm.isEnabled, 10_000)
        QTest.mouseClick(view.confirm, Qt.MouseButton.LeftButton)
        wait(lambda: not view.working)
        done += 1


def _disclosure(window) -> None:
    confirm_clauses(window)


def _signature(window) -> None:
    view = window.wizard.customer_view
    view.pad.replay([list(s) for s in demo_strokes("石子")])
    QTest.mouseClick(view.accept_signature, Qt.MouseButton.LeftButton)
    window.wizard.pages[Step.SIGNATURE].channel.setCurrentIndex(3)  # 现金
    next_step(window)


def _signed(window) -> None:
    page = window.wizard.pages[Step.SIGNED]
    wait(lambda: page.documents is not None)
    next_step(window)


ACTIONS = {
    Step.PHONE: _phone,
    Step.CUSTOMER: _customer,
    Step.TRADE_IN: _trade_in,
    Step.PLAN: _plan,
    Step.PRECHECK: _precheck,
    Step.DISCLOSURE: _disclosure,
    Step.SIGNATURE: _signature,
    Step.SIGNED: _signed,
}


def sell(window, first: Step = Step.PHONE, last: Step = Step.SIGNED) -> None:
    """Do the steps from `first` to `last` on the window's current sale."""
    for step in STEPS[STEPS.index(first) : STEPS.index(last) + 1]:
        assert window.wizard.current is step, (step, window.wizard.current)
        ACTIONS[step](window)


def crash_at(db_url: str, step: Step, readings: Path) -> None:
    """Sell up to `step`'s page (at the disclosure, two clauses confirmed), then die; the
    card's reading kept in `readings` (`ReadOnce`)."""
    from app.services import sale
    from app.services.bootstrap import open_services
    from ui.app import create_application
    from ui.main_window import MainWindow

    sale.MIN_READING = READING
    app = create_application(sys.argv[:1])
    services = open_services(db_url)
    read_once(services, readings)
    window = MainWindow(services)
    window.show()
    log_in(window)
    window.home.start.click()
    if step is not Step.PHONE:
        sell(window, Step.PHONE, STEPS[STEPS.index(step) - 1])
    assert window.wizard.current is step
    if step is Step.DISCLOSURE:
        confirm_clauses(window, at_most=2)
    run_until(lambda: False, 100)
    app.processEvents()
    os.kill(os.getpid(), signal.SIGKILL)


def _crash(argv: list[str]) -> int:
    crash_at(argv[0], Step(argv[1]), Path(argv[2]))
    return 1  # not reached: killed


def crash_child(folder: Path, db_url: str, step: Step, readings: Path) -> tuple[int, str]:
    """Run `crash_at` in a process of its own (forked from one that has imported the
    window); its exit code (-9: killed, as it should be) and what it printed."""
    from tests.factories import zygote

    log = folder / f"crash-{step.value}.log"
    (code,) = zygote.run(
        [("tests.factories.counter:_crash", [db_url, step.value, str(readings)], log)],
        preload=zygote.WINDOW,
        timeout=180,
    )
    return code, log.read_text() if log.exists() else ""
