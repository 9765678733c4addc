"""The OCR engines that read field crops: Tesseract (required) and RapidOCR (optional).

Each engine turns the crops of one card side into readings: the text, the engine's own
score (0–1, not comparable between engines: `app.idcard.calibration` makes it so) and the
engine's name. An engine is loaded once per process and reused for every card.
"""

from __future__ import annotations

import importlib.util
import os
import threading
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Protocol

import cv2
import numpy as np

from app.config import find_tessdata
from app.domain.errors import EnvironmentProblem, UserError
from app.idcard.consistency import ETHNICITIES
from app.idcard.layout import FieldCrop


@dataclass(frozen=True)
class Reading:
    """What one engine read in one field (one of possibly several attempts)."""

    text: str
    score: float
    engine: str


class OcrEngine(Protocol):
    """Reads the cropped fields of one card side. `line_ms` is its typical time per text
    line on a 2-core counter PC (the quickest engine tells which way up the card is)."""

    name: str
    line_ms: int

    def read_fields(self, crops: Mapping[str, FieldCrop]) -> dict[str, list[Reading]]: ...


@dataclass(frozen=True)
class OcrSettings:
    """How Tesseract reads one field: model, page-segmentation mode, allowed characters and
    crop scale."""

    lang: str
    psm: int
    whitelist: str | None = None
    scale: float = 0.8

    @property
    def config(self) -> str:
        config = f"--psm {self.psm} --oem 1"
        if self.whitelist:
            config += f" -c tessedit_char_whitelist={self.whitelist}"
        return config


SEX_ETHNICITY_CHARS = "男女民族" + "".join(sorted(set("".join(ETHNICITIES))))
# Several attempts per field where one is not enough (names: two models × two scales, voted).
TESSERACT_SETTINGS: dict[str, tuple[OcrSettings, ...]] = {
    "number": (OcrSettings("eng", 7, "0123456789X", scale=1.0),),
    "name": (
        OcrSettings("HanS", 7, scale=1.0),
        OcrSettings("chi_sim", 7, scale=1.0),
        OcrSettings("HanS", 7, scale=0.65),
        OcrSettings("chi_sim", 7),
    ),
    "sex_ethnicity": (OcrSettings("chi_sim", 7, SEX_ETHNICITY_CHARS),),
    "birth": (OcrSettings("chi_sim", 7, "0123456789年月日"),),
    "address": (OcrSettings("chi_sim", 6),),
    "issuer": (OcrSettings("chi_sim", 7),),
    "validity": (OcrSettings("chi_sim", 7, "0123456789.-长期"),),
}


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


class TesseractEngine:
    """Tesseract (chi_sim, Han-script and eng models) through its C API (tesserocr), the
    models loaded once and kept: a Tesseract process per field spent ~130 ms of its ~150 ms
    loading them. One worker thread owns the API objects (they are not shared between
    threads). `attempts` caps the attempts per field: beside a second engine one is enough
    (the engines check each other)."""

    name = "tesseract"
    line_ms = 20

    def __init__(self, *, folder: Path | None = None, attempts: int = 4) -> None:
        """`folder`: the tessdata folder the settings name, else the usual install place."""
        os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # 2.5–3× faster on 2 cores
        try:
            import tesserocr
        except ImportError as exc:
            raise EnvironmentProblem(
                "tesserocr is not installed: reinstall fenqi (uv pip install -e .)"
            ) from exc
        folder = folder or find_tessdata()
        if folder is None:
            raise EnvironmentProblem(
                "Tesseract's Simplified Chinese model (chi_sim.traineddata) was not found: "
                "install tesseract-ocr-chi-sim, or set FENQI_TESSDATA to its tessdata folder"
            )
        self._tesserocr = tesserocr
        self._folder = str(folder)
        self._attempts = attempts
        self._apis: dict[str, Any] = {}
        self._pool = ThreadPoolExecutor(max_workers=1)

    def read_fields(self, crops: Mapping[str, FieldCrop]) -> dict[str, list[Reading]]:
        """Every attempt of every field, in the engine's own thread."""
        return self._pool.submit(self._read_all, crops).result()

    def _read_all(self, crops: Mapping[str, FieldCrop]) -> dict[str, list[Reading]]:
        return {
            name: [
                self._ocr(clean(crop.image, scale=s.scale), s)
                for s in TESSERACT_SETTINGS[name][: self._attempts]
            ]
            for name, crop in crops.items()
        }

    def _api(self, lang: str) -> Any:
        if lang not in self._apis:
            model = lang
            if not Path(self._folder, f"{lang}.traineddata").is_file():
                model = f"script/{lang}"  # where the Windows installer puts script models
            try:
                self._apis[lang] = self._tesserocr.PyTessBaseAPI(
                    path=self._folder, lang=model, oem=self._tesserocr.OEM.LSTM_ONLY
                )
            except RuntimeError as exc:
                raise EnvironmentProblem(
                    "Tesseract cannot load its {lang} model from {_folder}: install "
                    "tesseract-ocr-chi-sim and tesseract-ocr-script-hans (or set "
                    "FENQI_TESSDATA)",
                    lang=lang,
                    _folder=self._folder,
                ) from exc
        return self._apis[lang]

    def _ocr(self, image: np.ndarray, settings: OcrSettings) -> Reading:
        """Text (lines joined by newlines, no spaces), scored by its least confident word."""
        tesserocr = self._tesserocr
        api = self._api(settings.lang)
        api.SetPageSegMode(settings.psm)
        api.SetVariable("tessedit_char_whitelist", settings.whitelist or "")
        api.SetImageBytes(image.tobytes(), image.shape[1], image.shape[0], 1, image.shape[1])
        api.Recognize()
        lines: list[str] = []
        scores = []
        iterator = api.GetIterator()
        level = tesserocr.RIL.WORD
        for word in tesserocr.iterate_level(iterator, level):
            try:
                text = word.GetUTF8Text(level).strip()
            except RuntimeError:  # an empty page: tesserocr raises instead of returning ""
                break
            if not text:
                continue
            if word.IsAtBeginningOf(tesserocr.RIL.TEXTLINE) or not lines:
                lines.append("")
            lines[-1] += text
            scores.append(word.Confidence(level))
        return Reading("\n".join(lines), max(min(scores, default=0.0), 0.0) / 100, self.name)


