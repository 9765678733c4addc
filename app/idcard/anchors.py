"""Placing the card from its printed words, when its outline cannot be trusted.

RapidOCR's text detector finds the text lines anywhere in the photo and its recogniser reads
them; the 18-character number and the printed labels (公民身份号码, 姓名, 出生, 住址 on the front;
居民身份证, 签发机关, 有效期限 on the back) are then anchors whose place on the card is fixed by
its layout. Which way the card is turned comes from where the labels are (left of the number,
above it), not from the recogniser's idea of up, so any rotation works.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np

from app.idcard.finder import CARD_H, CARD_W, downscale

DETECT_SIDE = 960
# Where each anchor's centre sits on the 856 × 540 card, and for the number and the labels
# at the left margin where the text starts.
FRONT_ANCHORS = {"姓名": 79, "性别": 144, "民族": 144, "出生": 205, "住址": 268}
NUMBER_Y, NUMBER_X0, NUMBER_LABEL_X0 = 465, 262, 64
BACK_ANCHORS = {"居民身份证": 173, "中华人民共和国": 88, "签发机关": 396}
VALIDITY_Y, VALIDITY_X0 = 456, 170


@dataclass(frozen=True)
class Line:
    """One detected text line: its corners in the photo, its text and the recogniser's score."""

    box: np.ndarray  # 4 × 2
    text: str

    @property
    def centre(self) -> np.ndarray:
        return self.box.mean(axis=0)

    @property
    def axis(self) -> np.ndarray:
        """Unit vector along the line (either way round)."""
        a, b = self.box[1] - self.box[0], self.box[3] - self.box[0]
        along = a if np.linalg.norm(a) >= np.linalg.norm(b) else b
        return along / max(float(np.linalg.norm(along)), 1e-6)


@cache
def _ocr() -> Any:
    from rapidocr_onnxruntime import RapidOCR

    return RapidOCR(intra_op_num_threads=2, inter_op_num_threads=1)


_lock = threading.Lock()


def read_lines(image: np.ndarray) -> list[Line]:
    """Every text line RapidOCR finds in the photo (downscaled), in photo coordinates."""
    small = downscale(image, DETECT_SIDE)
    scale = image.shape[1] / small.shape[1]
    ocr = _ocr()
    with _lock:
        boxes, _ = ocr.text_det(small)
        if boxes is None or len(boxes) == 0:
            return []
        crops = ocr.get_crop_img_list(small, boxes)
        crops, _, _ = ocr.text_cls(crops)
        texts, _ = ocr.text_rec(crops)
    return [
        Line(np.asarray(box, np.float32) * scale, re.sub(r"\s", "", str(text)))
        for box, (text, _) in zip(boxes, texts, strict=True)
    ]


def _find(lines: list[Line], word: str) -> Line | None:
    return next((line for line in lines if word in line.text), None)


def _number_line(lines: list[Line]) -> Line | None:
    """The line holding the most digits, if at least 15 (the 18-character number)."""
    best = max(lines, key=lambda line: len(re.sub(r"[^0-9Xx]", "", line.text)), default=None)
    if best is None or len(re.sub(r"[^0-9Xx]", "", best.text)) < 15:
        return None
    return best


def _span(line: Line, u: np.ndarray) -> tuple[float, float]:
    along = line.box @ u
    return float(along.min()), float(along.max())


def card_from_text(image: np.ndarray, *, back: bool = False) -> np.ndarray | None:
    """The card's four corners (clockwise from its top left) placed from its printed words,
    or None when too few anchors were read."""
    lines = read_lines(image)
    if back:
        return _place(lines, _find(lines, "有效期"), BACK_ANCHORS, VALIDITY_Y, VALIDITY_X0, None)
    return _place(lines, _number_line(lines), FRONT_ANCHORS, NUMBER_Y, NUMBER_X0, "公民身份")


def _place(
    lines: list[Line],
    base: Line | None,
    anchors: dict[str, int],
    base_y: int,
    base_x0: int,
    label: str | None,
) -> np.ndarray | None:
    """Corners from the base line (the number, or the validity line), its label to its left
    and an anchor above it. Which way is right comes from the label, else from the anchor
    being above; the size from the anchor's height above the base, else from the label's
    distance to the number; where the card starts, from the left end of the label or base."""
    if base is None:
        return None
    tag = _find(lines, label) if label else None
    if tag is base:
        tag = None  # label and number read as one line: it starts at the label's place
        base_x0 = NUMBER_LABEL_X0
    above = [(w, line) for w in anchors if (line := _find(lines, w)) and line is not base]
    u = base.axis
    if tag is not None:
        if _span(tag, u)[0] > _span(base, u)[0]:
            u = -u
    elif above:
        if float((above[0][1].centre - base.centre) @ np.array([-u[1], u[0]])) > 0:
            u = -u  # the anchor must be above the base
    else:
        return None
    v = np.array([-u[1], u[0]])  # down the card, for a photo that is not mirrored
    heights = [
        -float((line.centre - base.centre) @ v) / ((base_y - anchors[w]) / CARD_H)
        for w, line in above
    ]
    heights = [h for h in heights if h > 40]
    if heights:
        height = float(np.median(heights))
    elif tag is not None:
        gap = _span(base, u)[0] - _span(tag, u)[0]
        height = gap / ((NUMBER_X0 - NUMBER_LABEL_X0) / CARD_W) * CARD_H / CARD_W
    else:
        return None
    if height < 40:
        return None
    width = height * CARD_W / CARD_H
    start, x0 = (
        (_span(tag, u)[0], NUMBER_LABEL_X0) if tag is not None else (_span(base, u)[0], base_x0)
    )
    origin = (start - x0 / CARD_W * width) * u + (
        float(base.centre @ v) - base_y / CARD_H * height
    ) * v
    return np.array(
        [origin, origin + width * u, origin + width * u + height * v, origin + height * v],
        np.float32,
    )
