"""The server fuzzed against its own OpenAPI schema (schemathesis) on 127.0.0.1: requests that
fit the schema and requests that break it, with no credential, a wrong one and an enrolled
terminal's, must never be answered 5xx nor with a status the schema does not declare."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import status_code_conformance

from app.services.bootstrap import open_services
from app.services.sync import enrol
from tests.server.conftest import ServerProcess, enrolment_code
from tests.server.test_sync import credential

pytestmark = pytest.mark.postgres
EXAMPLES = 30  # per operation and mode: about 500 requests in all


def test_no_generated_request_gets_a_5xx_or_an_undocumented_status(servers, server_db, tmp_path):
    server = ServerProcess(
        server_db, tmp_path / "server.log", options=("--refusals-allowed", "1000000")
    ).start()  # wrong credentials by the hundred: none held back, every route reached
    servers.append(server)
    services = open_services(f"sqlite:///{tmp_path / 't1.sqlite3'}", create=True)
    try:
        enrol(services, server.url, enrolment_code(server_db))
        token = credential(services)
    finally:
        services.close()
    schema = schemathesis.openapi.from_url(f"{server.url}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 8
    for operation in operations:
        for mode in schemathesis.GenerationMode:

            @settings(
                max_examples=EXAMPLES,
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            @given(case=operation.as_strategy(generation_mode=mode), as_terminal=st.booleans())
            def answered_as_declared(case: schemathesis.Case, as_terminal: bool) -> None:
                headers = {"Authorization": f"Bearer {token}"} if as_terminal else None
                response = case.call(base_url=server.url, headers=headers, timeout=30)
                case.validate_response(
                    response, checks=[not_a_server_error, status_code_conformance]
                )

            try:
                answered_as_declared()
            except Unsatisfiable:  # nothing to break: an operation with no parameters
                assert mode is schemathesis.GenerationMode.NEGATIVE
                assert not operation.path_parameters
