"""Where this installation keeps its database and key (platformdirs, env overrides)."""

from __future__ import annotations

import os
from pathlib import Path

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


def tessdata_dir() -> Path | None:
    """Where Tesseract's trained models are (chi_sim.traineddata must be there):
    FENQI_TESSDATA, else TESSDATA_PREFIX, else the usual install locations. None when no
    such folder is found."""
    for value in (os.environ.get("FENQI_TESSDATA"), os.environ.get("TESSDATA_PREFIX")):
        if value:
            return Path(value)
    return next((d for d in TESSDATA_DIRS if (d / "chi_sim.traineddata").is_file()), None)


def ocr_engine_names() -> tuple[str, ...]:
    """The ID-card OCR engines chosen in FENQI_OCR_ENGINES (e.g. "tesseract,rapidocr");
    empty when unset, meaning every installed engine."""
    return tuple(n for n in os.environ.get("FENQI_OCR_ENGINES", "").split(",") if n.strip())


def draft_max_age_days() -> int:
    """How long an unfinished sale is kept: FENQI_DRAFT_DAYS, default 7."""
    text = os.environ.get("FENQI_DRAFT_DAYS", "7")
    if not text.isdigit() or int(text) < 1:
        raise UserError(
            "FENQI_DRAFT_DAYS={text!r}: give a whole number of days, at least 1", text=text
        )
    return int(text)


def documents_dir() -> Path:
    """Where the window saves printed contracts and receipts: FENQI_DOCUMENTS, else
    "documents" in the user data dir (owner-only: they hold personal data)."""
    configured = os.environ.get("FENQI_DOCUMENTS")
    if configured:
        return Path(configured)
    return Path(user_data_dir(APP_NAME, appauthor=False)) / "documents"


def receipt_printer() -> str | None:
    """The printer receipts go to without asking (the counter's thermal printer, by its
    name as the system lists it): FENQI_RECEIPT_PRINTER; unset, the print dialog asks."""
    return os.environ.get("FENQI_RECEIPT_PRINTER") or None


def camera_index() -> int:
    """Which camera scans ID cards: FENQI_CAMERA, default 0 (the first one).

    Raises:
        UserError: not a whole number.
    """
    text = os.environ.get("FENQI_CAMERA", "0")
    if not text.isdigit():
        raise UserError(
            "FENQI_CAMERA={text!r}: give the camera's number, 0 for the first", text=text
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
