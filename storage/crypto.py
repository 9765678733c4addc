"""Encryption of personal data at rest (AES-256-GCM), keyed lookup hashes (HMAC-SHA256) and
staff password hashes (argon2id).

One 32-byte master key lives in a key file outside the database; two independent subkeys
are derived from it with HKDF, one to encrypt and one for lookup HMACs. A terminal enrolled
with the chain's server takes the chain's lookup key instead, so that an ID number hashes to
the same value at every store. Each ciphertext is
bound to its table, column and row id (AES-GCM associated data), so a value copied into
another row or column fails to decrypt.
"""

from __future__ import annotations

import hashlib
import hmac
import os

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from app.domain.errors import EnvironmentProblem

_FORMAT = b"\x01"  # ciphertext layout version: format byte | 12-byte nonce | ciphertext+tag


def _derive(master: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(master)


class FieldCipher:
    """Encrypts personal fields and computes their lookup hashes."""

    def __init__(self, master_key: bytes, lookup_key: bytes | None = None) -> None:
        if len(master_key) != 32:
            raise ValueError("the master key must be 32 bytes")
        self._aead = AESGCM(_derive(master_key, b"fenqi/field-encryption/v1"))
        self._own_mac_key = _derive(master_key, b"fenqi/lookup-hmac/v1")
        self._mac_key = lookup_key or self._own_mac_key

    def encrypt(self, plaintext: bytes, *, context: str) -> bytes:
        """Encrypt bytes bound to `context` (e.g. "customers.name:<row uuid>")."""
        nonce = os.urandom(12)
        return _FORMAT + nonce + self._aead.encrypt(nonce, plaintext, context.encode())

    def decrypt(self, blob: bytes, *, context: str) -> bytes:
        """Decrypt what `encrypt` produced for the same context.

        Raises:
            EnvironmentProblem: wrong key, wrong context, or tampered data.
        """
        if blob[:1] != _FORMAT:
            raise EnvironmentProblem("{context}: unknown ciphertext format", context=context)
        try:
            return self._aead.decrypt(blob[1:13], blob[13:], context.encode())
        except InvalidTag:
            raise EnvironmentProblem(
                "{context}: cannot decrypt (wrong key file, or the data was altered)",
                context=context,
            ) from None

    def lookup_hash(self, value: str) -> str:
        """Keyed hash of a normalised value, for equality lookups without the plaintext."""
        return lookup_hash(self._mac_key, value)

    def with_lookup_key(self, lookup_key: bytes) -> FieldCipher:
        """The same encryption with another lookup key (the chain's)."""
        other = object.__new__(FieldCipher)
        other._aead, other._own_mac_key, other._mac_key = self._aead, self._own_mac_key, lookup_key
        return other

    def key_check(self) -> str:
        """A value stored in the database to recognise the right key file (always from the
        key file's own subkey, whichever lookup key is in use)."""
        check = hmac.new(self._own_mac_key, b"FENQI KEY CHECK", hashlib.sha256)
        return check.hexdigest()


def lookup_hash(key: bytes, value: str) -> str:
    """The keyed hash (HMAC-SHA256) of a value, normalised (trimmed, upper case), under a
    lookup key: the chain's key on every terminal and on the server."""
    return hmac.new(key, value.strip().upper().encode(), hashlib.sha256).hexdigest()


_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    """An argon2id hash to store for a staff member."""
    return _hasher.hash(password)


def demo_passwords() -> set[str]:
    """The passwords the demo store prints for anyone to try (assets/catalog/demo.toml):
    never accepted outside the demo."""
    import tomllib
    from importlib import resources

    text = resources.files("assets").joinpath("catalog/demo.toml").read_text(encoding="utf-8")
    return {str(s["password"]) for s in tomllib.loads(text)["staff"]}


def verify_password(stored_hash: str, password: str) -> bool:
    """Whether `password` matches the stored hash."""
    try:
        return _hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False
