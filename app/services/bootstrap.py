"""The composition root: applies the settings and builds the engine, sessions, cipher and
card reader every front end uses."""

from __future__ import annotations

import base64
import threading
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from app.config import Settings
from app.domain.clock import use_store_tz
from app.domain.errors import EnvironmentProblem, UserError
from app.services.signing import fill_signed_terms
from storage.certificates import load_or_create_key
from storage.crypto import FieldCipher
from storage.db import make_engine, make_sessions, sqlite_path
from storage.migrate import current_revision, upgrade_database
from storage.models import CHAIN_LOOKUP_KEY, Meta
from storage.repositories.customers import Customers
from storage.uow import UnitOfWork, unit_of_work

if TYPE_CHECKING:
    from app.idcard.reader import CardReader


@dataclass
class Services:
    """What the CLI and the window share: one engine, a session factory, a cipher, and the
    settings the installation was opened with (its key file's folder holds the store's
    signing identity)."""

    engine: Engine
    sessions: sessionmaker[Session]
    cipher: FieldCipher
    settings: Settings
    backup: Path | None = None
    _reader: CardReader | None = field(default=None, init=False, repr=False)
    _reader_lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    def card_reader(self) -> CardReader:
        """The ID-card reader with the engines the settings choose, made when first wanted
        (its models take ~1 s to load) and kept."""
        with self._reader_lock:
            if self._reader is None:
                self._reader = card_reader(self.settings)
            return self._reader

    def meta(self, key: str) -> str | None:
        """An installation fact from the meta table."""
        with self.sessions() as session:
            row = session.get(Meta, key)
            return None if row is None else row.value

    def unit_of_work(self) -> AbstractContextManager[UnitOfWork]:
        """One transaction with its repositories: commits when the block ends, rolls back
        on an exception."""
        return unit_of_work(self.sessions, self.cipher)

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()


def apply_settings(settings: Settings) -> None:
    """Set what is one per process from the settings: the store's business clock and the
    PDFs' fonts."""
    from printing.fonts import use_fonts  # reportlab itself loads with the first PDF

    use_store_tz(settings.store_tz)
    use_fonts(settings.pdf_font, settings.pdf_fallback_font)


def card_reader(settings: Settings, engines: tuple[str, ...] = ()) -> CardReader:
    """An ID-card reader: `engines` (else the settings' choice, else every installed one),
    Tesseract's models where the settings find them.

    Raises:
        UserError: an unknown engine. EnvironmentProblem: a chosen one is not installed.
    """
    from app.idcard.engines import load_engines
    from app.idcard.reader import CardReader

    return CardReader(load_engines(engines or settings.ocr_engines, settings.tessdata))


def open_services(
    db_url: str | None = None, *, create: bool = False, settings: Settings | None = None
) -> Services:
    """Open (and, when `create`, create) the database, migrated to this program's schema,
    with `settings` (default: read now, `db_url` as --db).

    Raises:
        EnvironmentProblem: no database yet (and not `create`), a database from a newer
            program, or a key file that does not belong to this database.
    """
    settings = settings or Settings.read(db_url)
    apply_settings(settings)
    url, key_file = settings.db_url, settings.key_file
    not_a_url = UserError(
        "--db {url!r} is not a database URL: use sqlite:///PATH or postgresql+psycopg://USER@HOST/DB",
        url=url,
    )
    try:
        path = sqlite_path(url)
    except ArgumentError:
        raise not_a_url from None
    if path is not None and path.is_dir():
        raise UserError("--db {url!r} names a folder, not a database file", url=url)
    if not create and path is not None and not path.exists():
        raise EnvironmentProblem("no database at {path}: run `fenqi init-demo` first", path=path)
    try:
        engine = make_engine(url)
    except ArgumentError:  # NoSuchModuleError (an unknown database kind) is one too
        raise not_a_url from None
    try:
        if not create and current_revision(engine) is None:
            raise EnvironmentProblem(
                "database {engine_url!r} is empty: run `fenqi init-demo`", engine_url=engine.url
            )
        backup = upgrade_database(engine)
        cipher = _check_key(
            make_sessions(engine), key_file, FieldCipher(load_or_create_key(key_file))
        )
        with make_sessions(engine).begin() as session:  # rows older than their columns
            Customers(session, cipher).hash_missing_names()
            fill_signed_terms(UnitOfWork(session, cipher))
    except DBAPIError as exc:
        engine.dispose()
        raise EnvironmentProblem(
            "cannot open the database {engine_url!r}: {exc_orig}",
            engine_url=engine.url,
            exc_orig=_first_line(exc.orig),
        ) from None
    except Exception:
        engine.dispose()
        raise
    return Services(engine, make_sessions(engine), cipher, settings, backup)


def _first_line(error: BaseException | None) -> str:
    return str(error).strip().splitlines()[0] if error and str(error).strip() else "no answer"


def _check_key(sessions: sessionmaker[Session], key_file: Path, cipher: FieldCipher) -> FieldCipher:
    """Check the key file belongs to the database; the cipher to use, with the chain's lookup
    key once the terminal has enrolled (kept in `meta`, sealed with the key file)."""
    with sessions.begin() as session:
        chain_key = session.get(Meta, CHAIN_LOOKUP_KEY)
        row = session.get(Meta, "key_check")
        if row is None:
            session.add(Meta(key="key_check", value=cipher.key_check()))
        elif row.value != cipher.key_check():
            raise EnvironmentProblem(
                "the key file {value} does not belong to this database: restore the key file "
                "that was used with it (set FENQI_KEY_FILE)",
                value=key_file,
            )
        if chain_key is None:
            return cipher
        sealed = base64.b64decode(chain_key.value)
        return cipher.with_lookup_key(cipher.decrypt(sealed, context=f"meta.{CHAIN_LOOKUP_KEY}"))