class RapidOcrEngine:
    """PP-OCRv4 recognition (ONNX models shipped inside the rapidocr-onnxruntime wheel, fully
    offline), run line by line on the crops. One inference thread: Tesseract has the rest."""

    name = "rapidocr"
    line_ms = 25

    def __init__(self, *, threads: int = 1) -> None:
        try:
            from rapidocr_onnxruntime import RapidOCR
        except ImportError as exc:
            raise EnvironmentProblem(
                "RapidOCR is not installed: install fenqi with the ocr-plus extra "
                "(uv pip install -e .[ocr-plus]) or set FENQI_OCR_ENGINES=tesseract"
            ) from exc
        ocr: Any = RapidOCR(intra_op_num_threads=threads, inter_op_num_threads=1)
        self._recognise = ocr.text_rec
        self._lock = threading.Lock()  # one inference at a time, whoever calls

    def read_fields(self, crops: Mapping[str, FieldCrop]) -> dict[str, list[Reading]]:
        """One reading per field: its lines recognised and joined, scored by the weakest."""
        results = {}
        for name, crop in crops.items():
            with self._lock:
                lines, _ = self._recognise([np.ascontiguousarray(x) for x in crop.lines])
            # NFKC: the recogniser sometimes answers in full-width digits (１９６４)
            text = "\n".join(unicodedata.normalize("NFKC", str(t)) for t, _ in lines)
            results[name] = [Reading(text, min(float(s) for _, s in lines), self.name)]
        return results


ENGINES: dict[str, Callable[..., OcrEngine]] = {
    "tesseract": TesseractEngine,
    "rapidocr": RapidOcrEngine,
}


def installed_engines(tessdata: Path | None = None) -> list[str]:
    """The engines this machine can run (Tesseract's models in `tessdata`, else where they
    are usually installed), in order of preference for the default."""
    names = ["tesseract"] if tessdata or find_tessdata() else []
    if importlib.util.find_spec("rapidocr_onnxruntime") is not None:
        names.append("rapidocr")
    return names


@cache
def _load(name: str, alone: bool, tessdata: Path | None) -> OcrEngine:
    if name == "tesseract":
        return TesseractEngine(folder=tessdata, attempts=4 if alone else 1)
    return ENGINES[name]()


def load_engines(names: Sequence[str] = (), tessdata: Path | None = None) -> list[OcrEngine]:
    """The chosen engines (`names`, e.g. the settings' or `--engines`; empty: every
    installed one), each loaded once per process; Tesseract's models from `tessdata` (else
    where they are usually installed).

    Raises:
        UserError: an unknown engine name.
        EnvironmentProblem: a chosen engine is not installed, or none is.
    """
    chosen = [n.strip().lower() for n in names if n.strip()] or installed_engines(tessdata)
    unknown = [n for n in chosen if n not in ENGINES]
    if unknown:
        raise UserError(
            "unknown OCR engine {unknown!r}: choose from {ENGINES} (FENQI_OCR_ENGINES or "
            "--engines)",
            unknown=unknown[0],
            ENGINES=", ".join(ENGINES),
        )
    if not chosen:
        raise EnvironmentProblem(
            "no OCR engine is installed: install Tesseract with Simplified Chinese"
        )
    unique = list(dict.fromkeys(chosen))
    return [_load(n, len(unique) == 1, tessdata) for n in unique]
