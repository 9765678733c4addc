"""Measure how often each engine's reading of a field is right at each score, and write
`assets/ocr/calibration.toml` (what `app.idcard.calibration` reads).

    python -m bench.ocr_calibrate [--cards 100] [--levels easy,medium,hard]

Cards come from tests.factories.cardgen with seeds 300 000+, which the accuracy bench never uses.
Per engine and field the readings are sorted by score, cut into equal-count bins, and the
share right in each (Laplace-smoothed, made non-decreasing by pooling adjacent bins) becomes
a step. The measured figures are printed as JSON.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from datetime import date
from pathlib import Path

from app.domain.errors import UserError
from app.idcard.engines import load_engines
from app.idcard.reader import CardReader
from bench.ocr_bench import TODAY, truth
from tests.factories.cardgen import make_sample

SEED_BASE = 300_000
CALIBRATED = ("name", "address", "issuer", "validity")
OUT = Path(__file__).resolve().parent.parent / "assets" / "ocr" / "calibration.toml"


def fit_steps(points: list[tuple[float, bool]], bins: int = 8) -> list[list[float]]:
    """(lowest score, chance right) steps, non-decreasing in chance."""
    points = sorted(points)
    size = max(len(points) // bins, 25)
    groups: list[list[tuple[float, bool]]] = [[]]
    for i, point in enumerate(points):
        # a bin is full at `size`, but equal scores never straddle two bins
        if len(groups[-1]) >= size and point[0] != points[i - 1][0]:
            groups.append([])
        groups[-1].append(point)
    if len(groups) > 1 and len(groups[-1]) < size // 2:
        groups[-2] += groups.pop()
    pooled: list[list[float]] = []  # [lowest score, right, count]
    for group in groups:
        pooled.append([group[0][0], sum(ok for _, ok in group), len(group)])
        while len(pooled) > 1 and (pooled[-2][1] + 1) / (pooled[-2][2] + 2) >= (
            pooled[-1][1] + 1
        ) / (pooled[-1][2] + 2):
            last = pooled.pop()
            pooled[-1][1] += last[1]
            pooled[-1][2] += last[2]
    pooled[0][0] = 0.0
    return [[round(low, 4), round((ok + 1) / (n + 2), 4)] for low, ok, n in pooled]


def expected_value(card, name: str):
    """The true value of a calibrated field, as the reader's candidates spell it."""
    if name == "validity":
        return (card.valid_from, card.valid_to or "长期")
    return truth(card)[name]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cards", type=int, default=100)
    parser.add_argument("--levels", default="easy,medium,hard")
    args = parser.parse_args()
    reader = CardReader(load_engines(("tesseract", "rapidocr")), today=TODAY)
    points: dict[tuple[str, str], list[tuple[float, bool]]] = defaultdict(list)
    for level in args.levels.split(","):
        for i in range(args.cards):
            card, front, back = make_sample(SEED_BASE + i, level)
            try:
                reading = reader.read(front, back)
            except UserError:
                continue
            for name in CALIBRATED:
                for c in reading.candidates.get(name, ()):
                    points[c.engine, name].append((c.score, c.value == expected_value(card, name)))
    steps = {key: fit_steps(pts) for key, pts in points.items()}
    lines = [
        "# Engine score → share of readings that were right, per engine and field.",
        "# Written by `python -m bench.ocr_calibrate`; do not edit by hand.",
        f'version = "{date.today().isoformat()}-{args.cards}x{args.levels.replace(",", "+")}"',
    ]
    for (engine, name), table in sorted(steps.items()):
        right = sum(ok for _, ok in points[engine, name])
        lines += ["", f"[{engine}.{name}]", f"# {right} of {len(points[engine, name])} right"]
        lines.append(f"steps = {json.dumps(table)}")
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(json.dumps({f"{e}.{n}": s for (e, n), s in sorted(steps.items())}, indent=1))


if __name__ == "__main__":
    main()
