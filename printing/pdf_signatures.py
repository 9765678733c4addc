"""Making a printed contract provably unaltered: the store's PAdES signature (pyHanko) over a
PDF that carries its canonical contract data as an attachment, and checking it again.
"""

from __future__ import annotations

import io
import json
import logging
import zlib
from dataclasses import dataclass
from typing import Protocol

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils import embed
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

from app.domain.contract import seal

ATTACHMENT = "contract.json"
# pyHanko logs each failed check with a traceback; the result already says what failed.
logging.getLogger("pyhanko").addHandler(logging.NullHandler())
logging.getLogger("pyhanko").propagate = False


class Signer(Protocol):
    """What signing needs: a key and its certificate (PEM), and the issuers' certificates
    (`storage.certificates.SigningIdentity` is one)."""

    @property
    def key_pem(self) -> bytes: ...
    @property
    def cert_pem(self) -> bytes: ...
    @property
    def chain_pem(self) -> bytes: ...


def _split_pems(pems: bytes) -> list[bytes]:
    """Each certificate in a PEM bundle."""
    end = b"-----END CERTIFICATE-----"
    return [part + end for part in pems.split(end) if b"-----BEGIN" in part]


def _asn1_cert(pem: bytes) -> asn1_x509.Certificate:
    der = x509.load_pem_x509_certificate(pem).public_bytes(serialization.Encoding.DER)
    return asn1_x509.Certificate.load(der)


def sign_pdf(
    pdf: bytes, *, canonical_json: bytes, identity: Signer, reason: str = "分期付款合同电子签章"
) -> bytes:
    """Attach the canonical data (a contract's or a receipt's) and sign the whole file
    (PAdES, invisible field)."""
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
        reason=reason,
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
