"""Schemathesis against /openapi.json: every API answer matches the documented schema, no 5xx.

Bounded on purpose (few examples per operation, no deadline) so it runs in seconds.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

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


schema = schemathesis.pytest.from_fixture("web_schema")


@schema.parametrize()
@settings(max_examples=25, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
def test_api_matches_its_schema(case) -> None:
    excluded = []
    if case.operation.method.upper() == "POST":
        # A schema-valid file can still be no transcript (random bytes): 400 is the right answer there,
        # and the schema cannot say which bytes make a transcript.
        excluded.append(schemathesis.checks.positive_data_acceptance)
    case.call_and_validate(excluded_checks=excluded)
