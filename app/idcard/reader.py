"""Reading an ID card photo into verified fields (Tesseract via pytesseract, per field).

Pipeline: find the card → flatten it → tell front from back and upright from upside-down →
crop each field by the card's fixed layout → clean the crop → OCR with per-field settings →
verify (check digit, region, birth date and sex from the number, the 56 ethnicities) → flag
whatever could not be verified in `needs_review`.
"""

from __future__ import annotations

import os
import re
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

import cv2
import numpy as np
import pytesseract
from stdnum.cn import ric

from app.config import tesseract_cmd
from app.errors import EnvironmentProblem, UserError
from app.idcard.finder import emblem_side, find_card, sharpness, warp_card
from app.idcard.regions import region_of
from app.idcard.surnames import surname_of
from app.idcard.verify import (
    ETHNICITIES,
    correct_address_prefix,
    match_issuer,
    number_sex,
    region_in_address,
    repair_id_number,
    snap_ethnicity,
    trim_address,
)

# Field boxes on the flattened card, as fractions of its width and height.
Box = tuple[float, float, float, float]
FRONT = {
    "name": (0.165, 0.09, 0.62, 0.215),
    "sex_ethnicity": (0.165, 0.215, 0.62, 0.325),
    "birth": (0.165, 0.325, 0.62, 0.44),
    "address": (0.165, 0.445, 0.645, 0.79),
    "number": (0.28, 0.79, 0.97, 0.935),
}
BACK = {
    "issuer": (0.32, 0.675, 0.985, 0.785),
    "validity": (0.32, 0.785, 0.985, 0.895),
}
FIELDS = (
    "id_number",
    "name",
    "sex",
    "ethnicity",
    "birth_date",
    "address",
    "issuer",
    "valid_from",
    "valid_to",
)
BLUR_LIMIT = 25.0  # sharpness of the flattened card below which nothing is legible
CONFIDENT = 0.80


@dataclass(frozen=True)
class OcrSettings:
    """How one field is read: model, page-segmentation mode, allowed characters, crop scale
    and how many text lines the field may have."""

    lang: str
    psm: int
    whitelist: str | None = None
    scale: float = 0.8
    lines: int = 1

    @property
    def config(self) -> str:
        config = f"--psm {self.psm} --oem 1"
        if self.whitelist:
            config += f" -c tessedit_char_whitelist={self.whitelist}"
        return config


NAME_READINGS = ("name", "name_chi", "name_small", "name_chi_small")
SEX_ETHNICITY_CHARS = "男女民族" + "".join(sorted(set("".join(ETHNICITIES))))
SETTINGS = {
    "number": OcrSettings("eng", 7, "0123456789X", scale=1.0),
    # names: four readings (two models, two scales each) vote, known surnames first (bench)
    "name": OcrSettings("HanS", 7, scale=1.0),
    "name_chi": OcrSettings("chi_sim", 7, scale=1.0),
    "name_small": OcrSettings("HanS", 7, scale=0.65),
    "name_chi_small": OcrSettings("chi_sim", 7),
    "sex_ethnicity": OcrSettings("chi_sim", 7, SEX_ETHNICITY_CHARS),
    "birth": OcrSettings("chi_sim", 7, "0123456789年月日"),
    "address": OcrSettings("chi_sim", 6, lines=3),
    "issuer": OcrSettings("chi_sim", 7),
    "validity": OcrSettings("chi_sim", 7, "0123456789.-长期"),
}


@dataclass
class CardReading:
    """The `fenqi ocr` result: fields (None when not read), confidences, what to check."""

    fields: dict[str, Any] = field(default_factory=lambda: dict.fromkeys(FIELDS))
    confidence: dict[str, float] = field(default_factory=dict)
    needs_review: list[str] = field(default_factory=list)
    checksum_ok: bool = False
    back_problem: str | None = None
    ms: int = 0

    def flag(self, name: str) -> None:
        """Mark a field for the salesperson to check."""
        if name not in self.needs_review:
            self.needs_review.append(name)

    def to_json(self) -> dict[str, Any]:
        """The document `fenqi ocr --json` prints."""
        values = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in self.fields.items()}
        region = region_of(self.fields["id_number"]) if self.fields["id_number"] else None
        return {
            **values,
            "checksum_ok": self.checksum_ok,
            "needs_review": [f for f in FIELDS if f in self.needs_review],
            "confidence": {k: round(v, 2) for k, v in self.confidence.items()},
            "region": None
            if region is None
            else {
                "code": region.code,
                "province": region.province,
                "prefecture": region.prefecture,
                "county": region.county,
            },
            "back_problem": self.back_problem,
            "ms": self.ms,
        }


class IdCardReader(Protocol):
    """Reads card photos into verified fields."""

    def read(self, front: np.ndarray, back: np.ndarray | None = None) -> CardReading: ...


