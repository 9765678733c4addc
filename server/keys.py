"""The chain's two secrets, kept out of the server's database: the root that issues the
stores' contract-signing certificates, and the ID-lookup key every terminal hashes ID
numbers with. Both live in one owner-only key file, sealed (AES-256-GCM) with a key derived
(scrypt) from a passphrase given when the server starts; a dump or backup of the database
alone holds neither, so it can forge no contract and turn no ID hash back into a number."""

from __future__ import annotations

import base64
import getpass
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.domain.errors import EnvironmentProblem, UserError
from server.models import ChainSetting
from storage.certificates import SigningIdentity, create_root
from storage.private_files import create_private, private_folder

FORMAT = "fenqi-chain-keys-1"
CHAIN_NAME = "分期通连锁"
PASSPHRASE_ENV = "FENQI_SERVER_PASSPHRASE"
MIN_PASSPHRASE = 12
_SCRYPT_N = 2**15
# where servers before the key file kept the keys, in the database's chain_settings
_IN_DATABASE = ("root_key_pem", "root_cert_pem", "lookup_key")


@dataclass(frozen=True)
class ChainKeys:
    """The chain's root signing identity and its ID-lookup key, loaded once at start."""

    root: SigningIdentity
    lookup_key: bytes


def _kek(passphrase: str, salt: bytes) -> bytes:
    return Scrypt(salt=salt, length=32, n=_SCRYPT_N, r=8, p=1).derive(passphrase.encode())


def new_keys(*, root: SigningIdentity | None = None, lookup_key: bytes | None = None) -> ChainKeys:
    """A new root (unless one is given) and a new lookup key (unless one is given)."""
    return ChainKeys(root or create_root(CHAIN_NAME), lookup_key or os.urandom(32))


def save_keys(path: Path, keys: ChainKeys, passphrase: str) -> None:
    """Write a new key file (owner-only); refuses to overwrite one.

    Raises:
        UserError: the passphrase is shorter than 12 characters.
        EnvironmentProblem: the file exists already or cannot be written.
    """
    if len(passphrase) < MIN_PASSPHRASE:
        raise UserError("the key file's passphrase has at least 12 characters")
    secret = {
        "root_key_pem": keys.root.key_pem.decode(),
        "root_cert_pem": keys.root.cert_pem.decode(),
        "lookup_key": base64.b64encode(keys.lookup_key).decode(),
    }
    salt, nonce = os.urandom(16), os.urandom(12)
    plain = json.dumps(secret).encode()
    sealed = AESGCM(_kek(passphrase, salt)).encrypt(nonce, plain, FORMAT.encode())
    document = {
        "format": FORMAT,
        "kdf": {"name": "scrypt", "n": _SCRYPT_N, "r": 8, "p": 1},
        "salt": base64.b64encode(salt).decode(),
        "nonce": base64.b64encode(nonce).decode(),
        "sealed": base64.b64encode(sealed).decode(),
    }
    private_folder(path.parent)
    try:
        create_private(path, (json.dumps(document, indent=1) + "\n").encode())
    except FileExistsError:
        raise EnvironmentProblem("the key file {path} exists already", path=path) from None


def load_keys(path: Path, passphrase: str) -> ChainKeys:
    """The chain's keys from the key file.

    Raises:
        EnvironmentProblem: no key file there, or it is damaged.
        UserError: the passphrase is wrong.
    """
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise EnvironmentProblem(
            "no chain key file at {path}: run `fenqi server init` first (or give --key-file)",
            path=path,
        ) from None
    except (OSError, ValueError):
        raise EnvironmentProblem("the chain key file {path} is damaged", path=path) from None
    try:
        if document["format"] != FORMAT:
            raise KeyError("format")
        salt, nonce, sealed = (base64.b64decode(document[k]) for k in ("salt", "nonce", "sealed"))
        plain = AESGCM(_kek(passphrase, salt)).decrypt(nonce, sealed, FORMAT.encode())
    except InvalidTag:
        raise UserError("wrong passphrase for the chain key file {path}", path=path) from None
    except (KeyError, TypeError, ValueError):
        raise EnvironmentProblem("the chain key file {path} is damaged", path=path) from None
    secret = json.loads(plain)
    root = SigningIdentity(secret["root_key_pem"].encode(), secret["root_cert_pem"].encode())
    return ChainKeys(root, base64.b64decode(secret["lookup_key"]))


def passphrase(*, confirm: bool = False) -> str:
    """The key file's passphrase: FENQI_SERVER_PASSPHRASE, else asked on the terminal.

    Raises:
        UserError: neither is available, or the two entries differ.
    """
    given = os.environ.get(PASSPHRASE_ENV)
    if given:
        return given
    if not sys.stdin.isatty():
        raise UserError(
            "the chain key file needs its passphrase: set FENQI_SERVER_PASSPHRASE or run "
            "this on a terminal"
        )
    entered = getpass.getpass("chain key file passphrase: ")
    if confirm and getpass.getpass("again: ") != entered:
        raise UserError("the two passphrases differ")
    return entered


def keys_in_database(session: Session) -> ChainKeys | None:
    """The keys an older server kept in its database (`chain_settings`), if it still
    holds them: `fenqi server init` moves them into the key file."""
    held = {
        s.key: s.value
        for s in session.scalars(select(ChainSetting).where(ChainSetting.key.in_(_IN_DATABASE)))
    }
    if not held:
        return None
    if len(held) != len(_IN_DATABASE):
        raise EnvironmentProblem("the server database holds part of the chain's keys only")
    root = SigningIdentity(held["root_key_pem"].encode(), held["root_cert_pem"].encode())
    return ChainKeys(root, base64.b64decode(held["lookup_key"]))


def forget_keys_in_database(session: Session) -> None:
    """Delete the keys an older server kept in its database (once they are in the file)."""
    session.execute(delete(ChainSetting).where(ChainSetting.key.in_(_IN_DATABASE)))
