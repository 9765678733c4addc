"""An embeddable CJK TrueType font for PDFs (reportlab cannot embed CFF/OpenType CJK)."""

from __future__ import annotations

import os
import subprocess
from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from app.errors import EnvironmentProblem

FONT = "FenqiCJK"
WINDOWS_FONTS = [Path(r"C:\Windows\Fonts\simhei.ttf"), Path(r"C:\Windows\Fonts\msyh.ttc")]


def cjk_font_path() -> Path:
    """FENQI_PDF_FONT, else WenQuanYi Micro Hei (fontconfig), else a Windows Chinese font.

    Raises:
        EnvironmentProblem: no embeddable Chinese TrueType font on this machine.
    """
    override = os.environ.get("FENQI_PDF_FONT")
    if override:
        return Path(override)
    try:
        found = subprocess.run(
            ["fc-match", "-f", "%{file}", "WenQuanYi Micro Hei"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        if "wqy" in found.lower():
            return Path(found)
    except (OSError, subprocess.CalledProcessError):
        pass
    for path in WINDOWS_FONTS:
        if path.exists():
            return path
    raise EnvironmentProblem(
        "no Chinese TrueType font for PDFs: install fonts-wqy-microhei or set FENQI_PDF_FONT"
    )


@cache
def register_cjk_font() -> str:
    """Register the CJK font with reportlab once (embedded as a subset); returns its name."""
    path = cjk_font_path()
    pdfmetrics.registerFont(TTFont(FONT, str(path), subfontIndex=0))
    return FONT


def require_glyphs(*texts: str) -> None:
    """Refuse to print a customer's name or address the PDF font cannot draw: a character
    outside the font (e.g. 䶮 of CJK Extension A) would print as an empty box.

    Raises:
        EnvironmentProblem: which characters are missing and what to do.
    """
    face = pdfmetrics.getFont(register_cjk_font()).face
    missing = "".join(
        dict.fromkeys(
            ch for t in texts for ch in t if not ch.isspace() and ord(ch) not in face.charToGlyph
        )
    )
    if missing:
        raise EnvironmentProblem(
            f"the PDF font cannot print {missing}: set FENQI_PDF_FONT to a TrueType font that "
            "has it (e.g. one covering CJK Extension A) and print again"
        )
