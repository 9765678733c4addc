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
