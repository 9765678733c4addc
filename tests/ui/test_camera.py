"""扫描身份证: the live preview outlines the card and takes the picture by itself once it is
sharp and still; cancelling stops the camera; a missing camera is said, not raised."""

from __future__ import annotations

import cv2
import pytest
from PySide6.QtCore import Qt

from app.domain.errors import EnvironmentProblem
from app.idcard.finder import load_image
from tests.factories.frames import RecordedFrames
from tests.ui.test_counter_window import demo_photo, enter, log_in, page
from ui.screens.camera import CameraDialog
from ui.screens.steps import CustomerPage

pytestmark = pytest.mark.parametrize("demo_url", ["sqlite"], indirect=True)


class CountedCamera(RecordedFrames):
    """Recorded frames that note when the program lets go of the camera."""

    released = False

    def release(self):
        self.released = True


@pytest.fixture
def customer_page(qtbot, window):
    log_in(qtbot, window)
    window.new_sale()
    phone = page(window.wizard)
    qtbot.keyClicks(phone.search, "APL-IP17-256-BLK")
    enter(qtbot, phone.search)
    customer = page(window.wizard)
    assert isinstance(customer, CustomerPage)
    return customer


def test_the_camera_takes_a_sharp_still_card_and_the_fields_fill_in(qtbot, customer_page):
    front = load_image(demo_photo("id-front.jpg"))
    shaky = cv2.GaussianBlur(front, (0, 0), 6)
    camera = CountedCamera([shaky] * 3 + [front] * 6)
    dialog = customer_page.scan_card(lambda: camera)
    with qtbot.waitSignal(dialog.accepted, timeout=30_000):
        pass
    assert not dialog.view.pixmap().isNull()  # the preview was shown
    assert camera.released
    qtbot.waitUntil(lambda: bool(customer_page.card.values()["id_number"]), timeout=60_000)
    assert customer_page.status.text().startswith("已识别")


def test_cancelling_stops_the_camera_and_reads_nothing(qtbot, customer_page):
    front = load_image(demo_photo("id-front.jpg"))
    camera = CountedCamera([cv2.GaussianBlur(front, (0, 0), 6)] * 10_000)
    dialog = customer_page.scan_card(lambda: camera)
    qtbot.waitUntil(lambda: not dialog.view.pixmap().isNull(), timeout=10_000)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.op.running, timeout=10_000)
    assert camera.released and camera.frames  # stopped long before the frames ran out
    assert dialog.result() == CameraDialog.DialogCode.Rejected
    assert not customer_page.card.values()["id_number"]


def test_no_camera_is_said_in_the_dialog(qtbot, customer_page):
    def unplugged():
        raise EnvironmentProblem("camera 0 cannot be opened: check the cable or the setting")

    dialog = customer_page.scan_card(unplugged)
    qtbot.waitUntil(lambda: not dialog.op.running, timeout=10_000)
    assert dialog.isVisible() and dialog.hint.text() == "摄像头出错，请改用导入图片"
    assert dialog.view.text() == "没有画面"  # "opening the camera…" is over
