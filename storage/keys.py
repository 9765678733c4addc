"""The one home for this installation's keys, all in owner-only files beside the key file:
the master key (field encryption and ID lookups), the store's contract-signing identity
issued by the chain's root, and the chain roots a contract's signer may chain to."""

from __future__ import annotations

import base64
import datetime as dt
import secrets
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from app.domain.errors import EnvironmentProblem, UserError
from storage.files import create_private, private_folder, write_private


def load_or_create_key(path: Path) -> bytes:
    """Read the master key file, creating it (owner-only permissions) on first use.

    Raises:
        EnvironmentProblem: the file exists but does not hold a key.
    """
    if not path.exists():
        key = secrets.token_bytes(32)
        private_folder(path.parent)
        create_private(path, (base64.b64encode(key).decode() + "\n").encode("ascii"))
        return key
    try:
        key = base64.b64decode(path.read_text(encoding="ascii").strip(), validate=True)
    except (ValueError, UnicodeDecodeError):
        key = b""
    if len(key) != 32:
        raise EnvironmentProblem(
            "key file {path} is damaged: it does not hold a 32-byte key", path=path
        )
    return key


@dataclass(frozen=True)
class SigningIdentity:
    """A signing key and its certificate (PEM); `chain_pem` holds the issuers' certificates
    (the chain's root for a store), embedded in each signature so a verifier can build the
    path to a root it trusts."""

    key_pem: bytes
    cert_pem: bytes
    chain_pem: bytes = b""


def _name(organisation: str, common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _usage(*, sign_certs: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=True,
        content_commitment=not sign_certs,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=sign_certs,
        crl_sign=sign_certs,
        encipher_only=False,
        decipher_only=False,
    )


def _pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def create_root(chain_name: str, *, years: int = 20) -> SigningIdentity:
    """The chain's root: a self-signed CA that issues each store's signing certificate. Its
    key stays with the chain's central server; its certificate ships with the program."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = _name(chain_name, f"{chain_name} 电子合同根证书")
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365 * years))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_usage(sign_certs=True), critical=True)
        .sign(key, hashes.SHA256())
    )
    return SigningIdentity(_pem(key), cert.public_bytes(serialization.Encoding.PEM))


def issue_store_identity(
    root: SigningIdentity, store_name: str, *, years: int = 5
) -> SigningIdentity:
    """A new key for the store and its certificate, issued by the chain's root."""
    root_key = serialization.load_pem_private_key(root.key_pem, password=None)
    root_cert = x509.load_pem_x509_certificate(root.cert_pem)
    if not isinstance(root_key, ec.EllipticCurvePrivateKey):
        raise ValueError("the chain's root key is not an EC key")
    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(store_name, f"{store_name} 电子合同签章"))
        .issuer_name(root_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365 * years))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_usage(sign_certs=False), critical=True)
        .sign(root_key, hashes.SHA256())
    )
    return SigningIdentity(_pem(key), cert.public_bytes(serialization.Encoding.PEM), root.cert_pem)


ROOT_KEY, ROOT_CERT = "chain-root-key.pem", "chain-root-cert.pem"
STORE_KEY, STORE_CERT = "store-signing-key.pem", "store-signing-cert.pem"


def load_or_create_identity(folder: Path, store_name: str) -> SigningIdentity:
    """The store's signing identity kept in `folder` (owner-only files). On first use a demo
    chain is made there: a root (as the central server keeps it) and the store's certificate
    issued by it. A store certificate from before the chain (self-signed) is replaced."""
    if not (folder / ROOT_CERT).exists():
        root = create_root("分期通演示连锁")
        private_folder(folder)
        write_private(folder / ROOT_KEY, root.key_pem)
        write_private(folder / ROOT_CERT, root.cert_pem)
    root_cert = (folder / ROOT_CERT).read_bytes()
    if (folder / STORE_KEY).exists() and (folder / STORE_CERT).exists():
        cert = (folder / STORE_CERT).read_bytes()
        if _issued_by(cert, root_cert):
            return SigningIdentity((folder / STORE_KEY).read_bytes(), cert, root_cert)
    root = SigningIdentity((folder / ROOT_KEY).read_bytes(), root_cert)
    identity = issue_store_identity(root, store_name)
    write_private(folder / STORE_KEY, identity.key_pem)
    write_private(folder / STORE_CERT, identity.cert_pem)
    return identity


def _issued_by(cert_pem: bytes, root_pem: bytes) -> bool:
    cert = x509.load_pem_x509_certificate(cert_pem)
    root = x509.load_pem_x509_certificate(root_pem)
    return cert.issuer == root.subject and cert.subject != root.subject


def trusted_roots(key_folder: Path, extra: list[Path] | None = None) -> list[bytes]:
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
    local = key_folder / ROOT_CERT
    if local.exists():
        roots.append(local.read_bytes())
    for path in extra or []:
        try:
            pem = path.read_bytes()
        except OSError as exc:
            raise UserError(
                "--trust {path}: {exc_strerror}", path=path, exc_strerror=exc.strerror
            ) from None
        if b"-----BEGIN CERTIFICATE-----" not in pem:
            raise UserError("--trust {path}: not a PEM certificate", path=path)
        roots.append(pem)
    return roots
