"""The composition root: builds the engine, sessions and cipher every front end uses."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from app.config import key_file_path, resolve_db_url
from app.errors import EnvironmentProblem, UserError
from storage.crypto import FieldCipher, load_or_create_key
from storage.db import make_engine, make_sessions, sqlite_path
from storage.migrate import current_revision, upgrade_database
from storage.models import Meta


@dataclass
class Services:
    """What the CLI, the GUI and the server share: one engine, a session factory, a cipher."""

    engine: Engine
    sessions: sessionmaker[Session]
    cipher: FieldCipher
    db_url: str
    backup: Path | None = None

    def meta(self, key: str) -> str | None:
        """An installation fact from the meta table."""
        with self.sessions() as session:
            row = session.get(Meta, key)
            return None if row is None else row.value

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()


def open_services(db_url: str | None = None, *, create: bool = False) -> Services:
    """Open (and, when `create`, create) the database, migrated to this program's schema.

    Raises:
        EnvironmentProblem: no database yet (and not `create`), a database from a newer
            program, or a key file that does not belong to this database.
    """
    url = resolve_db_url(db_url)
    not_a_url = UserError(
        f"--db {url!r} is not a database URL: use sqlite:///PATH or "
        "postgresql+psycopg://USER@HOST/DB"
    )
    try:
        path = sqlite_path(url)
    except ArgumentError:
        raise not_a_url from None
    if path is not None and path.is_dir():
        raise UserError(f"--db {url!r} names a folder, not a database file")
    if not create and path is not None and not path.exists():
        raise EnvironmentProblem(f"no database at {path}: run `fenqi init-demo` first")
    try:
        engine = make_engine(url)
    except ArgumentError:  # NoSuchModuleError (an unknown database kind) is one too
        raise not_a_url from None
    try:
        if not create and current_revision(engine) is None:
            raise EnvironmentProblem(f"database {engine.url!r} is empty: run `fenqi init-demo`")
        backup = upgrade_database(engine)
        cipher = FieldCipher(load_or_create_key(key_file_path()))
        _check_key(make_sessions(engine), cipher)
    except DBAPIError as exc:
        engine.dispose()
        raise EnvironmentProblem(
            f"cannot open the database {engine.url!r}: {_first_line(exc.orig)}"
        ) from None
    except Exception:
        engine.dispose()
        raise
    return Services(engine, make_sessions(engine), cipher, url, backup)


def _first_line(error: BaseException | None) -> str:
    return str(error).strip().splitlines()[0] if error and str(error).strip() else "no answer"


def trusted_roots(extra: list[Path] | None = None) -> list[bytes]:
    """The chain roots a contract's signer may chain to (PEM): those shipped with the program
    (assets/trust/*.pem), the one this installation received when it joined its chain
    (`init-demo` makes a demo chain), and any given (`fenqi verify --trust FILE`).

    Raises:
        UserError: a given file cannot be read or holds no certificate.
    """
    shipped = resources.files("assets").joinpath("trust")
    roots = (
        [f.read_bytes() for f in shipped.iterdir() if f.name.endswith(".pem")]
        if shipped.is_dir()
        else []
    )
    local = key_file_path().parent / "chain-root-cert.pem"
    if local.exists():
        roots.append(local.read_bytes())
    for path in extra or []:
        try:
            pem = path.read_bytes()
        except OSError as exc:
            raise UserError(f"--trust {path}: {exc.strerror}") from None
        if b"-----BEGIN CERTIFICATE-----" not in pem:
            raise UserError(f"--trust {path}: not a PEM certificate")
        roots.append(pem)
    return roots


def _check_key(sessions: sessionmaker[Session], cipher: FieldCipher) -> None:
    with sessions.begin() as session:
        row = session.get(Meta, "key_check")
        if row is None:
            session.add(Meta(key="key_check", value=cipher.key_check()))
        elif row.value != cipher.key_check():
            raise EnvironmentProblem(
                f"the key file {key_file_path()} does not belong to this database: "
                "restore the key file that was used with it (set FENQI_KEY_FILE)"
            )
