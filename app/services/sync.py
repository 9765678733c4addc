"""The terminal's side of sync: enrol with the chain's server once, then in each round push
the outbox in queue order and pull the chain's reference data by cursor.

An event is marked sent only after the server has acknowledged it (the server commits
before it answers); an answer that never arrives leaves it pending, and sending it again is
harmless because the server knows its id. A refused event is set aside with the server's
reason, so that one bad record never holds up the queue."""

from __future__ import annotations

import base64
import contextlib
import functools
import ssl
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

import httpx
from cryptography import x509
from pydantic import BaseModel, ValidationError

from app.domain.enums import Decision
from app.domain.errors import EnvironmentProblem, UserError
from app.domain.money import ZERO
from app.domain.risk import ChainAnswer
from app.services.applications import apply_central_decision
from app.services.bootstrap import Services
from storage.certificates import install_certificate, signing_request
from storage.crypto import demo_passwords, verify_password
from storage.models import (
    CHAIN_LOOKUP_KEY,
    CLOCK_OFFSET,
    CREDENTIAL,
    LAST_SYNC,
    PULL_CURSOR,
    SERVER_URL,
    OutboxEvent,
)
from storage.private_files import write_private
from storage.types import utcnow
from wire import Entity, Event, PullPage, PushAnswer

CENTRAL_DECISIONS = "central_decisions"  # the chain's reviewers' decisions, pulled
Answered = TypeVar("Answered", bound=BaseModel)
PUSH_BATCH = 500  # the most the server takes in one push
PULL_PAGE = 1000
TIMEOUT_S = 15.0
ASK_S = 3.0  # a question asked while the customer waits at the counter
LOOPBACK = ("127.0.0.1", "localhost", "::1")  # the only hosts a plain http:// server may be


@dataclass
class SyncReport:
    """What one round did."""

    server: str
    pushed: int = 0  # events the server acknowledged (new, already there, or older)
    refused: list[dict[str, str]] = field(default_factory=list)  # entity, event_id, reason
    pulled: int = 0  # reference rows received
    pending: int = 0  # events still waiting after the round
    held: list[str] = field(default_factory=list)  # reference rows this terminal cannot apply
    finished_at: datetime | None = None
    clock_offset_s: float | None = None  # the server's clock minus this terminal's

    def to_json(self) -> dict[str, Any]:
        """The report as `fenqi sync --json` prints it."""
        return {
            "server": self.server,
            "pushed": self.pushed,
            "refused": self.refused,
            "pulled": self.pulled,
            "pending": self.pending,
            "held": self.held,
            "finished_at": None if self.finished_at is None else self.finished_at.isoformat(),
            "clock_offset_s": None if self.clock_offset_s is None else round(self.clock_offset_s),
        }


