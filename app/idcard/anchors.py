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
SEARCH_SIDE = 1600  # a last-resort search: small print on a card far from the camera
# Where each anchor's centre sits on the 856 × 540 card, and for the number and the labels
# at the left margin where the text starts.
FRONT_ANCHORS = {  # a pattern of the line's text → the line's centre height
    "姓名": 79,
    "性别": 144,
    "民族": 144,
    "出生": 205,
    "住址": 268,
    r"\d{4}年\d{1,2}月": 203,  # the birth date's value
    r"^[男女]$": 140,  # the sex's value
}
NUMBER_Y, NUMBER_X0, NUMBER_LABEL_X0 = 465, 262, 64
NUMBER_WIDTH = 0.48  # the printed number's length as a share of the card's width
BACK_ANCHORS = {"居民身份证": 173, "中华人民共和国": 88, "签发机关": 396, "公安局": 396}
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


def read_lines(image: np.ndarray, side: int = DETECT_SIDE) -> list[Line]:
    """Every text line RapidOCR finds in the photo (downscaled to `side` pixels at most), in
    photo coordinates."""
    small = downscale(image, side)
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


def _run(line: Line) -> int:
    """The longest run of number characters in the line (a validity period has 4 at most)."""
    return max((len(run) for run in re.findall(r"[0-9Xx]+", line.text)), default=0)


def _number_line(lines: list[Line]) -> Line | None:
    """The line with the longest run of digits, if at least 15 (the 18-character number)."""
    best = max(lines, key=_run, default=None)
    return best if best is not None and _run(best) >= 15 else None


def _span(line: Line, u: np.ndarray) -> tuple[float, float]:
    along = line.box @ u
    return float(along.min()), float(along.max())


def card_from_text(image: np.ndarray, *, back: bool = False) -> list[np.ndarray]:
    """Where the card may lie, placed from its printed words: its four corners (clockwise
    from its top left), the likeliest first; empty when there is nothing to go by."""
    lines = read_lines(image)
    if back:
        base = _find(lines, "有效期")
        return [] if base is None else _place(lines, base, BACK_ANCHORS, VALIDITY_Y, VALIDITY_X0)
    base = _number_line(lines)
    return [] if base is None else _place(lines, base, FRONT_ANCHORS, NUMBER_Y, NUMBER_X0)


def _place(
    lines: list[Line], base: Line, anchors: dict[str, int], base_y: int, base_x0: int
) -> list[np.ndarray]:
    """Corners from the base line (the number, or the validity line), the number's label to
    its left and anchors above it. Which way is right comes from the label, else from the
    anchors being above (else both ways are offered); the size from the anchors' heights
    above the base, else from the label's distance to the number, else from the number's
    own length; where the card starts, from the left end of the label or the base."""
    tag = _find(lines, "公民身份") if base_y == NUMBER_Y else None
    if tag is base:
        tag = None  # label and number read as one line: it starts at the label's place
        base_x0 = NUMBER_LABEL_X0
    above = [
        (y, line)
        for pattern, y in anchors.items()
        for line in lines
        if line is not base and re.search(pattern, line.text)
    ]
    u = base.axis
    if tag is not None:
        directions = [u if _span(tag, u)[0] < _span(base, u)[0] else -u]
    elif above:
        rise = float((above[0][1].centre - base.centre) @ np.array([-u[1], u[0]]))
        directions = [u if rise < 0 else -u]  # the anchor is above the base
    else:
        directions = [u, -u]
    placed = []
    for u in directions:
        v = np.array([-u[1], u[0]])  # down the card, for a photo that is not mirrored
        heights = [
            -float((line.centre - base.centre) @ v) / ((base_y - y) / CARD_H) for y, line in above
        ]
        heights = [h for h in heights if h > 40]
        begin, end = _span(base, u)
        if heights:
            height = float(np.median(heights))
        elif tag is not None:
            gap = begin - _span(tag, u)[0]
            height = gap / ((NUMBER_X0 - NUMBER_LABEL_X0) / CARD_W) * CARD_H / CARD_W
        else:  # the number alone: 18 characters span about 48% of the card's width
            height = (end - begin) / NUMBER_WIDTH * CARD_H / CARD_W
        if height < 40:
            continue
        width = height * CARD_W / CARD_H
        start, x0 = (_span(tag, u)[0], NUMBER_LABEL_X0) if tag is not None else (begin, base_x0)
        origin = (start - x0 / CARD_W * width) * u
        origin = origin + (float(base.centre @ v) - base_y / CARD_H * height) * v
        corners = [origin, origin + width * u, origin + width * u + height * v, origin + height * v]
        placed.append(np.array(corners, np.float32))
    return placed
