"""The chain's central server: terminals enrol, push their outbox, pull reference data, and
ask the chain-wide questions a store cannot answer alone. FastAPI; every payload is a
pydantic model (the OpenAPI schema is at /openapi.json).

A server process holds no state of its own between requests: any number of them can run
behind a load balancer on one PostgreSQL database."""

from __future__ import annotations

import base64
import json
import uuid
from datetime import timedelta
from typing import Any, Literal

from fastapi import FastAPI, Header, HTTPException, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from server import enrolment, ledger, reference, reviews
from server.enrolment import Refused
from server.guard import (
    BODY_SECONDS,
    FAILURE_WINDOW,
    FAILURES_ALLOWED,
    Guard,
    client_of,
    note_caller,
    note_refusal,
)
from server.keys import ChainKeys
from server.ledger import MAX_BATCH, apply_batch
from server.models import DEMO, ChainSetting, EnrolledTerminal, SyncedRecord
from storage.types import utcnow
from wire import PullPage, PullRow, Push, PushAnswer

MAX_CURSOR = 2**63 - 1  # a BIGINT: a cursor beyond it is a bad request, not a busy server

_MEANING = {
    400: "the body is not JSON text",
    401: "no credential or token, or a wrong, revoked or expired one",
    403: "an unknown, used or expired enrolment code",
    404: "no such application waiting for the chain's decision",
    409: "the application has been decided already",
    413: "the body is too large (a push: 8 MB or 500 events; elsewhere 64 KB)",
    422: "the request is malformed or out of range",
    429: "too many refused credentials from this address lately: see Retry-After",
    503: "the database is busy or down: nothing was stored, send it again",
}


