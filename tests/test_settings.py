"""The settings are read once, when the installation is opened: a bad one stops the start
with one line naming it, and the process-wide ones (the store's clock, the PDFs' fonts, the
OCR engines) come from there."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from app.config import Settings
from app.domain.clock import business_day, store_tz, use_store_tz
from app.services.bootstrap import open_services
from printing import fonts
from tests.factories.cli import fenqi


@pytest.mark.parametrize(
    ("name", "value", "said"),
    [
        ("FENQI_STORE_TZ", "Mars/Base", "error: FENQI_STORE_TZ='Mars/Base' is not a time zone"),
        ("FENQI_CAMERA", "front", "error: FENQI_CAMERA='front': give a whole number, at least 0"),
        ("FENQI_DRAFT_DAYS", "0", "error: FENQI_DRAFT_DAYS='0': give a whole number, at least 1"),
    ],
)
def test_a_bad_setting_stops_the_start_with_one_line(demo_sqlite_url, name, value, said):
    done = fenqi("report", "daily", "--db", demo_sqlite_url, **{name: value})
    assert done.returncode == 2
    assert done.stderr.startswith(said) and done.stderr.count("\n") == 1, done.stderr


def test_opening_the_installation_sets_the_store_clock_and_the_fonts(
    demo_sqlite_url, monkeypatch, tmp_path
):
    monkeypatch.setenv("FENQI_STORE_TZ", "America/New_York")
    monkeypatch.setenv("FENQI_PDF_FONT", str(tmp_path / "font.ttf"))
    try:
        services = open_services(demo_sqlite_url)
        services.close()
        assert store_tz() == ZoneInfo("America/New_York")
        late = datetime(2026, 12, 4, 3, 0, tzinfo=UTC)  # 22:00 the day before in New York
        assert business_day(late).isoformat() == "2026-12-03"
        assert fonts.cjk_font_path() == tmp_path / "font.ttf"
    finally:
        use_store_tz(ZoneInfo("Asia/Shanghai"))
        fonts.use_fonts(None, None)
    assert business_day(datetime(2026, 12, 4, 3, 0, tzinfo=UTC)).isoformat() == "2026-12-04"


def test_the_ocr_settings_are_read_with_the_rest(monkeypatch, tmp_path):
    monkeypatch.setenv("FENQI_OCR_ENGINES", " Tesseract , rapidocr")
    monkeypatch.setenv("FENQI_TESSDATA", str(tmp_path))
    settings = Settings.read()
    assert settings.ocr_engines == ("tesseract", "rapidocr")
    assert settings.tessdata == tmp_path
