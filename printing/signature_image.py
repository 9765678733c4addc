"""The customer's on-screen signature: strokes (kept as evidence) rendered to a PNG."""

from __future__ import annotations

import io
import math
from collections.abc import Sequence

from PIL import Image, ImageDraw

Stroke = Sequence[tuple[float, float, int]]  # x, y in pad pixels; t in ms since the pad opened


def signature_png(strokes: Sequence[Stroke], *, width: int = 600, height: int = 240) -> bytes:
    """Draw the strokes (black on transparent) at the pad's size.

    Raises:
        ValueError: no stroke, or one too short to be a signature.
    """
    if not strokes or sum(len(s) for s in strokes) < 10:
        raise ValueError("the signature is empty: ask the customer to sign again")
    image = Image.new("RGBA", (width, height), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    for stroke in strokes:
        points = [(x, y) for x, y, _ in stroke]
        if len(points) > 1:
            draw.line(points, fill=(15, 15, 40, 255), width=5, joint="curve")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def demo_strokes(name: str = "签名") -> list[list[tuple[float, float, int]]]:
    """A synthetic, handwriting-like signature for demos and tests (no pad in CI)."""
    strokes, t = [], 0
    for i, _ in enumerate(name):
        x0 = 60 + i * 160
        stroke = []
        for k in range(40):
            a = k / 39 * 2 * math.pi
            stroke.append(
                (x0 + 60 * k / 39 + 25 * math.sin(a * 1.5), 120 + 55 * math.sin(a + i), t)
            )
            t += 12
        strokes.append(stroke)
    return strokes
