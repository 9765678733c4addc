"""The machine has what the counter needs: Tesseract with Chinese, an embeddable CJK font,
and Qt able to draw Chinese offscreen. A failure here means an install step is missing."""

from __future__ import annotations

import io
import shutil

import cv2
import numpy as np
import tesserocr
from pypdf import PdfReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from app.config import Settings
from printing.fonts import cjk_font_path


def test_tesseract_has_simplified_chinese_and_reads_digits():
    folder = Settings.read().tessdata
    assert folder is not None and (folder / "chi_sim.traineddata").is_file()
    assert (folder / "HanS.traineddata").is_file() or (folder / "script/HanS.traineddata").is_file()
    image = np.full((80, 900), 255, np.uint8)
    cv2.putText(image, "110101199003071235", (20, 55), cv2.FONT_HERSHEY_SIMPLEX, 1.4, 0, 3)
    with tesserocr.PyTessBaseAPI(
        path=str(folder), lang="eng", psm=tesserocr.PSM.SINGLE_LINE
    ) as api:
        api.SetVariable("tessedit_char_whitelist", "0123456789X")
        api.SetImageBytes(image.tobytes(), image.shape[1], image.shape[0], 1, image.shape[1])
        assert api.GetUTF8Text().strip() == "110101199003071235"


def test_a_cjk_truetype_font_embeds_in_a_pdf_and_its_text_extracts():
    path = cjk_font_path()
    assert "wqy-microhei" in str(path), f"WenQuanYi Micro Hei is not installed (found {path})"
    pdfmetrics.registerFont(TTFont("WQY", str(path), subfontIndex=0))
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.setFont("WQY", 14)
    page.drawString(72, 720, "分期付款合同 年化利率 12.00%")
    page.save()
    assert "分期付款合同 年化利率 12.00%" in PdfReader(buffer).pages[0].extract_text()


def test_poppler_is_installed_to_render_pdfs():
    assert shutil.which("pdftoppm")


def test_qt_draws_chinese_offscreen(qtbot):
    from PySide6.QtGui import QFontDatabase
    from PySide6.QtWidgets import QLabel

    assert QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    label = QLabel("分期通 · 柜台")
    qtbot.addWidget(label)
    label.show()
    image = label.grab().toImage()
    assert image.width() > 0
    colours = {image.pixel(x, y) for x in range(image.width()) for y in range(image.height())}
    assert len(colours) > 2  # glyphs drawn, not a blank box


def test_the_tessdata_setting_overrides_the_search(monkeypatch, tmp_path):
    monkeypatch.setenv("FENQI_TESSDATA", str(tmp_path))
    assert Settings.read().tessdata == tmp_path
