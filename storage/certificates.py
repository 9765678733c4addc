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
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from app.domain.errors import EnvironmentProblem, UserError
from storage.private_files import create_private, private_folder, write_private


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
    key = ec.generate_private_key(ec.SECP256R1())
    cert = issue_certificate(root, key.public_key(), store_name, years=years)
    return SigningIdentity(_pem(key), cert, root.cert_pem)


def issue_certificate(
    root: SigningIdentity, public_key: ec.EllipticCurvePublicKey, store_name: str, *, years: int = 5
) -> bytes:
    """A store's contract-signing certificate (PEM) for `public_key`, issued by the root."""
    root_key = serialization.load_pem_private_key(root.key_pem, password=None)
    root_cert = x509.load_pem_x509_certificate(root.cert_pem)
    if not isinstance(root_key, ec.EllipticCurvePrivateKey):
        raise ValueError("the chain's root key is not an EC key")
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(store_name, f"{store_name} 电子合同签章"))
        .issuer_name(root_cert.subject)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365 * years))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_usage(sign_certs=False), critical=True)
        .sign(root_key, hashes.SHA256())
    )
    return cert.public_bytes(serialization.Encoding.PEM)


def issue_from_request(root: SigningIdentity, request_pem: bytes, store_name: str) -> bytes:
    """The certificate for a terminal's signing request: its public key, the chain's own
    name for the store (what the request says about itself is not taken).

    Raises:
        UserError: not a valid, self-signed EC P-256 request.
    """
    try:
        request = x509.load_pem_x509_csr(request_pem)
    except ValueError:
        raise UserError("the signing request is not a PEM certificate request") from None
    public_key = request.public_key()
    if not request.is_signature_valid or not isinstance(public_key, ec.EllipticCurvePublicKey):
        raise UserError("the signing request is not signed by an EC key of its own")
    return issue_certificate(root, public_key, store_name)


PENDING_KEY = "store-signing-key.pending.pem"


def signing_request(folder: Path, store_code: str) -> bytes:
    """A new signing key for this terminal (kept in `folder`, never sent) and the request
    (PEM) the chain's server answers with a certificate."""
    key = ec.generate_private_key(ec.SECP256R1())
    private_folder(folder)
    write_private(folder / PENDING_KEY, _pem(key))
    request = (
        x509.CertificateSigningRequestBuilder()
        .subject_name(_name(store_code, f"{store_code} 电子合同签章"))
        .sign(key, hashes.SHA256())
    )
    return request.public_bytes(serialization.Encoding.PEM)


def install_certificate(folder: Path, cert_pem: bytes, root_pem: bytes) -> SigningIdentity:
    """Make the certificate the chain issued for the pending key this store's signing
    identity, and the chain's root the one trusted here (a demo root and its key go).

    Raises:
        EnvironmentProblem: the certificate is not for the pending key, or not the root's.
    """
    key_pem = (folder / PENDING_KEY).read_bytes()
    key = serialization.load_pem_private_key(key_pem, password=None)
    cert = x509.load_pem_x509_certificate(cert_pem)
    same_key = cert.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    ) == key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    if not same_key or not _issued_by(cert_pem, root_pem):
        raise EnvironmentProblem("the server's certificate is not for this terminal's key")
    write_private(folder / STORE_KEY, key_pem)
    write_private(folder / STORE_CERT, cert_pem)
    write_private(folder / ROOT_CERT, root_pem)
    (folder / PENDING_KEY).unlink()
    (folder / ROOT_KEY).unlink(missing_ok=True)  # only the chain's server may issue
    return SigningIdentity(key_pem, cert_pem, root_pem)


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
    """Whether the root signed the certificate (and it is not the root itself)."""
    cert = x509.load_pem_x509_certificate(cert_pem)
    root = x509.load_pem_x509_certificate(root_pem)
    try:
        cert.verify_directly_issued_by(root)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return cert.subject != root.subject


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
