"""An engine's score → the measured chance that its reading of a field is right.

Engines score on their own scales (Tesseract's least word confidence, RapidOCR's mean
character probability), so they cannot be compared directly. `assets/ocr/calibration.toml`
holds, per engine and field, steps of (lowest score, share of readings right) measured on
generated cards by `python -m bench.ocr_calibrate` — seeds the accuracy bench never uses.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any


@cache
def _table() -> dict[str, Any]:
    text = resources.files("assets").joinpath("ocr", "calibration.toml").read_text("utf-8")
    return tomllib.loads(text)


def calibration_version() -> str:
    """Which measurement the probabilities come from."""
    return str(_table()["version"])


def probability(engine: str, field: str, score: float) -> float:
    """The chance that `engine`'s reading of `field` with this score is right. A field not
    measured keeps the engine's own score."""
    steps = _table().get(engine, {}).get(field, {}).get("steps")
    if not steps:
        return score
    chance = float(steps[0][1])
    for lowest, share in steps:
        if score >= lowest:
            chance = float(share)
    return chance