class ServerClient:
    """HTTP calls to the central server, each failure turned into a sentence."""

    def __init__(
        self,
        url: str,
        credential: str | None = None,
        transport: httpx.BaseTransport | None = None,
        timeout: float = TIMEOUT_S,
        ca: Path | None = None,
    ) -> None:
        """A client of the server at `url`; the chain's CA file `ca` (`server_ca_path`), when
        this terminal was given one, is what its certificate must chain to.

        Raises:
            UserError: a plain http:// address that is not this machine's (the credential,
                the lookup key and customers' records would travel in clear).
        """
        self.url = url.rstrip("/")
        parsed = urlsplit(self.url)
        if parsed.scheme == "http" and parsed.hostname not in LOOPBACK:
            raise UserError(
                "{url} is plain http: the chain's server is reached over https:// (only a "
                "server on this machine may be http://)",
                url=self.url,
            )
        self.clock_offset: float | None = None  # server's clock minus ours, seconds
        headers = {"Authorization": f"Bearer {credential}"} if credential else {}
        self._http = httpx.Client(
            base_url=self.url,
            headers=headers,
            timeout=timeout,
            transport=transport,
            verify=_trust(ca if ca and ca.exists() else None),
        )

    def close(self) -> None:
        self._http.close()

    def call(self, method: str, path: str, **kwargs: Any) -> Any:
        """The JSON answer.

        Raises:
            EnvironmentProblem: no answer, a busy server, or a refused credential.
            UserError: the server refused the request itself (its reason given).
        """
        try:
            response = self._http.request(method, path, **kwargs)
        except (httpx.UnsupportedProtocol, httpx.InvalidURL):
            raise UserError(
                "{url} is not a server address: use http(s)://HOST:PORT", url=self.url
            ) from None
        except httpx.HTTPError as exc:
            if isinstance(exc, httpx.ConnectError) and "CERTIFICATE_VERIFY_FAILED" in str(exc):
                raise UserError(
                    "the server {url} shows a certificate this terminal does not trust: enrol "
                    "with the chain's CA file (`fenqi enrol URL CODE --ca FILE`)",
                    url=self.url,
                ) from None
            raise EnvironmentProblem(
                "the server {url} does not answer ({problem}): sales go on offline, and the "
                "queue is sent later",
                url=self.url,
                problem=type(exc).__name__,
            ) from None
        with contextlib.suppress(KeyError, TypeError, ValueError):
            server_time = parsedate_to_datetime(response.headers["date"])
            self.clock_offset = (server_time - utcnow()).total_seconds()
        if response.status_code == 200:
            return response.json()
        detail = _detail(response)
        if response.status_code == 401:
            raise EnvironmentProblem("the server refused this terminal: {detail}", detail=detail)
        if response.status_code in (403, 404, 413, 422):
            raise UserError("the server refused: {detail}", detail=detail)
        raise EnvironmentProblem(
            "the server {url} answered {status}: {detail}; try again later",
            url=self.url,
            status=response.status_code,
            detail=detail,
        )

    def answer(self, model: type[Answered], method: str, path: str, **kwargs: Any) -> Answered:
        """The JSON answer read as `model` (the sync format, wire).

        Raises:
            EnvironmentProblem: as `call`, or an answer not in the sync format.
        """
        try:
            return model.model_validate(self.call(method, path, **kwargs))
        except ValidationError:
            raise EnvironmentProblem(
                "the server {url} answered {path} in another format: is it this chain's "
                "server, and of this version?",
                url=self.url,
                path=path,
            ) from None


def _trust(ca: Path | None) -> ssl.SSLContext:
    """What the server's certificate must chain to: the chain's own CA file `ca`, else the
    system's roots. Loading roots takes ~20 ms of CPU, so each CA file (as it is now) is
    loaded once and its context shared (by every round, and each question at the counter)."""
    found = None if ca is None else ca.stat()
    return _trust_context(ca, None if found is None else (found.st_mtime_ns, found.st_size))


@functools.cache
def _trust_context(ca: Path | None, stamp: tuple[int, int] | None) -> ssl.SSLContext:
    """`stamp` (the file's time and size) keys the cache only: a CA file replaced is read again."""
    return httpx.create_ssl_context() if ca is None else ssl.create_default_context(cafile=ca)


def _detail(response: httpx.Response) -> str:
    try:
        detail = response.json().get("detail")
    except ValueError:
        detail = None
    return str(detail or response.reason_phrase)[:300]


def _seal(services: Services, key: str, value: bytes) -> str:
    return base64.b64encode(services.cipher.encrypt(value, context=f"meta.{key}")).decode()


def _unseal(services: Services, key: str, value: str) -> bytes:
    return services.cipher.decrypt(base64.b64decode(value), context=f"meta.{key}")


def server_ca_path(services: Services) -> Path:
    """Where a terminal keeps the chain's CA certificate that its server's TLS certificate
    chains to (beside the key file), when the chain runs its own CA."""
    return services.settings.key_file.parent / "server-ca.pem"


