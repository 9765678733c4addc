"""An embeddable CJK TrueType font for PDFs (reportlab cannot embed CFF/OpenType CJK).

reportlab is imported where a font is registered, so the composition root can choose the
fonts (`use_fonts`) without loading it."""

from __future__ import annotations

import subprocess
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from app.domain.errors import EnvironmentProblem

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

FONT = "FenqiCJK"
WINDOWS_FONTS = [Path(r"C:\Windows\Fonts\simhei.ttf"), Path(r"C:\Windows\Fonts\msyh.ttc")]
_chosen: dict[str, Path | None] = {"main": None, "fallback": None}


def use_fonts(main: Path | None, fallback: Path | None) -> None:
    """The fonts the settings name (FENQI_PDF_FONT, FENQI_PDF_FALLBACK_FONT), before the
    first PDF; None: found on this machine."""
    _chosen.update(main=main, fallback=fallback)


def cjk_font_path() -> Path:
    """The font chosen in the settings, else WenQuanYi Micro Hei (fontconfig), else a
    Windows Chinese font.

    Raises:
        EnvironmentProblem: no embeddable Chinese TrueType font on this machine.
    """
    if _chosen["main"] is not None:
        return _chosen["main"]
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
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    path = cjk_font_path()
    pdfmetrics.registerFont(TTFont(FONT, str(path), subfontIndex=0))
    return FONT


WINDOWS_FALLBACKS = [Path(r"C:\Windows\Fonts\simsun.ttc"), Path(r"C:\Windows\Fonts\simsunb.ttf")]


@cache
def _embeddable(path: str) -> str | None:
    """Register a font file with reportlab under its own name; None when it cannot be
    embedded (CFF outlines, unreadable)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    name = f"Fallback-{Path(path).stem}"
    try:
        pdfmetrics.registerFont(TTFont(name, path, subfontIndex=0))
    except Exception:  # reportlab raises TTFError or struct errors on fonts it cannot embed
        return None
    return name


def _has(font: str, ch: str) -> bool:
    from reportlab.pdfbase import pdfmetrics

    return ord(ch) in pdfmetrics.getFont(font).face.charToGlyph


@cache
def _font_for(ch: str) -> str | None:
    """An embeddable font that has `ch` (a CJK Extension character, say): the fallback the
    settings name, else any TrueType font fontconfig knows with it (e.g. HanaMinA), else
    Windows' SimSun."""
    paths = [str(_chosen["fallback"] or "")]
    try:
        listed = subprocess.run(
            ["fc-list", f":charset={ord(ch):x}", "file"], capture_output=True, text=True, check=True
        ).stdout
        paths += sorted(line.split(":")[0] for line in listed.splitlines())
    except (OSError, subprocess.CalledProcessError):
        pass
    paths += [str(p) for p in WINDOWS_FALLBACKS if p.exists()]
    for path in filter(None, paths):
        embeddable = path.lower().endswith((".ttf", ".ttc")) and _embeddable(path)
        if embeddable and _has(embeddable, ch):
            return embeddable
    return None


def font_runs(text: str) -> list[tuple[str, str]]:
    """`text` as (font, piece) runs: the main CJK font wherever it has the glyph, a fallback
    font for the characters it lacks (䶮 of CJK Extension A is not in WenQuanYi).

    Raises:
        EnvironmentProblem: no installed font can print a character; says which and what to do.
    """
    main = register_cjk_font()
    runs: list[tuple[str, str]] = []
    for ch in text:
        font = main if ch.isspace() or _has(main, ch) else _font_for(ch)
        if font is None:
            raise EnvironmentProblem(
                "no installed font can print {ch}: install fonts-hanazono, or set FENQI_PDF_FALLBACK_FONT to a TrueType font that has it, and print again",
                ch=ch,
            )
        if runs and runs[-1][0] == font:
            runs[-1] = (font, runs[-1][1] + ch)
        else:
            runs.append((font, ch))
    return runs


def markup(text: str) -> str:
    """`text` as Paragraph markup, XML-escaped, fallback runs in their own font."""
    main = register_cjk_font()
    return "".join(
        escape(piece) if font == main else f'<font name="{font}">{escape(piece)}</font>'
        for font, piece in font_runs(text)
    )


def draw_text(
    canvas: Canvas, x: float, y: float, text: str, size: float, *, centre: bool = False
) -> None:
    """Draw one line on a canvas, switching to a fallback font where the main one lacks a glyph."""
    runs = font_runs(text)
    if centre:
        x -= sum(canvas.stringWidth(piece, font, size) for font, piece in runs) / 2
    for font, piece in runs:
        canvas.setFont(font, size)
        canvas.drawString(x, y, piece)
        x += canvas.stringWidth(piece, font, size)
