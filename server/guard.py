"""What every request to the server passes before and after its route: its body bounded as
it is read (the push's 8 MB, 64 KB elsewhere), an address that failed its credential too
often in a while answered 429 (unless the request brings a credential the chain honours: the
genuine counter behind a guesser's address is served), and one access-log line (address,
route, status, which terminal or reviewer, time taken; never a credential, token or query
string)."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Callable
from contextvars import ContextVar
from datetime import timedelta
from typing import Any

from fastapi import HTTPException
from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server.models import RefusedRequest
from storage.types import utcnow

ACCESS = logging.getLogger("fenqi.server.access")
PUSH_BODY = 8 * 1024 * 1024  # bytes of one push: 500 events with their schedules fit easily
BODY = {"/v1/push": PUSH_BODY}
OTHER_BODY = 64 * 1024
BODY_SECONDS = 30.0  # a whole request body, however it trickles
FAILURES_ALLOWED = 10  # refused credentials from one address in FAILURE_WINDOW
FAILURE_WINDOW = timedelta(minutes=15)

_caller: ContextVar[dict[str, str]] = ContextVar("caller")


def printable(text: str) -> str:
    """`text` with its control characters (a newline decoded from %0A...) written as escapes,
    so that no request can write a second line into the access log."""
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)


def note_caller(kind: str, name: str) -> None:
    """Name who made the current request in its access-log line (`terminal`, `reviewer`)."""
    held = _caller.get(None)
    if held is not None:
        held[kind] = name


def client_of(scope: Scope) -> str:
    """The address a request came from."""
    return str((scope.get("client") or ("-",))[0])[:64]


def note_refusal(
    sessions: sessionmaker[Session],
    client: str,
    route: str,
    status: int,
    reason: str,
    *,
    guessed: bool,
) -> None:
    """Log a refused credential or code with its reason (never the secret tried); keep it,
    toward the address's 429, when a wrong secret was `guessed`."""
    ACCESS.warning("refused %s %s %d: %s", client, printable(route), status, printable(reason))
    if not guessed:
        return
    try:
        with sessions.begin() as s:
            s.add(RefusedRequest(client=client, route=route[:80], status=status, reason=reason))
    except DBAPIError:
        pass  # the database is down: the request is answered all the same


class Guard:
    """The ASGI middleware doing the above around the server's routes."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        sessions: sessionmaker[Session],
        failures_allowed: int = FAILURES_ALLOWED,
        window: timedelta = FAILURE_WINDOW,
        vouched: Callable[[str | None], bool] = lambda _authorization: False,
        body_seconds: float = BODY_SECONDS,
    ) -> None:
        self.app, self.sessions, self.vouched = app, sessions, vouched
        self.body_seconds = body_seconds
        self.failures_allowed, self.window = failures_allowed, window
        self._refused: dict[str, float] = {}  # address → when this process last refused it

    def _suspect(self, client: str) -> bool:
        """Whether this process refused that address within the window: only then is the
        chain-wide count asked for (so a guesser spread over N processes gets at most N − 1
        more tries, and a terminal in good standing costs no query)."""
        seen = self._refused.get(client)
        if seen is not None and time.monotonic() - seen > self.window.total_seconds():
            del self._refused[client]
            return False
        return seen is not None

    def _note_refused(self, client: str) -> None:
        now = time.monotonic()
        if len(self._refused) >= 10_000:  # many addresses: forget those past the window
            horizon = now - self.window.total_seconds()
            self._refused = {c: t for c, t in self._refused.items() if t > horizon}
        self._refused[client] = now

    def _held_back(self, client: str) -> bool:
        """Whether that address failed its credential too often lately."""
        try:
            with self.sessions.begin() as s:
                failures = s.scalar(
                    select(func.count())
                    .select_from(RefusedRequest)
                    .where(RefusedRequest.client == client)
                    .where(RefusedRequest.at > utcnow() - self.window)
                )
        except DBAPIError:
            return False  # the route itself will answer that the database is down
        return (failures or 0) >= self.failures_allowed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path, client = scope["path"], client_of(scope)
        limit = BODY.get(path, OTHER_BODY)
        caller: dict[str, str] = {}
        token = _caller.set(caller)
        status, started = 500, time.monotonic()

        async def noting(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                if status in (401, 403):
                    self._note_refused(client)
            await send(message)

        received = 0
        deadline = started + self.body_seconds

        async def bounded() -> Message:
            nonlocal received
            try:
                message = await asyncio.wait_for(receive(), max(deadline - time.monotonic(), 0))
            except TimeoutError:
                raise HTTPException(
                    408, f"the request's body did not arrive within {self.body_seconds:g} s"
                ) from None
            received += len(message.get("body", b""))
            if received > limit:
                raise HTTPException(413, f"a request to {path} is at most {limit} bytes")
            return message

        try:
            declared = dict(scope["headers"]).get(b"content-length", b"")
            if declared.isdigit() and int(declared) > limit:
                await _answer(noting, 413, f"a request to {path} is at most {limit} bytes")
            elif (
                path != "/health"
                and self._suspect(client)
                and await run_in_threadpool(self._held_back, client)
                and not await run_in_threadpool(self.vouched, _authorization(scope))
            ):  # the guesser is held back, never the genuine counter behind the same address
                minutes = int(self.window.total_seconds() // 60)
                await _answer(
                    noting,
                    429,
                    f"too many refused credentials from this address: wait {minutes} minutes",
                    retry_after=int(self.window.total_seconds()),
                )
            else:
                await self.app(scope, bounded, noting)
        finally:
            _caller.reset(token)
            who = " ".join(f"{k}={v}" for k, v in sorted(caller.items())) or "-"
            elapsed = (time.monotonic() - started) * 1000
            line = (client, printable(scope["method"]), printable(path), status, who, elapsed)
            ACCESS.info("%s %s %s %d %s %.0fms", *line)


def _authorization(scope: Scope) -> str | None:
    value = dict(scope["headers"]).get(b"authorization")
    return None if value is None else value.decode("latin-1")


async def _answer(send: Send, status: int, detail: str, *, retry_after: int = 0) -> None:
    body = json.dumps({"detail": detail}).encode()
    headers: list[Any] = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
    ]
    if retry_after:
        headers.append((b"retry-after", str(retry_after).encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