def enrol(
    services: Services,
    url: str,
    code: str,
    transport: httpx.BaseTransport | None = None,
    *,
    ca: Path | None = None,
) -> SyncReport:
    """Join the chain with a one-time code: keep the credential and the chain's ID-lookup key
    (sealed with the key file), hash the customers' ID numbers again with that key, then sync
    once to receive the chain's data. `ca`: the chain's own CA certificate (PEM), kept to
    trust the server by from now on.

    Raises:
        UserError: the code is unknown, used or expired; a plain http:// address off this
            machine; a CA file that is not a PEM certificate; a server certificate not trusted;
            this terminal holds the demo's staff and the chain is not the demo.
        EnvironmentProblem: the server does not answer.
    """
    if ca is not None:
        _install_ca(ca, server_ca_path(services))
    keys = services.settings.key_file.parent
    request = signing_request(keys, "terminal").decode()
    client = ServerClient(url, transport=transport, ca=server_ca_path(services))
    try:
        if not client.call("GET", "/health").get("demo") and _holds_demo_staff(services):
            raise UserError(
                "this terminal holds the demo store's data, its staff passwords published: "
                "enrol a new database (--db) with the chain"
            )
        answer = client.call("POST", "/v1/enrol", json={"code": code, "signing_request": request})
    finally:
        client.close()
    install_certificate(keys, answer["certificate"].encode(), answer["chain_root"].encode())
    lookup_key = base64.b64decode(answer["lookup_key"])
    chain = services.cipher.with_lookup_key(lookup_key)
    with services.unit_of_work() as uow:
        uow.outbox.rehash_id_numbers(uow.customers.rekey(chain))  # queued with the old hash
        # the chain's blocklist of ID numbers arrives with the first pull, hashed its way
        uow.reference.drop_id_number_blocks()
        uow.put_meta("terminal_id", answer["terminal_id"])
        uow.put_meta(SERVER_URL, url)
        uow.put_meta(CREDENTIAL, _seal(services, CREDENTIAL, answer["credential"].encode()))
        uow.put_meta(CHAIN_LOOKUP_KEY, _seal(services, CHAIN_LOOKUP_KEY, lookup_key))
        uow.put_meta(PULL_CURSOR, "0")
    services.cipher = chain
    return sync_once(services, transport=transport)


def _holds_demo_staff(services: Services) -> bool:
    """Whether a staff member here logs in with one of the demo's published passwords."""
    with services.unit_of_work() as uow:
        hashes = uow.catalog.password_hashes()
    return any(verify_password(h, p) for h in hashes for p in demo_passwords())


def sync_once(
    services: Services,
    url: str | None = None,
    *,
    batch: int = PUSH_BATCH,
    transport: httpx.BaseTransport | None = None,
) -> SyncReport:
    """Push everything queued (in order, `batch` events a request), then pull what changed.

    Raises:
        UserError: this terminal has not enrolled.
        EnvironmentProblem: the server does not answer or refuses the credential; what was
            acknowledged before stays marked, the rest waits.
    """
    url = url or services.meta(SERVER_URL)
    sealed = services.meta(CREDENTIAL)
    if not url or not sealed:
        raise UserError("this terminal has not enrolled: run `fenqi enrol URL CODE` first")
    client = ServerClient(
        url,
        _unseal(services, CREDENTIAL, sealed).decode(),
        transport,
        ca=server_ca_path(services),
    )
    report = SyncReport(server=url)
    try:
        _push(services, client, report, batch)
        _pull(services, client, report)
    finally:
        client.close()
    with services.unit_of_work() as uow:
        report.pending = uow.outbox.counts()[0]
        report.finished_at = utcnow()
        report.clock_offset_s = client.clock_offset
        uow.put_meta(LAST_SYNC, report.finished_at.isoformat())
        if client.clock_offset is not None:
            uow.put_meta(CLOCK_OFFSET, f"{client.clock_offset:.0f}")
    return report


def _push(services: Services, client: ServerClient, report: SyncReport, batch: int) -> None:
    while True:
        with services.unit_of_work() as uow:
            events = [_event_json(e) for e in uow.outbox.pending(limit=batch)]
            entities = {e["event_id"]: e["entity"] for e in events}
        if not events:
            return
        answers = client.answer(PushAnswer, "POST", "/v1/push", json={"events": events}).answers
        sent, refused = [], {}
        for answer in answers:
            event_id = uuid.UUID(answer.event_id)
            if answer.status == "refused":
                refused[event_id] = answer.reason or ""
                report.refused.append(
                    {
                        "event_id": answer.event_id,
                        "entity": entities.get(answer.event_id, ""),
                        "reason": answer.reason or "",
                    }
                )
            else:
                sent.append(event_id)
        with services.unit_of_work() as uow:
            uow.outbox.mark_answered(sent, refused, utcnow())
        report.pushed += len(sent)
        if len(answers) < len(events):
            return  # the server answered part of the batch: the rest goes next round