def value_ink(card: np.ndarray) -> np.ndarray:
    """Where the printed values are: dark, unsaturated pixels (labels are blue, the
    background pattern pale). Light is flattened first so glare and shade do not matter."""
    hsv = cv2.cvtColor(card, cv2.COLOR_BGR2HSV)
    background = cv2.morphologyEx(hsv[:, :, 2], cv2.MORPH_CLOSE, np.ones((25, 25), np.uint8))
    flat = cv2.divide(hsv[:, :, 2], background, scale=255)
    return (flat < 150) & (hsv[:, :, 1] < 110)


def _runs(mask: np.ndarray, gap: int) -> list[tuple[int, int]]:
    """Start/end of the runs of True in a 1-D mask, bridging gaps shorter than `gap`."""
    runs: list[list[int]] = []
    for i in np.flatnonzero(mask):
        if runs and i - runs[-1][1] <= gap:
            runs[-1][1] = int(i)
        else:
            runs.append([int(i), int(i)])
    return [(a, b + 1) for a, b in runs]


def snap_box(ink: np.ndarray, box: Box, *, lines: int = 1) -> np.ndarray:
    """The field's pixel box (x0, y0, x1, y1) tightened around its actual text line(s).

    The nominal box may be a few pixels off on a tilted photo; the text rows nearest the
    box's middle are found inside a slightly larger window.
    """
    h, w = ink.shape
    x0, y0, x1, y1 = int(box[0] * w), int(box[1] * h), int(box[2] * w), int(box[3] * h)
    pad = int(0.035 * h)
    wy0, wy1 = max(y0 - pad, 0), min(y1 + pad, h)
    window = ink[wy0:wy1, x0:x1]
    rows = _runs(window.sum(axis=1) >= 2, gap=3)
    rows = [(a, b) for a, b in rows if b - a >= 8]  # text, not specks or lines
    if not rows:
        return np.array([x0, y0, x1, y1])
    middle = (y0 + y1) / 2 - wy0
    rows.sort(key=lambda r: abs((r[0] + r[1]) / 2 - middle))
    if lines > 1:
        chosen = [r for r in rows if y0 - wy0 - 6 <= (r[0] + r[1]) / 2 <= y1 - wy0 + 6][:lines]
        chosen = chosen or rows[:1]
    else:
        chosen = rows[:1]
    top, bottom = min(r[0] for r in chosen), max(r[1] for r in chosen)
    cols = _runs(window[top:bottom].sum(axis=0) >= 1, gap=40)
    if not cols:
        return np.array([x0, y0, x1, y1])
    left, right = cols[0][0], cols[-1][1]
    m = 8
    return np.array(
        [
            max(x0 + left - m, 0),
            max(wy0 + top - m, 0),
            min(x0 + right + m, w),
            min(wy0 + bottom + m, h),
        ]
    )


def clean(crop: np.ndarray, *, scale: float) -> np.ndarray:
    """Dark text on white: uneven light and glare divided out, resized, the pale background
    whitened, softened a little, padded. Kept in gray, at about 25 px per character:
    Tesseract's LSTM reads such crops better than binarised or larger ones (measured)."""
    gray = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY) if crop.ndim == 3 else crop
    background = cv2.morphologyEx(gray, cv2.MORPH_CLOSE, np.ones((25, 25), np.uint8))
    flat = cv2.divide(gray, background, scale=255)
    method = cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC
    flat = cv2.resize(flat, None, fx=scale, fy=scale, interpolation=method)
    flat[flat > 200] = 255  # the pale security pattern goes; anti-aliased glyph edges stay
    flat = cv2.GaussianBlur(flat, (0, 0), 0.6)
    return cv2.copyMakeBorder(flat, 12, 12, 12, 12, cv2.BORDER_CONSTANT, value=255)


