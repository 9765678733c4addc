"""The window's shell: background work reports on the UI thread, errors are presented in
words, the header reads the real database."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from app.domain.errors import EnvironmentProblem, UserError
from tests.factories.applications import example, submit
from ui.errors import describe
from ui.main_window import MainWindow
from ui.ops import Op


def test_work_runs_off_the_ui_thread_and_its_result_arrives_on_it(qtbot):
    ui_thread = threading.get_ident()
    seen = {}

    def work():
        seen["worker"] = threading.get_ident()
        return 42

    op = Op(work)
    op.done.connect(lambda result: seen.update(result=result, receiver=threading.get_ident()))
    with qtbot.waitSignal(op.finished, timeout=5000):
        op.start()
    assert seen["result"] == 42
    assert seen["worker"] != ui_thread and seen["receiver"] == ui_thread
    assert not op.running


def test_a_failure_in_the_work_arrives_as_the_exception(qtbot):
    op = Op(lambda: 1 / 0)
    with qtbot.waitSignal(op.failed, timeout=5000) as blocker:
        op.start()
    assert isinstance(blocker.args[0], ZeroDivisionError)


def test_errors_are_described_in_words_and_a_bug_leaves_a_report(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    assert describe(UserError("no product with SKU 'X'")) == (
        "请检查输入",
        "no product with SKU 'X'",
    )
    assert describe(EnvironmentProblem("no database"))[0] == "无法继续"
    title, message = describe(RuntimeError("bug"))
    assert title == "程序出错" and "Traceback" not in message
    report = message.split("：")[-1]
    assert "RuntimeError: bug" in Path(report).read_text(encoding="utf-8")


@pytest.mark.parametrize("demo_url", ["sqlite"], indirect=True)
def test_the_header_shows_the_store_and_what_waits_to_sync(qtbot, services):
    window = MainWindow(services)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.store.text().startswith("分期通示例手机店"), timeout=5000)
    assert "SH001-T1" in window.store.text()
    assert window.sync.text() == "未连接中心服务器，无待同步数据"
    submit(services, example("approve"))  # the customer, the quote, the application
    window.refresh_status()
    expected = "未连接中心服务器，待同步 3 条"
    qtbot.waitUntil(lambda: window.sync.text() == expected, timeout=5000)
    from storage.models import CLOCK_OFFSET, Meta

    with services.sessions.begin() as session:  # the last sync found this clock 40 days behind
        session.add(Meta(key=CLOCK_OFFSET, value=str(40 * 86400)))
    window.refresh_status()
    expected += "，本机时钟与总部相差 57600 分钟：暂停签约"
    qtbot.waitUntil(lambda: window.sync.text() == expected, timeout=5000)


@pytest.mark.parametrize("demo_url", ["sqlite"], indirect=True)
def test_the_login_shows_before_the_database_opens_and_works_once_it_has(qtbot, demo_url):
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.login.username.setText("sales01")
    window.login.password.setText("demo1234")
    window.login.submit()  # too early: asked to wait, nothing else happens
    assert window.login.message.text() == "正在打开数据库，请稍候再登录"
    with qtbot.waitSignal(window.open_database(demo_url).finished, timeout=15000):
        pass
    window.login.password.setText("demo1234")
    window.login.submit()
    assert window.screens.currentWidget() is window.home
    window.services.close()


def test_a_database_that_cannot_open_is_said_on_the_login_screen(qtbot, tmp_path):
    window = MainWindow()
    qtbot.addWidget(window)
    missing = f"sqlite:///{tmp_path / 'no-such-folder' / 'fenqi.db'}"
    with qtbot.waitSignal(window.open_database(missing).finished, timeout=15000):
        pass
    assert window.store.text() == "无法打开数据库"
    assert window.login.message.text() and "Traceback" not in window.login.message.text()
    assert window.services is None


@pytest.mark.parametrize("demo_url", ["sqlite"], indirect=True)
def test_a_header_that_cannot_be_read_says_so_and_piles_up_no_message_boxes(
    qtbot, services, tmp_path
):
    from PySide6.QtWidgets import QApplication
    from sqlalchemy import text

    window = MainWindow(services)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.sync.text() == "未连接中心服务器，无待同步数据", timeout=5000)
    with services.sessions.begin() as session:  # the sync queue's table gone from under it
        session.execute(text("ALTER TABLE sync_outbox RENAME TO outbox_elsewhere"))
    for _ in range(3):  # the timer's tries
        window.refresh_status()
        with qtbot.waitSignal(window._status_op.finished, timeout=5000):
            pass
        assert QApplication.activeModalWidget() is None
    assert window.sync.text() == "无法读取本机状态，稍后自动重试"
    (report,) = (tmp_path / "state").rglob("crash-*")  # one report, not one a try
    assert str(report) in window.sync.toolTip() and "Traceback" not in window.sync.toolTip()
    with services.sessions.begin() as session:
        session.execute(text("ALTER TABLE outbox_elsewhere RENAME TO sync_outbox"))
    window.refresh_status()
    qtbot.waitUntil(lambda: window.sync.text() == "未连接中心服务器，无待同步数据", timeout=5000)
    assert window.sync.styleSheet() == ""