def _event_json(event: OutboxEvent) -> dict[str, Any]:
    """The queued event as the sync format sends it (built by the models when queued)."""
    return Event.model_construct(
        event_id=event.event_id,
        seq=event.seq,
        entity=Entity(event.entity),
        entity_id=event.entity_id,
        entity_version=event.entity_version,
        op="upsert",
        created_at=event.created_at,
        payload=event.payload,
    ).model_dump(mode="json")


def _install_ca(ca: Path, kept: Path) -> None:
    try:
        pem = ca.read_bytes()
        x509.load_pem_x509_certificate(pem)
    except OSError as exc:
        raise UserError("cannot read {ca}: {problem}", ca=ca, problem=exc.strerror) from None
    except ValueError:
        raise UserError("{ca} is not a PEM certificate (the chain's CA)", ca=ca) from None
    kept.parent.mkdir(parents=True, exist_ok=True)
    write_private(kept, pem)


def _pull(services: Services, client: ServerClient, report: SyncReport) -> None:
    while True:
        after = int(services.meta(PULL_CURSOR) or 0)
        page = client.answer(
            PullPage, "GET", "/v1/pull", params={"after": after, "limit": PULL_PAGE}
        )
        rows = [(r.table, r.id, r.values) for r in page.rows]
        removed = {(r.table, r.id) for r in page.rows if r.deleted}
        with services.unit_of_work() as uow:
            _, held = uow.apply_reference([r for r in rows if r[0] != CENTRAL_DECISIONS], removed)
            report.held = [f"{h.table_name} {h.row_id}: {h.problem}" for h in held]
            for _, application_id, values in (r for r in rows if r[0] == CENTRAL_DECISIONS):
                apply_central_decision(
                    uow,
                    application_id,
                    decision=Decision(values["decision"]),
                    reason=values["reason"],
                    reviewer=values["reviewer"],
                    decided_at=datetime.fromisoformat(values["decided_at"]),
                )
            uow.put_meta(PULL_CURSOR, str(page.cursor))
        report.pulled += len(rows)
        if not page.more:
            return


def applications_elsewhere(services: Services, id_number: str) -> ChainAnswer | None:
    """Applications with this ID number at the chain's other terminals (this store's own
    included) within the risk rules' repeat window, and the instalments the customer pays
    there, as the central server counts them: nothing for a terminal with no server (a lone
    terminal counts its own), None when the server cannot be asked in time."""
    url, sealed = services.meta(SERVER_URL), services.meta(CREDENTIAL)
    if not url or not sealed:
        return ChainAnswer(0, ZERO)
    with services.unit_of_work() as uow:
        days = uow.reference.risk_rules().repeat_window_days
    id_hmac = services.cipher.lookup_hash(id_number)
    client = ServerClient(
        url, _unseal(services, CREDENTIAL, sealed).decode(), timeout=ASK_S,
        ca=server_ca_path(services),
    )  # fmt: skip
    try:
        answer = client.call(
            "GET", "/v1/chain/applications", params={"id_hmac": id_hmac, "days": days}
        )
    except (EnvironmentProblem, UserError):
        return None
    finally:
        client.close()
    return ChainAnswer(int(answer["count"]), Decimal(answer.get("monthly_instalments", "0")))


def retry_delay(failures: int, *, base: float, cap: float, jitter: float) -> float:
    """Seconds to wait before the next attempt after `failures` failed rounds in a row:
    `base` doubled each time up to `cap`, times `jitter` (0.5–1.5, so that a chain's
    terminals coming back together do not all knock at once)."""
    return min(cap, base * 2 ** max(0, failures - 1)) * jitter


def is_enrolled(services: Services) -> bool:
    """Whether this terminal has a server to sync with."""
    return services.meta(CREDENTIAL) is not None
