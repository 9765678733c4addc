"""The terminal's settings (platformdirs for the defaults, FENQI_* to override), read once
into `Settings` by whoever opens the installation; and where the central server finds its
own."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from platformdirs import user_config_dir, user_data_dir

from app.domain.errors import UserError

APP_NAME = "fenqi"


def default_db_url() -> str:
    """A SQLite file in the user data dir (e.g. ~/.local/share/fenqi, %LOCALAPPDATA%\\fenqi)."""
    return f"sqlite:///{Path(user_data_dir(APP_NAME, appauthor=False)) / 'fenqi.sqlite3'}"


def resolve_db_url(cli_value: str | None) -> str:
    """`--db` beats FENQI_DB_URL beats the default file.

    Raises:
        UserError: `--db` given empty.
    """
    if cli_value is not None and not cli_value.strip():
        raise UserError("--db is empty: give a database URL such as sqlite:///PATH")
    return cli_value or os.environ.get("FENQI_DB_URL") or default_db_url()


def key_file_path() -> Path:
    """The master key file: FENQI_KEY_FILE, else fenqi.key in the user config dir.

    It is deliberately not beside the database, so a copied database file alone reveals
    no customer.
    """
    override = os.environ.get("FENQI_KEY_FILE")
    if override:
        return Path(override)
    return Path(user_config_dir(APP_NAME, appauthor=False)) / "fenqi.key"


TESSDATA_DIRS = (
    Path("/usr/share/tesseract-ocr/5/tessdata"),  # Debian/Ubuntu tesseract-ocr 5
    Path("/usr/share/tesseract-ocr/4.00/tessdata"),
    Path("/usr/share/tessdata"),  # Fedora, Arch
    Path("/usr/local/share/tessdata"),  # built from source, Homebrew
    Path(r"C:\Program Files\Tesseract-OCR\tessdata"),  # the UB Mannheim installer
)


def find_tessdata() -> Path | None:
    """The usual install location of Tesseract's trained models (the one holding
    chi_sim.traineddata); None when there is none."""
    return next((d for d in TESSDATA_DIRS if (d / "chi_sim.traineddata").is_file()), None)


DEFAULT_STORE_TZ = "Asia/Shanghai"


@dataclass(frozen=True)
class Settings:
    """Everything a terminal is configured with, read once and carried by its Services."""

    db_url: str  # --db, FENQI_DB_URL, else a SQLite file in the user data dir
    key_file: Path  # FENQI_KEY_FILE, else fenqi.key in the user config dir
    documents: Path  # where printed contracts and receipts are kept (FENQI_DOCUMENTS)
    receipt_printer: str | None  # the thermal printer receipts go to unasked
    camera: int  # which camera scans ID cards (FENQI_CAMERA, 0: the first)
    draft_days: int  # how long an unfinished sale is kept (FENQI_DRAFT_DAYS, 7)
    sync_seconds: int  # between sync rounds while the server answers (FENQI_SYNC_SECONDS, 60)
    idle_minutes: int  # without input before the window locks (FENQI_IDLE_MINUTES, 10)
    store_tz: ZoneInfo  # the store's business clock (FENQI_STORE_TZ, Asia/Shanghai)
    ocr_engines: tuple[str, ...]  # FENQI_OCR_ENGINES, e.g. tesseract,rapidocr (empty: all)
    tessdata: Path | None  # Tesseract's models: FENQI_TESSDATA, TESSDATA_PREFIX, else found
    pdf_font: Path | None  # the PDFs' Chinese TrueType font (FENQI_PDF_FONT, else found)
    pdf_fallback_font: Path | None  # for characters it lacks (FENQI_PDF_FALLBACK_FONT)

    @classmethod
    def read(cls, db_url: str | None = None) -> Settings:
        """The settings from `--db` and the environment, else the defaults.

        Raises:
            UserError: `--db` given empty, a setting that is not a whole number where one
                is wanted, or a time zone that is none (named, with what it holds).
        """
        documents = os.environ.get("FENQI_DOCUMENTS")
        tessdata = os.environ.get("FENQI_TESSDATA") or os.environ.get("TESSDATA_PREFIX")
        engines = os.environ.get("FENQI_OCR_ENGINES", "")
        return cls(
            db_url=resolve_db_url(db_url),
            key_file=key_file_path(),
            documents=Path(documents)
            if documents
            else Path(user_data_dir(APP_NAME, appauthor=False)) / "documents",
            receipt_printer=os.environ.get("FENQI_RECEIPT_PRINTER") or None,
            camera=_whole("FENQI_CAMERA", 0, least=0),
            draft_days=_whole("FENQI_DRAFT_DAYS", 7),
            sync_seconds=_whole("FENQI_SYNC_SECONDS", 60),
            idle_minutes=_whole("FENQI_IDLE_MINUTES", 10),
            store_tz=_zone("FENQI_STORE_TZ"),
            ocr_engines=tuple(n.strip().lower() for n in engines.split(",") if n.strip()),
            tessdata=Path(tessdata) if tessdata else find_tessdata(),
            pdf_font=_path("FENQI_PDF_FONT"),
            pdf_fallback_font=_path("FENQI_PDF_FALLBACK_FONT"),
        )


def _path(name: str) -> Path | None:
    value = os.environ.get(name)
    return Path(value) if value else None


def _zone(name: str) -> ZoneInfo:
    text = os.environ.get(name) or DEFAULT_STORE_TZ
    try:
        return ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        raise UserError(
            "{name}={text!r} is not a time zone (e.g. Asia/Shanghai)", name=name, text=text
        ) from None


def _whole(name: str, default: int, *, least: int = 1) -> int:
    text = os.environ.get(name, str(default)).strip()
    if not text.isdigit() or int(text) < least:
        raise UserError(
            "{name}={text!r}: give a whole number, at least {least}",
            name=name,
            text=text,
            least=least,
        )
    return int(text)


def server_db_url(cli_value: str | None) -> str:
    """The central server's database: `--db`, else FENQI_SERVER_DB, else a SQLite file in
    the user data dir (a one-store trial; a chain runs PostgreSQL)."""
    if cli_value is not None and not cli_value.strip():
        raise UserError("--db is empty: give a database URL such as sqlite:///PATH")
    folder = Path(user_data_dir(APP_NAME, appauthor=False))
    default = f"sqlite:///{folder / 'fenqi-server.sqlite3'}"
    return cli_value or os.environ.get("FENQI_SERVER_DB") or default


def server_key_file(cli_value: Path | None) -> Path:
    """The chain's key file (root signing key, ID-lookup key): `--key-file`, else
    FENQI_SERVER_KEY_FILE, else in the user config dir, never beside the database."""
    override = cli_value or os.environ.get("FENQI_SERVER_KEY_FILE")
    if override:
        return Path(override)
    return Path(user_config_dir(APP_NAME, appauthor=False)) / "fenqi-chain-keys.json"
