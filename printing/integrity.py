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
    """The store's signing key and self-signed certificate (PEM)."""

    key_pem: bytes
    cert_pem: bytes


def create_identity(store_name: str, *, years: int = 10) -> SigningIdentity:
    """A new P-256 key and a self-signed certificate naming the store."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, store_name),
            x509.NameAttribute(NameOID.COMMON_NAME, f"{store_name} 电子合同签章"),
        ]
    )
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365 * years))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return SigningIdentity(key_pem, cert.public_bytes(serialization.Encoding.PEM))


def load_or_create_identity(folder: Path, store_name: str) -> SigningIdentity:
    """The store identity kept in `folder` (owner-only key file), created on first use."""
    key_path, cert_path = folder / "store-signing-key.pem", folder / "store-signing-cert.pem"
    if key_path.exists() and cert_path.exists():
        return SigningIdentity(key_path.read_bytes(), cert_path.read_bytes())
    identity = create_identity(store_name)
    private_folder(folder)
    write_private(key_path, identity.key_pem)
    write_private(cert_path, identity.cert_pem)
    return identity


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
    signer = signers.SimpleSigner(
        signing_cert=cert,
        signing_key=asn1_keys.PrivateKeyInfo.load(der_key),
        cert_registry=SimpleCertificateStore.from_certs([cert]),
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


def verify_pdf(pdf: bytes, *, trusted_cert_pem: bytes | None = None) -> Verification:
    """Check a contract PDF: the signature covers the whole file and is intact, and the
    attached contract data hashes to the value printed in it.

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
    roots = [_asn1_cert(trusted_cert_pem)] if trusted_cert_pem else [signatures[0].signer_cert]
    try:
        status = validate_pdf_signature(signatures[0], ValidationContext(trust_roots=roots))
    except Exception as exc:
        return Verification("altered", number, digest, f"the signature cannot be checked ({exc})")
    if not status.intact or not status.valid:
        return Verification("altered", number, digest, "the signed bytes were changed")
    if status.coverage is not SignatureCoverageLevel.ENTIRE_FILE:
        return Verification("altered", number, digest, "content was added after signing")
    if trusted_cert_pem and not status.trusted:
        return Verification(
            "altered", number, digest, "signed by a certificate other than the store's"
        )
    if digest is None or reader.trailer_view["/Info"].get("/Keywords") != digest:
        return Verification("altered", number, digest, "the contract data does not match its hash")
    if trusted_cert_pem is None:
        return Verification(
            "valid",
            number,
            digest,
            "signature intact over the whole file; signer not checked: "
            "no store certificate on this machine",
        )
    return Verification("valid", number, digest, "signature intact over the whole file")


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
