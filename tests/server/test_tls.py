"""TLS by default: a real `fenqi server` over HTTPS on 127.0.0.1 with a certificate from the
chain's own CA; terminals trust that CA only when told (`fenqi enrol --ca FILE`), and nothing
travels in plain http:// beyond this machine."""

from __future__ import annotations

import datetime as dt
import ipaddress
import subprocess
import sys

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from app.domain.errors import UserError
from app.services.bootstrap import open_services
from app.services.sync import ServerClient, enrol, sync_once
from tests.factories.sales import sell
from tests.server.conftest import ROOT, ServerProcess, enrolment_code

pytestmark = pytest.mark.postgres


def _name(text: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, text)])


def chain_ca_and_server_cert(folder):
    """A CA of the chain's own, and a certificate it issued for the server at 127.0.0.1."""
    now = dt.datetime.now(dt.UTC)
    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca = (
        x509.CertificateBuilder().subject_name(_name("分期通 CA")).issuer_name(_name("分期通 CA"))
        .public_key(ca_key.public_key()).serial_number(1).not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .sign(ca_key, hashes.SHA256())
    )  # fmt: skip
    cert = (
        x509.CertificateBuilder().subject_name(_name("127.0.0.1")).issuer_name(ca.subject)
        .public_key(key.public_key()).serial_number(2).not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                       critical=False)
        .sign(ca_key, hashes.SHA256())
    )  # fmt: skip
    paths = folder / "server.key", folder / "server.crt", folder / "chain-ca.pem"
    paths[0].write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    paths[1].write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    paths[2].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    return paths


def test_a_terminal_enrols_and_syncs_over_https_trusting_the_chains_own_ca(
    server_db, tmp_path, servers
):
    tls = chain_ca_and_server_cert(tmp_path)
    server = ServerProcess(server_db, tmp_path / "server.log", tls=tls)
    servers.append(server.start())
    t1 = open_services(f"sqlite:///{tmp_path / 't1.sqlite3'}", create=True)
    try:
        code = enrolment_code(server_db)
        with pytest.raises(UserError, match="a certificate this terminal does not trust"):
            enrol(t1, server.url, code)  # a self-made CA is not trusted by default
        report = enrol(t1, server.url, code, ca=tls[2])  # the code was not used up
        assert report.refused == [] and report.pulled > 0
        sell(t1, 1)
        assert sync_once(t1).pushed == 5
    finally:
        t1.close()


def test_a_chain_that_changes_its_ca_is_trusted_by_the_new_ca_file_only(
    server_db, tmp_path, servers
):
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir(), second.mkdir()
    old = chain_ca_and_server_cert(first)
    servers.append(ServerProcess(server_db, tmp_path / "old.log", tls=old).start())
    t1 = open_services(f"sqlite:///{tmp_path / 't1.sqlite3'}", create=True)
    try:
        enrol(t1, servers[0].url, enrolment_code(server_db), ca=old[2])
        servers[0].kill()
        new = chain_ca_and_server_cert(second)
        servers.append(ServerProcess(server_db, tmp_path / "new.log", tls=new).start())
        with pytest.raises(UserError, match="a certificate this terminal does not trust"):
            sync_once(t1, servers[1].url)  # the terminal still trusts the old CA only
        report = enrol(t1, servers[1].url, enrolment_code(server_db), ca=new[2])
        assert report.refused == [] and report.pulled > 0  # the new CA file is read again
    finally:
        t1.close()


def test_nothing_travels_in_plain_http_beyond_this_machine(server_db, tmp_path):
    with pytest.raises(UserError, match="plain http: the chain's server is reached over https"):
        ServerClient("http://fenqi.example.com:8765")
    ServerClient("http://127.0.0.1:8765").close()  # a server on this machine may be http
    served = subprocess.run(
        [sys.executable, "-m", "app.cli", "server", "--db", server_db, "--host", "0.0.0.0"],
        capture_output=True, text=True, cwd=ROOT, timeout=60, check=False,
    )  # fmt: skip
    assert served.returncode == 2
    assert served.stderr.startswith("error: --host 0.0.0.0 without TLS would send credentials")
