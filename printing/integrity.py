"""Making a printed contract provably unaltered: the store's PAdES signature (pyHanko) over a
PDF that carries its canonical contract data as an attachment, and checking it again.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
import zlib
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils import embed
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

from app.contract import seal
from app.files import private_folder, write_private

ATTACHMENT = "contract.json"
# pyHanko logs each failed check with a traceback; the result already says what failed.
logging.getLogger("pyhanko").addHandler(logging.NullHandler())
logging.getLogger("pyhanko").propagate = False


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


def _split_pems(pems: bytes) -> list[bytes]:
    """Each certificate in a PEM bundle."""
    end = b"-----END CERTIFICATE-----"
    return [part + end for part in pems.split(end) if b"-----BEGIN" in part]


def _asn1_cert(pem: bytes) -> asn1_x509.Certificate:
    der = x509.load_pem_x509_certificate(pem).public_bytes(serialization.Encoding.DER)
    return asn1_x509.Certificate.load(der)


def sign_pdf(pdf: bytes, *, canonical_json: bytes, identity: SigningIdentity) -> bytes:
    """Attach the canonical contract data and sign the whole file (PAdES, invisible field)."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    data = embed.EmbeddedFileObject.from_file_data(
        writer, data=canonical_json, mime_type="application/json"
    )
    embed.embed_file(
        writer,
        embed.FileSpec(ATTACHMENT, embedded_data=data, description="合同规范化数据（签名覆盖）"),
    )
    key = serialization.load_pem_private_key(identity.key_pem, password=None)
    der_key = key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    cert = _asn1_cert(identity.cert_pem)
    chain = [_asn1_cert(pem) for pem in _split_pems(identity.chain_pem)]
    signer = signers.SimpleSigner(
        signing_cert=cert,
        signing_key=asn1_keys.PrivateKeyInfo.load(der_key),
        cert_registry=SimpleCertificateStore.from_certs([cert, *chain]),
    )
    meta = signers.PdfSignatureMetadata(
        field_name="StoreSignature",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason="分期付款合同电子签章",
    )
    out = signers.sign_pdf(
        writer, meta, signer=signer, new_field_spec=fields.SigFieldSpec("StoreSignature")
    )
    return out.getvalue()


@dataclass(frozen=True)
class Verification:
    """What `fenqi verify` reports."""

    status: str  # "valid", "altered" or "unsigned"
    number: str | None
    sha256: str | None
    detail: str


def verify_pdf(pdf: bytes, *, trusted_roots: list[bytes]) -> Verification:
    """Check a contract PDF: the signature covers the whole file and is intact, the signer's
    certificate chains to one of `trusted_roots` (PEM), and the attached contract data
    seals to the hash printed in it. `valid` needs all three; intact but not chained to a
    trusted root is `untrusted`.

    Raises:
        ValueError: not a PDF at all.
    """
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        signatures = reader.embedded_signatures
    except Exception as exc:  # pyHanko raises several kinds for a mangled file
        if not pdf.startswith(b"%PDF"):
            raise ValueError("not a PDF file") from None
        return Verification("altered", None, None, f"the PDF structure is damaged ({exc})")
    number, digest = _attached_data(reader)
    if not signatures:
        return Verification("unsigned", number, digest, "the PDF carries no signature")
    roots = [_asn1_cert(pem) for bundle in trusted_roots for pem in _split_pems(bundle)]
    try:
        status = validate_pdf_signature(signatures[0], ValidationContext(trust_roots=roots))
    except Exception as exc:
        return Verification("altered", number, digest, f"the signature cannot be checked ({exc})")
    if not status.intact or not status.valid:
        return Verification("altered", number, digest, "the signed bytes were changed")
    if status.coverage is not SignatureCoverageLevel.ENTIRE_FILE:
        return Verification("altered", number, digest, "content was added after signing")
    if digest is None or reader.trailer_view["/Info"].get("/Keywords") != digest:
        return Verification("altered", number, digest, "the contract data does not match its hash")
    if not roots:
        return Verification(
            "untrusted", number, digest, "no trusted root on this machine: give the chain's --trust"
        )
    if not status.trusted:
        signer = signatures[0].signer_cert.subject.human_friendly
        return Verification(
            "untrusted", number, digest, f"signed by {signer}, which no trusted root issued"
        )
    return Verification(
        "valid", number, digest, "signature intact over the whole file, by a trusted store"
    )


def _attached_data(reader: PdfFileReader) -> tuple[str | None, str | None]:
    """The contract number and the hash that seals the attached canonical data, if any."""
    try:
        names = reader.root["/Names"]["/EmbeddedFiles"]["/Names"]
        for i in range(0, len(names), 2):
            if names[i] == ATTACHMENT:
                doc = json.loads(names[i + 1]["/EF"]["/F"].data)
                return doc["number"], seal(doc)
    except (KeyError, TypeError, ValueError, zlib.error, PdfError):
        pass  # no attachment, or one whose bytes were changed: the caller says "altered"
    return None, None
