"""The limits a server facing the internet needs before a request reaches the app: its
headers arrive within `header_seconds` of the connection (or of the last answer on it), and
one address holds at most `per_address` connections. (The body's own deadline is the
guard's.) Behind a reverse proxy the proxy keeps these too; bare, this is what does."""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Any, ClassVar

from uvicorn.protocols.http.h11_impl import H11Protocol


class BoundedH11(H11Protocol):
    """uvicorn's HTTP/1.1 protocol with a header deadline and connections per address."""

    header_seconds: ClassVar[float] = 10.0
    per_address: ClassVar[int] = 64
    _open: ClassVar[Counter[str]] = Counter()

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._address = str(self.client[0]) if self.client else "-"
        self._deadline: asyncio.TimerHandle | None = None
        BoundedH11._open[self._address] += 1
        if BoundedH11._open[self._address] > self.per_address:
            transport.close()  # a slow or hostile client's connections do not crowd out others
            return
        self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        BoundedH11._open[self._address] -= 1
        if BoundedH11._open[self._address] <= 0:
            del BoundedH11._open[self._address]
        if self._deadline is not None:
            self._deadline.cancel()
        super().connection_lost(exc)

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._arm()  # the next request on this connection has its own deadline

    def _arm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
        self._deadline = self.loop.call_later(self.header_seconds, self._late, self.cycle)

    def _late(self, waiting_for: Any) -> None:
        if self.cycle is waiting_for and not self.transport.is_closing():
            self.transport.close()  # no request's headers since: a half-sent request
