"""Schemathesis against /openapi.json: every API answer matches the documented schema, no 5xx.

Bounded on purpose (few examples per operation, no deadline) so it runs in seconds.
Operations are driven through schemathesis' Python API rather than its pytest
plugin, which breaks on pytest 9.2 (it reads a private ``_nodeid``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from analyzer.web import create_app

SSO = (Path(__file__).resolve().parent.parent / "fixtures" / "sso-pilot.txt").read_bytes()


@pytest.fixture
def web_schema(tmp_path: Path):
    app = create_app(tmp_path / "schema.db", max_upload_mb=1)
    loaded = schemathesis.openapi.from_asgi("/openapi.json", app)
    # One stored call, so lookups and filters have something to find.
    case = loaded["/api/calls"]["POST"].Case(body={"files": [SSO]}, media_type="multipart/form-data")
    assert case.call().status_code == 200
    return loaded


def check_operation(operation) -> None:
    excluded = []
    if operation.method.upper() == "POST":
        # A schema-valid file can still be no transcript (random bytes): 400 is the right answer there,
        # and the schema cannot say which bytes make a transcript.
        excluded.append(schemathesis.checks.positive_data_acceptance)

    @given(case=operation.as_strategy())
    @settings(max_examples=25, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    def run(case) -> None:
        case.call_and_validate(excluded_checks=excluded)

    run()


def test_api_matches_its_schema(web_schema) -> None:
    operations = [result.ok() for result in web_schema.get_all_operations()]
    assert {(op.method.upper(), op.path) for op in operations} >= {
        ("GET", "/api/calls"), ("POST", "/api/calls"), ("GET", "/api/calls/{call_id}")}
    for operation in operations:
        check_operation(operation)
