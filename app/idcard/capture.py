"""Camera capture: watch frames, find the card, and take the sharpest steady frame."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import cv2
import numpy as np

from app.domain.errors import EnvironmentProblem, UserError
from app.idcard.finder import downscale, find_card, sharpness, warp_card


class FrameSource(Protocol):
    """Anything that yields frames like cv2.VideoCapture."""

    def read(self) -> tuple[bool, np.ndarray | None]: ...


@dataclass(frozen=True)
class CaptureSettings:
    """When to take the picture: the flattened card at least this sharp for this many
    frames in a row (a still hand), giving up after `max_frames`."""

    min_sharpness: float = 120.0
    steady_frames: int = 4
    max_frames: int = 300


def open_camera(index: int) -> cv2.VideoCapture:
    """The webcam or document camera at `index` (a setting: 0 is the first camera).

    Raises:
        EnvironmentProblem: no camera answers at that index.
    """
    camera = cv2.VideoCapture(index)
    if not camera.isOpened():
        raise EnvironmentProblem(
            "camera {index} cannot be opened: check the cable or the setting", index=index
        )
    return camera


def auto_capture(
    source: FrameSource,
    settings: CaptureSettings = CaptureSettings(),
    on_frame: Callable[[np.ndarray, np.ndarray | None, float], None] | None = None,
) -> np.ndarray:
    """The sharpest frame of the first steady run in which the card is in view and sharp.

    `on_frame(frame, corners or None, sharpness)` is called for each frame, for a live
    preview that outlines the card.

    Raises:
        UserError: the source ran out, or no steady sharp card within `max_frames`.
    """
    run: list[tuple[float, np.ndarray]] = []
    for _ in range(settings.max_frames):
        ok, frame = source.read()
        if not ok or frame is None:
            break
        corners, score = None, 0.0
        try:
            corners = find_card(frame)
            score = sharpness(warp_card(downscale(frame, 1600), _scaled(corners, frame)))
        except UserError:
            pass
        if on_frame is not None:
            on_frame(frame, corners, score)
        if corners is not None and score >= settings.min_sharpness:
            run.append((score, frame))
            if len(run) >= settings.steady_frames:
                return max(run, key=lambda item: item[0])[1]
        else:
            run.clear()
    raise UserError("no sharp ID card in view: hold the card still inside the frame")


def _scaled(corners: np.ndarray, frame: np.ndarray) -> np.ndarray:
    factor = min(1.0, 1600 / max(frame.shape[:2]))
    return corners * factor
