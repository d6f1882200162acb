"""The three stories the tool exists for, end to end on the default backend."""

from __future__ import annotations

import pytest

from analyzer import pipeline
from analyzer.pipeline import Input, Settings

from conftest import FIXTURES
from contract_schema import validate_call


def analyze(name: str) -> dict:
    (outcome,) = pipeline.analyze_inputs([Input(name, FIXTURES / name)], Settings(), db=None)
    assert outcome.error is None, outcome.error
    return validate_call(outcome.call).model_dump()


def categories(call: dict) -> set[str]:
    return {h["category"] for h in call["hidden_work"]}


def rules(call: dict) -> set[tuple[str, str | None]]:
    return {(r["rule"], r["category"]) for r in call["risks"]}


@pytest.fixture(scope="module")
def sso() -> dict:
    return analyze("sso-pilot.txt")


def test_sso_pilot_finds_sso_roles_audit_and_security(sso):
    assert {"sso", "roles_permissions", "audit_logs", "compliance_security"} <= categories(sso)
    assert "mobile" not in categories(sso)  # "Do we need the mobile app? Honestly, no."


def test_sso_pilot_dated_promise_is_a_high_risk(sso):
    dated = [c for c in sso["commitments"] if c["category"] == "sso" and c["due"]]
    assert dated and "next Friday" in dated[0]["due"]
    assert ("dated_promise", "sso") in rules(sso)
    high = [r for r in sso["risks"] if r["rule"] == "dated_promise"]
    assert high[0]["severity"] == "high"


def test_sso_pilot_sides_come_from_the_header_and_the_talk(sso):
    sides = {s["name"]: s["side"] for s in sso["speakers"]}
    assert sides["Dana"] == sides["Sam"] == "seller"
    assert sides["Lee"] == sides["Mia"] == "customer"


def test_field_service_approval_step_is_minimized_and_dated():
    call = analyze("field-service-approval.txt")
    assert {"approval_workflow", "integration_api", "billing"} <= categories(call)
    assert ("minimized_ask", "approval_workflow") in rules(call)
    promise = next(c for c in call["commitments"] if c["category"] == "approval_workflow" and c["due"])
    assert "two weeks" in promise["due"]
    assert "mobile" in categories(call)  # rejection notifications on the technician's phone
    small_talk = [h for h in call["hidden_work"] if "died" in h["quote"]]
    assert not small_talk  # "my mobile died" is not an ask


def test_one_day_onboarding_over_two_old_systems_is_flagged():
    call = analyze("one-day-onboarding.md")
    assert {"data_import", "roles_permissions", "onboarding_training"} <= categories(call)
    assert ("timeline_vs_revealed_work", "onboarding_training") in rules(call)
    one_day = [c for c in call["commitments"] if c["due"] and "one day" in c["due"]]
    assert one_day
    unanswered = {cat for rule, cat in rules(call) if rule == "unanswered_ask"}
    assert "integration_api" in unanswered  # "Can it pull appointments from our phone system?" "Good question."
