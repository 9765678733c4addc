"""The one way the window tells the user something went wrong: what happened, in words
they can act on, never a traceback (a bug's details go to a crash report file)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from app.domain.errors import EnvironmentProblem, UserError
from app.services.exports import write_crash_report
from ui.i18n import message, tr


def describe(error: BaseException) -> tuple[str, str]:
    """(title, message) for an error: bad input, a problem with this machine, or a bug
    (whose report is written and named)."""
    if isinstance(error, UserError):
        return tr("请检查输入"), message(error)
    if isinstance(error, EnvironmentProblem):
        return tr("无法继续"), message(error)
    report = write_crash_report(error)
    return tr("程序出错"), tr(
        "操作未完成，已保存的数据不受影响。请联系技术支持并提供：{report}"
    ).format(report=report)


def present_error(parent: QWidget | None, error: BaseException) -> None:
    """Show `error` in a modal message box over `parent`."""
    title, message = describe(error)
    box = QMessageBox(parent)
    box.setIcon(
        QMessageBox.Icon.Warning if isinstance(error, UserError) else QMessageBox.Icon.Critical
    )
    box.setWindowTitle(title)
    box.setText(message)
    box.exec()
