"""扫描身份证: a live camera preview that outlines the card and takes the picture by itself
once the card is sharp and held still (app/idcard/capture.py does the watching)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import cv2
import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from app.domain.errors import UserError
from app.idcard.capture import CaptureSettings, FrameSource, auto_capture, open_camera
from ui.i18n import tr
from ui.ops import Op

PREVIEW_WIDTH = 640
AT_THE_COUNTER = CaptureSettings()


class _Stoppable:
    """A frame source that ends when the clerk cancels."""

    def __init__(self, source: FrameSource, stop: threading.Event) -> None:
        self._source = source
        self._stop = stop

    def read(self) -> tuple[bool, np.ndarray | None]:
        return (False, None) if self._stop.is_set() else self._source.read()


class CameraDialog(QDialog):
    """Shows the camera until it has a sharp, steady card; `image` then holds the frame
    (BGR) and the dialog is accepted. `open_source` is called on the worker thread."""

    _frame_ready = Signal()  # no arguments: the preview image waits on the dialog

    def __init__(
        self,
        open_source: Callable[[], Any] | None = None,
        settings: CaptureSettings = AT_THE_COUNTER,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("扫描身份证"))
        self.image: np.ndarray | None = None
        self._open_source = open_source or _first_camera
        self._settings = settings
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._preview: QImage | None = None
        self.view = QLabel(tr("正在打开摄像头…"))
        self.view.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.view.setMinimumSize(PREVIEW_WIDTH, PREVIEW_WIDTH * 10 // 16)
        self.view.setStyleSheet("background: #222; color: #eee;")
        self.hint = QLabel(tr("请将身份证平放在取景框内并保持不动，清晰后自动拍摄"))
        self.cancel = QPushButton(tr("取消（Esc）"))
        self.cancel.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.hint)
        layout.addWidget(self.cancel, alignment=Qt.AlignmentFlag.AlignRight)
        self._frame_ready.connect(self._show_frame)
        self.op = Op(self._watch, self)
        self.op.done.connect(self._captured)
        self.op.failed.connect(self._failed)

    def start(self) -> Op:
        """Open the camera and watch it on a worker thread."""
        self.op.start()
        return self.op

    def _watch(self) -> np.ndarray:
        camera = self._open_source()
        try:
            return auto_capture(_Stoppable(camera, self._stop), self._settings, self._on_frame)
        finally:
            if hasattr(camera, "release"):
                camera.release()

    def _on_frame(self, frame: np.ndarray, corners: np.ndarray | None, score: float) -> None:
        """On the worker thread: draw the outline and hand a small copy to the UI thread."""
        scale = PREVIEW_WIDTH / frame.shape[1]
        small = cv2.resize(frame, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        if corners is not None:
            colour = (0, 200, 0) if score >= self._settings.min_sharpness else (0, 200, 255)
            points = (corners * scale).astype(np.int32)  # corners are in the frame's pixels
            cv2.polylines(small, [points.reshape(-1, 1, 2)], True, colour, 3)
        rgb = cv2.cvtColor(small, cv2.COLOR_BGR2RGB)
        height, width = rgb.shape[:2]
        image = QImage(rgb.data, width, height, rgb.strides[0], QImage.Format.Format_RGB888)
        with self._lock:
            self._preview = image.copy()  # owns its pixels once `rgb` is gone
        self._frame_ready.emit()

    def _show_frame(self) -> None:
        with self._lock:
            image, self._preview = self._preview, None
        if image is not None:
            self.view.setPixmap(QPixmap.fromImage(image))

    def _captured(self, image: np.ndarray) -> None:
        self.image = image
        self.accept()

    def _failed(self, error: Exception) -> None:
        if self._stop.is_set():
            return  # cancelled: the dialog is already closed
        if isinstance(error, UserError):  # the camera ran out of frames or of patience
            self.hint.setText(tr("未拍到清晰的身份证：请将证件放稳、避开反光后重新扫描"))
        else:
            self.hint.setText(tr("摄像头出错，请改用导入图片"))
        if self.view.pixmap().isNull():  # no frame came: "opening…" is over
            self.view.setText(tr("没有画面"))
        self.hint.setStyleSheet("color: #c92a2a;")
        self.cancel.setText(tr("关闭"))

    def done(self, result: int) -> None:
        """Closing for any reason stops the camera."""
        self._stop.set()
        super().done(result)


def _first_camera() -> cv2.VideoCapture:
    return open_camera(0)
