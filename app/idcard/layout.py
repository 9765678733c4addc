"""Where each field sits on a flattened card, and cutting it out around its actual ink.

The boxes are fractions of the card's width and height (the card's printed layout); a photo's
small misalignment is absorbed by snapping each box to the text rows found inside it.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

Box = tuple[float, float, float, float]
FRONT: dict[str, Box] = {
    "name": (0.165, 0.09, 0.62, 0.215),
    "sex_ethnicity": (0.165, 0.215, 0.62, 0.325),
    "birth": (0.165, 0.325, 0.62, 0.44),
    "address": (0.165, 0.445, 0.645, 0.79),
    "number": (0.28, 0.79, 0.97, 0.935),
}
BACK: dict[str, Box] = {
    "issuer": (0.30, 0.675, 0.985, 0.785),
    "validity": (0.30, 0.785, 0.985, 0.895),
}
MAX_LINES = {"address": 3}  # every other field is one line
# Boxes with nothing right of their value: cut a character further right than the ink seen,
# so that a faint last character (the check digit in glare) is not left out.
ROOM_AFTER = {"number", "issuer", "validity"}


@dataclass(frozen=True)
class FieldCrop:
    """One field cut from the card (colour), and the same cut line by line."""

    image: np.ndarray
    lines: list[np.ndarray]


def value_ink(card: np.ndarray) -> np.ndarray:
    """Where the printed values are: dark, unsaturated pixels (labels are blue, the
    background pattern pale). Light is flattened first so glare and shade do not matter."""
    hsv = cv2.cvtColor(card, cv2.COLOR_BGR2HSV)
    background = cv2.morphologyEx(hsv[:, :, 2], cv2.MORPH_CLOSE, np.ones((25, 25), np.uint8))
    flat = cv2.divide(hsv[:, :, 2], background, scale=255)
    return (flat < 175) & (hsv[:, :, 1] < 110)


def _runs(mask: np.ndarray, gap: int) -> list[tuple[int, int]]:
    """Start/end of the runs of True in a 1-D mask, bridging gaps shorter than `gap`."""
    runs: list[list[int]] = []
    for i in np.flatnonzero(mask):
        if runs and i - runs[-1][1] <= gap:
            runs[-1][1] = int(i)
        else:
            runs.append([int(i), int(i)])
    return [(a, b + 1) for a, b in runs]


MARGIN = 8  # pixels kept around the ink


def snap_lines(
    ink: np.ndarray, box: Box, *, lines: int = 1, room_after: bool = False
) -> list[tuple[int, int, int, int]]:
    """The pixel boxes (x0, y0, x1, y1) of the field's text line(s), top to bottom.

    The nominal box may be a few pixels off on a tilted photo; the text rows nearest the
    box's middle are found inside a slightly larger window. Without ink, the nominal box.
    Each line runs from the value column's start to its ink's end (`room_after`: a line's
    height further, within the box).
    """
    h, w = ink.shape
    x0, y0, x1, y1 = int(box[0] * w), int(box[1] * h), int(box[2] * w), int(box[3] * h)
    pad = int(0.035 * h)
    wy0, wy1 = max(y0 - pad, 0), min(y1 + pad, h)
    window = ink[wy0:wy1, x0:x1]
    rows = _runs(window.sum(axis=1) >= max(2, window.shape[1] // 100), gap=6)
    rows = [(a, b) for a, b in rows if b - a >= 8]  # text, not specks or lines
    if not rows:
        return [(x0, y0, x1, y1)]
    middle = (y0 + y1) / 2 - wy0
    rows.sort(key=lambda r: abs((r[0] + r[1]) / 2 - middle))
    chosen = [r for r in rows if y0 - wy0 - 6 <= (r[0] + r[1]) / 2 <= y1 - wy0 + 6][:lines]
    chosen = sorted(chosen[:lines] if lines > 1 and chosen else rows[:1])
    boxes = []
    for a, b in chosen:  # each line as wide as its own ink: a short last line stays short
        cols = _runs(window[a:b].sum(axis=0) >= 1, gap=40)
        if cols:  # from the value column's start at least: a faint first character is kept
            left, right = min(x0 + cols[0][0] - MARGIN, x0), x0 + cols[-1][1] + MARGIN
            if room_after:
                right = max(right, min(right + b - a, x1))
            boxes.append(
                (max(left, 0), max(wy0 + a - MARGIN, 0), min(right, w), min(wy0 + b + MARGIN, h))
            )
    return boxes or [(x0, y0, x1, y1)]


def crop_fields(card: np.ndarray, boxes: dict[str, Box]) -> dict[str, FieldCrop]:
    """Each field of `boxes` cut from the flattened card around its ink."""
    ink = value_ink(card)
    crops = {}
    for name, box in boxes.items():
        lines = snap_lines(ink, box, lines=MAX_LINES.get(name, 1), room_after=name in ROOM_AFTER)
        x0, y0 = min(b[0] for b in lines), min(b[1] for b in lines)
        x1, y1 = max(b[2] for b in lines), max(b[3] for b in lines)
        crops[name] = FieldCrop(card[y0:y1, x0:x1], [card[b[1] : b[3], b[0] : b[2]] for b in lines])
    return crops