class TesseractReader:
    """The IdCardReader on Tesseract (chi_sim and eng models), two OCR processes at a time."""

    def __init__(self, *, workers: int = 2, today: date | None = None) -> None:
        command = tesseract_cmd()
        if command is None:
            raise EnvironmentProblem(
                "Tesseract is not installed: install it (with Simplified Chinese) or set "
                "FENQI_TESSERACT_CMD to tesseract.exe"
            )
        pytesseract.pytesseract.tesseract_cmd = command
        os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # 2.5–3× faster on 2 cores
        self._pool = ThreadPoolExecutor(max_workers=workers)
        self._today = today

    def _ocr(self, image: np.ndarray, settings: OcrSettings) -> tuple[str, float]:
        """Text (lines joined by newlines) and the lowest word confidence (0–1)."""
        data = pytesseract.image_to_data(
            image, lang=settings.lang, config=settings.config, output_type=pytesseract.Output.DICT
        )
        words = [
            (w, float(c)) for w, c in zip(data["text"], data["conf"], strict=True) if w.strip()
        ]
        lines: dict[tuple[int, int, int], list[str]] = {}
        for w, block, par, line in zip(
            data["text"], data["block_num"], data["par_num"], data["line_num"], strict=True
        ):
            if w.strip():
                lines.setdefault((block, par, line), []).append(w)
        text = "\n".join("".join(ws) for ws in lines.values())
        confidence = min((c for _, c in words), default=0.0) / 100
        return text, max(confidence, 0.0)

    def _field_image(self, card: np.ndarray, ink: np.ndarray, name: str, box: Box) -> np.ndarray:
        settings = SETTINGS[name]
        x0, y0, x1, y1 = snap_box(ink, box, lines=settings.lines)
        return clean(card[y0:y1, x0:x1], scale=settings.scale)

    def _read_many(self, card: np.ndarray, boxes: dict[str, Box]) -> dict[str, tuple[str, float]]:
        ink = value_ink(card)
        jobs = {
            name: self._pool.submit(
                self._ocr, self._field_image(card, ink, name, box), SETTINGS[name]
            )
            for name, box in boxes.items()
        }
        return {name: job.result() for name, job in jobs.items()}

    def _read_number(self, card: np.ndarray, today: date) -> tuple[str, float, str | None, bool]:
        raw, conf = self._read_many(card, {"number": FRONT["number"]})["number"]
        number, repaired = repair_id_number(raw, today=today)
        return raw, conf, number, repaired

    def read(self, front: np.ndarray, back: np.ndarray | None = None) -> CardReading:
        """Read a front photo (and optionally a back photo) of the card.

        An unreadable back leaves its fields empty and flagged; the front must be readable.

        Raises:
            UserError: no card in view, the back given as the front, or a card too blurred.
        """
        started = time.perf_counter()
        today = self._today or date.today()
        reading = CardReading()
        card = self._flatten(front, want_back=False)
        back_job = None
        if back is not None:
            back_job = self._pool.submit(self._flatten, back, want_back=True)
        raw, conf, number, repaired = self._read_number(card, today)
        if number is None:  # perhaps upside down: the number would be unreadable
            turned = cv2.rotate(card, cv2.ROTATE_180)
            raw2, conf2, number2, repaired2 = self._read_number(turned, today)
            if number2 is not None or len(_digits(raw2)) > len(_digits(raw)):
                card, conf, number, repaired = turned, conf2, number2, repaired2
        boxes = {k: v for k, v in FRONT.items() if k != "number"}
        boxes |= {k: FRONT["name"] for k in NAME_READINGS[1:]}
        results = self._read_many(card, boxes)
        self._number(reading, number, repaired, conf)
        self._name(reading, [results[k] for k in NAME_READINGS])
        self._sex_ethnicity(reading, *results["sex_ethnicity"])
        self._birth(reading, *results["birth"])
        self._address(reading, *results["address"])
        if back_job is not None:
            try:
                self._back(reading, self._read_many(back_job.result(), BACK))
            except UserError as exc:
                reading.back_problem = str(exc)
                for name in ("issuer", "valid_from", "valid_to"):
                    reading.flag(name)
        reading.ms = int((time.perf_counter() - started) * 1000)
        return reading

    def _flatten(self, photo: np.ndarray, *, want_back: bool) -> np.ndarray:
        card = warp_card(photo, find_card(photo))
        side = emblem_side(card)
        if want_back and side is None:
            raise UserError("the back image shows no national emblem: give the 国徽 side as --back")
        if not want_back and side is not None:
            raise UserError("this is the back (国徽面) of the card: give the portrait side first")
        if side == "flipped":
            card = cv2.rotate(card, cv2.ROTATE_180)
        if sharpness(card) < BLUR_LIMIT:
            raise UserError(
                "the card is too blurred to read: hold it still and take the photo again"
            )
        return card

    def _number(
        self, reading: CardReading, number: str | None, repaired: bool, conf: float
    ) -> None:
        reading.fields["id_number"] = number
        reading.checksum_ok = number is not None
        reading.confidence["id_number"] = (
            0.0 if number is None else (0.6 if repaired else max(conf, 0.9))
        )
        if number is None or repaired:
            reading.flag("id_number")

    def _name(self, reading: CardReading, readings: list[tuple[str, float]]) -> None:
        """Readings that start with a known surname vote (all of them when none does); the
        name is flagged unless at least two readings agree on it exactly."""
        names = [
            "".join(ch for ch in text if "\u4e00" <= ch <= "\u9fff" or ch == "·")
            for text, _ in readings
        ]
        with_surname = [n for n in names if n and surname_of(n)]
        name = vote(with_surname or names)
        ok = 2 <= len(name) <= 15
        support = names.count(name)
        conf = (
            min(c for (text, c), n in zip(readings, names, strict=True) if n == name)
            if support
            else 0.0
        )
        reading.fields["name"] = name or None
        reading.confidence["name"] = (conf if support >= 2 else 0.5) if ok else 0.0
        if not ok or support < 2 or conf < CONFIDENT:
            reading.flag("name")

    def _sex_ethnicity(self, reading: CardReading, text: str, conf: float) -> None:
        number = reading.fields["id_number"]
        head, _, tail = text.replace("\n", "").partition("族")
        printed_sex = next((ch for ch in head if ch in "男女"), None)
        expected = number_sex(number) if number else None
        reading.fields["sex"] = expected or printed_sex
        agree = printed_sex is not None and printed_sex == expected
        reading.confidence["sex"] = 0.99 if agree else 0.5 if reading.fields["sex"] else 0.0
        if not agree:
            reading.flag("sex")
        ethnicity, exact = snap_ethnicity(tail if tail else head.removeprefix(printed_sex or ""))
        reading.fields["ethnicity"] = ethnicity
        # a name from the closed list of 56, read whole, is verified; a snapped one is not
        reading.confidence["ethnicity"] = 0.95 if exact else 0.5 if ethnicity else 0.0
        if not exact:
            reading.flag("ethnicity")

    def _birth(self, reading: CardReading, text: str, conf: float) -> None:
        number = reading.fields["id_number"]
        from_number = ric.get_birth_date(number) if number else None
        match = re.search(r"(\d{4})\D*?(\d{1,2})\D+?(\d{1,2})", text.replace("\n", " "))
        printed = None
        if match:
            try:
                printed = date(*(int(g) for g in match.groups()))
            except ValueError:
                printed = None
        reading.fields["birth_date"] = from_number or printed
        agree = printed is not None and printed == from_number
        reading.confidence["birth_date"] = (
            0.99 if agree else 0.5 if reading.fields["birth_date"] else 0.0
        )
        if not agree:
            reading.flag("birth_date")

    def _address(self, reading: CardReading, text: str, conf: float) -> None:
        address = trim_address(re.sub(r"[^\u4e00-\u9fff0-9A-Za-z·\-]", "", text))
        address, _ = correct_address_prefix(address, reading.fields["id_number"])
        reading.fields["address"] = address or None
        reading.confidence["address"] = conf if address else 0.0
        if len(address) < 6 or conf < CONFIDENT:
            reading.flag("address")

    def _back(self, reading: CardReading, results: dict[str, tuple[str, float]]) -> None:
        issuer_text, issuer_conf = results["issuer"]
        issuer = re.sub(r"[^\u4e00-\u9fff]", "", issuer_text)
        candidates = [
            r
            for r in (
                region_in_address(reading.fields["address"] or ""),
                region_of(reading.fields["id_number"] or ""),
            )
            if r is not None
        ]
        official, closeness = match_issuer(issuer, candidates)
        if closeness >= 0.75:  # one or two misread characters of the expected bureau
            issuer, issuer_conf = official, max(issuer_conf, closeness)
        reading.fields["issuer"] = issuer or None
        reading.confidence["issuer"] = issuer_conf
        if not issuer.endswith(("公安局", "分局")) or issuer_conf < CONFIDENT:
            reading.flag("issuer")
        text, conf = results["validity"]
        match = re.search(
            r"(\d{4})\.?(\d{2})\.?(\d{2})\D*?(?:(\d{4})\.?(\d{2})\.?(\d{2})|(长期))", text
        )
        valid_from = valid_to = None
        if match:
            try:
                valid_from = date(*(int(g) for g in match.group(1, 2, 3)))
                valid_to = (
                    "长期" if match.group(7) else date(*(int(g) for g in match.group(4, 5, 6)))
                )
            except ValueError:
                valid_from = valid_to = None
        reading.fields["valid_from"], reading.fields["valid_to"] = valid_from, valid_to
        ordered = valid_from is not None and (
            valid_to == "长期" or (isinstance(valid_to, date) and valid_to > valid_from)
        )
        reading.confidence["valid_from"] = reading.confidence["valid_to"] = conf if ordered else 0.0
        if not ordered or conf < CONFIDENT:
            reading.flag("valid_from")
            reading.flag("valid_to")


def vote(readings: list[str]) -> str:
    """The reading most of them agree on; else, among those of the commonest length, the
    commonest character at each position."""
    counts = Counter(readings).most_common()
    if counts[0][1] >= 2:
        return counts[0][0]
    length = Counter(len(r) for r in readings).most_common(1)[0][0]
    same = [r for r in readings if len(r) == length]
    return "".join(Counter(chars).most_common(1)[0][0] for chars in zip(*same, strict=True))


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())