def _answers(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The statuses a route answers besides 200, for its OpenAPI description; every route
    may answer 413, 429 and 503."""
    return {
        status: {"description": _MEANING[status], "model": Refusal}
        for status in sorted({*statuses, 413, 429, 503})
    }


_JSON_PUSH = {"application/json": {"schema": {"$ref": "#/components/schemas/Push"}}}


class Refusal(BaseModel):
    detail: Any = Field(description="why, in words (a list of problems for a 422)")


class EnrolIn(BaseModel):
    code: str = Field(min_length=6, max_length=40)
    signing_request: str | None = Field(
        default=None, max_length=4000, description="PEM request for the store's signing key"
    )


class EnrolOut(BaseModel):
    terminal_id: str
    store_code: str
    terminal_code: str
    credential: str = Field(description="send as `Authorization: Bearer <credential>`")
    lookup_key: str = Field(description="the chain's ID-lookup HMAC key, base64")
    expires_at: str
    certificate: str | None = Field(description="the store's signing certificate, PEM")
    chain_root: str = Field(description="the chain's root certificate, PEM")


class DecisionIn(BaseModel):
    decision: Literal["approve", "decline"]
    reason: str = Field(min_length=5, max_length=500)


class ChainApplicationsOut(BaseModel):
    count: int = Field(
        description="applications by this ID at the chain's other terminals (its own store's"
        " included) in the window"
    )
    stores: list[str]
    days: int
    monthly_instalments: str = Field(
        "0.00",
        description="yuan: the next instalment of each live contract of this ID at the chain's"
        " other terminals (the debt-to-income check adds it to the customer's own debts)",
    )


def create_app(
    sessions: sessionmaker[Session],
    keys: ChainKeys,
    *,
    failures_allowed: int = FAILURES_ALLOWED,
    failure_window: timedelta = FAILURE_WINDOW,
    body_seconds: float = BODY_SECONDS,
) -> FastAPI:
    """The server's web application on a session factory and the chain's keys. Each request
    is one transaction, committed before its answer is sent: an acknowledged event is always
    stored. An address refused `failures_allowed` times in `failure_window` gets 429."""
    api = FastAPI(title="Fenqi Counter central server", version="1")
    described = api.openapi

    def openapi() -> dict[str, Any]:
        """The schema, with the push body (read by hand, after the credential) declared."""
        if api.openapi_schema is None:
            schema = described()
            push = Push.model_json_schema(ref_template="#/components/schemas/{model}")
            schema["components"]["schemas"].update(push.pop("$defs", {}), Push=push)
        return api.openapi_schema or {}

    api.openapi = openapi  # type: ignore[method-assign]

    def vouched(authorization: str | None) -> bool:
        """Whether the credential or token is one the chain gave and still honours."""
        with sessions.begin() as s:
            for check in (enrolment.authenticate, reviews.reviewer):
                try:
                    check(s, authorization, utcnow())
                    return True
                except Refused:
                    continue
        return False

    api.add_middleware(
        Guard, sessions=sessions, failures_allowed=failures_allowed, window=failure_window,
        vouched=vouched, body_seconds=body_seconds,
    )  # fmt: skip

    def authenticated(s: Session, authorization: str | None) -> EnrolledTerminal:
        terminal = enrolment.authenticate(s, authorization, utcnow())
        note_caller("terminal", f"{terminal.store_code}/{terminal.terminal_code}")
        return terminal

    def reviewer(s: Session, authorization: str | None) -> str:
        name = reviews.reviewer(s, authorization)
        note_caller("reviewer", name)
        return name

    @api.exception_handler(Refused)
    def _refused(request: Request, error: Refused) -> JSONResponse:
        if error.status in (401, 403):  # a credential, token or enrolment code refused
            client = client_of(request.scope)
            note_refusal(
                sessions, client, request.url.path, error.status, str(error),
                guessed=error.guessed,
            )  # fmt: skip
        return JSONResponse({"detail": str(error)}, status_code=error.status)

    @api.exception_handler(DBAPIError)
    def _busy(_request: Request, _error: DBAPIError) -> JSONResponse:
        # a deadlock, a serialization failure, two servers inserting one record: nothing
        # was committed, and the terminal sends the same events again
        return JSONResponse({"detail": "the server is busy: retry"}, status_code=503)

    @api.get("/health", responses=_answers())
    def health() -> dict[str, str | bool]:
        """Whether the server and its database answer, and whether this is the demo chain."""
        with sessions.begin() as s:
            demo = s.get(ChainSetting, DEMO) is not None
            return {"status": "ok", "database": s.get_bind().dialect.name, "demo": demo}

    @api.post("/v1/enrol", response_model=EnrolOut, responses=_answers(400, 403, 422))
    def enrol(body: EnrolIn) -> EnrolOut:
        """Exchange a one-time code for the terminal's credential and the chain's key."""
        with sessions.begin() as s:
            found, credential = enrolment.enrol(s, body.code, utcnow())
            note_caller("terminal", f"{found.store_code}/{found.terminal_code}")
            certificate = (
                enrolment.store_certificate(s, keys.root, found.store_code, body.signing_request)
                if body.signing_request
                else None
            )
            return EnrolOut(
                certificate=certificate,
                chain_root=keys.root.cert_pem.decode(),
                terminal_id=str(found.id),
                store_code=found.store_code,
                terminal_code=found.terminal_code,
                credential=credential,
                lookup_key=base64.b64encode(keys.lookup_key).decode(),
                expires_at=found.expires_at.isoformat(),
            )

    @api.post(
        "/v1/push",
        response_model=PushAnswer,
        responses=_answers(401, 422),
        openapi_extra={"requestBody": {"required": True, "content": _JSON_PUSH}},
    )
    async def push(request: Request) -> PushAnswer:
        """Apply a batch of outbox events (at most 500, 8 MB) in one transaction; the
        credential is checked before the body is read."""
        authorization = request.headers.get("authorization")

        def check() -> None:
            with sessions.begin() as s:
                authenticated(s, authorization)

        await run_in_threadpool(check)
        body = await request.body()
        try:
            events = json.loads(body)["events"]
        except (ValueError, KeyError, TypeError, RecursionError):
            raise HTTPException(422, 'a push is a JSON object {"events": [...]}') from None
        if not isinstance(events, list):
            raise HTTPException(422, 'a push is a JSON object {"events": [...]}')
        if len(events) > MAX_BATCH:
            raise HTTPException(413, f"a push is at most {MAX_BATCH} events")

        def apply() -> list[Any]:
            with sessions.begin() as s:
                return apply_batch(s, authenticated(s, authorization), events)

        answers = await run_in_threadpool(apply)
        return PushAnswer(answers=answers)

    @api.get("/v1/pull", response_model=PullPage, responses=_answers(401, 422))
    def pull(
        after: int = Query(0, ge=0, le=MAX_CURSOR),
        limit: int = Query(1000, ge=1, le=5000),
        authorization: str | None = Header(default=None),
    ) -> PullPage:
        """Reference data that changed after the cursor `after`, for this terminal's store."""
        with sessions.begin() as s:
            me = authenticated(s, authorization)
            rows = reference.reference_after(s, me.store_code, after, limit + 1)
            page = rows[:limit]
            return PullPage(
                rows=[
                    PullRow(
                        table=r.table_name,
                        id=r.row_id,
                        values=reference.values_for(r, me.terminal_code),
                        cursor=r.cursor,
                        deleted=r.deleted,
                    )
                    for r in page
                ],
                cursor=page[-1].cursor if page else after,
                more=len(rows) > limit,
            )

    @api.get(
        "/v1/chain/applications", response_model=ChainApplicationsOut, responses=_answers(401, 422)
    )
    def chain_applications(
        id_hmac: str = Query(pattern="^[0-9a-f]{64}$"),
        days: int = Query(30, ge=1, le=365),
        authorization: str | None = Header(default=None),
    ) -> ChainApplicationsOut:
        """Applications with this ID number (its chain-wide hash) made lately at any other
        terminal of the chain, the asking terminal's own store included (a terminal counts
        its own)."""
        with sessions.begin() as s:
            me = authenticated(s, authorization)
            stores = s.scalars(
                select(SyncedRecord.store_code).where(
                    SyncedRecord.entity == "applications",
                    SyncedRecord.id_hmac == id_hmac,
                    SyncedRecord.terminal_id != me.id,
                    SyncedRecord.received_at >= utcnow() - timedelta(days=days),
                )
            ).all()
            monthly = ledger.monthly_instalments(s, id_hmac=id_hmac, other_than=me.id)
            return ChainApplicationsOut(
                count=len(stores),
                stores=sorted(set(stores)),
                days=days,
                monthly_instalments=f"{monthly:.2f}",
            )

    @api.get("/v1/reviews", responses=_answers(401))
    def waiting_for_review(
        authorization: str | None = Header(default=None),
    ) -> dict[str, list[dict[str, Any]]]:
        """Applications beyond their store's limits, waiting for a reviewer (reviewers only)."""
        with sessions.begin() as s:
            reviewer(s, authorization)
            return {"pending": reviews.pending(s)}

    @api.post("/v1/reviews/{application_id}", responses=_answers(400, 401, 404, 409, 422))
    def review(
        application_id: uuid.UUID,
        body: DecisionIn,
        authorization: str | None = Header(default=None),
    ) -> dict[str, Any]:
        """A reviewer approves or declines; the store's terminal receives it when it pulls."""
        with sessions.begin() as s:
            name = reviewer(s, authorization)
            return reviews.decide(
                s,
                application_id,
                decision=body.decision,
                reason=body.reason,
                reviewer_name=name,
                at=utcnow(),
            )

    @api.get("/v1/counts", responses=_answers(401))
    def counts(authorization: str | None = Header(default=None)) -> dict[str, int]:
        """How many records of each kind the server holds for this terminal's store."""
        with sessions.begin() as s:
            me = authenticated(s, authorization)
            query = (
                select(SyncedRecord.entity, func.count())
                .where(SyncedRecord.store_code == me.store_code)
                .group_by(SyncedRecord.entity)
            )
            return {entity: n for entity, n in s.execute(query)}

    return api
