"""The weekly review built from hand-made calls stored with ``store.save_call``.

These do not depend on the rules backend: each call's findings come from
mentions written here and the same deterministic checks the pipeline runs.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from analyzer import store
from analyzer.checks import check
from analyzer.models import CallAnalysis, Mention, Transcript, Turn
from analyzer.review import Period, build_review
from analyzer.store.review import latest_call_day, review_rows

WEEK = Period(date(2026, 11, 16), date(2026, 11, 22))

# (call id, account, date, turns as (speaker, side, text), mentions as (kind, turn, quote, category, due))
CALLS = [
    ("nw-1", "Northwind", "2026-11-16", [
        ("Lee", "customer", "We need everyone to log in with Okta."),
        ("Dana", "seller", "Yes, we support SSO with Okta. We can have SSO live by next Friday."),
    ], [("ask", 0, "log in with Okta", "sso", None),
        ("commitment", 1, "We can have SSO live by next Friday", "sso", "next Friday")]),
    ("nw-2", "Northwind", "2026-11-19T15:00:00Z", [
        ("Lee", "customer", "Will Okta also provision accounts through SCIM, with single sign-on?"),
        ("Sam", "seller", "No, SCIM provisioning isn't something we support today."),
    ], [("ask", 0, "single sign-on", "sso", None)]),
    ("nw-3", "Northwind", "2026-11-20", [
        ("Lee", "customer", "When is single sign-on ready for the pilot?"),
        ("Sam", "seller", "SSO will be ready by December 4th."),
    ], [("ask", 0, "single sign-on", "sso", None),
        ("commitment", 1, "SSO will be ready by December 4th", "sso", "December 4th")]),
    ("gx-1", "Globex", "2026-11-17", [
        ("Ana", "customer", "We have to migrate ten years of orders from our old system."),
        ("Raj", "seller", "We'll migrate your data within two weeks."),
    ], [("ask", 0, "migrate ten years of orders", "data_import", None),
        ("commitment", 1, "We'll migrate your data within two weeks", "data_import", "within two weeks")]),
    ("gx-2", "Globex", "2026-11-18", [
        ("Ana", "customer", "Do you keep an audit trail of who changed an order?"),
        ("Raj", "seller", "No, we don't offer that today."),
        # A backend may keep a refusal as a commitment, even with "today" as its due phrase.
    ], [("ask", 0, "audit trail", "audit_logs", None),
        ("commitment", 1, "No, we don't offer that today", "audit_logs", "today")]),
    ("in-1", "Initech", "2026-11-20", [
        ("Bo", "customer", "Our auditors need an audit trail of every change."),
        ("Cy", "seller", "Absolutely, every change is in the activity history."),
    ], [("ask", 0, "audit trail", "audit_logs", None)]),
    # An earlier call whose promise falls due in the reviewed week's horizon.
    ("nw-0", "Northwind", "2026-11-09", [
        ("Lee", "customer", "The security questionnaire has to be done before the pilot."),
        ("Dana", "seller", "We'll return the questionnaire by December 1st."),
    ], [("ask", 0, "security questionnaire", "compliance_security", None),
        ("commitment", 1, "We'll return the questionnaire by December 1st", "compliance_security",
         "December 1st")]),
    ("undated", None, None, [("Kim", "customer", "Can we export to Excel?")],
     [("ask", 0, "export to Excel", "export_reporting", None)]),
]


def make_call(call_id: str, account: str | None, started_at: str | None, turns: list, mentions: list,
              source: str | None = None) -> CallAnalysis:
    """A CallAnalysis from written-out turns and mentions, checked like the pipeline checks."""
    made = [Turn(speaker, text, None, side) for speaker, side, text in turns]
    found = check([Mention(kind, turn, quote, category, due=due) for kind, turn, quote, category, due in mentions],
                  made)
    transcript = Transcript(source or f"{call_id}.txt", made, "text", title=None, started_at=started_at,
                            account=account)
    return CallAnalysis(call_id, transcript, "rules", found.commitments, found.hidden_work, found.risks,
                        found.questions)


@pytest.fixture(scope="module")
def db():
    database = store.open_db(":memory:")
    for spec in CALLS:
        store.save_call(database, make_call(*spec))
    return database


@pytest.fixture(scope="module")
def review(db):
    return build_review(review_rows(db, WEEK.since, WEEK.until), WEEK)


def test_the_period_holds_only_its_calls_and_counts_undated_ones(review):
    assert [c.call_id for c in review.calls] == ["nw-1", "gx-1", "gx-2", "nw-2", "in-1", "nw-3"]
    assert review.accounts == ["Globex", "Initech", "Northwind"]
    assert review.undated_calls == 1
    assert review.period.label == "2026-W47"


def test_risks_are_ranked_by_severity_and_carry_call_and_evidence(review):
    order = {"high": 0, "medium": 1, "low": 2}
    ranks = [order[r.severity] for r in review.risks]
    assert ranks == sorted(ranks) and ranks[0] == 0
    dated = [r for r in review.risks if r.rule == "dated_promise"]
    assert {r.call.call_id for r in dated} >= {"nw-1", "nw-3", "gx-1"}
    assert all(r.evidence and r.call.account for r in review.risks)


def test_asks_count_calls_and_accounts_per_category(review):
    asks = {a.category: a for a in review.asks}
    assert (asks["sso"].calls, asks["sso"].accounts, asks["sso"].total_calls) == (3, 1, 6)
    assert (asks["audit_logs"].calls, asks["audit_logs"].accounts) == (2, 2)
    assert asks["audit_logs"].account_names == ["Globex", "Initech"]
    assert "export_reporting" not in asks  # the undated call is in no week
    assert [a.calls for a in review.asks] == sorted((a.calls for a in review.asks), reverse=True)


def test_a_yes_and_a_no_to_one_account_is_a_conflict_quoting_both_calls(review):
    conflict = next(c for c in review.conflicts if c.account == "Northwind" and c.kind == "yes/no")
    stances = {s.call.call_id: s for s in conflict.statements}
    assert stances["nw-2"].stance == "no"
    assert stances["nw-2"].quote == "No, SCIM provisioning isn't something we support today."
    assert stances["nw-1"].stance.startswith(("yes", "due"))


def test_different_dates_for_the_same_work_is_a_conflict(review):
    conflict = next(c for c in review.conflicts if c.account == "Northwind" and c.kind == "dates")
    assert sorted(s.stance for s in conflict.statements) == ["due 2026-11-27", "due 2026-12-04"]
    assert {s.due for s in conflict.statements} == {"next Friday", "December 4th"}


def test_a_yes_for_one_account_and_a_no_for_another_is_a_cross_account_conflict(review):
    conflict = next(c for c in review.conflicts if c.account is None and c.category == "audit_logs")
    assert {(s.call.account, s.stance) for s in conflict.statements} == {("Globex", "no"), ("Initech", "yes")}
    assert not [c for c in review.conflicts if c.account == "Globex"]  # one answer per call is no conflict


def test_a_refusal_kept_as_a_commitment_is_a_no_and_never_comes_due(review):
    conflict = next(c for c in review.conflicts if c.account is None and c.category == "audit_logs")
    globex = [s for s in conflict.statements if s.call.call_id == "gx-2"]
    assert [s.stance for s in globex] == ["no"]
    assert "gx-2" not in {p.call.call_id for p in review.coming_due + review.undated_promises}


def test_promises_coming_due_include_earlier_calls_and_are_soonest_first(review):
    due = [(p.due_date.isoformat(), p.call.call_id) for p in review.coming_due]
    assert due == [("2026-11-27", "nw-1"), ("2026-12-01", "nw-0"), ("2026-12-01", "gx-1"),
                   ("2026-12-04", "nw-3")]


def test_a_promise_due_beyond_the_horizon_is_left_out(db):
    short = build_review(review_rows(db, WEEK.since, WEEK.until), WEEK, horizon_days=7)
    assert [p.call.call_id for p in short.coming_due] == ["nw-1"]


def test_questions_are_merged_across_calls_and_linked_to_each(review):
    keys = [(q.category, q.question) for q in review.questions]
    assert len(keys) == len(set(keys))
    plain_sso = [q for q in review.questions if q.category == "sso" and not q.raised_by[0].about]
    assert plain_sso and all({s.call.call_id for s in q.raised_by} >= {"nw-1", "nw-2", "nw-3"} for q in plain_sso)
    readiness = [q for q in review.questions if any(s.about for s in q.raised_by)]
    assert readiness, "the per-promise readiness questions are merged, each keeping its promise"
    assert all(not q.question.startswith("For “") for q in readiness)


def test_json_is_plain_data_with_iso_dates(review):
    data = json.loads(json.dumps(review.to_json()))
    assert data["period"] == {"since": "2026-11-16", "until": "2026-11-22", "label": "2026-W47"}
    assert data["coming_due"][0]["due_date"] == "2026-11-27"
    assert data["severity_counts"]["high"] >= 3
    assert {"risks", "asks", "conflicts", "questions", "calls"} <= set(data)


def test_an_empty_period_is_an_empty_review(db):
    period = Period(date(2025, 1, 6), date(2025, 1, 12))
    empty = build_review(review_rows(db, period.since, period.until), period)
    assert (empty.calls, empty.risks, empty.asks, empty.conflicts, empty.questions) == ([], [], [], [], [])
    assert period.label == "2025-W02"


def test_latest_call_day_reads_dates_and_datetimes(db):
    assert latest_call_day(db) == date(2026, 11, 20)
    assert latest_call_day(store.open_db(":memory:")) is None


def test_risk_groups_merge_the_same_risk_across_calls(review):
    groups = review.risk_groups()
    assert sum(len(g.risks) for g in groups) == len(review.risks)
    dated_sso = next(g for g in groups if g.rule == "dated_promise" and g.category == "sso")
    assert dated_sso.calls == 2 and dated_sso.accounts == ["Northwind"]
    assert dated_sso.rationale is None  # each names its own date
    order = {"high": 0, "medium": 1, "low": 2}
    assert [order[g.severity] for g in groups] == sorted(order[g.severity] for g in groups)
